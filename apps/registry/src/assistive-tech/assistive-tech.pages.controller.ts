import { Body, Controller, Get, Param, Post, Query, Res, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { PageAccess } from '../accounts/page-access.js';
import { ListKnownIssuesQuery } from '../compatibility/dto/known-issue.dto.js';
import { ListRecordsQuery } from '../compatibility/dto/list-records.query.js';
import { KnownIssuesService } from '../compatibility/known-issues.service.js';
import { RecordsService } from '../compatibility/records.service.js';
import { dateParts, list, pagination, queryOf, slugErrorField, splitDate, submitForm, text, typedDate, type FieldMap, type FormBody } from '../web/forms.js';
import { pageNumberFrom } from '../common/pagination.js';
import { AT_PLATFORM_LABELS, choices, PROFILE_LABELS } from '../web/labels.js';
import { renderPage } from '../web/views.js';
import { AssistiveTechService } from './assistive-tech.service.js';
import type { AssistiveTechnologyResponse } from './dto/assistive-technology.response.js';
import { CreateAssistiveTechnologyDto, UpdateAssistiveTechnologyDto } from './dto/create-assistive-technology.dto.js';
import { CreateAtVersionDto, UpdateAtVersionDto } from './dto/create-at-version.dto.js';
import { ListAssistiveTechnologiesQuery } from './dto/list-assistive-technologies.query.js';

const AT_FIELDS: FieldMap = {
  name: { label: 'Name' },
  slug: { label: 'Short name for web addresses' },
  vendor: { label: 'Supplier' },
  profile: { label: 'Profile', message: 'Select the group of people who use it' },
  platforms: { label: 'Platforms', id: 'platforms', message: 'Select the platforms it runs on' },
  website: { label: 'Website' },
  description: { label: 'Description' },
};

const VERSION_FIELDS: FieldMap = {
  version: { label: 'Version' },
  releasedOn: { label: 'Release date', id: 'releasedOn-day', message: 'Release date must be a real date, for example 27 3 2026' },
  endOfSupport: { label: 'End of support date', id: 'endOfSupport-day', message: 'End of support date must be a real date, on or after the release date' },
  notes: { label: 'Notes' },
};

/** Assistive technologies as web pages: the catalogue, one AT (where it works and where not), and the forms. */
@ApiExcludeController()
// Browsing needs anyone signed in; every form (GET and POST) needs an accessibility champion.
@PageAccess('staff')
@Controller('assistive-technologies')
export class AssistiveTechPagesController implements OnModuleInit {
  private records!: RecordsService;
  private issues!: KnownIssuesService;

  constructor(
    private readonly ats: AssistiveTechService,
    private readonly moduleRef: ModuleRef,
  ) {}

  /** The compatibility module imports this one, so its services are looked up rather than injected. */
  onModuleInit(): void {
    this.records = this.moduleRef.get(RecordsService, { strict: false });
    this.issues = this.moduleRef.get(KnownIssuesService, { strict: false });
  }

  @Get()
  async list(@Query() raw: FormBody, @Res() res: Response) {
    const page = pageNumberFrom(text(raw, 'page'));
    const ats = await this.ats.list(queryOf(ListAssistiveTechnologiesQuery, { page, pageSize: 50 }));
    return renderPage(res, 'assistive-technologies/index.njk', { ats, pagination: pagination('/assistive-technologies', ats) });
  }

  @PageAccess('champion')
  @Get('new')
  newForm(@Res() res: Response) {
    return renderPage(res, 'assistive-technologies/form.njk', { ...atFormLocals(), values: {} });
  }

  @PageAccess('champion')
  @Post()
  create(@Body() body: FormBody, @Res() res: Response) {
    return submitForm({
      res,
      dto: CreateAssistiveTechnologyDto,
      values: atValues(body, false),
      typed: body,
      fields: AT_FIELDS,
      view: 'assistive-technologies/form.njk',
      locals: atFormLocals(undefined, body),
      errorField: slugErrorField(body),
      save: async (dto) => `/assistive-technologies/${(await this.ats.create(dto)).slug}`,
    });
  }

  @Get(':slug')
  async show(@Param('slug') slug: string, @Res() res: Response) {
    const at = await this.ats.get(slug);
    const [records, issues] = await Promise.all([
      this.records.list(queryOf(ListRecordsQuery, { assistiveTechnology: slug, pageSize: 100 })),
      this.issues.list(queryOf(ListKnownIssuesQuery, { assistiveTechnology: slug, pageSize: 100 })),
    ]);
    const works = records.items.filter((r) => r.status === 'works' || r.status === 'works-with-workaround');
    const doesNot = records.items.filter((r) => r.status === 'does-not-work' || r.status === 'partial');
    const untested = records.items.filter((r) => r.status === 'untested');
    return renderPage(res, 'assistive-technologies/show.njk', {
      at,
      versions: [...(at.versions ?? [])].reverse(),
      works,
      doesNot,
      untested,
      issues: issues.items,
    });
  }

  @PageAccess('champion')
  @Get(':slug/edit')
  async editForm(@Param('slug') slug: string, @Res() res: Response) {
    const at = await this.ats.get(slug);
    return renderPage(res, 'assistive-technologies/form.njk', { ...atFormLocals(at), values: at });
  }

  @PageAccess('champion')
  @Post(':slug/edit')
  async update(@Param('slug') slug: string, @Body() body: FormBody, @Res() res: Response) {
    const at = await this.ats.get(slug);
    return submitForm({
      res,
      dto: UpdateAssistiveTechnologyDto,
      values: atValues(body, true),
      typed: body,
      fields: AT_FIELDS,
      view: 'assistive-technologies/form.njk',
      locals: atFormLocals(at, body),
      errorField: slugErrorField(body),
      save: async (dto) => `/assistive-technologies/${(await this.ats.update(slug, dto)).slug}`,
    });
  }

  @PageAccess('champion')
  @Get(':slug/versions/new')
  async newVersionForm(@Param('slug') slug: string, @Res() res: Response) {
    const at = await this.ats.get(slug);
    return renderPage(res, 'assistive-technologies/version-form.njk', { at, values: {}, releasedOn: splitDate(null), endOfSupport: splitDate(null) });
  }

  @PageAccess('champion')
  @Post(':slug/versions')
  async createVersion(@Param('slug') slug: string, @Body() body: FormBody, @Res() res: Response) {
    const at = await this.ats.get(slug);
    return submitForm({
      res,
      dto: CreateAtVersionDto,
      values: versionValues(body, false),
      typed: body,
      fields: VERSION_FIELDS,
      view: 'assistive-technologies/version-form.njk',
      locals: { at, releasedOn: typedDate(body, 'releasedOn'), endOfSupport: typedDate(body, 'endOfSupport') },
      errorField: () => 'version',
      save: async (dto) => {
        await this.ats.addVersion(slug, dto);
        return `/assistive-technologies/${slug}#versions`;
      },
    });
  }

  @PageAccess('champion')
  @Get(':slug/versions/:version/edit')
  async editVersionForm(@Param('slug') slug: string, @Param('version') version: string, @Res() res: Response) {
    const at = await this.ats.get(slug);
    const found = await this.ats.getVersion(slug, version);
    return renderPage(res, 'assistive-technologies/version-form.njk', {
      at,
      version: found,
      values: found,
      releasedOn: splitDate(found.releasedOn),
      endOfSupport: splitDate(found.endOfSupport),
    });
  }

  @PageAccess('champion')
  @Post(':slug/versions/:version/edit')
  async updateVersion(@Param('slug') slug: string, @Param('version') version: string, @Body() body: FormBody, @Res() res: Response) {
    const at = await this.ats.get(slug);
    const found = await this.ats.getVersion(slug, version);
    return submitForm({
      res,
      dto: UpdateAtVersionDto,
      values: versionValues(body, true),
      typed: body,
      fields: VERSION_FIELDS,
      view: 'assistive-technologies/version-form.njk',
      locals: { at, version: found, releasedOn: typedDate(body, 'releasedOn'), endOfSupport: typedDate(body, 'endOfSupport') },
      errorField: () => 'version',
      save: async (dto) => {
        await this.ats.updateVersion(slug, version, dto);
        return `/assistive-technologies/${slug}#versions`;
      },
    });
  }
}

function atValues(body: FormBody, editing: boolean): Record<string, unknown> {
  return {
    name: text(body, 'name') ?? '',
    slug: text(body, 'slug'),
    vendor: text(body, 'vendor') ?? '',
    profile: text(body, 'profile'),
    platforms: list(body, 'platforms'),
    website: text(body, 'website') ?? (editing ? null : undefined),
    description: text(body, 'description') ?? (editing ? '' : undefined),
  };
}

function versionValues(body: FormBody, editing: boolean): Record<string, unknown> {
  return {
    version: text(body, 'version') ?? '',
    releasedOn: dateParts(body, 'releasedOn') ?? (editing ? null : undefined),
    endOfSupport: dateParts(body, 'endOfSupport') ?? (editing ? null : undefined),
    notes: text(body, 'notes') ?? (editing ? '' : undefined),
  };
}

function atFormLocals(at?: AssistiveTechnologyResponse, typed?: FormBody) {
  const profile = typed ? text(typed, 'profile') : at?.profile;
  const platforms = typed ? list(typed, 'platforms') : at?.platforms;
  return {
    at,
    profileItems: choices(PROFILE_LABELS, profile, { key: 'checked' }),
    platformItems: choices(AT_PLATFORM_LABELS, platforms, { key: 'checked' }),
  };
}
