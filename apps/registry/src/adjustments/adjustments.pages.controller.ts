import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, PageAccess } from '../accounts/page-access.js';
import type { WebUser } from '../accounts/web-user.js';
import { SkipAudit } from '../audit/audit.interceptor.js';
import { InvalidInputError, type FieldError } from '../common/errors.js';
import { renderPage } from '../web/views.js';
import { AdjustmentsService, type NewAdjustment } from './adjustments.service.js';
import { NotificationsService } from './notifications.service.js';
import { ADJUSTMENT_STATUSES, CONTACT_METHODS, STATUS_WORDS, URGENCIES, type AdjustmentStatus } from './workflow.js';

type FormBody = Record<string, string | string[] | undefined>;
const str = (body: FormBody | Record<string, unknown>, name: string): string => {
  const value = body?.[name];
  return typeof value === 'string' ? value : '';
};

const URGENCY_WORDS = { standard: 'Within a few weeks', soon: 'Within a week', urgent: 'I cannot do my job now' } as const;
const CONTACT_WORDS = { email: 'Email', phone: 'Phone', 'video-call': 'Video call', 'in-person': 'In person' } as const;
const FIELD_ORDER = ['system', 'assistiveTechnology', 'atVersion', 'barrier', 'need', 'urgency', 'contactMethod', 'contactDetails', 'to', 'reason', 'alternative', 'reviewDueOn'];

function formErrorsOf(errors: FieldError[]) {
  const sorted = [...errors].sort((a, b) => FIELD_ORDER.indexOf(a.field) - FIELD_ORDER.indexOf(b.field));
  return {
    list: sorted.map((e) => ({ text: e.message, href: `#${e.field}` })),
    fields: Object.fromEntries(sorted.map((e) => [e.field, { text: e.message }])),
  };
}

/**
 * /adjustments: staff ask for a workplace adjustment and follow it; champions triage the requests
 * for the systems and departments they cover. All reads and writes are audited by the service.
 */
@ApiExcludeController()
@Controller('adjustments')
@PageAccess('staff')
@SkipAudit()
export class AdjustmentsPagesController {
  constructor(
    private readonly adjustments: AdjustmentsService,
    private readonly notifications: NotificationsService,
  ) {}

  @Get()
  async list(@CurrentUser() user: WebUser, @Res() res: Response) {
    const { mine, toTriage } = await this.adjustments.listFor(user);
    // Shown until dismissed (POST /adjustments/notifications/read): a GET never changes anything.
    const notifications = await this.notifications.unreadFor(user.id);
    await renderPage(res, 'adjustments/list.njk', { mine, toTriage, notifications, statusWords: STATUS_WORDS, urgencyWords: URGENCY_WORDS, isTriager: user.role !== 'staff' });
  }

  /** Step one chooses the pair (GET, so it works without JavaScript); with a pair chosen, the page shows its compatibility and the rest of the form. */
  @Get('new')
  async form(@Query() query: Record<string, unknown>, @Res() res: Response) {
    await this.renderForm(res, { system: str(query, 'system'), assistiveTechnology: str(query, 'assistiveTechnology'), atVersion: str(query, 'atVersion') });
  }

  @Post()
  async create(@CurrentUser() user: WebUser, @Body() body: FormBody, @Res() res: Response) {
    const input: NewAdjustment = {
      system: str(body, 'system'),
      assistiveTechnology: str(body, 'assistiveTechnology'),
      atVersion: str(body, 'atVersion') || undefined,
      barrier: str(body, 'barrier'),
      need: str(body, 'need'),
      urgency: str(body, 'urgency'),
      contactMethod: str(body, 'contactMethod'),
      contactDetails: str(body, 'contactDetails'),
    };
    try {
      const id = await this.adjustments.create(user, input);
      res.redirect(303, `/adjustments/${id}?submitted=1`);
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      await this.renderForm(res, { ...input, atVersion: input.atVersion ?? '' }, error.errors, 400);
    }
  }

  /** Everything about the requester's own requests, as a JSON file. */
  @Get('my-data.json')
  async download(@CurrentUser() user: WebUser, @Res() res: Response) {
    const data = await this.adjustments.exportFor(user);
    res.setHeader('Content-Disposition', 'attachment; filename="atcompat-my-adjustment-requests.json"');
    res.type('application/json').send(JSON.stringify(data, null, 2));
  }

  @Get(':id')
  async show(@CurrentUser() user: WebUser, @Param('id') id: string, @Query() query: Record<string, unknown>, @Res() res: Response) {
    await this.renderRequest(res, user, id, { submitted: query.submitted === '1', changed: query.changed === '1', recorded: query.recorded === '1' });
  }

  @Post(':id/status')
  async move(@CurrentUser() user: WebUser, @Param('id') id: string, @Body() body: FormBody, @Res() res: Response) {
    const to = str(body, 'to') as AdjustmentStatus;
    const input = { to, reason: str(body, 'reason'), alternative: str(body, 'alternative'), reviewDueOn: str(body, 'reviewDueOn') };
    try {
      if (!ADJUSTMENT_STATUSES.includes(to)) throw new InvalidInputError([{ field: 'to', message: 'Select what happens next' }]);
      await this.adjustments.move(user, id, input);
      res.redirect(303, `/adjustments/${id}?changed=1`);
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      await this.renderRequest(res, user, id, { values: input, errors: formErrorsOf(error.errors) }, 400);
    }
  }

  private async renderRequest(res: Response, user: WebUser, id: string, extra: Record<string, unknown>, status = 200) {
    const request = await this.adjustments.view(user, id);
    await renderPage(
      res,
      'adjustments/show.njk',
      {
        request,
        statusWords: STATUS_WORDS,
        urgencyWords: URGENCY_WORDS,
        contactWords: CONTACT_WORDS,
        nextItems: request.next
          .filter((s) => s !== 'withdrawn')
          .map((s) => ({ value: s, text: STATUS_WORDS[s], checked: (extra.values as { to?: string } | undefined)?.to === s })),
        canWithdraw: request.next.includes('withdrawn'),
        backLink: { href: '/adjustments', text: 'Back to adjustment requests' },
        ...extra,
      },
      status,
    );
  }

  private async renderForm(res: Response, values: Record<string, string | undefined>, errors?: FieldError[], status = 200) {
    const { systems, ats } = await this.adjustments.choices();
    const compatibility =
      values.system && values.assistiveTechnology ? await this.adjustments.compatibility(values.system, values.assistiveTechnology, values.atVersion || undefined) : null;
    const versions = ats.find((a) => a.slug === values.assistiveTechnology)?.versions ?? [];
    await renderPage(
      res,
      'adjustments/new.njk',
      {
        values,
        compatibility,
        systemItems: [{ value: '', text: 'Select a system' }, ...systems.map((s) => ({ value: s.slug, text: s.name, selected: s.slug === values.system }))],
        atItems: [{ value: '', text: 'Select an assistive technology' }, ...ats.map((a) => ({ value: a.slug, text: a.name, selected: a.slug === values.assistiveTechnology }))],
        versionItems: [{ value: '', text: 'I do not know' }, ...versions.map((v) => ({ value: v, text: v, selected: v === values.atVersion }))],
        urgencyItems: URGENCIES.map((u) => ({ value: u, text: URGENCY_WORDS[u], checked: values.urgency === u })),
        contactItems: CONTACT_METHODS.map((c) => ({ value: c, text: CONTACT_WORDS[c], checked: values.contactMethod === c })),
        errors: errors ? formErrorsOf(errors) : undefined,
        backLink: { href: '/adjustments', text: 'Back to adjustment requests' },
      },
      status,
    );
  }
}
