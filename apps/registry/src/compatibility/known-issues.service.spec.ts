import { randomUUID } from 'node:crypto';
import type { AtProfile } from '@atcompat/contracts';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { DataSource } from 'typeorm';
import { rejection, tok } from '../../../../test/support/expectations.js';
import { createTestDatabase, testConfig, type TestDatabase } from '../../../../test/support/database.js';
import { bootstrapApp } from '../app.js';
import { AssistiveTechService } from '../assistive-tech/assistive-tech.service.js';
import { NotFoundError } from '../common/errors.js';
import { SystemsService } from '../systems/systems.service.js';
import { ListKnownIssuesQuery, type CreateKnownIssueDto } from './dto/known-issue.dto.js';
import { KnownIssuesService } from './known-issues.service.js';

describe(KnownIssuesService.name, () => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  let dataSource: DataSource;
  let service: KnownIssuesService;
  let ats: AssistiveTechService;
  let systems: SystemsService;

  beforeAll(async () => {
    db = await createTestDatabase();
    ({ app, dataSource } = await bootstrapApp(testConfig(db.database)));
    await app.init();
    service = app.get(KnownIssuesService);
    ats = app.get(AssistiveTechService);
    systems = app.get(SystemsService);
  });

  afterAll(async () => {
    await app?.close();
    if (dataSource?.isInitialized) await dataSource.destroy();
    await db?.drop();
  });

  const newAt = (profile: AtProfile = 'speech') =>
    ats.create({ name: `AT ${tok()}`, vendor: 'Vendor', profile, platforms: ['windows'] });
  const newSystem = () => systems.create({ name: `System ${tok()}`, owner: 'Team', department: 'Operations', platform: 'web', lifecycle: 'live' });
  const query = (values: Partial<ListKnownIssuesQuery>) => Object.assign(new ListKnownIssuesQuery(), values);
  const idsOf = async (values: Partial<ListKnownIssuesQuery>) => (await service.list(query(values))).items.map((i) => i.id);

  /** Sets when an issue was last changed, so the list order does not hang on the clock. */
  async function changedAt(id: string, updatedAt: string): Promise<void> {
    await dataSource.query(`UPDATE known_issue SET updated_at = $1 WHERE id = $2`, [updatedAt, id]);
  }

  async function pair() {
    const [system, at] = await Promise.all([newSystem(), newAt()]);
    const issue = (overrides: Partial<CreateKnownIssueDto> = {}) =>
      service.create({ system: system.slug, assistiveTechnology: at.slug, title: `Issue ${tok()}`, ...overrides });
    return { system, at, issue };
  }

  describe('create', () => {
    it('creates an open issue for a system × AT, with defaults for what is left out', async () => {
      const system = await newSystem();
      const at = await newAt('magnifier');

      const created = await service.create({ system: system.slug, assistiveTechnology: at.slug, title: 'Focus hidden under header' });

      expect(created).toMatchObject({
        system: { slug: system.slug, name: system.name },
        assistiveTechnology: { slug: at.slug, name: at.name, profile: 'magnifier' },
        title: 'Focus hidden under header',
        description: '',
        workaround: null,
        vendorBugUrl: null,
        affects: '',
        status: 'open',
      });
      await expect(service.get(created.id)).resolves.toEqual(created);
    });

    it('keeps every field given, including a resolved status', async () => {
      const { issue } = await pair();

      await expect(
        issue({
          title: 'Save is mouse-only',
          description: 'The Save button ignores Enter.',
          workaround: 'Use MouseGrid',
          vendorBugUrl: 'https://bugs.example/1',
          affects: '2.3.0 and later',
          status: 'resolved',
        }),
      ).resolves.toMatchObject({
        title: 'Save is mouse-only',
        description: 'The Save button ignores Enter.',
        workaround: 'Use MouseGrid',
        vendorBugUrl: 'https://bugs.example/1',
        affects: '2.3.0 and later',
        status: 'resolved',
      });
    });

    it('answers an unknown system or AT with NotFoundError naming it, and stores nothing', async () => {
      const { system, at } = await pair();

      const noSystem = await rejection(
        service.create({ system: 'no-such-system', assistiveTechnology: at.slug, title: 'x' }),
        NotFoundError,
        { status: 404, code: 'not-found' },
      );
      expect(noSystem.message).toContain('no-such-system');
      const noAt = await rejection(service.create({ system: system.slug, assistiveTechnology: 'no-such-at', title: 'x' }), NotFoundError);
      expect(noAt.message).toContain('no-such-at');

      await expect(service.list(query({ system: system.slug }))).resolves.toMatchObject({ total: 0 });
      await expect(service.list(query({ assistiveTechnology: at.slug }))).resolves.toMatchObject({ total: 0 });
    });
  });

  describe('list', () => {
    it('lists open issues first, then resolved, each most recently changed first', async () => {
      const { system, issue } = await pair();
      const a = await issue();
      const b = await issue({ status: 'resolved' });
      const c = await issue();
      const d = await issue({ status: 'resolved' });
      await changedAt(a.id, '2025-01-01T00:00:00Z');
      await changedAt(b.id, '2025-01-04T00:00:00Z');
      await changedAt(c.id, '2025-01-02T00:00:00Z');
      await changedAt(d.id, '2025-01-03T00:00:00Z');

      expect(await idsOf({ system: system.slug })).toEqual([c.id, a.id, b.id, d.id]);

      await service.update(a.id, { title: 'Retitled' });
      expect(await idsOf({ system: system.slug })).toEqual([a.id, c.id, b.id, d.id]);

      await service.update(a.id, { status: 'resolved' });
      expect(await idsOf({ system: system.slug })).toEqual([c.id, a.id, b.id, d.id]);
    });

    it('filters by system, AT and status, and pages', async () => {
      const { system, at, issue } = await pair();
      const otherAt = await newAt();
      const otherSystem = await newSystem();
      const open = await issue();
      const resolved = await issue({ status: 'resolved' });
      const withOtherAt = await service.create({ system: system.slug, assistiveTechnology: otherAt.slug, title: 'Other AT' });
      const onOtherSystem = await service.create({ system: otherSystem.slug, assistiveTechnology: at.slug, title: 'Other system' });

      expect((await idsOf({ system: system.slug })).sort()).toEqual([open.id, resolved.id, withOtherAt.id].sort());
      expect((await idsOf({ assistiveTechnology: at.slug })).sort()).toEqual([open.id, resolved.id, onOtherSystem.id].sort());
      expect((await idsOf({ system: system.slug, assistiveTechnology: at.slug })).sort()).toEqual([open.id, resolved.id].sort());
      expect(await idsOf({ system: system.slug, assistiveTechnology: at.slug, status: 'resolved' })).toEqual([resolved.id]);
      expect(await idsOf({ assistiveTechnology: otherAt.slug, status: 'resolved' })).toEqual([]);

      const all = await idsOf({ system: system.slug });
      const second = await service.list(query({ system: system.slug, pageSize: 2, page: 2 }));
      expect(second).toMatchObject({ page: 2, pageSize: 2, total: 3, totalPages: 2 });
      expect(second.items.map((i) => i.id)).toEqual(all.slice(2));
    });
  });

  describe('update', () => {
    it('changes only the given fields and marks the issue as changed', async () => {
      const { issue } = await pair();
      const created = await issue({ title: 'Before', description: 'Kept', workaround: 'Use MouseGrid', affects: '16' });
      await changedAt(created.id, '2025-01-01T00:00:00Z');

      const updated = await service.update(created.id, { title: 'After', status: 'resolved', workaround: null });

      expect(updated).toMatchObject({
        id: created.id,
        system: created.system,
        assistiveTechnology: created.assistiveTechnology,
        title: 'After',
        description: 'Kept',
        workaround: null,
        affects: '16',
        status: 'resolved',
        createdAt: created.createdAt,
      });
      expect(updated.updatedAt > '2025-01-01T00:00:00.000Z').toBe(true);
      await expect(service.get(created.id)).resolves.toEqual(updated);
    });

    it('answers an unknown id with NotFoundError naming it', async () => {
      const id = randomUUID();

      expect((await rejection(service.update(id, { title: 'x' }), NotFoundError, { code: 'not-found' })).message).toContain(id);
      await rejection(service.get(id), NotFoundError);
    });
  });

  describe('remove', () => {
    it('deletes one issue and leaves the others', async () => {
      const { system, issue } = await pair();
      const gone = await issue();
      const kept = await issue();

      await service.remove(gone.id);

      await rejection(service.get(gone.id), NotFoundError);
      expect(await idsOf({ system: system.slug })).toEqual([kept.id]);
    });

    it('answers an unknown or already deleted id with NotFoundError', async () => {
      const { issue } = await pair();
      const created = await issue();
      await service.remove(created.id);

      expect((await rejection(service.remove(created.id), NotFoundError, { status: 404 })).message).toContain(created.id);
      await rejection(service.remove(randomUUID()), NotFoundError);
    });
  });
});
