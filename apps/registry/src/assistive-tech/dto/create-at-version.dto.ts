import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsDateOnly, OptionalNotNull, OptionalText, RequiredText } from '../../common/validators.js';

export class CreateAtVersionDto {
  @ApiProperty({ example: '16' })
  @RequiredText(50)
  version!: string;

  @ApiPropertyOptional({ example: '2021-06-01', description: 'Release date, YYYY-MM-DD. Orders versions from old to new.' })
  @IsOptional()
  @IsDateOnly()
  releasedOn?: string | null;

  @ApiPropertyOptional({ example: '2027-06-30', description: 'When the vendor stops supporting it, YYYY-MM-DD.' })
  @IsOptional()
  @IsDateOnly()
  endOfSupport?: string | null;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @OptionalText()
  notes?: string;
}

export class UpdateAtVersionDto extends PartialType(CreateAtVersionDto, { skipNullProperties: false }) {}
