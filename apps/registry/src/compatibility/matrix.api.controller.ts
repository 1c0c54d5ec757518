import { Controller, Get, Header, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { MatrixQuery } from './dto/matrix.query.js';
import { matrixToCsv } from './matrix.js';
import { MatrixService } from './matrix.service.js';

const CSV_DISPOSITION = 'attachment; filename="atcompat-matrix.csv"';

@ApiTags('matrix')
@Controller('api/v1')
export class MatrixApiController {
  constructor(private readonly matrix: MatrixService) {}

  @Get('matrix')
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    description:
      'Systems × assistive technologies with the current status per cell. Send Accept: text/csv (or use /matrix.csv) for a spreadsheet.',
  })
  async get(@Query() query: MatrixQuery, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const matrix = await this.matrix.matrix(query);
    if (req.accepts(['application/json', 'text/csv']) === 'text/csv') {
      res.type('text/csv; charset=utf-8').setHeader('Content-Disposition', CSV_DISPOSITION);
      return matrixToCsv(matrix);
    }
    return matrix;
  }

  @Get('matrix.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', CSV_DISPOSITION)
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The matrix as CSV: one row a system, one column an assistive technology.' })
  async csv(@Query() query: MatrixQuery) {
    return matrixToCsv(await this.matrix.matrix(query));
  }
}
