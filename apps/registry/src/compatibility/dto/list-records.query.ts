import { ApiPropertyOptional } from '@nestjs/swagger';
import { AT_PROFILES, COMPATIBILITY_STATUSES, type AtProfile, type CompatibilityStatus } from '@atcompat/contracts';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/pagination.js';
import { SLUG_MAX_LENGTH, SLUG_PATTERN } from '../../common/slug.js';

/** "true"/"false" in a query string; anything else is left for the validator to refuse. */
export const QueryBoolean = () =>
  Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value));

export class ListRecordsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'System slug.' })
  @IsOptional()
  @Matches(SLUG_PATTERN, { message: 'system must be a system slug, e.g. casework' })
  @MaxLength(SLUG_MAX_LENGTH)
  system?: string;

  @ApiPropertyOptional({ description: 'System release; needs system.' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  release?: string;

  @ApiPropertyOptional({ description: 'Assistive technology slug.' })
  @IsOptional()
  @Matches(SLUG_PATTERN, { message: 'assistiveTechnology must be an assistive technology slug, e.g. jaws' })
  @MaxLength(SLUG_MAX_LENGTH)
  assistiveTechnology?: string;

  @ApiPropertyOptional({ description: 'AT version; needs assistiveTechnology.' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  atVersion?: string;

  @ApiPropertyOptional({ enum: AT_PROFILES })
  @IsOptional()
  @IsIn(AT_PROFILES, { message: `profile must be one of: ${AT_PROFILES.join(', ')}` })
  profile?: AtProfile;

  @ApiPropertyOptional({ enum: COMPATIBILITY_STATUSES })
  @IsOptional()
  @IsIn(COMPATIBILITY_STATUSES, { message: `status must be one of: ${COMPATIBILITY_STATUSES.join(', ')}` })
  status?: CompatibilityStatus;

  @ApiPropertyOptional({ description: 'Only records that need (true) or do not need (false) a retest.' })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean({ message: 'needsRetest must be true or false' })
  needsRetest?: boolean;
}
