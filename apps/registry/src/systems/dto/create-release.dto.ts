import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsDateOnly, OptionalNotNull, OptionalText, RequiredText } from '../../common/validators.js';

export class CreateReleaseDto {
  @ApiProperty({ example: '2.3.0' })
  @RequiredText(50)
  version!: string;

  @ApiPropertyOptional({ example: '2025-09-01', description: 'YYYY-MM-DD. Orders releases from old to new.' })
  @IsOptional()
  @IsDateOnly()
  releasedOn?: string | null;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @OptionalText()
  notes?: string;
}

export class UpdateReleaseDto extends PartialType(CreateReleaseDto, { skipNullProperties: false }) {}
