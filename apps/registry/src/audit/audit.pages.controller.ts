import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { PageAccess } from '../accounts/page-access.js';
import { renderPage } from '../web/views.js';
import { AuditService } from './audit.service.js';

const PAGE_SIZE = 50;

/** /admin/audit: the audit log, newest first, filtered by actor and kind. */
@ApiExcludeController()
@Controller('admin/audit')
@PageAccess('admin')
export class AuditPagesController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  async list(@Query() query: Record<string, unknown>, @Res() res: Response) {
    const actor = typeof query.actor === 'string' ? query.actor.trim().slice(0, 200) : '';
    const kind = typeof query.kind === 'string' ? query.kind.trim().slice(0, 200) : '';
    const requested = typeof query.page === 'string' && /^\d{1,6}$/.test(query.page) ? Number(query.page) : 1;
    const page = await this.audit.list({ actor: actor || undefined, kind: kind || undefined, page: Math.max(1, requested), pageSize: PAGE_SIZE });
    const link = (n: number) => `/admin/audit?${new URLSearchParams({ ...(actor ? { actor } : {}), ...(kind ? { kind } : {}), page: String(n) })}`;
    await renderPage(res, 'audit/list.njk', {
      events: page.items.map((e) => ({
        occurredAt: e.occurredAt.toISOString(),
        actor: e.actorLabel,
        actorKind: e.actorKind,
        kind: e.kind,
        recordType: e.recordType,
        recordId: e.recordId ?? '',
        detail: Object.entries(e.detail ?? {}).map(([k, v]) => `${k}: ${String(v)}`).join(', '),
        changes: (e.changes ?? []).map((c) => ({ ...c, fieldCount: c.fields.length })),
      })),
      filters: { actor, kind },
      kinds: await this.audit.kinds(),
      page: page.page,
      total: page.total,
      totalPages: page.totalPages,
      pagination: {
        ...(page.page > 1 ? { previous: { href: link(page.page - 1) } } : {}),
        ...(page.page < page.totalPages ? { next: { href: link(page.page + 1) } } : {}),
      },
    });
  }
}
