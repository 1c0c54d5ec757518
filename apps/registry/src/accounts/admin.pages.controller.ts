import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { renderPage } from '../web/views.js';
import { PageAccess } from './page-access.js';

/** /admin: where administrators find accounts and the audit log. */
@ApiExcludeController()
@Controller('admin')
@PageAccess('admin')
export class AdminPagesController {
  @Get()
  async index(@Res() res: Response) {
    await renderPage(res, 'accounts/admin.njk');
  }
}
