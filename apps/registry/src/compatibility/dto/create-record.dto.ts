import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { COMPATIBILITY_STATUSES, type CompatibilityStatus } from '@atcompat/contracts';
import { IsIn, IsISO8601, IsOptional, Matches, MaxLength } from 'class-validator';
import { SLUG_MAX_LENGTH, SLUG_PATTERN } from '../../common/slug.js';
import { OptionalNotNull, OptionalText, RequiredText } from '../../common/validators.js';

export class CreateRecordDto {
  @ApiProperty({ example: 'casework', description: 'Slug of the system.' })
  @Matches(SLUG_PATTERN, { message: 'system must be the slug of a system, e.g. casework' })
  @MaxLength(SLUG_MAX_LENGTH)
  system!: string;

  @ApiProperty({ example: '2.3.0', description: 'The system release.' })
  @RequiredText(50)
  release!: string;

  @ApiProperty({ example: 'dragon-professional', description: 'Slug of the assistive technology.' })
  @Matches(SLUG_PATTERN, { message: 'assistiveTechnology must be the slug of an assistive technology, e.g. dragon-professional' })
  @MaxLength(SLUG_MAX_LENGTH)
  assistiveTechnology!: string;

  @ApiProperty({ example: '16', description: 'The version of the assistive technology.' })
  @RequiredText(50)
  atVersion!: string;

  @ApiPropertyOptional({ example: 'Edge 128', nullable: true, description: 'Leave out when the result holds for any browser.' })
  @IsOptional()
  @RequiredText(100)
  browser?: string | null;

  @ApiProperty({ enum: COMPATIBILITY_STATUSES })
  @IsIn(COMPATIBILITY_STATUSES, { message: `status must be one of: ${COMPATIBILITY_STATUSES.join(', ')}` })
  status!: CompatibilityStatus;

  @ApiPropertyOptional({ example: 'All casework tasks can be done by voice.' })
  @OptionalNotNull()
  @OptionalText(2000)
  summary?: string;

  @ApiPropertyOptional({ example: 'Say "click Save note" rather than "press Save".', description: 'Required when status is works-with-workaround.' })
  @IsOptional()
  @OptionalText(5000)
  workaround?: string | null;

  @ApiPropertyOptional({ example: '2025-10-01T10:00:00Z', description: 'When this was last checked (ISO 8601).' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'lastVerifiedAt must be a date and time in ISO 8601, e.g. 2025-10-01T10:00:00Z' })
  lastVerifiedAt?: string | null;
}

/** What can change on a record: not which release, AT version or browser it is about. */
export class UpdateRecordDto extends PartialType(
  OmitType(CreateRecordDto, ['system', 'release', 'assistiveTechnology', 'atVersion', 'browser'] as const),
  { skipNullProperties: false },
) {}
