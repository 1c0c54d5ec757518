import type { NestExpressApplication } from '@nestjs/platform-express';
import { QueryFailedError, type DataSource } from 'typeorm';
import { rejection, tok } from '../../../../test/support/expectations.js';
import { createTestDatabase, testConfig, type TestDatabase } from '../../../../test/support/database.js';
import { bootstrapApp } from '../app.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../common/errors.js';
import { RecordsService } from '../compatibility/records.service.js';
import { SystemsService } from '../systems/systems.service.js';
import { AssistiveTechService } from './assistive-tech.service.js';
import type { CreateAssistiveTechnologyDto } from './dto/create-assistive-technology.dto.js';
import { ListAssistiveTechnologiesQuery } from './dto/list-assistive-technologies.query.js';

describe(AssistiveTechService.name, () => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  let dataSource: DataSource;
  let service: AssistiveTechService;

  beforeAll(async () => {
    db = await createTestDatabase();
    ({ app, dataSource } = await bootstrapApp(testConfig(db.database)));
    await app.init();
    service = app.get(AssistiveTechService);
  });

  afterAll(async () => {
    await app?.close();
    if (dataSource?.isInitialized) await dataSource.destroy();
    await db?.drop();
  });

  const query = (values: Partial<ListAssistiveTechnologiesQuery> = {}) =>
    Object.assign(new ListAssistiveTechnologiesQuery(), values);

  function createAt(overrides: Partial<CreateAssistiveTechnologyDto> = {}) {
    const t = tok();
    return service.create({ name: `AT ${t}`, vendor: `Vendor ${t}`, profile: 'speech', platforms: ['windows'], ...overrides });
  }

  /** Sets when a version was entered, so ties on the release date are broken predictably. */
  async function enteredAt(versionId: string, createdAt: string): Promise<void> {
    await dataSource.query(`UPDATE at_version SET created_at = $1 WHERE id = $2`, [createdAt, versionId]);
  }

  describe('create', () => {
    it('makes the slug from the name, applies defaults and drops repeated platforms', async () => {
      const t = tok();

      const created = await service.create({
        name: `Read&Write Élan ${t}`,
        vendor: 'Texthelp',
        profile: 'literacy',
        platforms: ['windows', 'web', 'windows'],
      });

      expect(created).toMatchObject({
        slug: `read-and-write-elan-${t}`,
        name: `Read&Write Élan ${t}`,
        website: null,
        description: '',
        platforms: ['windows', 'web'],
        versions: [],
        latestVersion: null,
      });
      await expect(service.get(`read-and-write-elan-${t}`)).resolves.toMatchObject({ id: created.id, platforms: ['windows', 'web'] });
    });

    it('keeps a slug that is given instead of making one', async () => {
      const slug = `given-${tok()}`;

      const created = await createAt({ slug });

      expect(created.slug).toBe(slug);
      await expect(service.get(slug)).resolves.toMatchObject({ id: created.id });
    });

    it('refuses a name no slug can be made from, naming slug', async () => {
      const error = await rejection(createAt({ name: '—!!—' }), InvalidInputError, { status: 400, code: 'validation-failed' });

      expect(error.errors).toEqual([expect.objectContaining({ field: 'slug' })]);
    });

    it('refuses a slug already used, whether derived or given, with duplicate-slug', async () => {
      const t = tok();
      const first = await service.create({ name: `Same ${t}`, vendor: `V ${t}`, profile: 'keyboard', platforms: [] });

      const derived = await rejection(
        service.create({ name: `Same ${t}`, vendor: `V ${t}`, profile: 'keyboard', platforms: [] }),
        ConflictError,
        { status: 409, code: 'duplicate-slug' },
      );
      expect(derived.message).toContain(first.slug);
      await rejection(
        service.create({ name: 'Something else', slug: first.slug, vendor: `V ${t}`, profile: 'keyboard', platforms: [] }),
        ConflictError,
        { code: 'duplicate-slug' },
      );

      await expect(service.list(query({ vendor: `V ${t}` }))).resolves.toMatchObject({ total: 1 });
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
    it('changes only the given fields, dropping repeated platforms', async () => {
      const at = await createAt({ description: 'Before', website: 'https://example.org' });

      const updated = await service.update(at.slug, { vendor: 'New vendor', platforms: ['macos', 'macos', 'ios'] });

      expect(updated).toMatchObject({
        slug: at.slug,
        name: at.name,
        vendor: 'New vendor',
        description: 'Before',
        website: 'https://example.org',
        platforms: ['macos', 'ios'],
      });
      await expect(service.get(at.slug)).resolves.toMatchObject({ vendor: 'New vendor', platforms: ['macos', 'ios'] });
    });

    it('moves an AT to a free slug, and the old slug is gone', async () => {
      const at = await createAt();
      const slug = `moved-${tok()}`;

      await expect(service.update(at.slug, { slug })).resolves.toMatchObject({ id: at.id, slug });

      await expect(service.get(slug)).resolves.toMatchObject({ id: at.id });
      await rejection(service.get(at.slug), NotFoundError);
    });

    it("refuses another AT's slug with duplicate-slug but accepts its own", async () => {
      const taken = await createAt();
      const at = await createAt();

      await rejection(service.update(at.slug, { slug: taken.slug, name: 'Renamed' }), ConflictError, { code: 'duplicate-slug' });
      await expect(service.get(at.slug)).resolves.toMatchObject({ name: at.name });

      await expect(service.update(at.slug, { slug: at.slug, name: 'Renamed' })).resolves.toMatchObject({ slug: at.slug, name: 'Renamed' });
    });

    it('answers an unknown slug with NotFoundError', async () => {
      await rejection(service.update(`nowhere-${tok()}`, { name: 'x' }), NotFoundError, { code: 'not-found' });
    });
  });

  describe('remove', () => {
    it('deletes an AT without versions', async () => {
      const at = await createAt();

      await service.remove(at.slug);

      await rejection(service.get(at.slug), NotFoundError);
      await rejection(service.remove(at.slug), NotFoundError);
    });

    it('refuses with has-versions while versions exist, counting them', async () => {
      const at = await createAt();
      await service.addVersion(at.slug, { version: '1' });
      await service.addVersion(at.slug, { version: '2' });

      const error = await rejection(service.remove(at.slug), ConflictError, { status: 409, code: 'has-versions' });
      expect(error.message).toContain('2 version(s)');
      await expect(service.get(at.slug)).resolves.toMatchObject({ id: at.id });

      await service.removeVersion(at.slug, '1');
      await service.removeVersion(at.slug, '2');
      await service.remove(at.slug);
      await rejection(service.get(at.slug), NotFoundError);
    });
  });

  describe('versions', () => {
    it('orders versions oldest first by release date, undated ones as of the day entered', async () => {
      const at = await createAt();
      await service.addVersion(at.slug, { version: '3', releasedOn: '2024-03-01' });
      await service.addVersion(at.slug, { version: 'undated' });
      await service.addVersion(at.slug, { version: 'future', releasedOn: '2999-01-01' });
      await service.addVersion(at.slug, { version: '1', releasedOn: '2019-05-01' });
      const expected = ['1', '3', 'undated', 'future'];

      expect((await service.listVersions(at.slug)).map((v) => v.version)).toEqual(expected);
      const got = await service.get(at.slug);
      expect(got.versions?.map((v) => v.version)).toEqual(expected);
      expect(got.latestVersion).toBe('future');
      const listed = await service.list(query({ vendor: at.vendor }));
      expect(listed.items[0]?.versions?.map((v) => v.version)).toEqual(expected);
      expect(listed.items[0]?.latestVersion).toBe('future');
    });

    it('breaks a tie on the release date by when each version was entered, not by name or insert order', async () => {
      const at = await createAt();
      const a = await service.addVersion(at.slug, { version: 'a', releasedOn: '2024-06-01' });
      const b = await service.addVersion(at.slug, { version: 'b', releasedOn: '2024-06-01' });
      await enteredAt(a.id, '2024-06-02T12:00:00Z');
      await enteredAt(b.id, '2024-06-02T09:00:00Z');

      expect((await service.listVersions(at.slug)).map((v) => v.version)).toEqual(['b', 'a']);
      await expect(service.get(at.slug)).resolves.toMatchObject({ latestVersion: 'a' });
    });

    it('reorders when a release date changes', async () => {
      const at = await createAt();
      await service.addVersion(at.slug, { version: '1', releasedOn: '2020-01-01' });
      await service.addVersion(at.slug, { version: '2', releasedOn: '2021-01-01' });

      await service.updateVersion(at.slug, '1', { releasedOn: '2022-01-01' });

      expect((await service.listVersions(at.slug)).map((v) => v.version)).toEqual(['2', '1']);
    });

    it('refuses an end of support before the release date, naming endOfSupport, and stores nothing', async () => {
      const at = await createAt();

      const error = await rejection(
        service.addVersion(at.slug, { version: '1', releasedOn: '2024-06-01', endOfSupport: '2024-05-31' }),
        InvalidInputError,
        { status: 400 },
      );

      expect(error.errors).toEqual([expect.objectContaining({ field: 'endOfSupport' })]);
      await expect(service.listVersions(at.slug)).resolves.toEqual([]);
    });

    it('accepts an end of support on the release day, or without a release date', async () => {
      const at = await createAt();

      await expect(
        service.addVersion(at.slug, { version: '1', releasedOn: '2024-06-01', endOfSupport: '2024-06-01' }),
      ).resolves.toMatchObject({ releasedOn: '2024-06-01', endOfSupport: '2024-06-01' });
      await expect(service.addVersion(at.slug, { version: '2', endOfSupport: '2000-01-01' })).resolves.toMatchObject({
        releasedOn: null,
        endOfSupport: '2000-01-01',
        outOfSupport: true,
      });
    });

    it('refuses an update that puts either date on the wrong side of the other, leaving the version as it was', async () => {
      const at = await createAt();
      await service.addVersion(at.slug, { version: '1', releasedOn: '2024-01-01', endOfSupport: '2026-01-01' });

      const later = await rejection(service.updateVersion(at.slug, '1', { releasedOn: '2026-06-01' }), InvalidInputError);
      expect(later.errors).toEqual([expect.objectContaining({ field: 'endOfSupport' })]);
      const earlier = await rejection(service.updateVersion(at.slug, '1', { endOfSupport: '2023-12-31' }), InvalidInputError);
      expect(earlier.errors).toEqual([expect.objectContaining({ field: 'endOfSupport' })]);

      await expect(service.getVersion(at.slug, '1')).resolves.toMatchObject({ releasedOn: '2024-01-01', endOfSupport: '2026-01-01' });
    });

    it('refuses a duplicate version with duplicate-version, on add and on rename, but allows it on another AT', async () => {
      const at = await createAt();
      const other = await createAt();
      await service.addVersion(at.slug, { version: '1' });
      await service.addVersion(at.slug, { version: '2' });

      await rejection(service.addVersion(at.slug, { version: '1' }), ConflictError, { status: 409, code: 'duplicate-version' });
      await rejection(service.updateVersion(at.slug, '2', { version: '1' }), ConflictError, { code: 'duplicate-version' });
      await expect(service.addVersion(other.slug, { version: '1' })).resolves.toMatchObject({ version: '1' });

      expect((await service.listVersions(at.slug)).map((v) => v.version).sort()).toEqual(['1', '2']);
    });

    it('renames a version, keeping the fields not given', async () => {
      const at = await createAt();
      await service.addVersion(at.slug, { version: '16', releasedOn: '2021-06-01', notes: 'Notes' });

      await expect(service.updateVersion(at.slug, '16', { version: '16.1' })).resolves.toMatchObject({
        version: '16.1',
        releasedOn: '2021-06-01',
        notes: 'Notes',
      });

      await rejection(service.getVersion(at.slug, '16'), NotFoundError);
    });

    it('answers an unknown AT or version with NotFoundError naming it', async () => {
      const at = await createAt();
      const slug = `nowhere-${tok()}`;

      expect((await rejection(service.getVersion(at.slug, '99'), NotFoundError, { code: 'not-found' })).message).toContain('"99"');
      expect((await rejection(service.listVersions(slug), NotFoundError)).message).toContain(slug);
      await rejection(service.addVersion(slug, { version: '1' }), NotFoundError);
      await rejection(service.updateVersion(at.slug, '99', { notes: 'x' }), NotFoundError);
      await rejection(service.removeVersion(at.slug, '99'), NotFoundError);
    });

    it('removes a version, but the database refuses while a compatibility record uses it', async () => {
      const at = await createAt();
      await service.addVersion(at.slug, { version: 'unused' });
      await service.addVersion(at.slug, { version: 'used' });
      const systems = app.get(SystemsService);
      const system = await systems.create({ name: `System ${tok()}`, owner: 'Team', department: 'Dept', platform: 'web', lifecycle: 'live' });
      await systems.addRelease(system.slug, { version: '1.0' });
      await app.get(RecordsService).create({
        system: system.slug,
        release: '1.0',
        assistiveTechnology: at.slug,
        atVersion: 'used',
        status: 'works',
      });

      await service.removeVersion(at.slug, 'unused');
      const error = await rejection(service.removeVersion(at.slug, 'used'), QueryFailedError);

      // foreign_key_violation, or restrict_violation on newer PostgreSQL and PGlite (ON DELETE RESTRICT)
      expect(['23503', '23001']).toContain((error.driverError as { code?: string }).code);
      expect((await service.listVersions(at.slug)).map((v) => v.version)).toEqual(['used']);
    });
  });

  describe('list', () => {
    it('pages through the matches in name order, with offset from the page', async () => {
      const vendor = `Pager ${tok()}`;
      for (const letter of ['e', 'c', 'a', 'd', 'b']) await createAt({ name: `${vendor} ${letter}`, vendor });
      const names = async (values: Partial<ListAssistiveTechnologiesQuery>) =>
        (await service.list(query({ vendor, ...values }))).items.map((at) => at.name.slice(-1));

      await expect(service.list(query({ vendor, pageSize: 2, page: 2 }))).resolves.toMatchObject({
        page: 2,
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

    it('filters by profile, by any platform and by vendor exactly, ignoring case and spaces around it', async () => {
      const vendor = `Filter Vendor ${tok()}`;
      const speech = await createAt({ vendor, profile: 'speech', platforms: ['windows', 'macos'] });
      const reader = await createAt({ vendor, profile: 'screen-reader', platforms: ['ios'] });
      await createAt({ vendor: `${vendor} Ltd`, profile: 'speech', platforms: ['macos'] });
      const slugs = async (values: Partial<ListAssistiveTechnologiesQuery>) =>
        (await service.list(query({ vendor, ...values }))).items.map((at) => at.slug).sort();

      expect(await slugs({ vendor: `  ${vendor.toUpperCase()}  ` })).toEqual([speech.slug, reader.slug].sort());
      expect(await slugs({ profile: 'screen-reader' })).toEqual([reader.slug]);
      expect(await slugs({ platform: 'macos' })).toEqual([speech.slug]);
      expect(await slugs({ platform: 'android' })).toEqual([]);
      await expect(service.list(query({ vendor, profile: 'speech', platform: 'ios' }))).resolves.toMatchObject({ items: [], total: 0 });
    });

    it('finds words in the name, vendor or description, ignoring case, with % and _ taken literally', async () => {
      const t = tok();
      const byName = await createAt({ name: `Needle ${t}` });
      const byVendor = await createAt({ vendor: `NEEDLE ${t} Inc` });
      const byDescription = await createAt({ description: `Has a needle ${t} inside` });
      const percent = await createAt({ name: `${t} 100% zoom` });
      await createAt({ name: `${t} 100x zoom` });
      const found = async (q: string) => (await service.list(query({ q }))).items.map((at) => at.slug).sort();

      expect(await found(`  needle ${t} `)).toEqual([byName.slug, byVendor.slug, byDescription.slug].sort());
      expect(await found(`${t} 100%`)).toEqual([percent.slug]);
      expect(await found(`${t} 100_`)).toEqual([]);
    });
  });
});
