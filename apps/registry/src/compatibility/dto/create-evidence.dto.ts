import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { COMPATIBILITY_STATUSES, EVIDENCE_KINDS, type CompatibilityStatus, type EvidenceKind } from '@atcompat/contracts';
import { IsIn, IsISO8601, IsOptional, IsUUID } from 'class-validator';
import { OptionalNotNull, OptionalText, RequiredText, WebAddress } from '../../common/validators.js';

export class CreateEvidenceDto {
  @ApiProperty({
    enum: EVIDENCE_KINDS,
    description:
      'manual: a test by a person using this AT; user-report: someone who uses it at work; vendor: the supplier says so; automated: an atcompat run.',
  })
  @IsIn(EVIDENCE_KINDS, { message: `kind must be one of: ${EVIDENCE_KINDS.join(', ')}` })
  kind!: EvidenceKind;

  @ApiPropertyOptional({
    enum: COMPATIBILITY_STATUSES,
    description: 'What this evidence found. It updates the record when it is at least as well supported as the evidence already there.',
  })
  @IsOptional()
  @IsIn(COMPATIBILITY_STATUSES, { message: `result must be one of: ${COMPATIBILITY_STATUSES.join(', ')}` })
  result?: CompatibilityStatus;

  @ApiProperty({ example: 'A. Champion (DWP accessibility team)', description: 'Who tested or reported it.' })
  @RequiredText()
  recordedBy!: string;

  @ApiProperty({ example: '2025-10-01T10:00:00Z', description: 'When it was observed (ISO 8601).' })
  @IsISO8601({ strict: true }, { message: 'observedAt must be a date and time in ISO 8601, e.g. 2025-10-01T10:00:00Z' })
  observedAt!: string;

  @ApiPropertyOptional({ example: '16.00.200.043', description: 'The exact AT build, when it matters.' })
  @IsOptional()
  @RequiredText(100)
  atBuild?: string;

  @ApiPropertyOptional({ example: 'Edge 128' })
  @IsOptional()
  @RequiredText(100)
  browser?: string;

  @ApiPropertyOptional({ example: 'Windows 11 23H2' })
  @IsOptional()
  @RequiredText(100)
  os?: string;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @OptionalText(10000)
  notes?: string;

  @ApiPropertyOptional({
    description: 'The workaround, when result is works-with-workaround and the record does not describe one yet.',
  })
  @IsOptional()
  @OptionalText(5000)
  workaround?: string;

  @ApiPropertyOptional({ description: 'The atcompat run this came from.' })
  @IsOptional()
  @IsUUID('all', { message: 'runId must be a UUID' })
  runId?: string;

  @ApiPropertyOptional({ example: 'https://ci.example.gov.uk/pipelines/1234' })
  @IsOptional()
  @WebAddress()
  runUrl?: string;
}
