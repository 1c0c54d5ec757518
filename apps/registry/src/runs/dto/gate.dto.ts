import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsOptional, Matches, MaxLength } from 'class-validator';
import { AT_PROFILES, COMPATIBILITY_STATUSES, EVIDENCE_KINDS, type AtProfile, type CompatibilityStatus, type EvidenceKind } from '@atcompat/contracts';
import { SLUG_MAX_LENGTH, SLUG_PATTERN } from '../../common/slug.js';

export class UpdateGatePolicyDto {
  @ApiProperty({
    type: [String],
    example: ['zoomtext', 'read-and-write'],
    description: 'Slugs of assistive technologies this system also requires, on top of the organisation defaults.',
  })
  @IsArray({ message: 'assistiveTechnologies must be a list of assistive technology slugs' })
  @ArrayMaxSize(100)
  @Matches(SLUG_PATTERN, { each: true, message: 'each of assistiveTechnologies must be the slug of an assistive technology, e.g. zoomtext' })
  @MaxLength(SLUG_MAX_LENGTH, { each: true })
  assistiveTechnologies!: string[];

  @ApiPropertyOptional({
    default: true,
    description:
      'false: only the ATs listed here are required (for example a Windows-only system that cannot run on a phone). Leave true unless there is a reason.',
  })
  @IsOptional()
  @IsBoolean({ message: 'includeOrganisationDefaults must be true or false' })
  includeOrganisationDefaults?: boolean;
}

class SystemRef {
  @ApiProperty() slug!: string;
  @ApiProperty() name!: string;
}

class RequiredAt {
  @ApiProperty() slug!: string;
  @ApiProperty({ nullable: true, type: String, description: 'null: not in the catalogue (the gate fails for it).' }) name!: string | null;
  @ApiProperty({ enum: AT_PROFILES, nullable: true }) profile!: AtProfile | null;
  @ApiProperty({ enum: ['organisation', 'system'] }) source!: 'organisation' | 'system';
}

export class GatePolicyResponse {
  @ApiProperty({ type: SystemRef }) system!: SystemRef;
  @ApiProperty() includeOrganisationDefaults!: boolean;
  @ApiProperty({ type: [String], description: 'The GOV.UK minimum set plus ATCOMPAT_GATE_REQUIRED_ATS.' }) organisationDefaults!: string[];
  @ApiProperty({ type: [String], description: "The system's own additions." }) assistiveTechnologies!: string[];
  @ApiProperty({ type: [RequiredAt], description: 'What the gate checks, in order.' }) required!: RequiredAt[];
}

class GateAtRef {
  @ApiProperty() slug!: string;
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
  @ApiProperty({ enum: AT_PROFILES, nullable: true }) profile!: AtProfile | null;
}

export class GateAtResponse {
  @ApiProperty({ type: GateAtRef }) assistiveTechnology!: GateAtRef;
  @ApiProperty({ nullable: true, type: String, description: 'The AT version the record is for (or its newest version).' }) version!: string | null;
  @ApiProperty({ enum: ['pass', 'fail'] }) verdict!: 'pass' | 'fail';
  @ApiProperty({ enum: COMPATIBILITY_STATUSES }) status!: CompatibilityStatus;
  @ApiProperty({ enum: EVIDENCE_KINDS, nullable: true, description: 'The best-supported evidence behind the status.' }) evidence!: EvidenceKind | null;
  @ApiProperty({ nullable: true, type: String }) recordId!: string | null;
  @ApiProperty({ example: "Dragon Professional 16: blocked — journey 'Record a note' step 'Save note': needs a mouse" }) reason!: string;
}

class GateRunRef {
  @ApiProperty() id!: string;
  @ApiProperty() startedAt!: string;
}

export class GateResponse {
  @ApiProperty({ type: SystemRef }) system!: SystemRef;
  @ApiProperty() release!: string;
  @ApiProperty({ enum: ['pass', 'fail'], description: 'fail when any required AT fails.' }) verdict!: 'pass' | 'fail';
  @ApiProperty({ type: GateRunRef, nullable: true, description: 'The latest run of this release.' }) latestRun!: GateRunRef | null;
  @ApiProperty({ type: [GateAtResponse] }) ats!: GateAtResponse[];
  @ApiProperty({ example: '1 of 7 required assistive technologies fail: Dragon Professional' }) summary!: string;
}
