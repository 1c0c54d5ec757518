import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AT_PROFILES, COMPATIBILITY_STATUSES, EVIDENCE_KINDS } from '@atcompat/contracts';
import type { AtProfile, CompatibilityStatus, EvidenceKind } from '@atcompat/contracts';
import type { Evidence } from '../evidence.entity.js';
import type { KnownIssue, KnownIssueStatus } from '../known-issue.entity.js';

class SlugName {
  @ApiProperty() slug!: string;
  @ApiProperty() name!: string;
}

class AtRef extends SlugName {
  @ApiProperty({ enum: AT_PROFILES }) profile!: AtProfile;
}

export class EvidenceResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: EVIDENCE_KINDS }) kind!: EvidenceKind;
  @ApiProperty({ enum: COMPATIBILITY_STATUSES, nullable: true }) result!: CompatibilityStatus | null;
  @ApiProperty() recordedBy!: string;
  @ApiProperty() observedAt!: string;
  @ApiProperty({ nullable: true, type: String }) atBuild!: string | null;
  @ApiProperty({ nullable: true, type: String }) browser!: string | null;
  @ApiProperty({ nullable: true, type: String }) os!: string | null;
  @ApiProperty() notes!: string;
  @ApiProperty({ nullable: true, type: String }) runId!: string | null;
  @ApiProperty({ nullable: true, type: String }) runUrl!: string | null;
  @ApiProperty() createdAt!: string;

  static from(e: Evidence): EvidenceResponse {
    return Object.assign(new EvidenceResponse(), {
      id: e.id,
      kind: e.kind,
      result: e.result,
      recordedBy: e.recordedBy,
      observedAt: e.observedAt.toISOString(),
      atBuild: e.atBuild,
      browser: e.browser,
      os: e.os,
      notes: e.notes,
      runId: e.runId,
      runUrl: e.runUrl,
      createdAt: e.createdAt.toISOString(),
    });
  }
}

/** One row of the records read model (see RecordsService.RECORD_SELECT). */
export interface RecordRow {
  id: string;
  browser: string | null;
  status: CompatibilityStatus;
  summary: string;
  workaround: string | null;
  last_verified_at: Date | null;
  created_at: Date;
  updated_at: Date;
  system_slug: string;
  system_name: string;
  release_version: string;
  at_slug: string;
  at_name: string;
  at_profile: AtProfile;
  at_version: string;
  best_evidence_kind: EvidenceKind | null;
  evidence_count: number;
  newer_release_exists: boolean;
  newer_at_version_exists: boolean;
}

export class RecordResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ type: SlugName }) system!: SlugName;
  @ApiProperty() release!: string;
  @ApiProperty({ type: AtRef }) assistiveTechnology!: AtRef;
  @ApiProperty() atVersion!: string;
  @ApiProperty({ nullable: true, type: String, description: 'null: holds for any browser.' }) browser!: string | null;
  @ApiProperty({ enum: COMPATIBILITY_STATUSES }) status!: CompatibilityStatus;
  @ApiProperty() summary!: string;
  @ApiProperty({ nullable: true, type: String }) workaround!: string | null;
  @ApiProperty({ nullable: true, type: String }) lastVerifiedAt!: string | null;
  @ApiProperty({ description: 'A newer release of the system or a newer version of the AT exists.' }) needsRetest!: boolean;
  @ApiProperty({ type: [String], description: 'Why a retest is needed, in words.' }) needsRetestBecause!: string[];
  @ApiProperty({ enum: EVIDENCE_KINDS, nullable: true, description: 'The best-supported kind of evidence on the record.' })
  strongestEvidence!: EvidenceKind | null;
  @ApiProperty() evidenceCount!: number;
  @ApiPropertyOptional({ type: [EvidenceResponse], description: 'Newest first; on the single-record endpoint.' })
  evidence?: EvidenceResponse[];
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;

  static from(row: RecordRow, evidence?: Evidence[]): RecordResponse {
    const because = [
      row.newer_release_exists ? `a newer release of ${row.system_name} than ${row.release_version} exists` : '',
      row.newer_at_version_exists ? `a newer version of ${row.at_name} than ${row.at_version} exists` : '',
    ].filter(Boolean);
    return Object.assign(new RecordResponse(), {
      id: row.id,
      system: { slug: row.system_slug, name: row.system_name },
      release: row.release_version,
      assistiveTechnology: { slug: row.at_slug, name: row.at_name, profile: row.at_profile },
      atVersion: row.at_version,
      browser: row.browser,
      status: row.status,
      summary: row.summary,
      workaround: row.workaround,
      lastVerifiedAt: row.last_verified_at ? new Date(row.last_verified_at).toISOString() : null,
      needsRetest: because.length > 0,
      needsRetestBecause: because,
      strongestEvidence: row.best_evidence_kind,
      evidenceCount: Number(row.evidence_count),
      ...(evidence ? { evidence: evidence.map((e) => EvidenceResponse.from(e)) } : {}),
      createdAt: new Date(row.created_at).toISOString(),
      updatedAt: new Date(row.updated_at).toISOString(),
    });
  }
}

export class KnownIssueResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ type: SlugName }) system!: SlugName;
  @ApiProperty({ type: AtRef }) assistiveTechnology!: AtRef;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ nullable: true, type: String }) workaround!: string | null;
  @ApiProperty({ nullable: true, type: String }) vendorBugUrl!: string | null;
  @ApiProperty() affects!: string;
  @ApiProperty({ enum: ['open', 'resolved'] }) status!: KnownIssueStatus;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;

  static from(issue: KnownIssue): KnownIssueResponse {
    const system = issue.system!;
    const at = issue.assistiveTechnology!;
    return Object.assign(new KnownIssueResponse(), {
      id: issue.id,
      system: { slug: system.slug, name: system.name },
      assistiveTechnology: { slug: at.slug, name: at.name, profile: at.profile },
      title: issue.title,
      description: issue.description,
      workaround: issue.workaround,
      vendorBugUrl: issue.vendorBugUrl,
      affects: issue.affects,
      status: issue.status,
      createdAt: issue.createdAt.toISOString(),
      updatedAt: issue.updatedAt.toISOString(),
    });
  }
}
