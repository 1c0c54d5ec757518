import { AT_PROFILES, type AtProfile, type CompatibilityStatus, type EvidenceKind } from '@atcompat/contracts';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { DataSource } from 'typeorm';
import { tok } from '../../../../test/support/expectations.js';
import { createTestDatabase, testConfig, type TestDatabase } from '../../../../test/support/database.js';
import { bootstrapApp } from '../app.js';
import { AssistiveTechService } from '../assistive-tech/assistive-tech.service.js';
import type { AssistiveTechnologyResponse } from '../assistive-tech/dto/assistive-technology.response.js';
import type { SystemResponse } from '../systems/dto/system.response.js';
import type { Lifecycle } from '../systems/system.entity.js';
import { SystemsService } from '../systems/systems.service.js';
import type { CreateRecordDto } from './dto/create-record.dto.js';
import type { MatrixQuery } from './dto/matrix.query.js';
import { KnownIssuesService } from './known-issues.service.js';
import type { Matrix } from './matrix.js';
import { CELL_RECORDS_SQL, MatrixService } from './matrix.service.js';
import { RecordsService } from './records.service.js';

describe(MatrixService.name, () => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  let dataSource: DataSource;
  let service: MatrixService;
  let ats: AssistiveTechService;
  let systems: SystemsService;
  let records: RecordsService;
  let issues: KnownIssuesService;

  beforeAll(async () => {
    db = await createTestDatabase();
    ({ app, dataSource } = await bootstrapApp(testConfig(db.database)));
    await app.init();
    service = app.get(MatrixService);
    ats = app.get(AssistiveTechService);
    systems = app.get(SystemsService);
    records = app.get(RecordsService);
    issues = app.get(KnownIssuesService);
  });

  afterAll(async () => {
    await app?.close();
    if (dataSource?.isInitialized) await dataSource.destroy();
    await db?.drop();
  });

  /** A fresh AT with versions 1 (2024) and 2 (2025). */
  async function newAt(profile: AtProfile = 'speech', name = `AT ${tok()}`): Promise<AssistiveTechnologyResponse> {
    const at = await ats.create({ name, slug: `at-${tok()}`, vendor: 'Vendor', profile, platforms: ['windows'] });
    await ats.addVersion(at.slug, { version: '1', releasedOn: '2024-01-01' });
    await ats.addVersion(at.slug, { version: '2', releasedOn: '2025-01-01' });
    return at;
  }

  /** A fresh system in `department` with releases 1.0 and 1.1 (2025). */
  async function newSystem(department: string, lifecycle: Lifecycle = 'live', name = `System ${tok()}`): Promise<SystemResponse> {
    const system = await systems.create({ name, owner: 'Team', department, platform: 'web', lifecycle });
    await systems.addRelease(system.slug, { version: '1.0', releasedOn: '2025-01-01' });
    await systems.addRelease(system.slug, { version: '1.1', releasedOn: '2025-06-01' });
    return system;
  }

  /** A record on release 1.1 and AT version 2 unless told otherwise. */
  const record = (system: SystemResponse, at: AssistiveTechnologyResponse, overrides: Partial<CreateRecordDto> = {}) =>
    records.create({ system: system.slug, release: '1.1', assistiveTechnology: at.slug, atVersion: '2', status: 'untested', ...overrides });

  const prove = (recordId: string, kind: EvidenceKind, result: CompatibilityStatus, observedAt: string) =>
    records.addEvidence(recordId, { kind, result, recordedBy: 'Tester', observedAt });

  const matrix = (query: MatrixQuery = {}) => service.matrix(query);

  function cellOf(m: Matrix, system: SystemResponse, at: AssistiveTechnologyResponse) {
    const row = m.systems.find((s) => s.slug === system.slug);
    const column = m.assistiveTechnologies.findIndex((a) => a.slug === at.slug);
    expect(row).toBeDefined();
    expect(column).toBeGreaterThanOrEqual(0);
    const cell = row!.cells[column]!;
    expect(cell.assistiveTechnology).toBe(at.slug);
    return cell;
  }

  const cell = async (system: SystemResponse, at: AssistiveTechnologyResponse, query: MatrixQuery = {}) =>
    cellOf(await matrix({ department: system.department, ...query }), system, at);

  describe('the set-wise cell query', () => {
    /** The choice made record by record through the compatibility_record_state view (the rule's definition). */
    const THROUGH_THE_VIEW = `
      SELECT DISTINCT ON (st.system_id, st.assistive_technology_id)
        st.system_id AS "systemId", st.assistive_technology_id AS "atId", r.id AS "recordId", r.status,
        sr.version AS release, v.version AS "atVersion", r.browser, st.best_evidence_kind AS evidence,
        (st.newer_release_exists OR st.newer_at_version_exists) AS "needsRetest",
        (COALESCE(r.workaround, '') <> '') AS "hasWorkaround", r.last_verified_at AS "lastVerifiedAt"
      FROM compatibility_record_state st
      JOIN compatibility_record r ON r.id = st.record_id
      JOIN system_release sr ON sr.id = r.release_id
      JOIN at_version v ON v.id = r.at_version_id
      ORDER BY st.system_id, st.assistive_technology_id,
        st.release_order_date DESC, st.release_created_at DESC, st.evidence_strength DESC,
        st.at_version_order_date DESC, st.at_version_created_at DESC,
        r.last_verified_at DESC NULLS LAST, r.updated_at DESC, r.id`;

    it('chooses the same record, evidence and retest flag as the view, for every cell', async () => {
      // Ties everywhere the rule has an order: releases and AT versions on the same day or with no
      // date, evidence of every kind at the same moment, several browsers.
      const at = await newAt();
      await ats.addVersion(at.slug, { version: '2b', releasedOn: '2025-01-01' });
      await ats.addVersion(at.slug, { version: 'undated' });
      const other = await newAt('keyboard');
      for (let i = 0; i < 4; i += 1) {
        const system = await newSystem(`Ties ${tok()}`);
        await systems.addRelease(system.slug, { version: '1.1-same-day', releasedOn: '2025-06-01' });
        if (i % 2) await systems.addRelease(system.slug, { version: 'undated' });
        const releases = ['1.0', '1.1', '1.1-same-day', ...(i % 2 ? ['undated'] : [])];
        let n = 0;
        for (const release of releases) {
          for (const [target, version] of [[at, '1'], [at, '2'], [at, '2b'], [at, 'undated'], [other, '2']] as const) {
            n += 1;
            if ((n + i) % 3 === 0) continue;
            const created = await record(system, target, { release, atVersion: version, browser: n % 4 === 0 ? 'firefox' : undefined });
            const kinds: EvidenceKind[] = ['automated', 'vendor', 'user-report', 'manual'];
            for (let k = 0; k < (n + i) % 4; k += 1) await prove(created.id, kinds[(n + k) % 4]!, 'partial', '2025-07-01T00:00:00Z');
          }
        }
      }
      const key = (row: { systemId: string; atId: string }) => `${row.systemId} ${row.atId}`;
      const sorted = (rows: { systemId: string; atId: string }[]) => [...rows].sort((a, b) => key(a).localeCompare(key(b)));
      const viaView = sorted(await dataSource.query(THROUGH_THE_VIEW));
      const setWise = sorted(await dataSource.query(CELL_RECORDS_SQL));
      expect(viaView.length).toBeGreaterThanOrEqual(8); // 4 systems × 2 ATs, plus any other test's
      // The data exercises the rule: both retest answers and several kinds of best evidence occur.
      const rows = viaView as unknown as { needsRetest: boolean; evidence: string | null }[];
      expect(new Set(rows.map((r) => r.needsRetest))).toEqual(new Set([true, false]));
      expect(new Set(rows.map((r) => r.evidence)).size).toBeGreaterThanOrEqual(3);
      expect(setWise).toEqual(viaView);
    });
  });

  describe('which record a cell shows', () => {
    it('takes the newest release that has a record, even over better evidence on an older one', async () => {
      const system = await newSystem(`Dept ${tok()}`);
      const at = await newAt();
      const old = await record(system, at, { release: '1.0' });
      await prove(old.id, 'manual', 'works', '2025-02-01T00:00:00Z');
      expect(await cell(system, at)).toMatchObject({ recordId: old.id, release: '1.0', status: 'works', evidence: 'manual', needsRetest: true });

      const current = await record(system, at, { status: 'partial' });
      expect(await cell(system, at)).toMatchObject({ recordId: current.id, release: '1.1', status: 'partial', evidence: null, needsRetest: false });

      // "Newest" is by release date, not by when it was entered.
      await systems.addRelease(system.slug, { version: '0.5', releasedOn: '2020-01-01' });
      const backdated = await record(system, at, { release: '0.5' });
      await prove(backdated.id, 'manual', 'works', '2025-08-01T00:00:00Z');
      expect(await cell(system, at)).toMatchObject({ recordId: current.id, needsRetest: false });

      // A newer release without a record leaves the cell on 1.1, needing a retest.
      await systems.addRelease(system.slug, { version: '1.2', releasedOn: '2025-10-01' });
      expect(await cell(system, at)).toMatchObject({ recordId: current.id, release: '1.1', needsRetest: true });
    });

    it('within that release, takes the best-supported evidence: manual, user report, vendor, automated, none', async () => {
      const system = await newSystem(`Dept ${tok()}`);
      const at = await newAt();
      const none = await record(system, at, { status: 'works', lastVerifiedAt: '2025-09-01T00:00:00Z' });
      expect(await cell(system, at)).toMatchObject({ recordId: none.id, evidence: null });

      const automated = await record(system, at, { atVersion: '1', browser: 'Edge' });
      await prove(automated.id, 'automated', 'does-not-work', '2025-07-01T00:00:00Z');
      expect(await cell(system, at)).toMatchObject({ recordId: automated.id, evidence: 'automated', status: 'does-not-work', atVersion: '1' });

      const vendor = await record(system, at, { atVersion: '1' });
      await prove(vendor.id, 'vendor', 'partial', '2025-06-02T00:00:00Z');
      expect(await cell(system, at)).toMatchObject({ recordId: vendor.id, evidence: 'vendor', status: 'partial', browser: null });

      const user = await record(system, at, { atVersion: '1', browser: 'Firefox' });
      await prove(user.id, 'user-report', 'does-not-work', '2025-06-03T00:00:00Z');
      expect(await cell(system, at)).toMatchObject({ recordId: user.id, evidence: 'user-report', browser: 'Firefox' });

      await prove(none.id, 'manual', 'works', '2025-06-04T00:00:00Z');
      expect(await cell(system, at)).toMatchObject({
        recordId: none.id,
        evidence: 'manual',
        status: 'works',
        atVersion: '2',
        browser: null,
        needsRetest: false,
      });
    });

    it('with equal evidence, takes the newest AT version by release date, however recently the others were verified', async () => {
      const system = await newSystem(`Dept ${tok()}`);
      const at = await newAt();
      const older = await record(system, at, { atVersion: '1' });
      await prove(older.id, 'user-report', 'works', '2025-08-01T00:00:00Z');
      const newer = await record(system, at);
      await prove(newer.id, 'user-report', 'partial', '2025-07-01T00:00:00Z');
      expect(await cell(system, at)).toMatchObject({ recordId: newer.id, atVersion: '2', status: 'partial' });

      await ats.addVersion(at.slug, { version: '0.5', releasedOn: '2020-01-01' });
      const backdated = await record(system, at, { atVersion: '0.5' });
      await prove(backdated.id, 'user-report', 'works', '2025-09-01T00:00:00Z');
      expect(await cell(system, at)).toMatchObject({ recordId: newer.id, needsRetest: false });

      await ats.addVersion(at.slug, { version: '3', releasedOn: '2025-09-01' });
      expect(await cell(system, at)).toMatchObject({ recordId: newer.id, atVersion: '2', needsRetest: true });
    });

    it('with the same release, evidence and AT version, takes the most recently verified', async () => {
      const system = await newSystem(`Dept ${tok()}`);
      const at = await newAt();
      const edge = await record(system, at, { browser: 'Edge', status: 'partial', lastVerifiedAt: '2025-03-01T00:00:00Z' });
      const firefox = await record(system, at, { browser: 'Firefox', status: 'works', lastVerifiedAt: '2025-05-01T00:00:00Z' });
      await record(system, at, { browser: 'Chrome', status: 'does-not-work' });

      expect(await cell(system, at)).toMatchObject({
        recordId: firefox.id,
        browser: 'Firefox',
        status: 'works',
        lastVerifiedAt: '2025-05-01T00:00:00.000Z',
      });

      await records.update(edge.id, { lastVerifiedAt: '2025-07-01T00:00:00Z' });
      expect(await cell(system, at)).toMatchObject({ recordId: edge.id, browser: 'Edge', lastVerifiedAt: '2025-07-01T00:00:00.000Z' });
    });
  });

  describe('cells', () => {
    it('marks a pair without a record untested, with no details', async () => {
      const system = await newSystem(`Dept ${tok()}`);
      const at = await newAt();

      expect(await cell(system, at)).toEqual({
        assistiveTechnology: at.slug,
        status: 'untested',
        recordId: null,
        release: null,
        atVersion: null,
        browser: null,
        evidence: null,
        needsRetest: false,
        workaround: false,
        openKnownIssues: 0,
        lastVerifiedAt: null,
      });
    });

    it('says whether the record describes a workaround', async () => {
      const system = await newSystem(`Dept ${tok()}`);
      const [plain, helped] = await Promise.all([newAt(), newAt()]);
      await record(system, plain, { status: 'works' });
      await record(system, helped, { status: 'works-with-workaround', workaround: 'Say "press Enter"' });

      const m = await matrix({ department: system.department });
      expect(cellOf(m, system, plain)).toMatchObject({ status: 'works', workaround: false });
      expect(cellOf(m, system, helped)).toMatchObject({ status: 'works-with-workaround', workaround: true });
    });

    it('counts the open known issues of each system × AT, not the resolved ones, with or without a record', async () => {
      const department = `Dept ${tok()}`;
      const [system, other] = [await newSystem(department), await newSystem(department)];
      const [tested, untested] = await Promise.all([newAt(), newAt()]);
      await record(system, tested, { status: 'partial' });
      const issue = (s: SystemResponse, a: AssistiveTechnologyResponse, status: 'open' | 'resolved' = 'open') =>
        issues.create({ system: s.slug, assistiveTechnology: a.slug, title: `Issue ${tok()}`, status });
      const first = await issue(system, untested);
      await issue(system, untested);
      await issue(system, untested, 'resolved');
      await issue(system, tested, 'resolved');
      await issue(other, untested);

      let m = await matrix({ department });
      expect(cellOf(m, system, untested)).toMatchObject({ status: 'untested', openKnownIssues: 2 });
      expect(cellOf(m, system, tested)).toMatchObject({ status: 'partial', openKnownIssues: 0 });
      expect(cellOf(m, other, untested).openKnownIssues).toBe(1);
      expect(cellOf(m, other, tested).openKnownIssues).toBe(0);

      await issues.update(first.id, { status: 'resolved' });
      await issue(system, tested);
      m = await matrix({ department });
      expect(cellOf(m, system, untested).openKnownIssues).toBe(1);
      expect(cellOf(m, system, tested).openKnownIssues).toBe(1);
    });
  });

  describe('filters', () => {
    it('keeps only the ATs of a profile, in every row', async () => {
      const system = await newSystem(`Dept ${tok()}`);
      const magnifier = await newAt('magnifier');
      const speech = await newAt('speech');
      await record(system, speech, { status: 'works' });

      const m = await matrix({ profile: 'magnifier' });

      expect(m.assistiveTechnologies.length).toBeGreaterThan(0);
      expect(m.assistiveTechnologies.every((a) => a.profile === 'magnifier')).toBe(true);
      const slugs = m.assistiveTechnologies.map((a) => a.slug);
      expect(slugs).toContain(magnifier.slug);
      expect(slugs).not.toContain(speech.slug);
      expect(m.systems.map((s) => s.slug)).toContain(system.slug);
      for (const row of m.systems) expect(row.cells.map((c) => c.assistiveTechnology)).toEqual(slugs);
    });

    it('keeps only the systems of a department, matched exactly but ignoring case and spaces around it', async () => {
      const t = tok();
      const department = `Finance ${t}`;
      const b = await newSystem(department, 'live', `Bravo ${t}`);
      const a = await newSystem(department, 'live', `Alpha ${t}`);
      await newSystem(`${department} North`);

      const m = await matrix({ department: `  FINANCE ${t.toUpperCase()}  ` });

      expect(m.systems.map((s) => s.slug)).toEqual([a.slug, b.slug]);
      expect(m.systems[0]).toMatchObject({ slug: a.slug, name: a.name, department, lifecycle: 'live', platform: 'web' });
      expect(m.systems[0]).not.toHaveProperty('id');
    });

    it('keeps only the systems of a lifecycle', async () => {
      const department = `Dept ${tok()}`;
      const live = await newSystem(department, 'live');
      const retiring = await newSystem(department, 'retiring');

      expect((await matrix({ department, lifecycle: 'retiring' })).systems.map((s) => s.slug)).toEqual([retiring.slug]);
      const all = await matrix({ lifecycle: 'retiring' });
      expect(all.systems.every((s) => s.lifecycle === 'retiring')).toBe(true);
      expect(all.systems.map((s) => s.slug)).toContain(retiring.slug);
      expect(all.systems.map((s) => s.slug)).not.toContain(live.slug);
    });

    it('with a status, keeps only the rows and columns that have a cell of it, and counts only what is kept', async () => {
      const t = tok();
      const department = `Dept ${t}`;
      const s1 = await newSystem(department, 'live', `Alpha ${t}`);
      const s2 = await newSystem(department, 'live', `Bravo ${t}`);
      const s3 = await newSystem(department, 'live', `Charlie ${t}`);
      const a1 = await newAt('keyboard');
      const a2 = await newAt('speech');
      const a3 = await newAt('speech');
      await record(s1, a1, { status: 'does-not-work' });
      await record(s1, a2, { status: 'partial' });
      await record(s2, a2, { status: 'does-not-work' });
      await record(s3, a3, { status: 'partial' });

      const m = await matrix({ department, status: 'does-not-work' });

      expect(m.assistiveTechnologies.map((a) => a.slug)).toEqual([a1.slug, a2.slug]);
      expect(m.systems.map((s) => ({ slug: s.slug, statuses: s.cells.map((c) => c.status) }))).toEqual([
        { slug: s1.slug, statuses: ['does-not-work', 'partial'] },
        { slug: s2.slug, statuses: ['untested', 'does-not-work'] },
      ]);
      expect(m.totals).toEqual({ works: 0, 'works-with-workaround': 0, partial: 1, 'does-not-work': 2, untested: 1 });

      const speech = await matrix({ department, status: 'does-not-work', profile: 'speech' });
      expect(speech.assistiveTechnologies.map((a) => a.slug)).toEqual([a2.slug]);
      expect(speech.systems.map((s) => s.slug)).toEqual([s2.slug]);
      expect(speech.totals).toEqual({ works: 0, 'works-with-workaround': 0, partial: 0, 'does-not-work': 1, untested: 0 });

      const none = await matrix({ department, status: 'works' });
      expect(none).toEqual({
        assistiveTechnologies: [],
        systems: [],
        totals: { works: 0, 'works-with-workaround': 0, partial: 0, 'does-not-work': 0, untested: 0 },
      });
    });
  });

  describe('columns and totals', () => {
    it('orders AT columns by profile (keyboard, speech, screen reader, magnifier, literacy), then by name', async () => {
      const t = tok();
      const system = await newSystem(`Dept ${t}`);
      const literacy = await newAt('literacy', `Alpha ${t}`);
      const magnifier = await newAt('magnifier', `Alpha ${t}`);
      const reader = await newAt('screen-reader', `Bravo ${t}`);
      const speechD = await newAt('speech', `Delta ${t}`);
      const speechC = await newAt('speech', `charlie ${t}`);
      const keyboardE = await newAt('keyboard', `Echo ${t}`);
      const keyboardB = await newAt('keyboard', `Bravo ${t}`);
      const all = [literacy, magnifier, reader, speechD, speechC, keyboardE, keyboardB];
      for (const at of all) await record(system, at, { status: 'partial' });

      const m = await matrix({ department: system.department, status: 'partial' });

      expect(m.assistiveTechnologies).toEqual(
        [keyboardB, keyboardE, speechC, speechD, reader, magnifier, literacy].map((at) => ({
          slug: at.slug,
          name: at.name,
          vendor: at.vendor,
          profile: at.profile,
        })),
      );
      expect(m.systems[0]!.cells.map((c) => c.assistiveTechnology)).toEqual(m.assistiveTechnologies.map((a) => a.slug));

      // The same order across every AT in the registry.
      const columns = (await matrix()).assistiveTechnologies;
      for (let i = 1; i < columns.length; i += 1) {
        const [before, after] = [columns[i - 1]!, columns[i]!];
        const byProfile = AT_PROFILES.indexOf(before.profile) - AT_PROFILES.indexOf(after.profile);
        expect(byProfile < 0 || (byProfile === 0 && before.name.localeCompare(after.name) <= 0)).toBe(true);
      }
    });

    it('totals every cell shown by status', async () => {
      const department = `Dept ${tok()}`;
      const [s1, s2] = [await newSystem(department), await newSystem(department)];
      const [a1, a2] = [await newAt(), await newAt()];
      await record(s1, a1, { status: 'works' });
      await record(s1, a2, { status: 'works-with-workaround', workaround: 'Tab twice' });
      await record(s2, a1, { status: 'works' });
      await record(s2, a2, { status: 'partial', release: '1.0' });

      const m = await matrix({ department });

      const cells = m.systems.flatMap((s) => s.cells);
      expect(cells).toHaveLength(2 * m.assistiveTechnologies.length);
      expect(m.totals).toEqual({
        works: 2,
        'works-with-workaround': 1,
        partial: 1,
        'does-not-work': 0,
        untested: cells.length - 4,
      });
    });
  });
});
