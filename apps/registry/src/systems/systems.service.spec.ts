import type { NestExpressApplication } from '@nestjs/platform-express';
import { QueryFailedError, type DataSource } from 'typeorm';
import { rejection, tok } from '../../../../test/support/expectations.js';
import { createTestDatabase, testConfig, type TestDatabase } from '../../../../test/support/database.js';
import { bootstrapApp } from '../app.js';
import { AssistiveTechService } from '../assistive-tech/assistive-tech.service.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../common/errors.js';
import { RecordsService } from '../compatibility/records.service.js';
import type { CreateSystemDto } from './dto/create-system.dto.js';
import { ListSystemsQuery } from './dto/list-systems.query.js';
import { SystemsService } from './systems.service.js';

describe(SystemsService.name, () => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  let dataSource: DataSource;
  let service: SystemsService;

  beforeAll(async () => {
    db = await createTestDatabase();
    ({ app, dataSource } = await bootstrapApp(testConfig(db.database)));
    await app.init();
    service = app.get(SystemsService);
  });

  afterAll(async () => {
    await app?.close();
    if (dataSource?.isInitialized) await dataSource.destroy();
    await db?.drop();
  });

  const query = (values: Partial<ListSystemsQuery> = {}) => Object.assign(new ListSystemsQuery(), values);

  function createSystem(overrides: Partial<CreateSystemDto> = {}) {
    const t = tok();
    return service.create({
      name: `System ${t}`,
      owner: `Owner ${t}`,
      department: `Department ${t}`,
      platform: 'web',
      lifecycle: 'live',
      ...overrides,
    });
  }

  /** Sets when a release was entered, so ties on the release date are broken predictably. */
  async function enteredAt(releaseId: string, createdAt: string): Promise<void> {
    await dataSource.query(`UPDATE system_release SET created_at = $1 WHERE id = $2`, [createdAt, releaseId]);
  }

  describe('create', () => {
    it('makes the slug from the name, applies defaults and drops repeated urls', async () => {
      const t = tok();

      const created = await service.create({
        name: `HR Self-Service & Pay ${t}`,
        owner: 'People team',
        department: 'HR',
        platform: 'citrix',
        lifecycle: 'pre-rollout',
        urls: ['https://hr.example', 'https://pay.example', 'https://hr.example'],
      });

      expect(created).toMatchObject({
        slug: `hr-self-service-and-pay-${t}`,
        description: '',
        urls: ['https://hr.example', 'https://pay.example'],
        releases: [],
        latestRelease: null,
      });
      await expect(service.get(created.slug)).resolves.toMatchObject({ id: created.id, urls: ['https://hr.example', 'https://pay.example'] });
    });

    it('stores no urls when none are given, and keeps a given slug', async () => {
      const slug = `given-${tok()}`;

      await expect(createSystem({ slug })).resolves.toMatchObject({ slug, urls: [] });
    });

    it('refuses a name no slug can be made from, naming slug', async () => {
      const error = await rejection(createSystem({ name: '***' }), InvalidInputError, { status: 400 });

      expect(error.errors).toEqual([expect.objectContaining({ field: 'slug' })]);
    });

    it('refuses a slug already used, whether derived or given, with duplicate-slug', async () => {
      const t = tok();
      const department = `Dup ${t}`;
      const first = await createSystem({ name: `Same ${t}`, department });

      const derived = await rejection(createSystem({ name: `Same ${t}`, department }), ConflictError, {
        status: 409,
        code: 'duplicate-slug',
      });
      expect(derived.message).toContain(first.slug);
      await rejection(createSystem({ name: 'Other', slug: first.slug, department }), ConflictError, { code: 'duplicate-slug' });

      await expect(service.list(query({ department }))).resolves.toMatchObject({ total: 1 });
    });
  });

  describe('get', () => {
    it('answers an unknown slug with NotFoundError naming it', async () => {
      const slug = `nowhere-${tok()}`;

      const error = await rejection(service.get(slug), NotFoundError, { status: 404, code: 'not-found' });

      expect(error.message).toContain(`"${slug}"`);
    });
  });

  describe('update', () => {
    it('changes only the given fields, dropping repeated urls', async () => {
      const system = await createSystem({ description: 'Before', urls: ['https://a.example'] });

      const updated = await service.update(system.slug, { lifecycle: 'retiring', urls: ['https://b.example', 'https://b.example'] });

      expect(updated).toMatchObject({
        slug: system.slug,
        name: system.name,
        owner: system.owner,
        description: 'Before',
        lifecycle: 'retiring',
        urls: ['https://b.example'],
      });
      await expect(service.get(system.slug)).resolves.toMatchObject({ lifecycle: 'retiring', urls: ['https://b.example'] });
    });

    it('moves a system to a free slug, and the old slug is gone', async () => {
      const system = await createSystem();
      const slug = `moved-${tok()}`;

      await expect(service.update(system.slug, { slug })).resolves.toMatchObject({ id: system.id, slug });

      await rejection(service.get(system.slug), NotFoundError);
    });

    it("refuses another system's slug with duplicate-slug but accepts its own", async () => {
      const taken = await createSystem();
      const system = await createSystem();

      await rejection(service.update(system.slug, { slug: taken.slug, owner: 'Changed' }), ConflictError, { code: 'duplicate-slug' });
      await expect(service.get(system.slug)).resolves.toMatchObject({ owner: system.owner });

      await expect(service.update(system.slug, { slug: system.slug, owner: 'Changed' })).resolves.toMatchObject({ owner: 'Changed' });
    });

    it('answers an unknown slug with NotFoundError', async () => {
      await rejection(service.update(`nowhere-${tok()}`, { owner: 'x' }), NotFoundError);
    });
  });

  describe('remove', () => {
    it('deletes a system without releases', async () => {
      const system = await createSystem();

      await service.remove(system.slug);

      await rejection(service.get(system.slug), NotFoundError);
      await rejection(service.remove(system.slug), NotFoundError);
    });

    it('refuses with has-releases while releases exist, counting them', async () => {
      const system = await createSystem();
      await service.addRelease(system.slug, { version: '1.0' });

      const error = await rejection(service.remove(system.slug), ConflictError, { status: 409, code: 'has-releases' });
      expect(error.message).toContain('1 release(s)');
      await expect(service.get(system.slug)).resolves.toMatchObject({ id: system.id });

      await service.removeRelease(system.slug, '1.0');
      await service.remove(system.slug);
      await rejection(service.get(system.slug), NotFoundError);
    });
  });

  describe('releases', () => {
    it('orders releases oldest first by release date, undated ones as of the day entered', async () => {
      const system = await createSystem();
      await service.addRelease(system.slug, { version: '2.0', releasedOn: '2024-03-01' });
      await service.addRelease(system.slug, { version: 'next' });
      await service.addRelease(system.slug, { version: '9.0', releasedOn: '2999-01-01' });
      await service.addRelease(system.slug, { version: '1.0', releasedOn: '2019-05-01' });
      const expected = ['1.0', '2.0', 'next', '9.0'];

      expect((await service.listReleases(system.slug)).map((r) => r.version)).toEqual(expected);
      const got = await service.get(system.slug);
      expect(got.releases?.map((r) => r.version)).toEqual(expected);
      expect(got.latestRelease).toBe('9.0');
      const listed = await service.list(query({ department: system.department }));
      expect(listed.items[0]?.releases?.map((r) => r.version)).toEqual(expected);
      expect(listed.items[0]?.latestRelease).toBe('9.0');
    });

    it('breaks a tie on the release date by when each release was entered', async () => {
      const system = await createSystem();
      const a = await service.addRelease(system.slug, { version: 'a', releasedOn: '2024-06-01' });
      const b = await service.addRelease(system.slug, { version: 'b', releasedOn: '2024-06-01' });
      await enteredAt(a.id, '2024-06-02T12:00:00Z');
      await enteredAt(b.id, '2024-06-02T09:00:00Z');

      expect((await service.listReleases(system.slug)).map((r) => r.version)).toEqual(['b', 'a']);
      await expect(service.get(system.slug)).resolves.toMatchObject({ latestRelease: 'a' });
    });

    it('reorders when a release date is changed or cleared', async () => {
      const system = await createSystem();
      const first = await service.addRelease(system.slug, { version: '1.0', releasedOn: '2020-01-01' });
      await service.addRelease(system.slug, { version: '2.0', releasedOn: '2021-01-01' });
      await service.addRelease(system.slug, { version: '3.0', releasedOn: '2022-01-01' });

      await service.updateRelease(system.slug, '3.0', { releasedOn: '2019-01-01' });
      expect((await service.listReleases(system.slug)).map((r) => r.version)).toEqual(['3.0', '1.0', '2.0']);

      // Undated, 1.0 counts from the day it was entered.
      await enteredAt(first.id, '2021-06-01T00:00:00Z');
      await expect(service.updateRelease(system.slug, '1.0', { releasedOn: null })).resolves.toMatchObject({ releasedOn: null });
      expect((await service.listReleases(system.slug)).map((r) => r.version)).toEqual(['3.0', '2.0', '1.0']);
    });

    it('refuses a duplicate release with duplicate-release, on add and on rename, but allows it on another system', async () => {
      const system = await createSystem();
      const other = await createSystem();
      await service.addRelease(system.slug, { version: '1.0' });
      await service.addRelease(system.slug, { version: '1.1' });

      await rejection(service.addRelease(system.slug, { version: '1.0' }), ConflictError, { status: 409, code: 'duplicate-release' });
      await rejection(service.updateRelease(system.slug, '1.1', { version: '1.0' }), ConflictError, { code: 'duplicate-release' });
      await expect(service.addRelease(other.slug, { version: '1.0' })).resolves.toMatchObject({ version: '1.0' });

      expect((await service.listReleases(system.slug)).map((r) => r.version).sort()).toEqual(['1.0', '1.1']);
    });

    it('renames a release, keeping the fields not given', async () => {
      const system = await createSystem();
      await service.addRelease(system.slug, { version: '2.3', releasedOn: '2025-09-01', notes: 'Notes' });

      await expect(service.updateRelease(system.slug, '2.3', { version: '2.3.1' })).resolves.toMatchObject({
        version: '2.3.1',
        releasedOn: '2025-09-01',
        notes: 'Notes',
      });

      await rejection(service.getRelease(system.slug, '2.3'), NotFoundError);
    });

    it('answers an unknown system or release with NotFoundError naming it', async () => {
      const system = await createSystem();
      const slug = `nowhere-${tok()}`;

      expect((await rejection(service.getRelease(system.slug, '9.9'), NotFoundError, { code: 'not-found' })).message).toContain('"9.9"');
      expect((await rejection(service.listReleases(slug), NotFoundError)).message).toContain(slug);
      await rejection(service.addRelease(slug, { version: '1.0' }), NotFoundError);
      await rejection(service.updateRelease(system.slug, '9.9', { notes: 'x' }), NotFoundError);
      await rejection(service.removeRelease(system.slug, '9.9'), NotFoundError);
    });

    it('removes a release, but the database refuses while a compatibility record uses it', async () => {
      const system = await createSystem();
      await service.addRelease(system.slug, { version: 'unused' });
      await service.addRelease(system.slug, { version: 'used' });
      const ats = app.get(AssistiveTechService);
      const at = await ats.create({ name: `AT ${tok()}`, vendor: 'Vendor', profile: 'keyboard', platforms: [] });
      await ats.addVersion(at.slug, { version: '1' });
      await app.get(RecordsService).create({ system: system.slug, release: 'used', assistiveTechnology: at.slug, atVersion: '1', status: 'partial' });

      await service.removeRelease(system.slug, 'unused');
      const error = await rejection(service.removeRelease(system.slug, 'used'), QueryFailedError);

      // foreign_key_violation, or restrict_violation on newer PostgreSQL and PGlite (ON DELETE RESTRICT)
      expect(['23503', '23001']).toContain((error.driverError as { code?: string }).code);
      expect((await service.listReleases(system.slug)).map((r) => r.version)).toEqual(['used']);
    });
  });

  describe('list', () => {
    it('pages through the matches in name order, with offset from the page', async () => {
      const department = `Pager ${tok()}`;
      for (const letter of ['e', 'c', 'a', 'd', 'b']) await createSystem({ name: `${department} ${letter}`, department });
      const names = async (values: Partial<ListSystemsQuery>) =>
        (await service.list(query({ department, ...values }))).items.map((s) => s.name.slice(-1));

      await expect(service.list(query({ department, pageSize: 2, page: 3 }))).resolves.toMatchObject({
        page: 3,
        pageSize: 2,
        total: 5,
        totalPages: 3,
      });
      expect(await names({ pageSize: 2, page: 1 })).toEqual(['a', 'b']);
      expect(await names({ pageSize: 2, page: 2 })).toEqual(['c', 'd']);
      expect(await names({ pageSize: 2, page: 3 })).toEqual(['e']);
      expect(await names({ pageSize: 2, page: 4 })).toEqual([]);
      expect(await names({})).toEqual(['a', 'b', 'c', 'd', 'e']);
    });

    it('filters by department exactly (ignoring case and spaces around it), lifecycle and platform', async () => {
      const department = `Finance ${tok()}`;
      const live = await createSystem({ department, lifecycle: 'live', platform: 'web' });
      const retiring = await createSystem({ department, lifecycle: 'retiring', platform: 'desktop' });
      await createSystem({ department: `${department} North`, lifecycle: 'live', platform: 'web' });
      const slugs = async (values: Partial<ListSystemsQuery>) =>
        (await service.list(query({ department, ...values }))).items.map((s) => s.slug).sort();

      expect(await slugs({ department: ` ${department.toUpperCase()} ` })).toEqual([live.slug, retiring.slug].sort());
      expect(await slugs({ lifecycle: 'retiring' })).toEqual([retiring.slug]);
      expect(await slugs({ platform: 'web' })).toEqual([live.slug]);
      expect(await slugs({ platform: 'citrix' })).toEqual([]);
      await expect(service.list(query({ department, lifecycle: 'live', platform: 'desktop' }))).resolves.toMatchObject({ total: 0 });
    });

    it('finds words in the name, owner or description, ignoring case, but not in the department', async () => {
      const t = tok();
      const byName = await createSystem({ name: `Ledger ${t}` });
      const byOwner = await createSystem({ owner: `LEDGER ${t} team` });
      const byDescription = await createSystem({ description: `The ledger ${t} one` });
      await createSystem({ department: `Ledger ${t}` });
      const underscore = await createSystem({ name: `${t} a_b` });
      await createSystem({ name: `${t} axb` });
      const found = async (q: string) => (await service.list(query({ q }))).items.map((s) => s.slug).sort();

      expect(await found(` ledger ${t} `)).toEqual([byName.slug, byOwner.slug, byDescription.slug].sort());
      expect(await found(`${t} a_b`)).toEqual([underscore.slug]);
    });
  });
});
