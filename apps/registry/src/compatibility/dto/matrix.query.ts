import { ApiPropertyOptional } from '@nestjs/swagger';
import { AT_PROFILES, COMPATIBILITY_STATUSES, type AtProfile, type CompatibilityStatus } from '@atcompat/contracts';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { LIFECYCLES, type Lifecycle } from '../../systems/system.entity.js';

export class MatrixQuery {
  @ApiPropertyOptional({ enum: AT_PROFILES, description: 'Only assistive technologies of this profile.' })
  @IsOptional()
  @IsIn(AT_PROFILES, { message: `profile must be one of: ${AT_PROFILES.join(', ')}` })
  profile?: AtProfile;

  @ApiPropertyOptional({ description: 'Only systems of this department (case-insensitive).' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  department?: string;

  @ApiPropertyOptional({ enum: LIFECYCLES })
  @IsOptional()
  @IsIn(LIFECYCLES, { message: `lifecycle must be one of: ${LIFECYCLES.join(', ')}` })
  lifecycle?: Lifecycle;

  @ApiPropertyOptional({
    enum: COMPATIBILITY_STATUSES,
    description: 'Only the systems and assistive technologies that have at least one cell with this status.',
  })
  @IsOptional()
  @IsIn(COMPATIBILITY_STATUSES, { message: `status must be one of: ${COMPATIBILITY_STATUSES.join(', ')}` })
  status?: CompatibilityStatus;
}
