import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { COMPATIBILITY_STATUSES, type CompatibilityStatus } from '@atcompat/contracts';
import type { Response } from 'express';
import { CurrentUser, PageAccess } from '../accounts/page-access.js';
import { CoverageService } from '../accounts/coverage.service.js';
import type { WebUser } from '../accounts/web-user.js';
import { SkipAudit } from '../audit/audit.interceptor.js';
import { AuditService } from '../audit/audit.service.js';
import { DomainError, type FieldError } from '../common/errors.js';
import { KnownIssuesService } from '../compatibility/known-issues.service.js';
import { RecordsService } from '../compatibility/records.service.js';
import { SystemsService } from '../systems/systems.service.js';
import { STATUS_LABELS } from '../web/labels.js';
import { renderPage } from '../web/views.js';
import { actorFor, AdjustmentsService } from './adjustments.service.js';

type FormBody = Record<string, string | string[] | undefined>;
const str = (body: FormBody, name: string): string => (typeof body?.[name] === 'string' ? (body[name] as string).trim() : '');

/**
 * A champion turns what a request showed into the registry: a known issue or a compatibility
 * record for the same system and AT. Only the pair is taken from the request; the champion writes
 * the rest in words that say nothing about the person.
 */
@ApiExcludeController()
@Controller('adjustments/:id/registry-entry')
@PageAccess('champion')
@SkipAudit()
export class RegistryEntryPagesController {
  constructor(
    private readonly adjustments: AdjustmentsService,
    private readonly issues: KnownIssuesService,
    private readonly records: RecordsService,
    private readonly systems: SystemsService,
    private readonly audit: AuditService,
    private readonly coverage: CoverageService,
  ) {}

  @Get()
  async form(@CurrentUser() user: WebUser, @Param('id') id: string, @Res() res: Response) {
    await this.render(res, user, id, {});
  }

  @Post('known-issue')
  async knownIssue(@CurrentUser() user: WebUser, @Param('id') id: string, @Body() body: FormBody, @Res() res: Response) {
    const pair = await this.adjustments.pairFor(user, id);
    await this.coverage.assertMayEdit(user, pair.system.slug);
    const title = str(body, 'title');
    if (!title) return this.render(res, user, id, { issue: body, issueErrors: errorsOf([{ field: 'title', message: 'Enter a short title for the issue' }]) }, 400);
    try {
      const created = await this.issues.create({
        system: pair.system.slug,
        assistiveTechnology: pair.assistiveTechnology.slug,
        title: title.slice(0, 300),
        description: str(body, 'description').slice(0, 10000),
        workaround: str(body, 'workaround').slice(0, 5000) || null,
      });
      await this.audit.record({ actor: actorFor(user), kind: 'known-issue.created-from-adjustment', recordType: 'known-issues', recordId: created.id, detail: { adjustment: id } });
    } catch (error) {
      if (error instanceof DomainError && error.status < 500) return this.render(res, user, id, { issue: body, issueErrors: errorsOf(fieldErrors(error, 'title')) }, 400);
      throw error;
    }
    res.redirect(303, `/adjustments/${id}?recorded=1`);
  }

  @Post('record')
  async record(@CurrentUser() user: WebUser, @Param('id') id: string, @Body() body: FormBody, @Res() res: Response) {
    const pair = await this.adjustments.pairFor(user, id);
    await this.coverage.assertMayEdit(user, pair.system.slug);
    const status = str(body, 'status') as CompatibilityStatus;
    const errors: FieldError[] = [];
    if (!str(body, 'release')) errors.push({ field: 'release', message: 'Select the release' });
    if (!str(body, 'atVersion')) errors.push({ field: 'atVersion', message: 'Select the version of the assistive technology' });
    if (!COMPATIBILITY_STATUSES.includes(status)) errors.push({ field: 'status', message: 'Select how well they work together' });
    if (errors.length) return this.render(res, user, id, { record: body, recordErrors: errorsOf(errors) }, 400);
    try {
      const created = await this.records.create({
        system: pair.system.slug,
        release: str(body, 'release'),
        assistiveTechnology: pair.assistiveTechnology.slug,
        atVersion: str(body, 'atVersion'),
        status,
        summary: str(body, 'summary').slice(0, 2000),
        workaround: str(body, 'workaround').slice(0, 5000) || null,
      });
      await this.audit.record({ actor: actorFor(user), kind: 'compatibility-record.created-from-adjustment', recordType: 'compatibility-records', recordId: created.id, detail: { adjustment: id } });
    } catch (error) {
      if (error instanceof DomainError && error.status < 500) return this.render(res, user, id, { record: body, recordErrors: errorsOf(fieldErrors(error, 'status')) }, 400);
      throw error;
    }
    res.redirect(303, `/adjustments/${id}?recorded=1`);
  }

  private async render(res: Response, user: WebUser, id: string, extra: Record<string, unknown>, status = 200) {
    const pair = await this.adjustments.pairFor(user, id);
    // A triager may look after a request about a system they do not cover: the registry entry is still not theirs to write.
    await this.coverage.assertMayEdit(user, pair.system.slug);
    const releases = await this.systems.listReleases(pair.system.slug);
    const versions: string[] = (await this.adjustments.choices()).ats.find((a) => a.slug === pair.assistiveTechnology.slug)?.versions ?? [];
    const record = (extra.record ?? {}) as FormBody;
    await renderPage(
      res,
      'adjustments/registry-entry.njk',
      {
        id,
        pair,
        releaseItems: [{ value: '', text: 'Select a release' }, ...releases.map((r) => ({ value: r.version, text: r.version, selected: record.release === r.version }))],
        versionItems: [{ value: '', text: 'Select a version' }, ...versions.map((v) => ({ value: v, text: v, selected: (record.atVersion ?? pair.atVersion) === v }))],
        statusItems: COMPATIBILITY_STATUSES.map((s) => ({ value: s, text: STATUS_LABELS[s], checked: record.status === s })),
        backLink: { href: `/adjustments/${id}`, text: 'Back to the request' },
        errors: (extra.issueErrors ?? extra.recordErrors) as unknown,
        ...extra,
      },
      status,
    );
  }
}

function fieldErrors(error: DomainError, fallback: string): FieldError[] {
  return error.errors.length ? error.errors : [{ field: fallback, message: error.message }];
}

function errorsOf(errors: FieldError[]) {
  return { list: errors.map((e) => ({ text: e.message, href: `#${e.field}` })), fields: Object.fromEntries(errors.map((e) => [e.field, { text: e.message }])) };
}
