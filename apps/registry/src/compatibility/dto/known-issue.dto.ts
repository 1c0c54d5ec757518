import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/pagination.js';
import { SLUG_MAX_LENGTH, SLUG_PATTERN } from '../../common/slug.js';
import { OptionalNotNull, OptionalText, RequiredText, WebAddress } from '../../common/validators.js';
import { KNOWN_ISSUE_STATUSES, type KnownIssueStatus } from '../known-issue.entity.js';

export class CreateKnownIssueDto {
  @ApiProperty({ example: 'casework' })
  @Matches(SLUG_PATTERN, { message: 'system must be the slug of a system, e.g. casework' })
  @MaxLength(SLUG_MAX_LENGTH)
  system!: string;

  @ApiProperty({ example: 'dragon-professional' })
  @Matches(SLUG_PATTERN, { message: 'assistiveTechnology must be the slug of an assistive technology, e.g. dragon-professional' })
  @MaxLength(SLUG_MAX_LENGTH)
  assistiveTechnology!: string;

  @ApiProperty({ example: '"Save note" does not respond to "click Save note"' })
  @RequiredText(300)
  title!: string;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @OptionalText(10000)
  description?: string;

  @ApiPropertyOptional({ example: 'Say "press Tab" until Save note is highlighted, then "press Enter".' })
  @IsOptional()
  @OptionalText(5000)
  workaround?: string | null;

  @ApiPropertyOptional({ example: 'https://supplier.example.com/bugs/4711' })
  @IsOptional()
  @WebAddress()
  vendorBugUrl?: string | null;

  @ApiPropertyOptional({ example: 'Casework 2.3.0 and later' })
  @OptionalNotNull()
  @OptionalText(300)
  affects?: string;

  @ApiPropertyOptional({ enum: KNOWN_ISSUE_STATUSES, default: 'open' })
  @OptionalNotNull()
  @IsIn(KNOWN_ISSUE_STATUSES, { message: `status must be one of: ${KNOWN_ISSUE_STATUSES.join(', ')}` })
  status?: KnownIssueStatus;
}

export class UpdateKnownIssueDto extends PartialType(OmitType(CreateKnownIssueDto, ['system', 'assistiveTechnology'] as const), {
  skipNullProperties: false,
}) {}

export class ListKnownIssuesQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(SLUG_PATTERN, { message: 'system must be a system slug, e.g. casework' })
  @MaxLength(SLUG_MAX_LENGTH)
  system?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(SLUG_PATTERN, { message: 'assistiveTechnology must be an assistive technology slug, e.g. jaws' })
  @MaxLength(SLUG_MAX_LENGTH)
  assistiveTechnology?: string;

  @ApiPropertyOptional({ enum: KNOWN_ISSUE_STATUSES })
  @IsOptional()
  @IsIn(KNOWN_ISSUE_STATUSES, { message: `status must be one of: ${KNOWN_ISSUE_STATUSES.join(', ')}` })
  status?: KnownIssueStatus;
}
