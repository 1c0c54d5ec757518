import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AT_PROFILES, type AtProfile } from '@atcompat/contracts';
import type { AssistiveTechnology } from '../assistive-technology.entity.js';
import type { AtVersion } from '../at-version.entity.js';

export class AtVersionResponse {
  @ApiProperty() id!: string;
  @ApiProperty() version!: string;
  @ApiProperty({ nullable: true, type: String }) releasedOn!: string | null;
  @ApiProperty({ nullable: true, type: String }) endOfSupport!: string | null;
  @ApiProperty({ description: 'Past its end of support date today.' }) outOfSupport!: boolean;
  @ApiProperty() notes!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;

  static from(version: AtVersion, today = new Date().toISOString().slice(0, 10)): AtVersionResponse {
    return Object.assign(new AtVersionResponse(), {
      id: version.id,
      version: version.version,
      releasedOn: version.releasedOn,
      endOfSupport: version.endOfSupport,
      outOfSupport: version.endOfSupport !== null && version.endOfSupport < today,
      notes: version.notes,
      createdAt: version.createdAt.toISOString(),
      updatedAt: version.updatedAt.toISOString(),
    });
  }
}

export class AssistiveTechnologyResponse {
  @ApiProperty() id!: string;
  @ApiProperty() slug!: string;
  @ApiProperty() name!: string;
  @ApiProperty() vendor!: string;
  @ApiProperty({ enum: AT_PROFILES }) profile!: AtProfile;
  @ApiProperty({ type: [String] }) platforms!: string[];
  @ApiProperty({ nullable: true, type: String }) website!: string | null;
  @ApiProperty() description!: string;
  @ApiPropertyOptional({ type: [AtVersionResponse], description: 'Oldest first.' }) versions?: AtVersionResponse[];
  @ApiPropertyOptional({ nullable: true, type: String, description: 'The newest version.' }) latestVersion?: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;

  static from(at: AssistiveTechnology, versions?: AtVersion[]): AssistiveTechnologyResponse {
    return Object.assign(new AssistiveTechnologyResponse(), {
      id: at.id,
      slug: at.slug,
      name: at.name,
      vendor: at.vendor,
      profile: at.profile,
      platforms: at.platforms,
      website: at.website,
      description: at.description,
      ...(versions
        ? { versions: versions.map((v) => AtVersionResponse.from(v)), latestVersion: versions.at(-1)?.version ?? null }
        : {}),
      createdAt: at.createdAt.toISOString(),
      updatedAt: at.updatedAt.toISOString(),
    });
  }
}
