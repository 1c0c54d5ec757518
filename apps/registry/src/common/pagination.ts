import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const MAX_PAGE_SIZE = 100;

/** `?page=2&pageSize=50` on every list. */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, default: 1, description: 'Which page, from 1.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page: number = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 20, description: 'How many items a page.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize: number = 20;

  get offset(): number {
    return (this.page - 1) * this.pageSize;
  }
}

/** A page of a list, with what a client needs to ask for the next. */
export class Page<T> {
  @ApiProperty({ isArray: true })
  items!: T[];

  @ApiProperty()
  page!: number;

  @ApiProperty()
  pageSize!: number;

  @ApiProperty({ description: 'How many items match the filters, across all pages.' })
  total!: number;

  @ApiProperty()
  totalPages!: number;

  static of<T>(items: T[], total: number, query: Pick<PageQuery, 'page' | 'pageSize'>): Page<T> {
    const page = new Page<T>();
    page.items = items;
    page.page = query.page;
    page.pageSize = query.pageSize;
    page.total = total;
    page.totalPages = Math.max(1, Math.ceil(total / query.pageSize));
    return page;
  }
}
