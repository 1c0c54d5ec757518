import { ApiPropertyOptional } from '@nestjs/swagger';
import { AT_PROFILES, type AtProfile } from '@atcompat/contracts';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/pagination.js';
import { AT_PLATFORMS } from './create-assistive-technology.dto.js';

export class ListAssistiveTechnologiesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: AT_PROFILES })
  @IsOptional()
  @IsIn(AT_PROFILES, { message: `profile must be one of: ${AT_PROFILES.join(', ')}` })
  profile?: AtProfile;

  @ApiPropertyOptional({ enum: AT_PLATFORMS })
  @IsOptional()
  @IsIn(AT_PLATFORMS, { message: `platform must be one of: ${AT_PLATFORMS.join(', ')}` })
  platform?: string;

  @ApiPropertyOptional({ description: 'Vendor name, exact (case-insensitive).' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  vendor?: string;

  @ApiPropertyOptional({ description: 'Words to find in the name, vendor or description.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}
