import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/pagination.js';
import { LIFECYCLES, SYSTEM_PLATFORMS, type Lifecycle, type SystemPlatform } from '../system.entity.js';

export class ListSystemsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Department name, exact (case-insensitive).' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  department?: string;

  @ApiPropertyOptional({ enum: LIFECYCLES })
  @IsOptional()
  @IsIn(LIFECYCLES, { message: `lifecycle must be one of: ${LIFECYCLES.join(', ')}` })
  lifecycle?: Lifecycle;

  @ApiPropertyOptional({ enum: SYSTEM_PLATFORMS })
  @IsOptional()
  @IsIn(SYSTEM_PLATFORMS, { message: `platform must be one of: ${SYSTEM_PLATFORMS.join(', ')}` })
  platform?: SystemPlatform;

  @ApiPropertyOptional({ description: 'Words to find in the name, owner or description.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}
