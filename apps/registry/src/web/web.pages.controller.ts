import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { renderPage } from './views.js';

/** Pages that belong to no one concept: the home page and the accessibility statement. Open to everyone. */
@ApiExcludeController()
@Controller()
export class WebPagesController {
  @Get()
  home(@Res() res: Response) {
    return renderPage(res, 'index.njk');
  }

  @Get('accessibility')
  accessibility(@Res() res: Response) {
    return renderPage(res, 'accessibility.njk');
  }
}
