import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { InvalidInputError } from '../common/errors.js';
import { renderPage } from '../web/views.js';
import { PageAccess } from './page-access.js';
import { SessionsService } from './sessions.service.js';
import { ROLES, type Role } from './user.entity.js';
import { LastAdminError, UsersService } from './users.service.js';

type FormBody = Record<string, string | string[] | undefined>;
const many = (body: FormBody, name: string): string[] => {
  const value = body?.[name];
  return (Array.isArray(value) ? value : value ? [value] : []).filter((v): v is string => typeof v === 'string' && v !== '');
};

export const ROLE_LABELS: Record<Role, string> = { staff: 'Staff', champion: 'Accessibility champion', admin: 'Administrator' };

/** /admin/users: accounts, their roles and what champions cover; unlocking a locked account. */
@ApiExcludeController()
@Controller('admin/users')
@PageAccess('admin')
export class AdminUsersPagesController {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get()
  async list(@Query() query: Record<string, unknown>, @Res() res: Response) {
    const page = typeof query.page === 'string' && /^\d{1,6}$/.test(query.page) ? Math.max(1, Number(query.page)) : 1;
    const users = await this.users.list(page, 50);
    await renderPage(res, 'accounts/admin-users.njk', { users: users.items, page: users.page, totalPages: users.totalPages, roleLabels: ROLE_LABELS, saved: query.saved === '1' });
  }

  @Get(':id')
  async edit(@Param('id', new ParseUUIDPipe()) id: string, @Res() res: Response) {
    await this.renderEdit(res, id);
  }

  @Post(':id')
  async update(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: FormBody, @Res() res: Response) {
    const role = (typeof body.role === 'string' ? body.role : '') as Role;
    try {
      if (!ROLES.includes(role)) throw new InvalidInputError([{ field: 'role', message: 'Choose a role' }]);
      const department = typeof body.department === 'string' ? body.department : '';
      await this.users.updateAccess(id, role, many(body, 'systems'), many(body, 'departments'), department);
    } catch (error) {
      if (error instanceof InvalidInputError || error instanceof LastAdminError) return this.renderEdit(res, id, error, error.status, body);
      throw error;
    }
    // A new role applies from the next page: signing them out everywhere makes it take effect at once.
    await this.sessions.endAllFor(id);
    res.redirect(303, '/admin/users?saved=1');
  }

  @Post(':id/unlock')
  async unlock(@Param('id', new ParseUUIDPipe()) id: string, @Res() res: Response) {
    await this.users.unlock(id);
    res.redirect(303, '/admin/users?saved=1');
  }

  private async renderEdit(res: Response, id: string, error?: InvalidInputError | LastAdminError, status = 200, typed?: FormBody) {
    const account = await this.users.get(id);
    const systems: { slug: string; name: string; department: string }[] = await this.dataSource.query(`SELECT slug, name, department FROM system ORDER BY name`);
    const errors = error
      ? {
          list: error.errors.map((e) => ({ text: e.message, href: `#${e.field}` })),
          fields: Object.fromEntries(error.errors.map((e) => [e.field, { text: e.message }])),
        }
      : undefined;
    await renderPage(
      res,
      'accounts/admin-user-edit.njk',
      {
        account,
        department: typed && typeof typed.department === 'string' ? typed.department : (account.department ?? ''),
        roleItems: ROLES.map((r) => ({ value: r, text: ROLE_LABELS[r], checked: account.role === r })),
        systemItems: systems.map((s) => ({ value: s.slug, text: `${s.name} (${s.department})`, checked: account.systems.some((x) => x.slug === s.slug) })),
        departmentItems: (await this.users.departments()).map((d) => ({ value: d, text: d, checked: account.departments.includes(d) })),
        errors,
        backLink: { href: '/admin/users', text: 'Back to accounts' },
      },
      status,
    );
  }
}
