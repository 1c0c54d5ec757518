import { randomBytes } from 'node:crypto';
import type { Response } from 'supertest';
import { startRegistry, type TestRegistry } from '../../../test/support/registry.js';

const BASE = '/api/v1/assistive-technologies';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const PAGE_KEYS = ['items', 'page', 'pageSize', 'total', 'totalPages'];
const AT_KEYS = [
  'createdAt',
  'description',
  'id',
  'latestVersion',
  'name',
  'platforms',
  'profile',
  'slug',
  'updatedAt',
  'vendor',
  'versions',
  'website',
];

/** A token no other test uses, so every test makes its own catalogue entries. */
function tok(): string {
  return `t${randomBytes(5).toString('hex')}`;
}

interface AtBody {
  id: string;
  slug: string;
  name: string;
  vendor: string;
  profile: string;
  platforms: string[];
  website: string | null;
  description: string;
  versions: VersionBody[];
  latestVersion: string | null;
}

interface VersionBody {
  id: string;
  version: string;
  releasedOn: string | null;
  endOfSupport: string | null;
  outOfSupport: boolean;
  notes: string;
}

/** No error body may carry a stack trace or a file path. */
function expectNoStackTrace(res: Response): void {
  expect(res.text).not.toMatch(/\bat [^\s]+ \(?[^\s]*[/\\][^\s]*:\d+:\d+\)?/);
  expect(res.text).not.toMatch(/\n\s+at /);
  expect(res.text).not.toContain('node_modules');
  expect(res.text).not.toMatch(/\.(ts|js):\d+/);
  expect(res.body).not.toHaveProperty('stack');
}

/** An RFC 9457 problem with this status and (when given) code. */
function expectProblem(res: Response, status: number, code?: string): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body.status).toBe(status);
  expect(typeof res.body.title).toBe('string');
  expect(typeof res.body.detail).toBe('string');
  expect(res.body.type).toBe(`https://atcompat.dev/problems/${res.body.code}`);
  if (code) expect(res.body.code).toBe(code);
  expectNoStackTrace(res);
}

/** A 400 validation problem whose errors name these fields (and, with `exactly`, no others). */
function expectInvalid(res: Response, fields: string[], exactly = false): void {
  expectProblem(res, 400, 'validation-failed');
  expect(Array.isArray(res.body.errors)).toBe(true);
  const named = [...new Set((res.body.errors as { field: string; message: string }[]).map((e) => e.field))];
  for (const e of res.body.errors as { field: string; message: string }[]) {
    expect(typeof e.message).toBe('string');
    expect(e.message.length).toBeGreaterThan(0);
  }
  if (exactly) expect(named.sort()).toEqual([...fields].sort());
  else expect(named).toEqual(expect.arrayContaining(fields));
}

describe('/api/v1/assistive-technologies', () => {
  let registry: TestRegistry;

  beforeAll(async () => {
    registry = await startRegistry();
  });

  afterAll(async () => {
    await registry?.close();
  });

  const http = () => registry.http();

  async function createAt(overrides: Record<string, unknown> = {}): Promise<AtBody> {
    const t = tok();
    const res = await http()
      .post(BASE)
      .send({ name: `AT ${t}`, vendor: `Vendor ${t}`, profile: 'speech', platforms: ['windows'], ...overrides });
    expect(res.status).toBe(201);
    return res.body as AtBody;
  }

  async function addVersion(slug: string, body: Record<string, unknown>): Promise<VersionBody> {
    const res = await http().post(`${BASE}/${slug}/versions`).send(body);
    expect(res.status).toBe(201);
    return res.body as VersionBody;
  }

  async function list(query: Record<string, string | number>): Promise<Response> {
    const res = await http().get(BASE).query(query);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(PAGE_KEYS);
    return res;
  }

  const slugsOf = (res: Response) => (res.body.items as AtBody[]).map((a) => a.slug);

  describe('create and get', () => {
    it('creates an AT with every field and returns it in full', async () => {
      const t = tok();
      const body = {
        name: `Dragon Professional ${t}`,
        slug: `dragon-${t}`,
        vendor: 'Nuance (Microsoft)',
        profile: 'speech',
        platforms: ['windows', 'macos'],
        website: 'https://www.nuance.com/dragon.html',
        description: 'Speech recognition.',
      };
      const res = await http().post(BASE).send(body).expect(201);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(Object.keys(res.body).sort()).toEqual(AT_KEYS);
      expect(res.body).toEqual({
        id: expect.stringMatching(UUID),
        slug: `dragon-${t}`,
        name: `Dragon Professional ${t}`,
        vendor: 'Nuance (Microsoft)',
        profile: 'speech',
        platforms: ['windows', 'macos'],
        website: 'https://www.nuance.com/dragon.html',
        description: 'Speech recognition.',
        versions: [],
        latestVersion: null,
        createdAt: expect.stringMatching(ISO_TIMESTAMP),
        updatedAt: expect.stringMatching(ISO_TIMESTAMP),
      });

      const got = await http().get(`${BASE}/dragon-${t}`).expect(200);
      expect(got.body).toEqual(res.body);
    });

    it('makes the slug from the name when it is left out, trims text and applies defaults', async () => {
      const t = tok();
      const res = await http()
        .post(BASE)
        .send({ name: `  Zoom—Text & Friends (2025) ${t}  `, vendor: '  Freedom Scientific ', profile: 'magnifier', platforms: ['windows'] })
        .expect(201);
      expect(res.body.slug).toBe(`zoom-text-and-friends-2025-${t}`);
      expect(res.body.name).toBe(`Zoom—Text & Friends (2025) ${t}`);
      expect(res.body.vendor).toBe('Freedom Scientific');
      expect(res.body.website).toBeNull();
      expect(res.body.description).toBe('');
      await http().get(`${BASE}/zoom-text-and-friends-2025-${t}`).expect(200);
    });

    it('drops repeated platforms', async () => {
      const at = await createAt({ platforms: ['windows', 'web', 'windows', 'web'] });
      expect(at.platforms).toEqual(['windows', 'web']);
      const got = await http().get(`${BASE}/${at.slug}`).expect(200);
      expect(got.body.platforms).toEqual(['windows', 'web']);
    });

    it('refuses a second AT with the same slug, given or derived, with 409', async () => {
      const t = tok();
      await http().post(BASE).send({ name: `Same ${t}`, vendor: 'V', profile: 'keyboard', platforms: [] }).expect(201);
      const derived = await http().post(BASE).send({ name: `Same ${t}`, vendor: 'W', profile: 'keyboard', platforms: [] });
      expectProblem(derived, 409, 'duplicate-slug');
      expect(derived.body.detail).toContain(`same-${t}`);
      const given = await http()
        .post(BASE)
        .send({ name: 'Something else', slug: `same-${t}`, vendor: 'W', profile: 'keyboard', platforms: [] });
      expectProblem(given, 409, 'duplicate-slug');
      const listed = await list({ q: `Same ${t}` });
      expect(listed.body.total).toBe(1);
    });

    it('answers 404 naming an unknown slug', async () => {
      const slug = `no-such-${tok()}`;
      const res = await http().get(`${BASE}/${slug}`);
      expectProblem(res, 404, 'not-found');
      expect(res.body.detail).toContain(slug);
      expect(res.body.instance).toBe(`${BASE}/${slug}`);
    });
  });

  describe('validation', () => {
    it('names every missing required field', async () => {
      const res = await http().post(BASE).send({});
      expectInvalid(res, ['name', 'vendor', 'profile', 'platforms'], true);
    });

    it('names a profile that is not one of the known ones', async () => {
      const res = await http().post(BASE).send({ name: `X ${tok()}`, vendor: 'V', profile: 'telepathy', platforms: ['windows'] });
      expectInvalid(res, ['profile'], true);
      expect(res.body.errors[0].message).toContain('screen-reader');
    });

    it('names an unknown platform', async () => {
      const res = await http().post(BASE).send({ name: `X ${tok()}`, vendor: 'V', profile: 'speech', platforms: ['windows', 'amiga'] });
      expectInvalid(res, ['platforms'], true);
    });

    it('names platforms that is not an array', async () => {
      const res = await http().post(BASE).send({ name: `X ${tok()}`, vendor: 'V', profile: 'speech', platforms: 'windows' });
      expectInvalid(res, ['platforms'], true);
    });

    it.each(['ftp://example.com/at', 'javascript:alert(1)', 'www.example.com', 'not a url'])(
      'names a website that is not an http(s) address: %s',
      async (website) => {
        const res = await http().post(BASE).send({ name: `X ${tok()}`, vendor: 'V', profile: 'speech', platforms: [], website });
        expectInvalid(res, ['website'], true);
      },
    );

    it('names an unknown extra field', async () => {
      const res = await http()
        .post(BASE)
        .send({ name: `X ${tok()}`, vendor: 'V', profile: 'speech', platforms: [], colour: 'red' });
      expectInvalid(res, ['colour'], true);
      expect(res.body.errors[0].message).toContain('colour');
    });

    it('names a blank name and a blank vendor', async () => {
      const res = await http().post(BASE).send({ name: '   ', vendor: '', profile: 'speech', platforms: [] });
      expectInvalid(res, ['name', 'vendor'], true);
    });

    it('names a slug that is not lower-case words and hyphens', async () => {
      const res = await http().post(BASE).send({ name: `X ${tok()}`, slug: 'Not A Slug', vendor: 'V', profile: 'speech', platforms: [] });
      expectInvalid(res, ['slug'], true);
    });

    it('refuses a name from which no slug can be made, naming slug', async () => {
      const res = await http().post(BASE).send({ name: '!!!', vendor: 'V', profile: 'speech', platforms: [] });
      expectInvalid(res, ['slug'], true);
    });

    it('names every bad field at once', async () => {
      const res = await http()
        .post(BASE)
        .send({ name: '', vendor: 'V', profile: 'nope', platforms: ['nope'], website: 'ftp://x', extra: 1 });
      expectInvalid(res, ['name', 'profile', 'platforms', 'website', 'extra'], true);
    });

    it('answers malformed JSON with 400 malformed-json', async () => {
      const res = await http().post(BASE).set('Content-Type', 'application/json').send('{"name": "Dragon", ');
      expectProblem(res, 400, 'malformed-json');
    });

    it('creates nothing when the body is invalid', async () => {
      const t = tok();
      await http().post(BASE).send({ name: `Invalid ${t}`, vendor: 'V', profile: 'bogus', platforms: [] }).expect(400);
      const listed = await list({ q: t });
      expect(listed.body.total).toBe(0);
      expectProblem(await http().get(`${BASE}/invalid-${t}`), 404, 'not-found');
    });
  });

  describe('list', () => {
    it('returns a page with its counts, in name order, with versions and latestVersion', async () => {
      const t = tok();
      const b = await createAt({ name: `Lister ${t} B` });
      const a = await createAt({ name: `Lister ${t} A` });
      await addVersion(b.slug, { version: '2', releasedOn: '2024-01-01' });
      await addVersion(b.slug, { version: '1', releasedOn: '2020-01-01' });

      const res = await list({ q: `Lister ${t}` });
      expect(res.body).toEqual({ items: expect.any(Array), page: 1, pageSize: 20, total: 2, totalPages: 1 });
      expect(slugsOf(res)).toEqual([a.slug, b.slug]);
      const [first, second] = res.body.items as AtBody[];
      expect(Object.keys(first!).sort()).toEqual(AT_KEYS);
      expect(first!.versions).toEqual([]);
      expect(first!.latestVersion).toBeNull();
      expect(second!.versions.map((v) => v.version)).toEqual(['1', '2']);
      expect(second!.latestVersion).toBe('2');
    });

    it('pages through the matches', async () => {
      const t = tok();
      for (const letter of ['E', 'C', 'A', 'D', 'B']) await createAt({ name: `Pager ${t} ${letter}` });
      const names = (res: Response) => (res.body.items as AtBody[]).map((a) => a.name);

      const page1 = await list({ q: `Pager ${t}`, pageSize: 2 });
      expect(page1.body).toEqual({ items: expect.any(Array), page: 1, pageSize: 2, total: 5, totalPages: 3 });
      expect(names(page1)).toEqual([`Pager ${t} A`, `Pager ${t} B`]);

      const page2 = await list({ q: `Pager ${t}`, pageSize: 2, page: 2 });
      expect(page2.body).toEqual({ items: expect.any(Array), page: 2, pageSize: 2, total: 5, totalPages: 3 });
      expect(names(page2)).toEqual([`Pager ${t} C`, `Pager ${t} D`]);

      const page3 = await list({ q: `Pager ${t}`, pageSize: 2, page: 3 });
      expect(names(page3)).toEqual([`Pager ${t} E`]);

      const beyond = await list({ q: `Pager ${t}`, pageSize: 2, page: 4 });
      expect(beyond.body).toEqual({ items: [], page: 4, pageSize: 2, total: 5, totalPages: 3 });

      const all = await list({ q: `Pager ${t}`, pageSize: 100 });
      expect(all.body.pageSize).toBe(100);
      expect(names(all)).toEqual(['A', 'B', 'C', 'D', 'E'].map((l) => `Pager ${t} ${l}`));
    });

    it('says one empty page when nothing matches', async () => {
      const res = await list({ q: `nothing-matches-${tok()}` });
      expect(res.body).toEqual({ items: [], page: 1, pageSize: 20, total: 0, totalPages: 1 });
    });

    it.each([
      [{ pageSize: 101 }, 'pageSize'],
      [{ pageSize: 0 }, 'pageSize'],
      [{ pageSize: 'ten' }, 'pageSize'],
      [{ page: 0 }, 'page'],
      [{ page: 1.5 }, 'page'],
    ])('refuses %p, naming %s', async (query, field) => {
      const res = await http().get(BASE).query(query);
      expectInvalid(res, [field], true);
    });

    it('filters by profile', async () => {
      const t = tok();
      const speech = await createAt({ name: `Prof ${t} 1`, profile: 'speech' });
      const reader = await createAt({ name: `Prof ${t} 2`, profile: 'screen-reader' });
      const reader2 = await createAt({ name: `Prof ${t} 3`, profile: 'screen-reader' });

      const unfiltered = await list({ q: `Prof ${t}` });
      expect(slugsOf(unfiltered)).toEqual([speech.slug, reader.slug, reader2.slug]);

      const res = await list({ q: `Prof ${t}`, profile: 'screen-reader' });
      expect(slugsOf(res)).toEqual([reader.slug, reader2.slug]);
      expect(res.body.total).toBe(2);

      const alone = await list({ profile: 'speech', pageSize: 100 });
      expect(slugsOf(alone)).toContain(speech.slug);
      expect(slugsOf(alone)).not.toContain(reader.slug);
      for (const item of alone.body.items as AtBody[]) expect(item.profile).toBe('speech');
    });

    it('filters by platform, matching any of an AT\'s platforms', async () => {
      const t = tok();
      const win = await createAt({ name: `Plat ${t} 1`, platforms: ['windows'] });
      const both = await createAt({ name: `Plat ${t} 2`, platforms: ['windows', 'linux'] });
      const linux = await createAt({ name: `Plat ${t} 3`, platforms: ['linux'] });
      await createAt({ name: `Plat ${t} 4`, platforms: [] });

      expect(slugsOf(await list({ q: `Plat ${t}`, platform: 'linux' }))).toEqual([both.slug, linux.slug]);
      expect(slugsOf(await list({ q: `Plat ${t}`, platform: 'windows' }))).toEqual([win.slug, both.slug]);
      expect(slugsOf(await list({ q: `Plat ${t}`, platform: 'android' }))).toEqual([]);

      const alone = await list({ platform: 'linux', pageSize: 100 });
      expect(slugsOf(alone)).toEqual(expect.arrayContaining([both.slug, linux.slug]));
      expect(slugsOf(alone)).not.toContain(win.slug);
      for (const item of alone.body.items as AtBody[]) expect(item.platforms).toContain('linux');
    });

    it('filters by vendor, exactly but ignoring case', async () => {
      const t = tok();
      const acme = await createAt({ name: `Vend ${t} 1`, vendor: `Acme ${t}` });
      const acme2 = await createAt({ name: `Vend ${t} 2`, vendor: `Acme ${t}` });
      await createAt({ name: `Vend ${t} 3`, vendor: `Acme ${t} Ltd` });
      await createAt({ name: `Vend ${t} 4`, vendor: `Other ${t}` });

      const res = await list({ vendor: `ACME ${t.toUpperCase()}` });
      expect(slugsOf(res)).toEqual([acme.slug, acme2.slug]);
      expect(res.body.total).toBe(2);
      expect(slugsOf(await list({ vendor: `  acme ${t}  ` }))).toEqual([acme.slug, acme2.slug]);
      expect(slugsOf(await list({ vendor: `Acme` }))).not.toContain(acme.slug);
    });

    it('finds words in the name, vendor or description, ignoring case', async () => {
      const t = tok();
      const byName = await createAt({ name: `Findme ${t} Name` });
      const byVendor = await createAt({ name: `Other A ${tok()}`, vendor: `Findme ${t} Vendor` });
      const byDescription = await createAt({ name: `Other B ${tok()}`, description: `Works with FINDME ${t.toUpperCase()} too` });
      await createAt({ name: `Unrelated ${tok()}`, description: 'nothing here' });

      const res = await list({ q: `findme ${t}` });
      expect(slugsOf(res).sort()).toEqual([byName.slug, byVendor.slug, byDescription.slug].sort());
      expect(res.body.total).toBe(3);
    });

    it('treats % and _ in q as plain characters', async () => {
      const t = tok();
      const percent = await createAt({ name: `Pct ${t} 100% done` });
      await createAt({ name: `Pct ${t} 100x done` });
      const underscore = await createAt({ name: `Und ${t} a_b` });
      await createAt({ name: `Und ${t} axb` });
      expect(slugsOf(await list({ q: `${t} 100%` }))).toEqual([percent.slug]);
      expect(slugsOf(await list({ q: `${t} a_b` }))).toEqual([underscore.slug]);
    });

    it('combines filters', async () => {
      const t = tok();
      const hit = await createAt({ name: `Combo ${t} 1`, profile: 'literacy', platforms: ['chromeos'], vendor: `V ${t}` });
      await createAt({ name: `Combo ${t} 2`, profile: 'literacy', platforms: ['windows'], vendor: `V ${t}` });
      await createAt({ name: `Combo ${t} 3`, profile: 'keyboard', platforms: ['chromeos'], vendor: `V ${t}` });
      await createAt({ name: `Combo ${t} 4`, profile: 'literacy', platforms: ['chromeos'], vendor: `W ${t}` });
      const res = await list({ q: `Combo ${t}`, profile: 'literacy', platform: 'chromeos', vendor: `v ${t}` });
      expect(slugsOf(res)).toEqual([hit.slug]);
    });

    it.each([
      [{ profile: 'telepathy' }, 'profile'],
      [{ platform: 'amiga' }, 'platform'],
      [{ colour: 'red' }, 'colour'],
    ])('refuses the query %p, naming %s', async (query, field) => {
      const res = await http().get(BASE).query(query);
      expectInvalid(res, [field], true);
    });
  });

  describe('update', () => {
    it('changes the given fields only and returns the AT with its versions', async () => {
      const at = await createAt({ website: 'https://example.com/at', description: 'Old' });
      await addVersion(at.slug, { version: '1.0', releasedOn: '2023-01-01' });
      const res = await http()
        .patch(`${BASE}/${at.slug}`)
        .send({ description: 'New description', platforms: ['macos', 'macos', 'ios'], profile: 'keyboard' })
        .expect(200);
      expect(res.body).toEqual({
        ...at,
        description: 'New description',
        platforms: ['macos', 'ios'],
        profile: 'keyboard',
        versions: [expect.objectContaining({ version: '1.0' })],
        latestVersion: '1.0',
        updatedAt: expect.stringMatching(ISO_TIMESTAMP),
      });
      const got = await http().get(`${BASE}/${at.slug}`).expect(200);
      expect(got.body).toEqual(res.body);
    });

    it('clears the website with null', async () => {
      const at = await createAt({ website: 'https://example.com/at' });
      const res = await http().patch(`${BASE}/${at.slug}`).send({ website: null }).expect(200);
      expect(res.body.website).toBeNull();
      expect((await http().get(`${BASE}/${at.slug}`).expect(200)).body.website).toBeNull();
    });

    it('moves the AT to a new slug', async () => {
      const at = await createAt();
      const slug = `moved-${tok()}`;
      const res = await http().patch(`${BASE}/${at.slug}`).send({ slug }).expect(200);
      expect(res.body.slug).toBe(slug);
      expect(res.body.id).toBe(at.id);
      expectProblem(await http().get(`${BASE}/${at.slug}`), 404, 'not-found');
      expect((await http().get(`${BASE}/${slug}`).expect(200)).body.id).toBe(at.id);
    });

    it('refuses a slug another AT has with 409, and accepts its own', async () => {
      const a = await createAt();
      const b = await createAt();
      const res = await http().patch(`${BASE}/${b.slug}`).send({ slug: a.slug });
      expectProblem(res, 409, 'duplicate-slug');
      expect((await http().get(`${BASE}/${b.slug}`).expect(200)).body.id).toBe(b.id);
      await http().patch(`${BASE}/${b.slug}`).send({ slug: b.slug }).expect(200);
    });

    it('validates like create, naming each bad field', async () => {
      const at = await createAt();
      const res = await http()
        .patch(`${BASE}/${at.slug}`)
        .send({ name: '  ', profile: 'bogus', website: 'ftp://example.com', platforms: ['amiga'], extra: true });
      expectInvalid(res, ['name', 'profile', 'website', 'platforms', 'extra'], true);
      const got = await http().get(`${BASE}/${at.slug}`).expect(200);
      expect(got.body.name).toBe(at.name);
      expect(got.body.profile).toBe(at.profile);
    });

    it('answers malformed JSON with 400 malformed-json', async () => {
      const at = await createAt();
      const res = await http().patch(`${BASE}/${at.slug}`).set('Content-Type', 'application/json').send('{bad json');
      expectProblem(res, 400, 'malformed-json');
    });

    it('answers 404 naming an unknown slug', async () => {
      const slug = `no-such-${tok()}`;
      const res = await http().patch(`${BASE}/${slug}`).send({ description: 'x' });
      expectProblem(res, 404, 'not-found');
      expect(res.body.detail).toContain(slug);
    });
  });

  describe('delete', () => {
    it('deletes an AT without versions', async () => {
      const at = await createAt();
      const res = await http().delete(`${BASE}/${at.slug}`).expect(204);
      expect(res.text).toBe('');
      expectProblem(await http().get(`${BASE}/${at.slug}`), 404, 'not-found');
      expectProblem(await http().delete(`${BASE}/${at.slug}`), 404, 'not-found');
    });

    it('refuses with 409 while the AT has versions, then deletes once they are gone', async () => {
      const at = await createAt();
      await addVersion(at.slug, { version: '1' });
      await addVersion(at.slug, { version: '2' });
      const refused = await http().delete(`${BASE}/${at.slug}`);
      expectProblem(refused, 409, 'has-versions');
      expect(refused.body.detail).toContain('2 version(s)');
      await http().get(`${BASE}/${at.slug}`).expect(200);

      await http().delete(`${BASE}/${at.slug}/versions/1`).expect(204);
      await http().delete(`${BASE}/${at.slug}/versions/2`).expect(204);
      await http().delete(`${BASE}/${at.slug}`).expect(204);
      expectProblem(await http().get(`${BASE}/${at.slug}`), 404, 'not-found');
    });

    it('answers 404 naming an unknown slug', async () => {
      const slug = `no-such-${tok()}`;
      const res = await http().delete(`${BASE}/${slug}`);
      expectProblem(res, 404, 'not-found');
      expect(res.body.detail).toContain(slug);
    });
  });

  describe('versions', () => {
    it('adds a version and returns it in full', async () => {
      const at = await createAt();
      const res = await http()
        .post(`${BASE}/${at.slug}/versions`)
        .send({ version: ' 16.0.1 ', releasedOn: '2021-06-01', endOfSupport: '2999-06-30', notes: 'First' })
        .expect(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(UUID),
        version: '16.0.1',
        releasedOn: '2021-06-01',
        endOfSupport: '2999-06-30',
        outOfSupport: false,
        notes: 'First',
        createdAt: expect.stringMatching(ISO_TIMESTAMP),
        updatedAt: expect.stringMatching(ISO_TIMESTAMP),
      });
      const got = await http().get(`${BASE}/${at.slug}/versions/16.0.1`).expect(200);
      expect(got.body).toEqual(res.body);
    });

    it('defaults the optional fields', async () => {
      const at = await createAt();
      const v = await addVersion(at.slug, { version: '7' });
      expect(v).toEqual(expect.objectContaining({ version: '7', releasedOn: null, endOfSupport: null, outOfSupport: false, notes: '' }));
    });

    it('says a version is out of support only once its end of support has passed', async () => {
      const at = await createAt();
      const past = await addVersion(at.slug, { version: 'old', releasedOn: '2010-01-01', endOfSupport: '2015-01-01' });
      const future = await addVersion(at.slug, { version: 'new', releasedOn: '2024-01-01', endOfSupport: '2999-12-31' });
      const open = await addVersion(at.slug, { version: 'open', releasedOn: '2024-02-01' });
      expect(past.outOfSupport).toBe(true);
      expect(future.outOfSupport).toBe(false);
      expect(open.outOfSupport).toBe(false);
      const listed = await http().get(`${BASE}/${at.slug}/versions`).expect(200);
      expect((listed.body as VersionBody[]).map((v) => [v.version, v.outOfSupport])).toEqual([
        ['old', true],
        ['new', false],
        ['open', false],
      ]);
    });

    it('lists versions oldest first by release date, undated ones as of the day entered', async () => {
      const at = await createAt();
      await addVersion(at.slug, { version: '3', releasedOn: '2024-03-01' });
      await addVersion(at.slug, { version: 'undated' });
      await addVersion(at.slug, { version: '1', releasedOn: '2019-05-01' });
      await addVersion(at.slug, { version: '2', releasedOn: '2022-11-15' });

      const res = await http().get(`${BASE}/${at.slug}/versions`).expect(200);
      expect(Array.isArray(res.body)).toBe(true);
      expect((res.body as VersionBody[]).map((v) => v.version)).toEqual(['1', '2', '3', 'undated']);

      const got = await http().get(`${BASE}/${at.slug}`).expect(200);
      expect((got.body as AtBody).versions.map((v) => v.version)).toEqual(['1', '2', '3', 'undated']);
      expect(got.body.latestVersion).toBe('undated');

      const listed = await list({ q: at.name });
      expect((listed.body.items as AtBody[])[0]!.versions.map((v) => v.version)).toEqual(['1', '2', '3', 'undated']);
      expect((listed.body.items as AtBody[])[0]!.latestVersion).toBe('undated');
    });

    it('makes the newest by release date the latestVersion, whatever the order entered', async () => {
      const at = await createAt();
      await addVersion(at.slug, { version: '2', releasedOn: '2023-01-01' });
      await addVersion(at.slug, { version: '1', releasedOn: '2021-01-01' });
      const got = await http().get(`${BASE}/${at.slug}`).expect(200);
      expect(got.body.latestVersion).toBe('2');
    });

    it('answers an empty list for an AT without versions', async () => {
      const at = await createAt();
      const res = await http().get(`${BASE}/${at.slug}/versions`).expect(200);
      expect(res.body).toEqual([]);
    });

    it('refuses a duplicate version with 409, but allows the same version on another AT', async () => {
      const at = await createAt();
      const other = await createAt();
      await addVersion(at.slug, { version: '5' });
      const dup = await http().post(`${BASE}/${at.slug}/versions`).send({ version: '5', notes: 'again' });
      expectProblem(dup, 409, 'duplicate-version');
      expect(dup.body.detail).toContain('"5"');
      await addVersion(other.slug, { version: '5' });
      const listed = await http().get(`${BASE}/${at.slug}/versions`).expect(200);
      expect(listed.body).toHaveLength(1);
    });

    it('names every bad field of a version', async () => {
      const at = await createAt();
      expectInvalid(await http().post(`${BASE}/${at.slug}/versions`).send({}), ['version'], true);
      expectInvalid(await http().post(`${BASE}/${at.slug}/versions`).send({ version: '  ' }), ['version'], true);
      expectInvalid(
        await http().post(`${BASE}/${at.slug}/versions`).send({ version: '1', releasedOn: '2025-02-30', endOfSupport: '31/12/2026' }),
        ['releasedOn', 'endOfSupport'],
        true,
      );
      expectInvalid(await http().post(`${BASE}/${at.slug}/versions`).send({ version: '1', releasedOn: '2025-03-31T00:00:00Z' }), ['releasedOn'], true);
      expectInvalid(await http().post(`${BASE}/${at.slug}/versions`).send({ version: '1', build: '42' }), ['build'], true);
      expectInvalid(await http().post(`${BASE}/${at.slug}/versions`).send({ version: 'x'.repeat(51) }), ['version'], true);
      const listed = await http().get(`${BASE}/${at.slug}/versions`).expect(200);
      expect(listed.body).toEqual([]);
    });

    it('refuses an end of support before the release date, naming endOfSupport', async () => {
      const at = await createAt();
      const res = await http()
        .post(`${BASE}/${at.slug}/versions`)
        .send({ version: '1', releasedOn: '2024-06-01', endOfSupport: '2024-05-31' });
      expectInvalid(res, ['endOfSupport'], true);
      await addVersion(at.slug, { version: 'same-day', releasedOn: '2024-06-01', endOfSupport: '2024-06-01' });
      expect((await http().get(`${BASE}/${at.slug}/versions`).expect(200)).body).toHaveLength(1);
    });

    it('answers malformed JSON with 400 malformed-json', async () => {
      const at = await createAt();
      const res = await http().post(`${BASE}/${at.slug}/versions`).set('Content-Type', 'application/json').send('{"version": 1,,}');
      expectProblem(res, 400, 'malformed-json');
    });

    it('answers 404 naming an unknown AT or version', async () => {
      const at = await createAt();
      const slug = `no-such-${tok()}`;
      for (const res of [
        await http().get(`${BASE}/${slug}/versions`),
        await http().post(`${BASE}/${slug}/versions`).send({ version: '1' }),
        await http().get(`${BASE}/${slug}/versions/1`),
        await http().patch(`${BASE}/${slug}/versions/1`).send({ notes: 'x' }),
        await http().delete(`${BASE}/${slug}/versions/1`),
      ]) {
        expectProblem(res, 404, 'not-found');
        expect(res.body.detail).toContain(slug);
      }
      for (const res of [
        await http().get(`${BASE}/${at.slug}/versions/99.9`),
        await http().patch(`${BASE}/${at.slug}/versions/99.9`).send({ notes: 'x' }),
        await http().delete(`${BASE}/${at.slug}/versions/99.9`),
      ]) {
        expectProblem(res, 404, 'not-found');
        expect(res.body.detail).toContain('99.9');
        expect(res.body.detail).toContain(at.name);
      }
    });

    it('updates a version, keeping the fields not given', async () => {
      const at = await createAt();
      const v = await addVersion(at.slug, { version: '1', releasedOn: '2022-01-01', endOfSupport: '2999-01-01', notes: 'n' });
      const res = await http()
        .patch(`${BASE}/${at.slug}/versions/1`)
        .send({ notes: 'Updated', endOfSupport: '2023-01-01' })
        .expect(200);
      expect(res.body).toEqual({
        ...v,
        notes: 'Updated',
        endOfSupport: '2023-01-01',
        outOfSupport: true,
        updatedAt: expect.stringMatching(ISO_TIMESTAMP),
      });
      const got = await http().get(`${BASE}/${at.slug}/versions/1`).expect(200);
      expect(got.body).toEqual(res.body);
    });

    it('renames a version and reorders by a new release date', async () => {
      const at = await createAt();
      await addVersion(at.slug, { version: 'a', releasedOn: '2020-01-01' });
      await addVersion(at.slug, { version: 'b', releasedOn: '2021-01-01' });
      const res = await http().patch(`${BASE}/${at.slug}/versions/a`).send({ version: 'c', releasedOn: '2022-01-01' }).expect(200);
      expect(res.body.version).toBe('c');
      expectProblem(await http().get(`${BASE}/${at.slug}/versions/a`), 404, 'not-found');
      await http().get(`${BASE}/${at.slug}/versions/c`).expect(200);
      const got = await http().get(`${BASE}/${at.slug}`).expect(200);
      expect((got.body as AtBody).versions.map((v) => v.version)).toEqual(['b', 'c']);
      expect(got.body.latestVersion).toBe('c');
    });

    it('refuses to rename a version to one the AT already has, with 409', async () => {
      const at = await createAt();
      await addVersion(at.slug, { version: '1' });
      await addVersion(at.slug, { version: '2' });
      const res = await http().patch(`${BASE}/${at.slug}/versions/1`).send({ version: '2' });
      expectProblem(res, 409, 'duplicate-version');
      await http().get(`${BASE}/${at.slug}/versions/1`).expect(200);
    });

    it('refuses an update that would put the end of support before the release date', async () => {
      const at = await createAt();
      await addVersion(at.slug, { version: '1', releasedOn: '2024-06-01' });
      expectInvalid(await http().patch(`${BASE}/${at.slug}/versions/1`).send({ endOfSupport: '2024-01-01' }), ['endOfSupport'], true);
      await addVersion(at.slug, { version: '2', releasedOn: '2024-06-01', endOfSupport: '2025-01-01' });
      expectInvalid(await http().patch(`${BASE}/${at.slug}/versions/2`).send({ releasedOn: '2025-06-01' }), ['endOfSupport'], true);
      const got = await http().get(`${BASE}/${at.slug}/versions/2`).expect(200);
      expect(got.body.releasedOn).toBe('2024-06-01');
    });

    it('validates updates, naming each bad field', async () => {
      const at = await createAt();
      await addVersion(at.slug, { version: '1' });
      expectInvalid(
        await http().patch(`${BASE}/${at.slug}/versions/1`).send({ version: '', releasedOn: '2023-02-29', colour: 'red' }),
        ['version', 'releasedOn', 'colour'],
        true,
      );
    });

    it('deletes a version', async () => {
      const at = await createAt();
      await addVersion(at.slug, { version: '1', releasedOn: '2020-01-01' });
      await addVersion(at.slug, { version: '2', releasedOn: '2021-01-01' });
      const res = await http().delete(`${BASE}/${at.slug}/versions/2`).expect(204);
      expect(res.text).toBe('');
      expectProblem(await http().get(`${BASE}/${at.slug}/versions/2`), 404, 'not-found');
      const got = await http().get(`${BASE}/${at.slug}`).expect(200);
      expect((got.body as AtBody).versions.map((v) => v.version)).toEqual(['1']);
      expect(got.body.latestVersion).toBe('1');
    });

    it('refuses with 409 to delete a version that a compatibility record uses', async () => {
      const at = await createAt();
      await addVersion(at.slug, { version: '16' });
      const system = `sys-${tok()}`;
      await http()
        .post('/api/v1/systems')
        .send({ name: `System ${system}`, slug: system, owner: 'Team', department: 'Dept', platform: 'web', lifecycle: 'live' })
        .expect(201);
      await http().post(`/api/v1/systems/${system}/releases`).send({ version: '1.0' }).expect(201);
      await http()
        .post('/api/v1/compatibility-records')
        .send({ system, release: '1.0', assistiveTechnology: at.slug, atVersion: '16', status: 'works' })
        .expect(201);

      const res = await http().delete(`${BASE}/${at.slug}/versions/16`);
      expectProblem(res, 409, 'in-use');
      await http().get(`${BASE}/${at.slug}/versions/16`).expect(200);
      expectProblem(await http().delete(`${BASE}/${at.slug}`), 409, 'has-versions');
    });
  });

  describe('errors in general', () => {
    it('answers an unknown route with a 404 problem', async () => {
      for (const res of [
        await http().get('/api/v1/assistive-technologiez'),
        await http().get(`${BASE}/some-at/versions/1/extra`),
        await http().put(`${BASE}/some-at`).send({}),
        await http().delete(BASE),
      ]) {
        expectProblem(res, 404, 'not-found');
        expect(res.body.detail).toContain('/api/docs');
      }
    });

    it('never sends a stack trace, whatever goes wrong', async () => {
      const at = await createAt();
      const responses = [
        await http().post(BASE).send({ name: null, vendor: 42, profile: [], platforms: {} }),
        await http().post(BASE).set('Content-Type', 'application/json').send('nope'),
        await http().post(BASE).set('Content-Type', 'application/json').send('[1,2'),
        await http().get(BASE).query({ page: -1, pageSize: 'x', profile: 'x' }),
        await http().get(`${BASE}/${encodeURIComponent('%%%')}`),
        await http().patch(`${BASE}/${at.slug}`).send({ name: null }),
        await http().patch(`${BASE}/${at.slug}`).send({ platforms: null }),
        await http().post(`${BASE}/${at.slug}/versions`).send({ version: { a: 1 }, releasedOn: 20250101 }),
        await http().get('/api/v1/nothing-here'),
      ];
      for (const res of responses) {
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expectNoStackTrace(res);
      }
    });

    it('refuses null for a required field on update, naming it, rather than failing on the database', async () => {
      const at = await createAt();
      expectInvalid(await http().patch(`${BASE}/${at.slug}`).send({ name: null }), ['name']);
      expectInvalid(await http().patch(`${BASE}/${at.slug}`).send({ platforms: null }), ['platforms']);
      await addVersion(at.slug, { version: '1' });
      expectInvalid(await http().patch(`${BASE}/${at.slug}/versions/1`).send({ version: null }), ['version']);
      const got = await http().get(`${BASE}/${at.slug}`).expect(200);
      expect(got.body.name).toBe(at.name);
      expect(got.body.latestVersion).toBe('1');
    });

    it('refuses null for an optional field that cannot be empty, naming it, rather than failing on the database', async () => {
      const at = await createAt({ description: 'Kept' });
      await addVersion(at.slug, { version: '1', notes: 'Kept' });
      expectInvalid(await http().patch(`${BASE}/${at.slug}`).send({ slug: null }), ['slug']);
      expectInvalid(await http().patch(`${BASE}/${at.slug}`).send({ description: null }), ['description']);
      expectInvalid(await http().patch(`${BASE}/${at.slug}/versions/1`).send({ notes: null }), ['notes']);
      const got = await http().get(`${BASE}/${at.slug}`).expect(200);
      expect(got.body.description).toBe('Kept');
      expect(got.body.versions[0].notes).toBe('Kept');
    });
  });
});
