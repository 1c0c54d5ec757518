import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsISO8601, IsOptional, Matches, MaxLength } from 'class-validator';
import { SLUG_MAX_LENGTH, SLUG_PATTERN } from '../../common/slug.js';
import { RequiredText } from '../../common/validators.js';

export class CreateTokenDto {
  @ApiProperty({ example: 'casework CI (GitHub Actions)', description: 'What the token is for, so it can be recognised later.' })
  @RequiredText(100)
  name!: string;

  @ApiProperty({ type: [String], example: ['casework'], description: 'Slugs of the systems the token may publish runs for.' })
  @IsArray({ message: 'systems must be a list of system slugs, e.g. ["casework"]' })
  @ArrayMinSize(1, { message: 'systems must name at least one system' })
  @ArrayMaxSize(50)
  @Matches(SLUG_PATTERN, { each: true, message: 'each of systems must be the slug of a system, e.g. casework' })
  @MaxLength(SLUG_MAX_LENGTH, { each: true })
  systems!: string[];

  @ApiPropertyOptional({ example: '2026-12-31T00:00:00Z', description: 'When the token stops working; leave out for no expiry.' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'expiresAt must be a date and time in ISO 8601, e.g. 2026-12-31T00:00:00Z' })
  expiresAt?: string;
}
