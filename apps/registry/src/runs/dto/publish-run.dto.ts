import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsIn, IsObject, IsOptional, Matches, MaxLength } from 'class-validator';
import { AT_PROFILES, IMPACTS, type AtProfile, type Impact } from '@atcompat/contracts';
import { PageQuery } from '../../common/pagination.js';
import { SLUG_MAX_LENGTH, SLUG_PATTERN } from '../../common/slug.js';
import { RequiredText, WebAddress } from '../../common/validators.js';

export class PublishRunDto {
  @ApiProperty({ example: 'casework', description: 'Slug of the system the run tested. The token must be scoped to it.' })
  @Matches(SLUG_PATTERN, { message: 'system must be the slug of a system, e.g. casework' })
  @MaxLength(SLUG_MAX_LENGTH)
  system!: string;

  @ApiProperty({ example: '2.4.0', description: 'The release tested; created if the system has no such release yet.' })
  @RequiredText(50)
  release!: string;

  @ApiPropertyOptional({ example: '9fceb02d0ae598e95dc970b74767f19372d61af8', description: 'The commit tested.' })
  @IsOptional()
  @RequiredText(100)
  commit?: string;

  @ApiPropertyOptional({ example: 'https://ci.example.gov.uk/casework/pipelines/1234', description: 'Where the pipeline run can be seen; linked from the evidence.' })
  @IsOptional()
  @WebAddress()
  pipelineUrl?: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'The report, contract v1 (schema: libs/contracts/schema/report.schema.json; what `atcompat scan --json` writes). ' +
      'Its run.id makes publishing idempotent. Invalid reports are refused with 400, naming each bad path as report.<path>.',
  })
  @IsDefined({ message: 'report is required' })
  @IsObject({ message: 'report must be a report object (contract v1)' })
  report!: Record<string, unknown>;
}

export class ListRunsQuery extends PageQuery {
  @ApiPropertyOptional({ example: '2.4.0', description: 'Only runs of this release.' })
  @IsOptional()
  @RequiredText(50)
  release?: string;
}

export class ListFindingsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: AT_PROFILES })
  @IsOptional()
  @IsIn(AT_PROFILES, { message: `profile must be one of: ${AT_PROFILES.join(', ')}` })
  profile?: AtProfile;

  @ApiPropertyOptional({ enum: IMPACTS })
  @IsOptional()
  @IsIn(IMPACTS, { message: `impact must be one of: ${IMPACTS.join(', ')}` })
  impact?: Impact;

  @ApiPropertyOptional({ example: 'keyboard/mouse-only-control' })
  @IsOptional()
  @RequiredText(100)
  rule?: string;
}
