import { Body, Controller, Get, Param, Post, Query, Res, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal } from '../accounts/access.decorator.js';
import { CoverageService } from '../accounts/coverage.service.js';
import { CurrentUser, PageAccess } from '../accounts/page-access.js';
import type { Principal } from '../accounts/principal.js';
import type { WebUser } from '../accounts/web-user.js';
import { ListRecordsQuery } from '../compatibility/dto/list-records.query.js';
import { ListKnownIssuesQuery } from '../compatibility/dto/known-issue.dto.js';
import { KnownIssuesService } from '../compatibility/known-issues.service.js';
import { RecordsService } from '../compatibility/records.service.js';
import { ListRunsQuery } from '../runs/dto/publish-run.dto.js';
import { GateService } from '../runs/gate.service.js';
import { RunsService } from '../runs/runs.service.js';
import { findingsChart } from '../web/chart.js';
import { dateParts, lines, pagination, queryOf, slugErrorField, splitDate, submitForm, text, typedDate, type FieldMap, type FormBody } from '../web/forms.js';
import { pageNumberFrom } from '../common/pagination.js';
import { choices, LIFECYCLE_LABELS, SYSTEM_PLATFORM_LABELS } from '../web/labels.js';
import { renderPage } from '../web/views.js';
import { CreateReleaseDto, UpdateReleaseDto } from './dto/create-release.dto.js';
import { CreateSystemDto, UpdateSystemDto } from './dto/create-system.dto.js';
import { ListSystemsQuery } from './dto/list-systems.query.js';
import type { SystemResponse } from './dto/system.response.js';
import { SystemsService } from './systems.service.js';

const SYSTEM_FIELDS: FieldMap = {
  name: { label: 'Name' },
  slug: { label: 'Short name for web addresses' },
  owner: { label: 'Owner' },
  department: { label: 'Department' },
  platform: { label: 'Platform', message: 'Select how people use the system' },
  lifecycle: { label: 'Lifecycle', message: 'Select where the system is in its life' },
  urls: { label: 'Web addresses' },
  description: { label: 'Description' },
};

const RELEASE_FIELDS: FieldMap = {
  version: { label: 'Version' },
  releasedOn: { label: 'Release date', id: 'releasedOn-day', message: 'Release date must be a real date, for example 27 3 2026' },
  notes: { label: 'Notes' },
};

/**
 * Systems as web pages: the list, one system (releases, gate, records, known issues, runs and a
 * findings chart), and the forms to add or change systems and releases.
 *
 * The system page also reads compatibility records, known issues and runs; those modules import
 * this one, so their services are looked up when the app starts rather than injected (which
 * would be a circular import between modules).
 */
@ApiExcludeController()
// Browsing needs anyone signed in; every form (GET and POST) needs an accessibility champion.
@PageAccess('staff')
@Controller('systems')
export class SystemsPagesController implements OnModuleInit {
  private records!: RecordsService;
  private issues!: KnownIssuesService;
  private runs!: RunsService;
  private gate!: GateService;

  constructor(
    private readonly systems: SystemsService,
    private readonly coverage: CoverageService,
    private readonly moduleRef: ModuleRef,
  ) {}

  onModuleInit(): void {
    this.records = this.moduleRef.get(RecordsService, { strict: false });
    this.issues = this.moduleRef.get(KnownIssuesService, { strict: false });
    this.runs = this.moduleRef.get(RunsService, { strict: false });
    this.gate = this.moduleRef.get(GateService, { strict: false });
  }

  @Get()
  async list(@Query() raw: FormBody, @Res() res: Response) {
    const page = pageNumberFrom(text(raw, 'page'));
    const systems = await this.systems.list(queryOf(ListSystemsQuery, { page, pageSize: 20 }));
    return renderPage(res, 'systems/index.njk', { systems, pagination: pagination('/systems', systems) });
  }

  @PageAccess('champion')
  @Get('new')
  newForm(@Res() res: Response) {
    return renderPage(res, 'systems/form.njk', { ...systemFormLocals(), values: {} });
  }

  @PageAccess('champion')
  @Post()
  create(@CurrentUser() user: WebUser, @Body() body: FormBody, @Res() res: Response) {
    return submitForm({
      res,
      dto: CreateSystemDto,
      values: systemValues(body, false),
      typed: body,
      fields: SYSTEM_FIELDS,
      view: 'systems/form.njk',
      locals: systemFormLocals(undefined, body),
      errorField: slugErrorField(body),
      save: async (dto) => {
        this.coverage.assertMayPlaceIn(user, dto.department);
        return `/systems/${(await this.systems.create(dto)).slug}`;
      },
    });
  }

  @Get(':slug')
  async show(@Param('slug') slug: string, @CurrentPrincipal() reader: Principal, @Res() res: Response) {
    const system = await this.systems.get(slug);
    const [records, issues, runs, history] = await Promise.all([
      this.records.list(queryOf(ListRecordsQuery, { system: slug, pageSize: 100 })),
      this.issues.list(queryOf(ListKnownIssuesQuery, { system: slug, pageSize: 100 })),
      this.runs.listForSystem(slug, queryOf(ListRunsQuery, { pageSize: 10 }), reader),
      this.runs.history(slug, queryOf(ListRunsQuery, { pageSize: 8 }), reader),
    ]);
    const releases = [...(system.releases ?? [])].reverse();
    const gates = await Promise.all(releases.map((release) => this.gate.gate(slug, release.version, reader)));
    return renderPage(res, 'systems/show.njk', {
      system,
      releases: releases.map((release, i) => ({ ...release, gate: gates[i] })),
      records: records.items,
      issues: issues.items,
      runs: runs.items,
      chart: findingsChart(history.items),
    });
  }

  @PageAccess('champion')
  @Get(':slug/edit')
  async editForm(@CurrentUser() user: WebUser, @Param('slug') slug: string, @Res() res: Response) {
    const system = await this.systems.get(slug);
    await this.coverage.assertMayEdit(user, system);
    return renderPage(res, 'systems/form.njk', {
      ...systemFormLocals(system),
      values: { ...system, urls: system.urls.join('\n') },
    });
  }

  @PageAccess('champion')
  @Post(':slug/edit')
  async update(@CurrentUser() user: WebUser, @Param('slug') slug: string, @Body() body: FormBody, @Res() res: Response) {
    const system = await this.systems.get(slug);
    await this.coverage.assertMayEdit(user, system);
    return submitForm({
      res,
      dto: UpdateSystemDto,
      values: systemValues(body, true),
      typed: body,
      // Blank, the only thing wrong with the short name is that it is missing: say so the GOV.UK way.
      fields: text(body, 'slug') || body.slug === undefined ? SYSTEM_FIELDS : { ...SYSTEM_FIELDS, slug: { label: SYSTEM_FIELDS.slug!.label, message: 'Enter a short name for web addresses' } },
      view: 'systems/form.njk',
      locals: systemFormLocals(system, body),
      errorField: slugErrorField(body),
      save: async (dto) => {
        if (dto.department !== undefined && dto.department !== system.department) this.coverage.assertMayPlaceIn(user, dto.department);
        return `/systems/${(await this.systems.update(slug, dto)).slug}`;
      },
    });
  }

  @PageAccess('champion')
  @Get(':slug/releases/new')
  async newReleaseForm(@CurrentUser() user: WebUser, @Param('slug') slug: string, @Res() res: Response) {
    const system = await this.systems.get(slug);
    await this.coverage.assertMayEdit(user, system);
    return renderPage(res, 'systems/release-form.njk', { system, values: {}, releasedOn: splitDate(null) });
  }

  @PageAccess('champion')
  @Post(':slug/releases')
  async createRelease(@CurrentUser() user: WebUser, @Param('slug') slug: string, @Body() body: FormBody, @Res() res: Response) {
    const system = await this.systems.get(slug);
    await this.coverage.assertMayEdit(user, system);
    return submitForm({
      res,
      dto: CreateReleaseDto,
      values: releaseValues(body, false),
      typed: body,
      fields: RELEASE_FIELDS,
      view: 'systems/release-form.njk',
      locals: { system, releasedOn: typedDate(body, 'releasedOn') },
      errorField: () => 'version',
      save: async (dto) => {
        await this.systems.addRelease(slug, dto);
        return `/systems/${slug}#releases`;
      },
    });
  }

  @PageAccess('champion')
  @Get(':slug/releases/:version/edit')
  async editReleaseForm(@CurrentUser() user: WebUser, @Param('slug') slug: string, @Param('version') version: string, @Res() res: Response) {
    const system = await this.systems.get(slug);
    await this.coverage.assertMayEdit(user, system);
    const release = await this.systems.getRelease(slug, version);
    return renderPage(res, 'systems/release-form.njk', { system, release, values: release, releasedOn: splitDate(release.releasedOn) });
  }

  @PageAccess('champion')
  @Post(':slug/releases/:version/edit')
  async updateRelease(@CurrentUser() user: WebUser, @Param('slug') slug: string, @Param('version') version: string, @Body() body: FormBody, @Res() res: Response) {
    const system = await this.systems.get(slug);
    await this.coverage.assertMayEdit(user, system);
    const release = await this.systems.getRelease(slug, version);
    return submitForm({
      res,
      dto: UpdateReleaseDto,
      values: releaseValues(body, true),
      typed: body,
      fields: RELEASE_FIELDS,
      view: 'systems/release-form.njk',
      locals: { system, release, releasedOn: typedDate(body, 'releasedOn') },
      errorField: () => 'version',
      save: async (dto) => {
        await this.systems.updateRelease(slug, version, dto);
        return `/systems/${slug}#releases`;
      },
    });
  }
}

/**
 * The DTO's values from the form. On an edit, an emptied optional field clears it, and an emptied
 * short name is sent blank so the DTO refuses it (a form without the field keeps the short name).
 */
function systemValues(body: FormBody, editing: boolean): Record<string, unknown> {
  return {
    name: text(body, 'name') ?? '',
    slug: text(body, 'slug') ?? (editing && body.slug !== undefined ? '' : undefined),
    owner: text(body, 'owner') ?? '',
    department: text(body, 'department') ?? '',
    platform: text(body, 'platform'),
    lifecycle: text(body, 'lifecycle'),
    urls: lines(body, 'urls'),
    description: text(body, 'description') ?? (editing ? '' : undefined),
  };
}

function releaseValues(body: FormBody, editing: boolean): Record<string, unknown> {
  return {
    version: text(body, 'version') ?? '',
    releasedOn: dateParts(body, 'releasedOn') ?? (editing ? null : undefined),
    notes: text(body, 'notes') ?? (editing ? '' : undefined),
  };
}

function systemFormLocals(system?: SystemResponse, typed?: FormBody) {
  const platform = typed ? text(typed, 'platform') : system?.platform;
  const lifecycle = typed ? text(typed, 'lifecycle') : system?.lifecycle;
  return {
    system,
    platformItems: choices(SYSTEM_PLATFORM_LABELS, platform, { key: 'checked' }),
    lifecycleItems: choices(LIFECYCLE_LABELS, lifecycle, { key: 'checked' }),
  };
}

