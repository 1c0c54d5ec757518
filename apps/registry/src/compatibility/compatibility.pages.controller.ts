import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { AT_PROFILES } from '@atcompat/contracts';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CoverageService } from '../accounts/coverage.service.js';
import { CurrentUser, PageAccess } from '../accounts/page-access.js';
import type { WebUser } from '../accounts/web-user.js';
import { AssistiveTechService } from '../assistive-tech/assistive-tech.service.js';
import { ListAssistiveTechnologiesQuery } from '../assistive-tech/dto/list-assistive-technologies.query.js';
import type { SystemResponse } from '../systems/dto/system.response.js';
import { ListSystemsQuery } from '../systems/dto/list-systems.query.js';
import { SystemsService } from '../systems/systems.service.js';
import {
  dateParts,
  formErrors,
  queryOf,
  queryString,
  splitDate,
  submitForm,
  text,
  typedDate,
  validateForm,
  type FieldMap,
  type FormBody,
} from '../web/forms.js';
import { choices, EVIDENCE_LABELS, LIFECYCLE_LABELS, PROFILE_LABELS, STATUS_LABELS } from '../web/labels.js';
import { renderPage } from '../web/views.js';
import { uuidParam } from './compatibility.api.controller.js';
import { CreateEvidenceDto } from './dto/create-evidence.dto.js';
import { CreateRecordDto, UpdateRecordDto } from './dto/create-record.dto.js';
import { CreateKnownIssueDto, UpdateKnownIssueDto } from './dto/known-issue.dto.js';
import { MatrixQuery } from './dto/matrix.query.js';
import type { KnownIssueResponse, RecordResponse } from './dto/record.response.js';
import { KnownIssuesService } from './known-issues.service.js';
import { MatrixService } from './matrix.service.js';
import { RecordsService } from './records.service.js';

const MATRIX_FILTERS: FieldMap = {
  profile: { label: 'Profile', message: 'Select a profile from the list' },
  department: { label: 'Department' },
  lifecycle: { label: 'Lifecycle', message: 'Select a lifecycle from the list' },
  status: { label: 'Status', message: 'Select a status from the list' },
};

const DATE_MESSAGE = (label: string) => `${label} must be a real date, for example 27 3 2026`;

const RECORD_FIELDS: FieldMap = {
  system: { label: 'System', message: 'Select a system' },
  release: { label: 'Release', message: 'Select the release of the system' },
  assistiveTechnology: { label: 'Assistive technology', id: 'atVersion', message: 'Select the assistive technology and its version' },
  atVersion: { label: 'Assistive technology', id: 'atVersion', message: 'Select the assistive technology and its version' },
  browser: { label: 'Browser' },
  status: { label: 'Status', message: 'Select how well it works' },
  summary: { label: 'Summary' },
  workaround: { label: 'Workaround' },
  lastVerifiedAt: { label: 'Date last checked', id: 'lastVerifiedAt-day', message: DATE_MESSAGE('Date last checked') },
};

const EVIDENCE_FIELDS: FieldMap = {
  kind: { label: 'Kind of evidence', message: 'Select what kind of evidence this is' },
  result: { label: 'Result', message: 'Select what was found' },
  recordedBy: { label: 'Who tested or reported it' },
  observedAt: { label: 'Date', id: 'observedAt-day', message: 'Date must be a real date, not in the future, for example 27 3 2026' },
  atBuild: { label: 'Exact build' },
  browser: { label: 'Browser' },
  os: { label: 'Operating system' },
  notes: { label: 'What happened' },
  workaround: { label: 'Workaround' },
};

const ISSUE_FIELDS: FieldMap = {
  system: { label: 'System', message: 'Select a system' },
  assistiveTechnology: { label: 'Assistive technology', message: 'Select an assistive technology' },
  title: { label: 'Title' },
  description: { label: 'What happens' },
  workaround: { label: 'Workaround' },
  vendorBugUrl: { label: "Supplier's bug report" },
  affects: { label: 'Affects' },
  status: { label: 'Status', message: 'Select whether the issue is open or resolved' },
};

/** Only a person records evidence on a page; automated evidence comes from published runs. */
const PERSON_EVIDENCE = { manual: EVIDENCE_LABELS.manual, 'user-report': EVIDENCE_LABELS['user-report'], vendor: EVIDENCE_LABELS.vendor };

/** The matrix, compatibility records, their evidence and known issues as web pages. */
@ApiExcludeController()
// Browsing needs anyone signed in; every form (GET and POST) needs an accessibility champion.
@PageAccess('staff')
@Controller()
export class CompatibilityPagesController {
  constructor(
    private readonly matrix: MatrixService,
    private readonly records: RecordsService,
    private readonly issues: KnownIssuesService,
    private readonly systems: SystemsService,
    private readonly ats: AssistiveTechService,
    private readonly coverage: CoverageService,
  ) {}

  @Get('matrix')
  async matrixPage(@Query() raw: FormBody, @Res() res: Response) {
    const filters = { profile: text(raw, 'profile'), department: text(raw, 'department'), lifecycle: text(raw, 'lifecycle'), status: text(raw, 'status') };
    const checked = await validateForm(MatrixQuery, filters);
    const matrix = await this.matrix.matrix(checked.value ?? new MatrixQuery());
    const departments = [...new Set((await this.allSystems()).map((s) => s.department))].sort();
    // One table a profile: each fits the page width, so nothing scrolls sideways on a desktop
    // screen, and a screen reader user meets 1 to 6 columns at a time rather than 15.
    const groups = AT_PROFILES.map((profile) => ({
      profile,
      columns: matrix.assistiveTechnologies.map((at, index) => ({ at, index })).filter(({ at }) => at.profile === profile),
    })).filter((group) => group.columns.length);
    return renderPage(
      res,
      'compatibility/matrix.njk',
      {
        matrix,
        groups,
        filters,
        filtered: Object.values(filters).some(Boolean) && !checked.errors,
        errors: checked.errors ? formErrors(checked.errors, MATRIX_FILTERS) : undefined,
        csvHref: `/api/v1/matrix.csv${checked.errors ? '' : queryString(filters)}`,
        profileItems: choices(PROFILE_LABELS, filters.profile, { blank: 'Any profile' }),
        departmentItems: choices(Object.fromEntries(departments.map((d) => [d, d])), filters.department, { blank: 'Any department' }),
        lifecycleItems: choices(LIFECYCLE_LABELS, filters.lifecycle, { blank: 'Any lifecycle' }),
        statusItems: choices(STATUS_LABELS, filters.status, { blank: 'Any status' }),
      },
      checked.errors ? 400 : 200,
    );
  }

  @PageAccess('champion')
  @Get('compatibility-records/new')
  async newRecordForm(@Query() raw: FormBody, @Res() res: Response) {
    const values = { system: text(raw, 'system'), release: text(raw, 'release'), atVersion: text(raw, 'atVersion') };
    return renderPage(res, 'compatibility/record-form.njk', { ...(await this.recordFormLocals(values)), values });
  }

  @PageAccess('champion')
  @Post('compatibility-records')
  async createRecord(@CurrentUser() user: WebUser, @Body() body: FormBody, @Res() res: Response) {
    await this.coverage.assertMayEdit(user, text(body, 'system') ?? '');
    const [assistiveTechnology, atVersion] = splitAtVersion(text(body, 'atVersion'));
    return submitForm({
      res,
      dto: CreateRecordDto,
      values: {
        system: text(body, 'system') ?? '',
        release: text(body, 'release') ?? '',
        assistiveTechnology: assistiveTechnology ?? '',
        atVersion: atVersion ?? '',
        browser: text(body, 'browser'),
        status: text(body, 'status'),
        summary: text(body, 'summary'),
        workaround: text(body, 'workaround'),
        lastVerifiedAt: dateParts(body, 'lastVerifiedAt'),
      },
      typed: body,
      fields: RECORD_FIELDS,
      view: 'compatibility/record-form.njk',
      locals: { ...(await this.recordFormLocals(body)), lastVerifiedAt: typedDate(body, 'lastVerifiedAt') },
      errorField: (error) => (error.code === 'duplicate-record' ? 'atVersion' : error.status === 404 ? 'system' : 'status'),
      save: async (dto) => `/compatibility-records/${(await this.records.create(dto)).id}`,
    });
  }

  @Get('compatibility-records/:id')
  async showRecord(@Param('id', uuidParam('id')) id: string, @Res() res: Response) {
    const record = await this.records.get(id);
    return renderPage(res, 'compatibility/record.njk', { record });
  }

  @PageAccess('champion')
  @Get('compatibility-records/:id/edit')
  async editRecordForm(@CurrentUser() user: WebUser, @Param('id', uuidParam('id')) id: string, @Res() res: Response) {
    await this.coverage.assertMayEditRecord(user, id);
    const record = await this.records.get(id);
    return renderPage(res, 'compatibility/record-edit.njk', {
      record,
      values: record,
      statusItems: choices(STATUS_LABELS, record.status, { key: 'checked' }),
      lastVerifiedAt: splitDate(record.lastVerifiedAt),
    });
  }

  @PageAccess('champion')
  @Post('compatibility-records/:id/edit')
  async updateRecord(@CurrentUser() user: WebUser, @Param('id', uuidParam('id')) id: string, @Body() body: FormBody, @Res() res: Response) {
    await this.coverage.assertMayEditRecord(user, id);
    const record = await this.records.get(id);
    return submitForm({
      res,
      dto: UpdateRecordDto,
      values: {
        status: text(body, 'status'),
        summary: text(body, 'summary') ?? '',
        workaround: text(body, 'workaround') ?? null,
        lastVerifiedAt: dateParts(body, 'lastVerifiedAt') ?? null,
      },
      typed: body,
      fields: RECORD_FIELDS,
      view: 'compatibility/record-edit.njk',
      locals: { record, statusItems: choices(STATUS_LABELS, text(body, 'status'), { key: 'checked' }), lastVerifiedAt: typedDate(body, 'lastVerifiedAt') },
      errorField: () => 'status',
      save: async (dto) => `/compatibility-records/${(await this.records.update(id, dto)).id}`,
    });
  }

  @PageAccess('champion')
  @Get('compatibility-records/:id/evidence/new')
  async newEvidenceForm(@CurrentUser() user: WebUser, @Param('id', uuidParam('id')) id: string, @Res() res: Response) {
    await this.coverage.assertMayEditRecord(user, id);
    const record = await this.records.get(id);
    const name = (res.locals.user as { name?: string } | undefined)?.name;
    return renderPage(res, 'compatibility/evidence-form.njk', {
      ...evidenceFormLocals(record),
      values: { recordedBy: name ?? '' },
      observedAt: splitDate(new Date().toISOString()),
    });
  }

  @PageAccess('champion')
  @Post('compatibility-records/:id/evidence')
  async addEvidence(@CurrentUser() user: WebUser, @Param('id', uuidParam('id')) id: string, @Body() body: FormBody, @Res() res: Response) {
    await this.coverage.assertMayEditRecord(user, id);
    const record = await this.records.get(id);
    const observed = dateParts(body, 'observedAt');
    return submitForm({
      res,
      dto: CreateEvidenceDto,
      values: {
        kind: text(body, 'kind'),
        result: text(body, 'result') === 'none' ? undefined : text(body, 'result'),
        recordedBy: text(body, 'recordedBy') ?? '',
        // A person says which day; noon UTC keeps it the same day in every UK time zone.
        observedAt: observed ? `${observed}T12:00:00Z` : '',
        atBuild: text(body, 'atBuild'),
        browser: text(body, 'browser'),
        os: text(body, 'os'),
        notes: text(body, 'notes'),
        workaround: text(body, 'workaround'),
      },
      typed: body,
      fields: EVIDENCE_FIELDS,
      view: 'compatibility/evidence-form.njk',
      locals: { ...evidenceFormLocals(record, body), observedAt: typedDate(body, 'observedAt') },
      errorField: () => 'kind',
      save: async (dto) => {
        await this.records.addEvidence(id, dto);
        return `/compatibility-records/${id}#evidence`;
      },
    });
  }

  @PageAccess('champion')
  @Get('known-issues/new')
  async newIssueForm(@Query() raw: FormBody, @Res() res: Response) {
    const values = { system: text(raw, 'system'), assistiveTechnology: text(raw, 'assistiveTechnology') };
    return renderPage(res, 'compatibility/known-issue-form.njk', { ...(await this.issueFormLocals(values)), values });
  }

  @PageAccess('champion')
  @Post('known-issues')
  async createIssue(@CurrentUser() user: WebUser, @Body() body: FormBody, @Res() res: Response) {
    await this.coverage.assertMayEdit(user, text(body, 'system') ?? '');
    return submitForm({
      res,
      dto: CreateKnownIssueDto,
      values: { ...issueValues(body, false), system: text(body, 'system') ?? '', assistiveTechnology: text(body, 'assistiveTechnology') ?? '' },
      typed: body,
      fields: ISSUE_FIELDS,
      view: 'compatibility/known-issue-form.njk',
      locals: await this.issueFormLocals(body),
      errorField: () => 'system',
      save: async (dto) => `/systems/${(await this.issues.create(dto)).system.slug}#known-issues`,
    });
  }

  @PageAccess('champion')
  @Get('known-issues/:id/edit')
  async editIssueForm(@CurrentUser() user: WebUser, @Param('id', uuidParam('id')) id: string, @Res() res: Response) {
    await this.coverage.assertMayEditIssue(user, id);
    const issue = await this.issues.get(id);
    return renderPage(res, 'compatibility/known-issue-form.njk', { ...(await this.issueFormLocals({}, issue)), issue, values: issue });
  }

  @PageAccess('champion')
  @Post('known-issues/:id/edit')
  async updateIssue(@CurrentUser() user: WebUser, @Param('id', uuidParam('id')) id: string, @Body() body: FormBody, @Res() res: Response) {
    await this.coverage.assertMayEditIssue(user, id);
    const issue = await this.issues.get(id);
    return submitForm({
      res,
      dto: UpdateKnownIssueDto,
      values: issueValues(body, true),
      typed: body,
      fields: ISSUE_FIELDS,
      view: 'compatibility/known-issue-form.njk',
      locals: { ...(await this.issueFormLocals(body, issue)), issue },
      errorField: () => 'title',
      save: async (dto) => `/systems/${(await this.issues.update(id, dto)).system.slug}#known-issues`,
    });
  }

  private async allSystems(): Promise<SystemResponse[]> {
    return (await this.systems.list(queryOf(ListSystemsQuery, { pageSize: 100 }))).items;
  }

  private async allAts() {
    return (await this.ats.list(queryOf(ListAssistiveTechnologiesQuery, { pageSize: 100 }))).items;
  }

  /** The choices of the record form: systems, the chosen system's releases, and every AT version. */
  private async recordFormLocals(typed: FormBody) {
    const systems = await this.allSystems();
    const systemSlug = text(typed, 'system');
    const system = systems.find((s) => s.slug === systemSlug);
    const ats = await this.allAts();
    const atVersions: Record<string, string> = {};
    for (const at of ats) for (const v of [...(at.versions ?? [])].reverse()) atVersions[`${at.slug}@${v.version}`] = `${at.name} ${v.version}`;
    const newest = system?.latestRelease ?? undefined;
    return {
      system,
      systemItems: choices(Object.fromEntries(systems.map((s) => [s.slug, s.name])), systemSlug, { blank: 'Select a system' }),
      releaseItems: system
        ? choices(Object.fromEntries([...(system.releases ?? [])].reverse().map((r) => [r.version, r.version])), text(typed, 'release') ?? newest)
        : [],
      atVersionItems: choices(atVersions, text(typed, 'atVersion'), { blank: 'Select an assistive technology and version' }),
      statusItems: choices(STATUS_LABELS, text(typed, 'status'), { key: 'checked' }),
    };
  }

  private async issueFormLocals(typed: FormBody, issue?: KnownIssueResponse) {
    const [systems, ats] = await Promise.all([this.allSystems(), this.allAts()]);
    return {
      systemItems: choices(Object.fromEntries(systems.map((s) => [s.slug, s.name])), text(typed, 'system'), { blank: 'Select a system' }),
      atItems: choices(Object.fromEntries(ats.map((a) => [a.slug, a.name])), text(typed, 'assistiveTechnology'), { blank: 'Select an assistive technology' }),
      statusItems: choices({ open: 'Open', resolved: 'Resolved' }, text(typed, 'status') ?? issue?.status ?? 'open', { key: 'checked' }),
    };
  }
}

/** "dragon-professional@16" → ["dragon-professional", "16"] (a version may itself contain "@"). */
function splitAtVersion(value: string | undefined): [string | undefined, string | undefined] {
  if (!value) return [undefined, undefined];
  const at = value.indexOf('@');
  return at === -1 ? [value, undefined] : [value.slice(0, at), value.slice(at + 1)];
}

function issueValues(body: FormBody, editing: boolean): Record<string, unknown> {
  return {
    title: text(body, 'title') ?? '',
    description: text(body, 'description') ?? (editing ? '' : undefined),
    workaround: text(body, 'workaround') ?? (editing ? null : undefined),
    vendorBugUrl: text(body, 'vendorBugUrl') ?? (editing ? null : undefined),
    affects: text(body, 'affects') ?? (editing ? '' : undefined),
    status: text(body, 'status'),
  };
}

function evidenceFormLocals(record: RecordResponse, typed?: FormBody) {
  return {
    record,
    kindItems: choices(PERSON_EVIDENCE, typed ? text(typed, 'kind') : undefined, { key: 'checked' }),
    resultItems: [
      ...choices(STATUS_LABELS, typed ? text(typed, 'result') : undefined, { key: 'checked' }),
      { divider: 'or' },
      { value: 'none', text: 'No result: a note only', checked: typed ? text(typed, 'result') === 'none' : false },
    ],
  };
}
