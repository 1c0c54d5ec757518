import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { SystemRelease } from '../system-release.entity.js';
import { LIFECYCLES, SYSTEM_PLATFORMS, type Lifecycle, type System, type SystemPlatform } from '../system.entity.js';

export class ReleaseResponse {
  @ApiProperty() id!: string;
  @ApiProperty() version!: string;
  @ApiProperty({ nullable: true, type: String }) releasedOn!: string | null;
  @ApiProperty() notes!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;

  static from(release: SystemRelease): ReleaseResponse {
    return Object.assign(new ReleaseResponse(), {
      id: release.id,
      version: release.version,
      releasedOn: release.releasedOn,
      notes: release.notes,
      createdAt: release.createdAt.toISOString(),
      updatedAt: release.updatedAt.toISOString(),
    });
  }
}

export class SystemResponse {
  @ApiProperty() id!: string;
  @ApiProperty() slug!: string;
  @ApiProperty() name!: string;
  @ApiProperty() owner!: string;
  @ApiProperty() department!: string;
  @ApiProperty({ enum: SYSTEM_PLATFORMS }) platform!: SystemPlatform;
  @ApiProperty({ enum: LIFECYCLES }) lifecycle!: Lifecycle;
  @ApiProperty({ type: [String] }) urls!: string[];
  @ApiProperty() description!: string;
  @ApiPropertyOptional({ type: [ReleaseResponse], description: 'Oldest first.' }) releases?: ReleaseResponse[];
  @ApiPropertyOptional({ nullable: true, type: String, description: 'The newest release.' }) latestRelease?: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;

  static from(system: System, releases?: SystemRelease[]): SystemResponse {
    return Object.assign(new SystemResponse(), {
      id: system.id,
      slug: system.slug,
      name: system.name,
      owner: system.owner,
      department: system.department,
      platform: system.platform,
      lifecycle: system.lifecycle,
      urls: system.urls,
      description: system.description,
      ...(releases
        ? { releases: releases.map((r) => ReleaseResponse.from(r)), latestRelease: releases.at(-1)?.version ?? null }
        : {}),
      createdAt: system.createdAt.toISOString(),
      updatedAt: system.updatedAt.toISOString(),
    });
  }
}
