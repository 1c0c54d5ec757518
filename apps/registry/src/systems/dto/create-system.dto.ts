import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, Matches, MaxLength } from 'class-validator';
import { SLUG_MAX_LENGTH, SLUG_PATTERN } from '../../common/slug.js';
import { OptionalNotNull, OptionalText, RequiredText, WebAddress } from '../../common/validators.js';
import { LIFECYCLES, SYSTEM_PLATFORMS, type Lifecycle, type SystemPlatform } from '../system.entity.js';

export class CreateSystemDto {
  @ApiProperty({ example: 'Casework' })
  @RequiredText()
  name!: string;

  @ApiPropertyOptional({ example: 'casework', description: 'Made from the name when left out.' })
  @OptionalNotNull()
  @Matches(SLUG_PATTERN, { message: 'slug must be lower-case letters, digits and single hyphens, e.g. casework' })
  @MaxLength(SLUG_MAX_LENGTH)
  slug?: string;

  @ApiProperty({ example: 'Casework Platform Team', description: 'Who answers for the system.' })
  @RequiredText()
  owner!: string;

  @ApiProperty({ example: 'Department for Work and Pensions' })
  @RequiredText()
  department!: string;

  @ApiProperty({ enum: SYSTEM_PLATFORMS })
  @IsIn(SYSTEM_PLATFORMS, { message: `platform must be one of: ${SYSTEM_PLATFORMS.join(', ')}` })
  platform!: SystemPlatform;

  @ApiProperty({ enum: LIFECYCLES })
  @IsIn(LIFECYCLES, { message: `lifecycle must be one of: ${LIFECYCLES.join(', ')}` })
  lifecycle!: Lifecycle;

  @ApiPropertyOptional({ type: [String], example: ['https://casework.example.gov.uk'] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(20)
  @WebAddress({ each: true, message: 'each of urls must be a web address starting with http:// or https://' })
  urls?: string[];

  @ApiPropertyOptional()
  @OptionalNotNull()
  @OptionalText()
  description?: string;
}

export class UpdateSystemDto extends PartialType(CreateSystemDto, { skipNullProperties: false }) {}
