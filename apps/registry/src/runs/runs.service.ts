import { recordChange } from '../audit/changes.js';
import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import { isAtProfile, validateReport, type AtProfile, type AtcompatReport, type EvidenceKind } from '@atcompat/contracts';
import type { Principal } from '../accounts/principal.js';
import { assertMayReadRuns } from '../accounts/system-scope.js';
import { ConflictError, DomainError, ForbiddenError, InvalidInputError, NotFoundError, type FieldError } from '../common/errors.js';
import { compareReleased } from '../common/ordering.js';
import { Page } from '../common/pagination.js';
import { Where } from '../common/sql.js';
import { CompatibilityRecord } from '../compatibility/compatibility-record.entity.js';
import { RecordsService } from '../compatibility/records.service.js';
import { SystemRelease } from '../systems/system-release.entity.js';
import type { System } from '../systems/system.entity.js';
import { SystemsService } from '../systems/systems.service.js';
import { diffFindings } from './changes.js';
import type { ListFindingsQuery, ListRunsQuery, PublishRunDto } from './dto/publish-run.dto.js';
import type { ChangesResponse, FindingResponse, HistoryEntryResponse, RunEvidenceResponse, RunResponse } from './dto/run.response.js';
import { automatedEvidenceFor, type StoredFinding } from './run-evidence.js';
import { Run } from './run.entity.js';

/** Findings are inserted this many rows to a statement (well under Postgres's 65535 parameters). */
const FINDING_BATCH = 500;

/** `/pages/0/findings/2/rule` → `report.pages[0].findings[2].rule`, the way other fields are named. */
export function reportField(pointer: string): string {
  const segments = pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  return segments.reduce((field, s) => (/^\d+$/.test(s) ? `${field}[${s}]` : `${field}.${s}`), 'report');
}

/** Every finding of a report, flattened with its page, in report order. */
export function flattenFindings(report: AtcompatReport): (StoredFinding & { wcag: string[] })[] {
  return report.pages.flatMap((page) =>
    page.findings.map((f) => ({
      rule: f.rule,
      impact: f.impact,
      profiles: [...new Set(f.profiles)],
      wcag: f.wcag,
      selector: f.selector,
      fingerprint: f.fingerprint,
      pageUrl: page.url,
      pageState: page.state,
      message: f.message,
    })),
  );
}

interface RunRow extends Run {
  systemSlug: string;
  systemName: string;
  releaseVersion: string;
}

const RUN_SELECT = `
  SELECT r.id, r.system_id AS "systemId", r.release_id AS "releaseId", r.commit_sha AS "commitSha",
    r.pipeline_url AS "pipelineUrl", r.tool_name AS "toolName", r.tool_version AS "toolVersion", r.browser,
    r.started_at AS "startedAt", r.finished_at AS "finishedAt", r.profiles, r.summary, r.journeys,
    r.report_sha256 AS "reportSha256", r.published_by AS "publishedBy", r.token_id AS "tokenId", r.created_at AS "createdAt",
    s.slug AS "systemSlug", s.name AS "systemName", sr.version AS "releaseVersion"
  FROM run r JOIN system s ON s.id = r.system_id JOIN system_release sr ON sr.id = r.release_id`;

const FINDING_COLUMNS = `id, rule, impact, profiles, wcag, selector, fingerprint, page_url AS "pageUrl", page_state AS "pageState", message`;

/** Publishing atcompat runs, the evidence they add, and what they say over time. */
@Injectable()
export class RunsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly systems: SystemsService,
    private readonly records: RecordsService,
  ) {}

  /**
   * Stores a report for a system release (creating the release if new) and adds automated
   * evidence to that release's records. Idempotent by the report's run.id: `created` is false
   * when the same report was already published.
   */
  async publish(dto: PublishRunDto, principal: Principal): Promise<{ created: boolean; run: RunResponse }> {
    const validation = validateReport(dto.report);
    if (!validation.valid) {
      throw new InvalidInputError(
        validation.errors.map((e) => ({ field: reportField(e.path), message: e.message })),
        'The report is not a valid atcompat report (contract v1).',
      );
    }
    const report = validation.report;
    const mismatches: FieldError[] = [];
    if (report.run.target?.system !== undefined && report.run.target.system !== dto.system) {
      mismatches.push({ field: 'report.run.target.system', message: `the report is for system "${report.run.target.system}", but system is "${dto.system}"` });
    }
    if (report.run.target?.release !== undefined && report.run.target.release !== dto.release) {
      mismatches.push({ field: 'report.run.target.release', message: `the report is for release "${report.run.target.release}", but release is "${dto.release}"` });
    }
    if (mismatches.length) throw new InvalidInputError(mismatches, 'The report was made for another system or release.');

    const system = await this.systems.find(dto.system);
    if (principal.kind === 'token' && !principal.systemIds.has(system.id)) {
      throw new ForbiddenError(
        `The ${principal.label} may publish runs for ${principal.systemSlugs.join(', ') || 'no system'} only, not for ${system.slug}. Ask an admin for a token scoped to ${system.slug}.`,
      );
    }
    const sha256 = createHash('sha256').update(JSON.stringify(dto.report)).digest('hex');
    const existing = await this.existing(report.run.id, system, dto.release, sha256, principal);
    if (existing) return { created: false, run: existing };

    try {
      await this.dataSource.transaction(async (em) => {
        const release = await this.findOrCreateRelease(em, system, dto.release, report.run.id);
        await this.insertRun(em, { dto, report, system, release, sha256, principal });
        await this.addAutomatedEvidence(em, report, release, dto.pipelineUrl ?? null);
      });
    } catch (error) {
      // The same report published twice at once: the second insert meets the first's primary key.
      const constraint = (error as QueryFailedError & { driverError?: { constraint?: string } }).driverError?.constraint;
      if (error instanceof QueryFailedError && constraint === 'pk_run') {
        const raced = await this.existing(report.run.id, system, dto.release, sha256, principal);
        if (raced) return { created: false, run: raced };
      }
      throw error;
    }
    return { created: true, run: await this.get(report.run.id, principal) };
  }

  /** One run, for the admin, a token scoped to its system, or someone signed in (`reader`). */
  async get(id: string, reader: Principal | undefined): Promise<RunResponse> {
    const [row] = (await this.dataSource.query(`${RUN_SELECT} WHERE r.id = $1`, [id])) as RunRow[];
    if (!row) throw new NotFoundError('run', id);
    assertMayReadRuns(reader, { id: row.systemId, slug: row.systemSlug });
    const evidence = await this.evidenceOf(id);
    return toResponse(row, { journeys: row.journeys, evidence });
  }

  async report(id: string, reader: Principal | undefined): Promise<unknown> {
    const [row] = await this.dataSource.query(`SELECT r.report, r.system_id AS "systemId", s.slug FROM run r JOIN system s ON s.id = r.system_id WHERE r.id = $1`, [id]);
    if (!row) throw new NotFoundError('run', id);
    assertMayReadRuns(reader, { id: row.systemId, slug: row.slug });
    return row.report;
  }

  async findings(id: string, query: ListFindingsQuery, reader: Principal | undefined): Promise<Page<FindingResponse>> {
    await this.get(id, reader);
    const where = new Where().add('run_id = ?', id);
    if (query.profile) where.add('? = ANY(profiles)', query.profile);
    if (query.impact) where.add('impact = ?', query.impact);
    if (query.rule) where.add('rule = ?', query.rule);
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM run_finding ${where}`, where.params);
    const limit = where.param(query.pageSize);
    const offset = where.param(query.offset);
    const rows: FindingResponse[] = await this.dataSource.query(
      `SELECT ${FINDING_COLUMNS} FROM run_finding ${where} ORDER BY position LIMIT ${limit} OFFSET ${offset}`,
      where.params,
    );
    return Page.of(rows, Number(total), query);
  }

  /** A system's runs, newest first. */
  async listForSystem(slug: string, query: ListRunsQuery, reader: Principal | undefined): Promise<Page<RunResponse>> {
    const system = await this.systems.find(slug);
    assertMayReadRuns(reader, system);
    const where = new Where().add('r.system_id = ?', system.id);
    if (query.release) where.add('sr.version = ?', query.release);
    const [{ total }] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM run r JOIN system_release sr ON sr.id = r.release_id ${where}`,
      where.params,
    );
    const limit = where.param(query.pageSize);
    const offset = where.param(query.offset);
    const rows = (await this.dataSource.query(
      `${RUN_SELECT} ${where} ORDER BY r.started_at DESC, r.created_at DESC, r.id LIMIT ${limit} OFFSET ${offset}`,
      where.params,
    )) as RunRow[];
    return Page.of(rows.map((row) => toResponse(row)), Number(total), query);
  }

  /** Runs over time (newest first) with each run's verdict and finding count per profile. */
  async history(slug: string, query: ListRunsQuery, reader: Principal | undefined): Promise<Page<HistoryEntryResponse>> {
    const page = await this.listForSystem(slug, query, reader);
    return Page.of(
      page.items.map((run) => ({
        runId: run.id,
        release: run.release,
        commit: run.commit,
        startedAt: run.startedAt,
        findings: run.summary.findings,
        profiles: run.profiles,
      })),
      page.total,
      query,
    );
  }

  /** By fingerprint: what the latest run of this release found that the previous release's latest run did not, and what it fixed. */
  async changes(slug: string, version: string, reader: Principal | undefined): Promise<ChangesResponse> {
    const system = await this.systems.find(slug);
    assertMayReadRuns(reader, system);
    const release = await this.systems.findRelease(slug, version);
    const current = await this.latestRunOf(release.id);
    if (!current) {
      throw new DomainError(404, 'no-runs', `No run has been published for ${system.name} ${version} yet, so there is nothing to compare.`);
    }
    const releases = (await this.dataSource.getRepository(SystemRelease).findBy({ systemId: system.id })).sort(compareReleased);
    const earlier = releases.slice(0, releases.findIndex((r) => r.id === release.id)).reverse();
    let previous: { run: { id: string; startedAt: Date }; version: string } | null = null;
    for (const candidate of earlier) {
      const run = await this.latestRunOf(candidate.id);
      if (run) {
        previous = { run, version: candidate.version };
        break;
      }
    }
    const diff = diffFindings(previous ? await this.findingsOf(previous.run.id) : null, await this.findingsOf(current.id));
    const strip = ({ fingerprint, rule, impact, profiles, selector, pageUrl, pageState, message }: StoredFinding) =>
      ({ fingerprint, rule, impact, profiles, selector, pageUrl, pageState, message });
    return {
      system: { slug: system.slug, name: system.name },
      release: version,
      run: { id: current.id, release: version, startedAt: current.startedAt.toISOString() },
      previousRun: previous ? { id: previous.run.id, release: previous.version, startedAt: previous.run.startedAt.toISOString() } : null,
      new: diff.added.map(strip),
      fixed: diff.fixed.map(strip),
      unchanged: diff.unchanged,
      summary: previous
        ? `${diff.added.length} new, ${diff.fixed.length} fixed, ${diff.unchanged} unchanged since ${previous.version}`
        : `${diff.added.length} new: no earlier release has a run to compare with`,
    };
  }

  /** The latest run (by when it started) of a release. */
  async latestRunOf(releaseId: string): Promise<{ id: string; startedAt: Date; profiles: Run['profiles']; journeys: Run['journeys'] } | null> {
    const [row] = await this.dataSource.query(
      `SELECT id, started_at AS "startedAt", profiles, journeys FROM run WHERE release_id = $1 ORDER BY started_at DESC, created_at DESC, id LIMIT 1`,
      [releaseId],
    );
    return row ? { ...row, startedAt: new Date(row.startedAt) } : null;
  }

  async findingsOf(runId: string, where = '', params: unknown[] = []): Promise<StoredFinding[]> {
    return this.dataSource.query(`SELECT ${FINDING_COLUMNS} FROM run_finding WHERE run_id = $1 ${where} ORDER BY position`, [runId, ...params]);
  }

  /** The run already stored under this id, if it is this same report; a different one is a conflict. */
  private async existing(id: string, system: System, release: string, sha256: string, principal: Principal): Promise<RunResponse | null> {
    const [row] = (await this.dataSource.query(`${RUN_SELECT} WHERE r.id = $1`, [id])) as RunRow[];
    if (!row) return null;
    if (row.systemId !== system.id || row.releaseVersion !== release || row.reportSha256 !== sha256) {
      throw new ConflictError(
        'run-id-reused',
        `A different report with run id ${id} was already published (for ${row.systemSlug} ${row.releaseVersion}). Each run needs its own report.run.id.`,
      );
    }
    return this.get(id, principal);
  }

  private async findOrCreateRelease(em: EntityManager, system: System, version: string, runId: string): Promise<SystemRelease> {
    // ON CONFLICT: two pipelines publishing the first runs of a new release at once both succeed.
    await em.query(
      `INSERT INTO system_release (system_id, version, notes) VALUES ($1, $2, $3)
       ON CONFLICT ON CONSTRAINT uq_system_release_system_version DO NOTHING`,
      [system.id, version, `Created when atcompat run ${runId} was published.`],
    );
    return em.findOneByOrFail(SystemRelease, { systemId: system.id, version });
  }

  private async insertRun(
    em: EntityManager,
    input: { dto: PublishRunDto; report: AtcompatReport; system: System; release: SystemRelease; sha256: string; principal: Principal },
  ): Promise<void> {
    const { dto, report, system, release, sha256, principal } = input;
    await em.insert(Run, {
      id: report.run.id,
      systemId: system.id,
      releaseId: release.id,
      commitSha: dto.commit ?? null,
      pipelineUrl: dto.pipelineUrl ?? null,
      toolName: report.tool.name,
      toolVersion: report.tool.version,
      browser: report.run.browser ?? null,
      startedAt: new Date(report.run.startedAt),
      finishedAt: report.run.finishedAt ? new Date(report.run.finishedAt) : null,
      profiles: report.profiles,
      summary: report.summary,
      journeys: report.journeys,
      report: dto.report,
      reportSha256: sha256,
      publishedBy: principal.label,
      tokenId: principal.kind === 'token' ? principal.tokenId : null,
    });
    const findings = flattenFindings(report);
    for (let start = 0; start < findings.length; start += FINDING_BATCH) {
      const batch = findings.slice(start, start + FINDING_BATCH);
      const params: unknown[] = [];
      const values = batch.map((f, i) => {
        const row = [report.run.id, start + i, f.rule, f.impact, f.profiles, f.wcag, f.selector, f.fingerprint, f.pageUrl, f.pageState, f.message];
        const placeholders = row.map((value) => {
          params.push(value);
          return `$${params.length}`;
        });
        return `(${placeholders.join(', ')})`;
      });
      await em.query(
        `INSERT INTO run_finding (run_id, position, rule, impact, profiles, wcag, selector, fingerprint, page_url, page_state, message)
         VALUES ${values.join(', ')}`,
        params,
      );
    }
  }

  /**
   * For every AT of every profile the report has a verdict for: evidence on each of the release's
   * records for that AT, or on a new record for the AT's newest version when there is none.
   * Whether the evidence sets a status is the records' own rule (evidenceSetsStatus).
   */
  private async addAutomatedEvidence(em: EntityManager, report: AtcompatReport, release: SystemRelease, runUrl: string | null): Promise<void> {
    const profiles = Object.keys(report.profiles).filter(isAtProfile);
    if (!profiles.length) return;
    const ats: { id: string; profile: AtProfile }[] = await em.query(
      `SELECT id, profile FROM assistive_technology WHERE profile = ANY($1::text[]) ORDER BY name, id`,
      [profiles],
    );
    if (!ats.length) return;
    const atIds = ats.map((a) => a.id);
    const existing: { id: string; atId: string; strongest: EvidenceKind | null }[] = await em.query(
      `SELECT r.id, v.assistive_technology_id AS "atId", st.best_evidence_kind AS strongest
       FROM compatibility_record r
       JOIN at_version v ON v.id = r.at_version_id
       JOIN compatibility_record_state st ON st.record_id = r.id
       WHERE r.release_id = $1 AND v.assistive_technology_id = ANY($2::uuid[])
       ORDER BY r.created_at, r.id`,
      [release.id, atIds],
    );
    const newest: { atId: string; versionId: string }[] = await em.query(
      `SELECT DISTINCT ON (assistive_technology_id) assistive_technology_id AS "atId", id AS "versionId"
       FROM at_version WHERE assistive_technology_id = ANY($1::uuid[])
       ORDER BY assistive_technology_id, COALESCE(released_on, (created_at AT TIME ZONE 'UTC')::date) DESC, created_at DESC`,
      [atIds],
    );
    const findings = flattenFindings(report);
    const observed = new Date(report.run.finishedAt ?? report.run.startedAt);
    const observedAt = (observed.getTime() > Date.now() ? new Date() : observed).toISOString();

    for (const at of ats) {
      const facts = { runId: report.run.id, toolVersion: report.tool.version, runUrl, verdict: report.profiles[at.profile]?.verdict, journeys: report.journeys, findings };
      if (!facts.verdict) continue;
      let targets = existing.filter((r) => r.atId === at.id);
      if (!targets.length) {
        const version = newest.find((n) => n.atId === at.id);
        if (!version) continue; // an AT without versions cannot have records
        const created = await em.save(
          em.create(CompatibilityRecord, { releaseId: release.id, atVersionId: version.versionId, browser: null, status: 'untested', summary: '', workaround: null, lastVerifiedAt: null }),
        );
        targets = [{ id: created.id, atId: at.id, strongest: null }];
      }
      for (const target of targets) {
        const evidence = automatedEvidenceFor(facts, at.profile, target.strongest);
        if (!evidence) continue;
        const added = await this.records.addEvidenceIn(em, target.id, {
          kind: 'automated',
          result: evidence.result ?? undefined,
          recordedBy: `atcompat ${report.tool.version} (CI run)`,
          observedAt,
          browser: report.run.browser,
          notes: evidence.notes,
          runId: report.run.id,
          runUrl: runUrl ?? undefined,
        });
        // The summary speaks for the record only while machines are all that back it.
        if (added.statusSet && (added.previousStrongest === null || added.previousStrongest === 'automated')) {
          await em.update(CompatibilityRecord, { id: target.id }, { summary: evidence.summary });
          recordChange('compatibility-record', target.id, { summary: added.record.summary }, { summary: evidence.summary });
        }
      }
    }
  }

  private async evidenceOf(runId: string): Promise<RunEvidenceResponse[]> {
    const rows: (Omit<RunEvidenceResponse, 'assistiveTechnology'> & { atSlug: string; atName: string; atProfile: AtProfile })[] =
      await this.dataSource.query(
        `SELECT e.id AS "evidenceId", e.result, r.id AS "recordId", r.status AS "recordStatus", v.version AS "atVersion",
           at.slug AS "atSlug", at.name AS "atName", at.profile AS "atProfile"
         FROM evidence e
         JOIN compatibility_record r ON r.id = e.record_id
         JOIN at_version v ON v.id = r.at_version_id
         JOIN assistive_technology at ON at.id = v.assistive_technology_id
         WHERE e.run_id = $1
         ORDER BY at.name, v.version, r.browser NULLS FIRST, e.id`,
        [runId],
      );
    return rows.map(({ atSlug, atName, atProfile, ...rest }) => ({
      recordId: rest.recordId,
      evidenceId: rest.evidenceId,
      assistiveTechnology: { slug: atSlug, name: atName, profile: atProfile },
      atVersion: rest.atVersion,
      result: rest.result,
      recordStatus: rest.recordStatus,
    }));
  }
}

function toResponse(row: RunRow, extra: { journeys?: Run['journeys']; evidence?: RunEvidenceResponse[] } = {}): RunResponse {
  const self = `/api/v1/runs/${row.id}`;
  return {
    id: row.id,
    system: { slug: row.systemSlug, name: row.systemName },
    release: row.releaseVersion,
    commit: row.commitSha,
    pipelineUrl: row.pipelineUrl,
    tool: { name: row.toolName, version: row.toolVersion },
    browser: row.browser,
    startedAt: new Date(row.startedAt).toISOString(),
    finishedAt: row.finishedAt ? new Date(row.finishedAt).toISOString() : null,
    profiles: row.profiles,
    summary: row.summary,
    ...extra,
    publishedBy: row.publishedBy,
    createdAt: new Date(row.createdAt).toISOString(),
    links: {
      self,
      findings: `${self}/findings`,
      report: `${self}/report`,
      gate: `/api/v1/systems/${row.systemSlug}/releases/${encodeURIComponent(row.releaseVersion)}/gate`,
    },
  };
}
