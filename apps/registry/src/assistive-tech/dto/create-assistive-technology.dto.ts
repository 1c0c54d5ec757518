import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { AT_PROFILES, type AtProfile } from '@atcompat/contracts';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, Matches, MaxLength } from 'class-validator';
import { SLUG_MAX_LENGTH, SLUG_PATTERN } from '../../common/slug.js';
import { OptionalNotNull, OptionalText, RequiredText, WebAddress } from '../../common/validators.js';

export const AT_PLATFORMS = ['windows', 'macos', 'ios', 'android', 'chromeos', 'linux', 'web'] as const;

export class CreateAssistiveTechnologyDto {
  @ApiProperty({ example: 'Dragon Professional' })
  @RequiredText()
  name!: string;

  @ApiPropertyOptional({ example: 'dragon-professional', description: 'Made from the name when left out.' })
  @OptionalNotNull()
  @Matches(SLUG_PATTERN, { message: 'slug must be lower-case letters, digits and single hyphens, e.g. dragon-professional' })
  @MaxLength(SLUG_MAX_LENGTH)
  slug?: string;

  @ApiProperty({ example: 'Nuance (Microsoft)' })
  @RequiredText()
  vendor!: string;

  @ApiProperty({ enum: AT_PROFILES, description: 'The group of people whose barriers this AT shares.' })
  @IsIn(AT_PROFILES, { message: `profile must be one of: ${AT_PROFILES.join(', ')}` })
  profile!: AtProfile;

  @ApiProperty({ enum: AT_PLATFORMS, isArray: true, example: ['windows'] })
  @IsArray()
  @ArrayMaxSize(AT_PLATFORMS.length)
  @IsIn(AT_PLATFORMS, { each: true, message: `each platform must be one of: ${AT_PLATFORMS.join(', ')}` })
  platforms!: string[];

  @ApiPropertyOptional({ example: 'https://www.nuance.com/dragon.html' })
  @IsOptional()
  @WebAddress()
  website?: string | null;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @OptionalText()
  description?: string;
}

export class UpdateAssistiveTechnologyDto extends PartialType(CreateAssistiveTechnologyDto, { skipNullProperties: false }) {}
