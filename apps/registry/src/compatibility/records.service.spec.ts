import { randomUUID } from 'node:crypto';
import type { AtProfile } from '@atcompat/contracts';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { DataSource } from 'typeorm';
import { rejection, tok } from '../../../../test/support/expectations.js';
import { createTestDatabase, testConfig, type TestDatabase } from '../../../../test/support/database.js';
import { bootstrapApp } from '../app.js';
import { AssistiveTechService } from '../assistive-tech/assistive-tech.service.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../common/errors.js';
import { SystemsService } from '../systems/systems.service.js';
import type { CreateEvidenceDto } from './dto/create-evidence.dto.js';
import type { CreateRecordDto } from './dto/create-record.dto.js';
import { ListRecordsQuery } from './dto/list-records.query.js';
import { RecordsService } from './records.service.js';

interface Fixture {
  at: string;
  atName: string;
  system: string;
  systemName: string;
}

describe(RecordsService.name, () => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  let dataSource: DataSource;
  let service: RecordsService;
  let ats: AssistiveTechService;
  let systems: SystemsService;

  beforeAll(async () => {
    db = await createTestDatabase();
    ({ app, dataSource } = await bootstrapApp(testConfig(db.database)));
    await app.init();
    service = app.get(RecordsService);
    ats = app.get(AssistiveTechService);
    systems = app.get(SystemsService);
  });

  afterAll(async () => {
    await app?.close();
    if (dataSource?.isInitialized) await dataSource.destroy();
    await db?.drop();
  });

  /** A fresh AT with versions 1 (2024) and 2 (2025), and a fresh system with releases 1.0 and 1.1 (2025). */
  async function fixture(profile: AtProfile = 'speech'): Promise<Fixture> {
    const t = tok();
    const at = await ats.create({ name: `AT ${t}`, vendor: 'Vendor', profile, platforms: ['windows'] });
    await ats.addVersion(at.slug, { version: '1', releasedOn: '2024-01-01' });
    await ats.addVersion(at.slug, { version: '2', releasedOn: '2025-01-01' });
    const system = await systems.create({ name: `System ${t}`, owner: 'Team', department: 'Operations', platform: 'web', lifecycle: 'live' });
    await systems.addRelease(system.slug, { version: '1.0', releasedOn: '2025-01-01' });
    await systems.addRelease(system.slug, { version: '1.1', releasedOn: '2025-06-01' });
    return { at: at.slug, atName: at.name, system: system.slug, systemName: system.name };
  }

  /** A record on the newest release and AT version unless told otherwise. */
  const record = (f: Fixture, overrides: Partial<CreateRecordDto> = {}) =>
    service.create({ system: f.system, release: '1.1', assistiveTechnology: f.at, atVersion: '2', status: 'untested', ...overrides });

  const evidence = (
    kind: CreateEvidenceDto['kind'],
    result: CreateEvidenceDto['result'],
    observedAt: string,
    extra: Partial<CreateEvidenceDto> = {},
  ): CreateEvidenceDto => ({ kind, ...(result ? { result } : {}), recordedBy: 'Tester', observedAt, ...extra });

  const query = (values: Partial<ListRecordsQuery>) => Object.assign(new ListRecordsQuery(), values);

  const idsOf = async (values: Partial<ListRecordsQuery>) => (await service.list(query(values))).items.map((r) => r.id);

  describe('create', () => {
    it('creates a record named by slugs and versions, current while nothing newer exists', async () => {
      const f = await fixture('magnifier');

      const created = await record(f, { status: 'works', lastVerifiedAt: '2025-07-01T12:00:00+02:00' });

      expect(created).toMatchObject({
        system: { slug: f.system, name: f.systemName },
        release: '1.1',
        assistiveTechnology: { slug: f.at, name: f.atName, profile: 'magnifier' },
        atVersion: '2',
        browser: null,
        status: 'works',
        summary: '',
        workaround: null,
        lastVerifiedAt: '2025-07-01T10:00:00.000Z',
        needsRetest: false,
        needsRetestBecause: [],
        strongestEvidence: null,
        evidenceCount: 0,
        evidence: [],
      });
      await expect(service.get(created.id)).resolves.toEqual(created);
    });

    it.each([
      ['left out', {}],
      ['null', { workaround: null }],
      ['blank', { workaround: '   ' }],
    ])('refuses works-with-workaround with the workaround %s, naming workaround, and stores nothing', async (_how, extra) => {
      const f = await fixture();

      const error = await rejection(record(f, { status: 'works-with-workaround', ...extra }), InvalidInputError, { status: 400 });

      expect(error.errors).toEqual([{ field: 'workaround', message: expect.stringContaining('status is works-with-workaround') }]);
      await expect(service.list(query({ system: f.system }))).resolves.toMatchObject({ total: 0 });
    });

    it('accepts works-with-workaround with a workaround', async () => {
      const f = await fixture();

      await expect(record(f, { status: 'works-with-workaround', workaround: 'Say "press Enter"' })).resolves.toMatchObject({
        status: 'works-with-workaround',
        workaround: 'Say "press Enter"',
      });
    });

    it('answers an unknown system, release, AT or AT version with NotFoundError naming it, and stores nothing', async () => {
      const f = await fixture();

      expect((await rejection(record(f, { system: 'no-such-system' }), NotFoundError, { status: 404 })).message).toContain('no-such-system');
      expect((await rejection(record(f, { release: '7.7' }), NotFoundError)).message).toContain('"7.7"');
      expect((await rejection(record(f, { assistiveTechnology: 'no-such-at' }), NotFoundError)).message).toContain('no-such-at');
      expect((await rejection(record(f, { atVersion: '99' }), NotFoundError)).message).toContain('"99"');

      await expect(service.list(query({ system: f.system }))).resolves.toMatchObject({ total: 0 });
    });

    it('refuses a second record for the same release, AT version and browser with duplicate-record', async () => {
      const f = await fixture();
      const first = await record(f);

      const error = await rejection(record(f, { status: 'works' }), ConflictError, { status: 409, code: 'duplicate-record' });
      expect(error.message).toContain(first.id);

      const edge = await record(f, { browser: 'Edge 128' });
      expect(edge.browser).toBe('Edge 128');
      expect((await rejection(record(f, { browser: 'Edge 128' }), ConflictError, { code: 'duplicate-record' })).message).toContain(edge.id);
      await expect(record(f, { atVersion: '1' })).resolves.toMatchObject({ atVersion: '1', browser: null });
      expect((await idsOf({ system: f.system })).sort()).toHaveLength(3);
    });
  });

  describe('update', () => {
    it('needs a workaround for works-with-workaround, given in the update or already on the record', async () => {
      const f = await fixture();
      const r = await record(f, { status: 'partial' });

      const error = await rejection(service.update(r.id, { status: 'works-with-workaround' }), InvalidInputError);
      expect(error.errors).toEqual([expect.objectContaining({ field: 'workaround' })]);
      await expect(service.get(r.id)).resolves.toMatchObject({ status: 'partial', workaround: null });

      await expect(service.update(r.id, { status: 'works-with-workaround', workaround: 'Use MouseGrid' })).resolves.toMatchObject({
        status: 'works-with-workaround',
        workaround: 'Use MouseGrid',
      });
      await expect(service.update(r.id, { summary: 'Checked again' })).resolves.toMatchObject({
        status: 'works-with-workaround',
        summary: 'Checked again',
      });
    });

    it('refuses to clear the workaround while the status needs one, but clears it with another status', async () => {
      const f = await fixture();
      const r = await record(f, { status: 'works-with-workaround', workaround: 'Use MouseGrid' });

      await rejection(service.update(r.id, { workaround: null }), InvalidInputError, { errors: [expect.objectContaining({ field: 'workaround' })] });
      await rejection(service.update(r.id, { workaround: '  ' }), InvalidInputError);
      await expect(service.get(r.id)).resolves.toMatchObject({ workaround: 'Use MouseGrid' });

      await expect(service.update(r.id, { status: 'works', workaround: null })).resolves.toMatchObject({ status: 'works', workaround: null });
    });

    it('sets and clears lastVerifiedAt, keeping the fields not given', async () => {
      const f = await fixture();
      const r = await record(f, { status: 'partial', summary: 'Mostly' });

      await expect(service.update(r.id, { lastVerifiedAt: '2025-07-01T10:00:00Z' })).resolves.toMatchObject({
        status: 'partial',
        summary: 'Mostly',
        lastVerifiedAt: '2025-07-01T10:00:00.000Z',
      });
      await expect(service.update(r.id, { lastVerifiedAt: null })).resolves.toMatchObject({ lastVerifiedAt: null, summary: 'Mostly' });
    });
  });

  describe('retests', () => {
    it('says why a retest is needed once a newer AT version or release is added later, but not for older ones', async () => {
      const f = await fixture();
      const r = await record(f);
      await ats.addVersion(f.at, { version: '0.9', releasedOn: '2020-01-01' });
      await systems.addRelease(f.system, { version: '0.9', releasedOn: '2020-01-01' });
      await expect(service.get(r.id)).resolves.toMatchObject({ needsRetest: false, needsRetestBecause: [] });

      await ats.addVersion(f.at, { version: '3', releasedOn: '2025-09-01' });
      await expect(service.get(r.id)).resolves.toMatchObject({
        needsRetest: true,
        needsRetestBecause: [`a newer version of ${f.atName} than 2 exists`],
      });

      await systems.addRelease(f.system, { version: '1.2', releasedOn: '2025-10-01' });
      const got = await service.get(r.id);
      expect(got.needsRetest).toBe(true);
      expect(got.needsRetestBecause).toEqual([
        `a newer release of ${f.systemName} than 1.1 exists`,
        `a newer version of ${f.atName} than 2 exists`,
      ]);
      expect((await service.list(query({ system: f.system }))).items[0]?.needsRetestBecause).toEqual(got.needsRetestBecause);
    });

    it('counts an undated version as released the day it was entered', async () => {
      const f = await fixture();
      const r = await record(f);

      await ats.addVersion(f.at, { version: 'beta' });

      await expect(service.get(r.id)).resolves.toMatchObject({ needsRetestBecause: [`a newer version of ${f.atName} than 2 exists`] });
    });

    it('breaks a tie on the release date by when each release was entered', async () => {
      const f = await fixture();
      const r = await record(f);
      const hotfix = await systems.addRelease(f.system, { version: '1.1-hotfix', releasedOn: '2025-06-01' });
      const enteredAt = (createdAt: string) =>
        dataSource.query(`UPDATE system_release SET created_at = $1 WHERE id = $2`, [createdAt, hotfix.id]);

      // Released the same day as 1.1 but entered before it: not newer.
      await enteredAt('2000-01-01T00:00:00Z');
      await expect(service.get(r.id)).resolves.toMatchObject({ needsRetest: false, needsRetestBecause: [] });

      await enteredAt('2999-01-01T00:00:00Z');
      await expect(service.get(r.id)).resolves.toMatchObject({
        needsRetestBecause: [`a newer release of ${f.systemName} than 1.1 exists`],
      });
    });
  });

  describe('evidence', () => {
    it('never lets automated evidence say works, but stores it and lets it report a failure', async () => {
      const f = await fixture();
      const r = await record(f);

      await expect(service.addEvidence(r.id, evidence('automated', 'works', '2025-07-01T00:00:00Z'))).resolves.toMatchObject({
        kind: 'automated',
        result: 'works',
        recordedBy: 'Tester',
        observedAt: '2025-07-01T00:00:00.000Z',
      });
      await service.addEvidence(r.id, evidence('automated', 'works-with-workaround', '2025-07-02T00:00:00Z', { workaround: 'Tab twice' }));
      await expect(service.get(r.id)).resolves.toMatchObject({
        status: 'untested',
        workaround: null,
        lastVerifiedAt: null,
        strongestEvidence: 'automated',
        evidenceCount: 2,
      });

      await service.addEvidence(r.id, evidence('automated', 'does-not-work', '2025-07-03T00:00:00Z'));
      await expect(service.get(r.id)).resolves.toMatchObject({ status: 'does-not-work', lastVerifiedAt: '2025-07-03T00:00:00.000Z' });
    });

    it('never lets weaker evidence overrule stronger, however recent', async () => {
      const f = await fixture();
      const r = await record(f);
      await service.addEvidence(r.id, evidence('manual', 'partial', '2025-07-01T00:00:00Z'));

      await service.addEvidence(r.id, evidence('user-report', 'does-not-work', '2025-07-02T00:00:00Z'));
      await service.addEvidence(r.id, evidence('vendor', 'works', '2025-07-03T00:00:00Z'));
      await service.addEvidence(r.id, evidence('automated', 'does-not-work', '2025-07-04T00:00:00Z'));

      await expect(service.get(r.id)).resolves.toMatchObject({
        status: 'partial',
        lastVerifiedAt: '2025-07-01T00:00:00.000Z',
        strongestEvidence: 'manual',
        evidenceCount: 4,
      });
    });

    it('lets equal or stronger evidence set the status, but only moves lastVerifiedAt forward', async () => {
      const f = await fixture();
      const r = await record(f);
      const state = async () => {
        const got = await service.get(r.id);
        return { status: got.status, lastVerifiedAt: got.lastVerifiedAt, strongestEvidence: got.strongestEvidence };
      };

      await service.addEvidence(r.id, evidence('vendor', 'partial', '2025-03-01T00:00:00Z'));
      expect(await state()).toEqual({ status: 'partial', lastVerifiedAt: '2025-03-01T00:00:00.000Z', strongestEvidence: 'vendor' });

      await service.addEvidence(r.id, evidence('vendor', 'does-not-work', '2025-05-01T00:00:00Z'));
      expect(await state()).toEqual({ status: 'does-not-work', lastVerifiedAt: '2025-05-01T00:00:00.000Z', strongestEvidence: 'vendor' });

      // Equal strength, observed earlier: the status follows it, the verification date stays.
      await service.addEvidence(r.id, evidence('vendor', 'works', '2025-04-01T00:00:00Z'));
      expect(await state()).toEqual({ status: 'works', lastVerifiedAt: '2025-05-01T00:00:00.000Z', strongestEvidence: 'vendor' });

      // Stronger, observed earlier still.
      await service.addEvidence(r.id, evidence('user-report', 'partial', '2025-02-01T00:00:00Z'));
      expect(await state()).toEqual({ status: 'partial', lastVerifiedAt: '2025-05-01T00:00:00.000Z', strongestEvidence: 'user-report' });

      await service.addEvidence(r.id, evidence('manual', 'works', '2025-06-01T00:00:00Z'));
      expect(await state()).toEqual({ status: 'works', lastVerifiedAt: '2025-06-01T00:00:00.000Z', strongestEvidence: 'manual' });
    });

    it('keeps the status and verification date when evidence states no result', async () => {
      const f = await fixture();
      const r = await record(f, { status: 'partial', lastVerifiedAt: '2025-01-01T00:00:00Z' });

      await expect(service.addEvidence(r.id, evidence('manual', undefined, '2025-07-01T00:00:00Z', { notes: 'Looked' }))).resolves.toMatchObject({
        result: null,
        notes: 'Looked',
      });

      await expect(service.get(r.id)).resolves.toMatchObject({ status: 'partial', lastVerifiedAt: '2025-01-01T00:00:00.000Z', evidenceCount: 1 });
    });

    it.each([
      ['without a workaround field', {}],
      ['with a blank workaround', { workaround: '   ' }],
    ])('refuses a works-with-workaround result %s on a record without one, and stores nothing', async (_how, extra) => {
      const f = await fixture();
      const r = await record(f, { status: 'partial', lastVerifiedAt: '2025-01-01T00:00:00Z' });

      const error = await rejection(
        service.addEvidence(r.id, evidence('manual', 'works-with-workaround', '2025-07-01T00:00:00Z', extra)),
        InvalidInputError,
        { status: 400 },
      );

      expect(error.errors).toEqual([{ field: 'workaround', message: expect.stringContaining('result is works-with-workaround') }]);
      await expect(service.listEvidence(r.id)).resolves.toEqual([]);
      await expect(service.get(r.id)).resolves.toMatchObject({
        status: 'partial',
        workaround: null,
        lastVerifiedAt: '2025-01-01T00:00:00.000Z',
        strongestEvidence: null,
        evidenceCount: 0,
      });
    });

    it('takes the workaround from works-with-workaround evidence that sets the status, and keeps it when none is sent', async () => {
      const f = await fixture();
      const r = await record(f);

      await service.addEvidence(r.id, evidence('manual', 'works-with-workaround', '2025-07-01T00:00:00Z', { workaround: '  Say "press Enter"  ' }));
      await expect(service.get(r.id)).resolves.toMatchObject({ status: 'works-with-workaround', workaround: 'Say "press Enter"' });

      await service.addEvidence(r.id, evidence('manual', 'works-with-workaround', '2025-07-02T00:00:00Z'));
      await expect(service.get(r.id)).resolves.toMatchObject({ workaround: 'Say "press Enter"', evidenceCount: 2 });

      // Weaker evidence does not set the status, so its workaround is not taken either.
      await service.addEvidence(r.id, evidence('user-report', 'works-with-workaround', '2025-07-03T00:00:00Z', { workaround: 'Other' }));
      await expect(service.get(r.id)).resolves.toMatchObject({ workaround: 'Say "press Enter"', evidenceCount: 3 });

      await service.addEvidence(r.id, evidence('manual', 'works-with-workaround', '2025-07-04T00:00:00Z', { workaround: 'Better' }));
      await expect(service.get(r.id)).resolves.toMatchObject({ workaround: 'Better', lastVerifiedAt: '2025-07-04T00:00:00.000Z' });
    });

    it('accepts a works-with-workaround result without a workaround field when the record has one', async () => {
      const f = await fixture();
      const r = await record(f, { status: 'partial' });
      await service.update(r.id, { workaround: 'Use the keyboard' });

      await service.addEvidence(r.id, evidence('vendor', 'works-with-workaround', '2025-07-01T00:00:00Z'));

      await expect(service.get(r.id)).resolves.toMatchObject({ status: 'works-with-workaround', workaround: 'Use the keyboard' });
    });

    it('refuses evidence observed in the future, naming observedAt, and stores nothing', async () => {
      const f = await fixture();
      const r = await record(f);
      const nextWeek = new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString();

      const error = await rejection(service.addEvidence(r.id, evidence('manual', 'works', nextWeek)), InvalidInputError);

      expect(error.errors).toEqual([expect.objectContaining({ field: 'observedAt' })]);
      await expect(service.get(r.id)).resolves.toMatchObject({ status: 'untested', evidenceCount: 0 });
    });

    it('lists evidence newest observed first', async () => {
      const f = await fixture();
      const r = await record(f);
      for (const day of ['02', '05', '01', '04', '03']) {
        await service.addEvidence(r.id, evidence('user-report', undefined, `2025-07-${day}T00:00:00Z`));
      }
      const expected = ['05', '04', '03', '02', '01'];

      expect((await service.listEvidence(r.id)).map((e) => e.observedAt.slice(8, 10))).toEqual(expected);
      expect((await service.get(r.id)).evidence?.map((e) => e.observedAt.slice(8, 10))).toEqual(expected);
    });
  });

  describe('remove', () => {
    it('refuses with has-evidence while evidence exists; removing the evidence first lets it go', async () => {
      const f = await fixture();
      const r = await record(f);
      const other = await record(f, { atVersion: '1' });
      const e = await service.addEvidence(r.id, evidence('manual', 'partial', '2025-07-01T00:00:00Z'));

      const error = await rejection(service.remove(r.id), ConflictError, { status: 409, code: 'has-evidence' });
      expect(error.message).toContain('1 evidence entry');
      await rejection(service.removeEvidence(other.id, e.id), NotFoundError);
      await expect(service.get(r.id)).resolves.toMatchObject({ evidenceCount: 1 });

      await service.removeEvidence(r.id, e.id);
      await rejection(service.removeEvidence(r.id, e.id), NotFoundError);
      await service.remove(r.id);
      await rejection(service.get(r.id), NotFoundError);
      await expect(idsOf({ system: f.system })).resolves.toEqual([other.id]);
    });

    it('answers an unknown record with NotFoundError everywhere', async () => {
      const id = randomUUID();

      expect((await rejection(service.get(id), NotFoundError, { code: 'not-found' })).message).toContain(id);
      await rejection(service.update(id, { status: 'works' }), NotFoundError);
      await rejection(service.remove(id), NotFoundError);
      await rejection(service.listEvidence(id), NotFoundError);
      await rejection(service.addEvidence(id, evidence('manual', 'works', '2025-07-01T00:00:00Z')), NotFoundError);
      await rejection(service.removeEvidence(id, randomUUID()), NotFoundError);
    });
  });

  describe('list', () => {
    it('refuses release without system, and atVersion without assistiveTechnology, naming them', async () => {
      const f = await fixture();

      const release = await rejection(service.list(query({ release: '1.0' })), InvalidInputError);
      expect(release.errors).toEqual([expect.objectContaining({ field: 'release' })]);
      const atVersion = await rejection(service.list(query({ atVersion: '1', system: f.system })), InvalidInputError);
      expect(atVersion.errors).toEqual([expect.objectContaining({ field: 'atVersion' })]);
    });

    it('filters by system and release, AT and AT version, profile, status and needs-retest', async () => {
      const f = await fixture('screen-reader');
      const g = await fixture('keyboard');
      const current = await record(f, { status: 'works' });
      const oldAt = await record(f, { atVersion: '1', status: 'partial' });
      const oldRelease = await record(f, { release: '1.0', status: 'partial' });
      const elsewhere = await record(g, { system: f.system, status: 'does-not-work' });
      await record(g, { status: 'partial' });

      expect((await idsOf({ system: f.system })).sort()).toEqual([current.id, oldAt.id, oldRelease.id, elsewhere.id].sort());
      expect((await idsOf({ system: f.system, release: '1.0' })).sort()).toEqual([oldRelease.id]);
      expect((await idsOf({ system: f.system, assistiveTechnology: f.at, atVersion: '1' })).sort()).toEqual([oldAt.id]);
      expect((await idsOf({ assistiveTechnology: f.at, atVersion: '2' })).sort()).toEqual([current.id, oldRelease.id].sort());
      expect(await idsOf({ system: f.system, profile: 'keyboard' })).toEqual([elsewhere.id]);
      expect((await idsOf({ assistiveTechnology: f.at, status: 'partial' })).sort()).toEqual([oldAt.id, oldRelease.id].sort());
      expect((await idsOf({ system: f.system, needsRetest: false })).sort()).toEqual([current.id, elsewhere.id].sort());
      expect((await idsOf({ system: f.system, needsRetest: true })).sort()).toEqual([oldAt.id, oldRelease.id].sort());
    });

    it('pages, newest release and AT version first within a system and AT', async () => {
      const f = await fixture();
      const newest = await record(f);
      const olderAt = await record(f, { atVersion: '1' });
      const olderRelease = await record(f, { release: '1.0' });

      expect(await idsOf({ system: f.system })).toEqual([newest.id, olderAt.id, olderRelease.id]);
      const second = await service.list(query({ system: f.system, pageSize: 2, page: 2 }));
      expect(second).toMatchObject({ page: 2, pageSize: 2, total: 3, totalPages: 2 });
      expect(second.items.map((r) => r.id)).toEqual([olderRelease.id]);
    });
  });
});
