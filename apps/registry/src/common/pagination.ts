import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { InvalidInputError } from './errors.js';

export const MAX_PAGE_SIZE = 100;
/**
 * No list has a millionth page; a bigger number reached the database as an offset past bigint
 * (a 500), so it is refused as invalid input instead.
 */
export const MAX_PAGE = 1_000_000;
const PAGE_MESSAGE = `page must be a whole number from 1 to ${MAX_PAGE.toLocaleString('en-GB')}`;

/** `?page=2&pageSize=50` on every list. */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE, default: 1, description: 'Which page, from 1.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE, { message: PAGE_MESSAGE })
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

/**
 * `?page=` of a web page's list: absent or not a number is the first page (a mistyped address
 * still shows the list), a number over MAX_PAGE is refused with 400 naming `page`.
 */
export function pageNumberFrom(raw: unknown): number {
  if (typeof raw !== 'string' || !/^\s*\d+\s*$/.test(raw)) return 1;
  const page = Number(raw);
  if (page > MAX_PAGE) throw new InvalidInputError([{ field: 'page', message: PAGE_MESSAGE }], 'The request has an invalid field.');
  return Math.max(1, page);
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
