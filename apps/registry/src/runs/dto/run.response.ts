import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  AT_PROFILES,
  COMPATIBILITY_STATUSES,
  IMPACTS,
  VERDICTS,
  type AtProfile,
  type CompatibilityStatus,
  type Impact,
  type JourneyResult,
  type ProfileSummary,
  type ReportSummary,
  type Verdict,
} from '@atcompat/contracts';

class SystemRef {
  @ApiProperty() slug!: string;
  @ApiProperty() name!: string;
}

class AtRef extends SystemRef {
  @ApiProperty({ enum: AT_PROFILES }) profile!: AtProfile;
}

class ToolRef {
  @ApiProperty({ example: 'atcompat' }) name!: string;
  @ApiProperty({ example: '0.1.0' }) version!: string;
}

export class ProfileVerdictResponse {
  @ApiProperty({ enum: VERDICTS }) verdict!: Verdict;
  @ApiProperty({ description: 'Findings that affect this profile.' }) findings!: number;
}

export class RunEvidenceResponse {
  @ApiProperty() recordId!: string;
  @ApiProperty() evidenceId!: string;
  @ApiProperty({ type: AtRef }) assistiveTechnology!: AtRef;
  @ApiProperty() atVersion!: string;
  @ApiProperty({ enum: COMPATIBILITY_STATUSES, nullable: true, description: 'What the evidence states (null: nothing).' })
  result!: CompatibilityStatus | null;
  @ApiProperty({ enum: COMPATIBILITY_STATUSES, description: "The record's status now (a person's evidence outranks a run)." })
  recordStatus!: CompatibilityStatus;
}

class RunLinks {
  @ApiProperty({ example: '/api/v1/runs/6f1c2a8e-3b7d-4e95-a0c4-9d2e5f7b1a36' }) self!: string;
  @ApiProperty() findings!: string;
  @ApiProperty() report!: string;
  @ApiProperty({ example: '/api/v1/systems/casework/releases/2.4.0/gate' }) gate!: string;
}

export class RunResponse {
  @ApiProperty({ description: "The report's run.id." }) id!: string;
  @ApiProperty({ type: SystemRef }) system!: SystemRef;
  @ApiProperty({ example: '2.4.0' }) release!: string;
  @ApiProperty({ nullable: true, type: String }) commit!: string | null;
  @ApiProperty({ nullable: true, type: String }) pipelineUrl!: string | null;
  @ApiProperty({ type: ToolRef }) tool!: ToolRef;
  @ApiProperty({ nullable: true, type: String }) browser!: string | null;
  @ApiProperty() startedAt!: string;
  @ApiProperty({ nullable: true, type: String }) finishedAt!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/ProfileVerdictResponse' },
    example: { speech: { verdict: 'blocked', findings: 3 }, keyboard: { verdict: 'barriers', findings: 2 } },
    description: 'Verdict per AT profile the run covered.',
  })
  profiles!: Partial<Record<AtProfile, ProfileSummary>>;
  @ApiProperty({ type: 'object', additionalProperties: true, description: '{ findings, byRule, byImpact }' })
  summary!: ReportSummary;
  @ApiPropertyOptional({ type: 'array', items: { type: 'object' }, description: 'The journeys as reported (single-run endpoints only).' })
  journeys?: JourneyResult[];
  @ApiPropertyOptional({ type: [RunEvidenceResponse], description: 'The evidence the run added (single-run endpoints only).' })
  evidence?: RunEvidenceResponse[];
  @ApiProperty({ example: 'token "casework CI"' }) publishedBy!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: RunLinks }) links!: RunLinks;
}

export class FindingResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'keyboard/mouse-only-control' }) rule!: string;
  @ApiProperty({ enum: IMPACTS }) impact!: Impact;
  @ApiProperty({ enum: AT_PROFILES, isArray: true }) profiles!: AtProfile[];
  @ApiProperty({ type: [String] }) wcag!: string[];
  @ApiProperty() selector!: string;
  @ApiProperty() fingerprint!: string;
  @ApiProperty() pageUrl!: string;
  @ApiProperty() pageState!: string;
  @ApiProperty() message!: string;
}

export class ChangedFindingResponse {
  @ApiProperty() fingerprint!: string;
  @ApiProperty() rule!: string;
  @ApiProperty({ enum: IMPACTS }) impact!: Impact;
  @ApiProperty({ enum: AT_PROFILES, isArray: true }) profiles!: AtProfile[];
  @ApiProperty() selector!: string;
  @ApiProperty() pageUrl!: string;
  @ApiProperty() pageState!: string;
  @ApiProperty() message!: string;
}

class RunRef {
  @ApiProperty() id!: string;
  @ApiProperty() release!: string;
  @ApiProperty() startedAt!: string;
}

export class ChangesResponse {
  @ApiProperty({ type: SystemRef }) system!: SystemRef;
  @ApiProperty() release!: string;
  @ApiProperty({ type: RunRef, description: 'The latest run of this release.' }) run!: RunRef;
  @ApiProperty({ type: RunRef, nullable: true, description: "The latest run of the closest earlier release that has one; null: none (everything is new)." })
  previousRun!: RunRef | null;
  @ApiProperty({ type: [ChangedFindingResponse], description: 'Findings whose fingerprint the previous run did not have.' })
  new!: ChangedFindingResponse[];
  @ApiProperty({ type: [ChangedFindingResponse], description: 'Findings of the previous run that are gone.' })
  fixed!: ChangedFindingResponse[];
  @ApiProperty() unchanged!: number;
  @ApiProperty({ example: '2 new, 1 fixed, 5 unchanged since 2.3.0' }) summary!: string;
}

export class HistoryEntryResponse {
  @ApiProperty() runId!: string;
  @ApiProperty() release!: string;
  @ApiProperty({ nullable: true, type: String }) commit!: string | null;
  @ApiProperty() startedAt!: string;
  @ApiProperty({ description: 'All findings of the run.' }) findings!: number;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: '#/components/schemas/ProfileVerdictResponse' } })
  profiles!: Partial<Record<AtProfile, ProfileSummary>>;
}
