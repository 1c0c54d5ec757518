import { randomBytes } from 'node:crypto';
import type { Response } from 'supertest';
import { startRegistry, type TestRegistry } from '../../../test/support/registry.js';

const BASE = '/api/v1/systems';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const PAGE_KEYS = ['items', 'page', 'pageSize', 'total', 'totalPages'];
const SYSTEM_KEYS = [
  'createdAt',
  'department',
  'description',
  'id',
  'latestRelease',
  'lifecycle',
  'name',
  'owner',
  'platform',
  'releases',
  'slug',
  'updatedAt',
  'urls',
];
const RELEASE_KEYS = ['createdAt', 'id', 'notes', 'releasedOn', 'updatedAt', 'version'];

/** A token no other test uses, so every test makes its own systems. */
function tok(): string {
  return `t${randomBytes(5).toString('hex')}`;
}

interface SystemBody {
  id: string;
  slug: string;
  name: string;
  owner: string;
  department: string;
  platform: string;
  lifecycle: string;
  urls: string[];
  description: string;
  releases: ReleaseBody[];
  latestRelease: string | null;
}

interface ReleaseBody {
  id: string;
  version: string;
  releasedOn: string | null;
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

describe('/api/v1/systems', () => {
  let registry: TestRegistry;

  beforeAll(async () => {
    registry = await startRegistry();
  });

  afterAll(async () => {
    await registry?.close();
  });

  const http = () => registry.http();

  const valid = (t = tok()) => ({ name: `System ${t}`, owner: `Owner ${t}`, department: `Dept ${t}`, platform: 'web', lifecycle: 'live' });

  async function createSystem(overrides: Record<string, unknown> = {}): Promise<SystemBody> {
    const res = await http().post(BASE).send({ ...valid(), ...overrides });
    expect(res.status).toBe(201);
    return res.body as SystemBody;
  }

  async function addRelease(slug: string, body: Record<string, unknown>): Promise<ReleaseBody> {
    const res = await http().post(`${BASE}/${slug}/releases`).send(body);
    expect(res.status).toBe(201);
    return res.body as ReleaseBody;
  }

  async function list(query: Record<string, string | number>): Promise<Response> {
    const res = await http().get(BASE).query(query);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(PAGE_KEYS);
    return res;
  }

  const slugsOf = (res: Response) => (res.body.items as SystemBody[]).map((s) => s.slug);
  const versionsOf = (releases: ReleaseBody[]) => releases.map((r) => r.version);

  describe('create and get', () => {
    it('creates a system with every field and returns it in full', async () => {
      const t = tok();
      const body = {
        name: `Casework ${t}`,
        slug: `casework-${t}`,
        owner: 'Casework Platform Team',
        department: 'Department for Work and Pensions',
        platform: 'citrix',
        lifecycle: 'pre-rollout',
        urls: ['https://casework.example.gov.uk', 'http://intranet/casework'],
        description: 'Case management.',
      };
      const res = await http().post(BASE).send(body).expect(201);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(Object.keys(res.body).sort()).toEqual(SYSTEM_KEYS);
      expect(res.body).toEqual({
        id: expect.stringMatching(UUID),
        slug: `casework-${t}`,
        name: `Casework ${t}`,
        owner: 'Casework Platform Team',
        department: 'Department for Work and Pensions',
        platform: 'citrix',
        lifecycle: 'pre-rollout',
        urls: ['https://casework.example.gov.uk', 'http://intranet/casework'],
        description: 'Case management.',
        releases: [],
        latestRelease: null,
        createdAt: expect.stringMatching(ISO_TIMESTAMP),
        updatedAt: expect.stringMatching(ISO_TIMESTAMP),
      });

      const got = await http().get(`${BASE}/casework-${t}`).expect(200);
      expect(got.body).toEqual(res.body);
    });

    it('makes the slug from the name when it is left out, trims text and applies defaults', async () => {
      const t = tok();
      const res = await http()
        .post(BASE)
        .send({ ...valid(), name: `  HR Self-Service & Pay (Élan) ${t} `, owner: '  People Team  ' })
        .expect(201);
      expect(res.body.slug).toBe(`hr-self-service-and-pay-elan-${t}`);
      expect(res.body.name).toBe(`HR Self-Service & Pay (Élan) ${t}`);
      expect(res.body.owner).toBe('People Team');
      expect(res.body.urls).toEqual([]);
      expect(res.body.description).toBe('');
      await http().get(`${BASE}/hr-self-service-and-pay-elan-${t}`).expect(200);
    });

    it('drops repeated urls', async () => {
      const system = await createSystem({ urls: ['https://a.example', 'https://b.example', 'https://a.example'] });
      expect(system.urls).toEqual(['https://a.example', 'https://b.example']);
      const got = await http().get(`${BASE}/${system.slug}`).expect(200);
      expect(got.body.urls).toEqual(['https://a.example', 'https://b.example']);
    });

    it('refuses a second system with the same slug, given or derived, with 409', async () => {
      const t = tok();
      await http().post(BASE).send({ ...valid(), name: `Same ${t}` }).expect(201);
      const derived = await http().post(BASE).send({ ...valid(), name: `Same ${t}` });
      expectProblem(derived, 409, 'duplicate-slug');
      expect(derived.body.detail).toContain(`same-${t}`);
      const given = await http().post(BASE).send({ ...valid(), name: 'Another', slug: `same-${t}` });
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
      expectInvalid(res, ['name', 'owner', 'department', 'platform', 'lifecycle'], true);
    });

    it('names a platform or lifecycle that is not one of the known ones', async () => {
      const res = await http().post(BASE).send({ ...valid(), platform: 'mainframe', lifecycle: 'dead' });
      expectInvalid(res, ['platform', 'lifecycle'], true);
      const messages = (res.body.errors as { field: string; message: string }[]).map((e) => e.message).join(' ');
      expect(messages).toContain('citrix');
      expect(messages).toContain('pre-rollout');
    });

    it.each([
      [['ftp://files.example.gov.uk']],
      [['https://ok.example', 'javascript:alert(1)']],
      [['www.example.gov.uk']],
      ['https://not-an-array.example'],
    ])('names urls that are not a list of http(s) addresses: %p', async (urls) => {
      const res = await http().post(BASE).send({ ...valid(), urls });
      expectInvalid(res, ['urls'], true);
    });

    it('names more than 20 urls', async () => {
      const urls = Array.from({ length: 21 }, (_, i) => `https://u${i}.example`);
      expectInvalid(await http().post(BASE).send({ ...valid(), urls }), ['urls'], true);
    });

    it('names an unknown extra field', async () => {
      const res = await http().post(BASE).send({ ...valid(), budget: 100 });
      expectInvalid(res, ['budget'], true);
      expect(res.body.errors[0].message).toContain('budget');
    });

    it('names a blank name, owner and department', async () => {
      const res = await http().post(BASE).send({ ...valid(), name: '  ', owner: '', department: '\t' });
      expectInvalid(res, ['name', 'owner', 'department'], true);
    });

    it('names a slug that is not lower-case words and hyphens', async () => {
      expectInvalid(await http().post(BASE).send({ ...valid(), slug: 'Bad_Slug' }), ['slug'], true);
      expectInvalid(await http().post(BASE).send({ ...valid(), slug: 'double--hyphen' }), ['slug'], true);
    });

    it('refuses a name from which no slug can be made, naming slug', async () => {
      expectInvalid(await http().post(BASE).send({ ...valid(), name: '***' }), ['slug'], true);
    });

    it('names every bad field at once', async () => {
      const res = await http()
        .post(BASE)
        .send({ name: '', owner: 'o', department: 'd', platform: 'x', lifecycle: 'y', urls: ['nope'], extra: 1 });
      expectInvalid(res, ['name', 'platform', 'lifecycle', 'urls', 'extra'], true);
    });

    it('answers malformed JSON with 400 malformed-json', async () => {
      const res = await http().post(BASE).set('Content-Type', 'application/json').send('{"name": "Casework", ');
      expectProblem(res, 400, 'malformed-json');
    });

    it('creates nothing when the body is invalid', async () => {
      const t = tok();
      await http().post(BASE).send({ ...valid(t), lifecycle: 'bogus' }).expect(400);
      const listed = await list({ q: t });
      expect(listed.body.total).toBe(0);
    });
  });

  describe('list', () => {
    it('returns a page with its counts, in name order, with releases and latestRelease', async () => {
      const t = tok();
      const b = await createSystem({ name: `Lister ${t} B` });
      const a = await createSystem({ name: `Lister ${t} A` });
      await addRelease(b.slug, { version: '2.0', releasedOn: '2025-01-01' });
      await addRelease(b.slug, { version: '1.0', releasedOn: '2024-01-01' });

      const res = await list({ q: `Lister ${t}` });
      expect(res.body).toEqual({ items: expect.any(Array), page: 1, pageSize: 20, total: 2, totalPages: 1 });
      expect(slugsOf(res)).toEqual([a.slug, b.slug]);
      const [first, second] = res.body.items as SystemBody[];
      expect(Object.keys(first!).sort()).toEqual(SYSTEM_KEYS);
      expect(first!.releases).toEqual([]);
      expect(first!.latestRelease).toBeNull();
      expect(versionsOf(second!.releases)).toEqual(['1.0', '2.0']);
      expect(second!.latestRelease).toBe('2.0');
    });

    it('pages through the matches', async () => {
      const t = tok();
      for (const letter of ['E', 'C', 'A', 'D', 'B']) await createSystem({ name: `Pager ${t} ${letter}` });
      const names = (res: Response) => (res.body.items as SystemBody[]).map((s) => s.name);

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
      [{ pageSize: 'lots' }, 'pageSize'],
      [{ page: 0 }, 'page'],
      [{ page: -2 }, 'page'],
    ])('refuses %p, naming %s', async (query, field) => {
      const res = await http().get(BASE).query(query);
      expectInvalid(res, [field], true);
    });

    it('filters by department, exactly but ignoring case', async () => {
      const t = tok();
      const one = await createSystem({ name: `Dep ${t} 1`, department: `HMRC ${t}` });
      const two = await createSystem({ name: `Dep ${t} 2`, department: `hmrc ${t}` });
      await createSystem({ name: `Dep ${t} 3`, department: `HMRC ${t} Digital` });
      await createSystem({ name: `Dep ${t} 4`, department: `DWP ${t}` });

      const res = await list({ department: `Hmrc ${t.toUpperCase()}` });
      expect(slugsOf(res)).toEqual([one.slug, two.slug]);
      expect(res.body.total).toBe(2);
      expect(slugsOf(await list({ department: `  hmrc ${t} ` }))).toEqual([one.slug, two.slug]);
      expect(slugsOf(await list({ department: 'HMRC' }))).not.toContain(one.slug);
    });

    it('filters by lifecycle', async () => {
      const t = tok();
      const planned = await createSystem({ name: `Life ${t} 1`, lifecycle: 'planned' });
      const live = await createSystem({ name: `Life ${t} 2`, lifecycle: 'live' });
      const retiring = await createSystem({ name: `Life ${t} 3`, lifecycle: 'retiring' });
      const live2 = await createSystem({ name: `Life ${t} 4`, lifecycle: 'live' });

      expect(slugsOf(await list({ q: `Life ${t}` }))).toEqual([planned.slug, live.slug, retiring.slug, live2.slug]);
      expect(slugsOf(await list({ q: `Life ${t}`, lifecycle: 'live' }))).toEqual([live.slug, live2.slug]);
      expect(slugsOf(await list({ q: `Life ${t}`, lifecycle: 'retiring' }))).toEqual([retiring.slug]);
      expect(slugsOf(await list({ q: `Life ${t}`, lifecycle: 'pre-rollout' }))).toEqual([]);

      const alone = await list({ lifecycle: 'planned', pageSize: 100 });
      expect(slugsOf(alone)).toContain(planned.slug);
      expect(slugsOf(alone)).not.toContain(live.slug);
      for (const item of alone.body.items as SystemBody[]) expect(item.lifecycle).toBe('planned');
    });

    it('filters by platform', async () => {
      const t = tok();
      const web = await createSystem({ name: `Plat ${t} 1`, platform: 'web' });
      const desktop = await createSystem({ name: `Plat ${t} 2`, platform: 'desktop' });
      const citrix = await createSystem({ name: `Plat ${t} 3`, platform: 'citrix' });

      expect(slugsOf(await list({ q: `Plat ${t}`, platform: 'desktop' }))).toEqual([desktop.slug]);
      expect(slugsOf(await list({ q: `Plat ${t}`, platform: 'citrix' }))).toEqual([citrix.slug]);

      const alone = await list({ platform: 'web', pageSize: 100 });
      expect(slugsOf(alone)).toContain(web.slug);
      expect(slugsOf(alone)).not.toContain(desktop.slug);
      expect(slugsOf(alone)).not.toContain(citrix.slug);
      for (const item of alone.body.items as SystemBody[]) expect(item.platform).toBe('web');
    });

    it('finds words in the name, owner or description, ignoring case, but not the department', async () => {
      const t = tok();
      const byName = await createSystem({ name: `Findme ${t} Name` });
      const byOwner = await createSystem({ name: `Other A ${tok()}`, owner: `Findme ${t} Team` });
      const byDescription = await createSystem({ name: `Other B ${tok()}`, description: `Used by FINDME ${t.toUpperCase()} staff` });
      const byDepartment = await createSystem({ name: `Other C ${tok()}`, department: `Findme ${t} Dept` });

      const res = await list({ q: `findme ${t}` });
      expect(slugsOf(res).sort()).toEqual([byName.slug, byOwner.slug, byDescription.slug].sort());
      expect(slugsOf(res)).not.toContain(byDepartment.slug);
      expect(res.body.total).toBe(3);
    });

    it('treats % and _ in q as plain characters', async () => {
      const t = tok();
      const percent = await createSystem({ name: `Pct ${t} 100% done` });
      await createSystem({ name: `Pct ${t} 100x done` });
      const underscore = await createSystem({ name: `Und ${t} a_b` });
      await createSystem({ name: `Und ${t} axb` });
      expect(slugsOf(await list({ q: `${t} 100%` }))).toEqual([percent.slug]);
      expect(slugsOf(await list({ q: `${t} a_b` }))).toEqual([underscore.slug]);
    });

    it('combines filters', async () => {
      const t = tok();
      const hit = await createSystem({ name: `Combo ${t} 1`, department: `D ${t}`, lifecycle: 'live', platform: 'desktop' });
      await createSystem({ name: `Combo ${t} 2`, department: `D ${t}`, lifecycle: 'live', platform: 'web' });
      await createSystem({ name: `Combo ${t} 3`, department: `D ${t}`, lifecycle: 'planned', platform: 'desktop' });
      await createSystem({ name: `Combo ${t} 4`, department: `E ${t}`, lifecycle: 'live', platform: 'desktop' });
      const res = await list({ q: `Combo ${t}`, department: `d ${t}`, lifecycle: 'live', platform: 'desktop' });
      expect(slugsOf(res)).toEqual([hit.slug]);
    });

    it.each([
      [{ lifecycle: 'dead' }, 'lifecycle'],
      [{ platform: 'mainframe' }, 'platform'],
      [{ owner: 'someone' }, 'owner'],
    ])('refuses the query %p, naming %s', async (query, field) => {
      const res = await http().get(BASE).query(query);
      expectInvalid(res, [field], true);
    });
  });

  describe('update', () => {
    it('changes the given fields only and returns the system with its releases', async () => {
      const system = await createSystem({ urls: ['https://old.example'], description: 'Old' });
      await addRelease(system.slug, { version: '1.0', releasedOn: '2024-01-01' });
      const res = await http()
        .patch(`${BASE}/${system.slug}`)
        .send({ lifecycle: 'retiring', urls: ['https://new.example', 'https://new.example'], description: 'New' })
        .expect(200);
      expect(res.body).toEqual({
        ...system,
        lifecycle: 'retiring',
        urls: ['https://new.example'],
        description: 'New',
        releases: [expect.objectContaining({ version: '1.0' })],
        latestRelease: '1.0',
        updatedAt: expect.stringMatching(ISO_TIMESTAMP),
      });
      const got = await http().get(`${BASE}/${system.slug}`).expect(200);
      expect(got.body).toEqual(res.body);
    });

    it('moves the system to a new slug', async () => {
      const system = await createSystem();
      const slug = `moved-${tok()}`;
      const res = await http().patch(`${BASE}/${system.slug}`).send({ slug }).expect(200);
      expect(res.body.slug).toBe(slug);
      expect(res.body.id).toBe(system.id);
      expectProblem(await http().get(`${BASE}/${system.slug}`), 404, 'not-found');
      expect((await http().get(`${BASE}/${slug}`).expect(200)).body.id).toBe(system.id);
    });

    it('refuses a slug another system has with 409, and accepts its own', async () => {
      const a = await createSystem();
      const b = await createSystem();
      expectProblem(await http().patch(`${BASE}/${b.slug}`).send({ slug: a.slug }), 409, 'duplicate-slug');
      expect((await http().get(`${BASE}/${b.slug}`).expect(200)).body.id).toBe(b.id);
      await http().patch(`${BASE}/${b.slug}`).send({ slug: b.slug }).expect(200);
    });

    it('validates like create, naming each bad field', async () => {
      const system = await createSystem();
      const res = await http()
        .patch(`${BASE}/${system.slug}`)
        .send({ owner: ' ', platform: 'mainframe', lifecycle: 'dead', urls: ['ftp://x.example'], colour: 'red' });
      expectInvalid(res, ['owner', 'platform', 'lifecycle', 'urls', 'colour'], true);
      const got = await http().get(`${BASE}/${system.slug}`).expect(200);
      expect(got.body.owner).toBe(system.owner);
      expect(got.body.lifecycle).toBe(system.lifecycle);
    });

    it('answers malformed JSON with 400 malformed-json', async () => {
      const system = await createSystem();
      const res = await http().patch(`${BASE}/${system.slug}`).set('Content-Type', 'application/json').send("{'single': 'quotes'}");
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
    it('deletes a system without releases', async () => {
      const system = await createSystem();
      const res = await http().delete(`${BASE}/${system.slug}`).expect(204);
      expect(res.text).toBe('');
      expectProblem(await http().get(`${BASE}/${system.slug}`), 404, 'not-found');
      expectProblem(await http().delete(`${BASE}/${system.slug}`), 404, 'not-found');
    });

    it('refuses with 409 while the system has releases, then deletes once they are gone', async () => {
      const system = await createSystem();
      await addRelease(system.slug, { version: '1.0' });
      const refused = await http().delete(`${BASE}/${system.slug}`);
      expectProblem(refused, 409, 'has-releases');
      expect(refused.body.detail).toContain('1 release(s)');
      await http().get(`${BASE}/${system.slug}`).expect(200);

      await http().delete(`${BASE}/${system.slug}/releases/1.0`).expect(204);
      await http().delete(`${BASE}/${system.slug}`).expect(204);
      expectProblem(await http().get(`${BASE}/${system.slug}`), 404, 'not-found');
    });

    it('answers 404 naming an unknown slug', async () => {
      const slug = `no-such-${tok()}`;
      const res = await http().delete(`${BASE}/${slug}`);
      expectProblem(res, 404, 'not-found');
      expect(res.body.detail).toContain(slug);
    });
  });

  describe('releases', () => {
    it('adds a release and returns it in full', async () => {
      const system = await createSystem();
      const res = await http()
        .post(`${BASE}/${system.slug}/releases`)
        .send({ version: ' 2.3.0 ', releasedOn: '2025-09-01', notes: 'Autumn release' })
        .expect(201);
      expect(Object.keys(res.body).sort()).toEqual(RELEASE_KEYS);
      expect(res.body).toEqual({
        id: expect.stringMatching(UUID),
        version: '2.3.0',
        releasedOn: '2025-09-01',
        notes: 'Autumn release',
        createdAt: expect.stringMatching(ISO_TIMESTAMP),
        updatedAt: expect.stringMatching(ISO_TIMESTAMP),
      });
      const got = await http().get(`${BASE}/${system.slug}/releases/2.3.0`).expect(200);
      expect(got.body).toEqual(res.body);
    });

    it('defaults the optional fields', async () => {
      const system = await createSystem();
      const r = await addRelease(system.slug, { version: '1' });
      expect(r).toEqual(expect.objectContaining({ version: '1', releasedOn: null, notes: '' }));
    });

    it('lists releases oldest first by release date, undated ones as of the day entered', async () => {
      const system = await createSystem();
      await addRelease(system.slug, { version: '3.0', releasedOn: '2024-03-01' });
      await addRelease(system.slug, { version: 'next' });
      await addRelease(system.slug, { version: '1.0', releasedOn: '2019-05-01' });
      await addRelease(system.slug, { version: '2.0', releasedOn: '2022-11-15' });

      const res = await http().get(`${BASE}/${system.slug}/releases`).expect(200);
      expect(Array.isArray(res.body)).toBe(true);
      expect(versionsOf(res.body as ReleaseBody[])).toEqual(['1.0', '2.0', '3.0', 'next']);

      const got = await http().get(`${BASE}/${system.slug}`).expect(200);
      expect(versionsOf((got.body as SystemBody).releases)).toEqual(['1.0', '2.0', '3.0', 'next']);
      expect(got.body.latestRelease).toBe('next');

      const listed = await list({ q: system.name });
      const item = (listed.body.items as SystemBody[])[0]!;
      expect(versionsOf(item.releases)).toEqual(['1.0', '2.0', '3.0', 'next']);
      expect(item.latestRelease).toBe('next');
    });

    it('makes the newest by release date the latestRelease, whatever the order entered', async () => {
      const system = await createSystem();
      await addRelease(system.slug, { version: '10.0', releasedOn: '2025-01-01' });
      await addRelease(system.slug, { version: '9.0', releasedOn: '2024-01-01' });
      const got = await http().get(`${BASE}/${system.slug}`).expect(200);
      expect(got.body.latestRelease).toBe('10.0');
      expect(versionsOf((got.body as SystemBody).releases)).toEqual(['9.0', '10.0']);
    });

    it('answers an empty list for a system without releases', async () => {
      const system = await createSystem();
      expect((await http().get(`${BASE}/${system.slug}/releases`).expect(200)).body).toEqual([]);
    });

    it('refuses a duplicate release with 409, but allows the same version on another system', async () => {
      const system = await createSystem();
      const other = await createSystem();
      await addRelease(system.slug, { version: '5.0' });
      const dup = await http().post(`${BASE}/${system.slug}/releases`).send({ version: '5.0', notes: 'again' });
      expectProblem(dup, 409, 'duplicate-release');
      expect(dup.body.detail).toContain('"5.0"');
      await addRelease(other.slug, { version: '5.0' });
      expect((await http().get(`${BASE}/${system.slug}/releases`).expect(200)).body).toHaveLength(1);
    });

    it('names every bad field of a release', async () => {
      const system = await createSystem();
      const url = `${BASE}/${system.slug}/releases`;
      expectInvalid(await http().post(url).send({}), ['version'], true);
      expectInvalid(await http().post(url).send({ version: '   ' }), ['version'], true);
      expectInvalid(await http().post(url).send({ version: '1', releasedOn: '2025-02-30' }), ['releasedOn'], true);
      expectInvalid(await http().post(url).send({ version: '1', releasedOn: '2025-13-01' }), ['releasedOn'], true);
      expectInvalid(await http().post(url).send({ version: '1', releasedOn: '01/09/2025' }), ['releasedOn'], true);
      expectInvalid(await http().post(url).send({ version: '1', endOfSupport: '2030-01-01' }), ['endOfSupport'], true);
      expectInvalid(await http().post(url).send({ version: 'v'.repeat(51) }), ['version'], true);
      expectInvalid(await http().post(url).send({ version: 2, notes: 5, releasedOn: '2025-02-29' }), ['version', 'notes', 'releasedOn'], true);
      expect((await http().get(url).expect(200)).body).toEqual([]);
    });

    it('answers malformed JSON with 400 malformed-json', async () => {
      const system = await createSystem();
      const res = await http().post(`${BASE}/${system.slug}/releases`).set('Content-Type', 'application/json').send('{"version": }');
      expectProblem(res, 400, 'malformed-json');
    });

    it('answers 404 naming an unknown system or release', async () => {
      const system = await createSystem();
      const slug = `no-such-${tok()}`;
      for (const res of [
        await http().get(`${BASE}/${slug}/releases`),
        await http().post(`${BASE}/${slug}/releases`).send({ version: '1' }),
        await http().get(`${BASE}/${slug}/releases/1`),
        await http().patch(`${BASE}/${slug}/releases/1`).send({ notes: 'x' }),
        await http().delete(`${BASE}/${slug}/releases/1`),
      ]) {
        expectProblem(res, 404, 'not-found');
        expect(res.body.detail).toContain(slug);
      }
      for (const res of [
        await http().get(`${BASE}/${system.slug}/releases/9.9.9`),
        await http().patch(`${BASE}/${system.slug}/releases/9.9.9`).send({ notes: 'x' }),
        await http().delete(`${BASE}/${system.slug}/releases/9.9.9`),
      ]) {
        expectProblem(res, 404, 'not-found');
        expect(res.body.detail).toContain('9.9.9');
        expect(res.body.detail).toContain(system.name);
      }
    });

    it('updates a release, keeping the fields not given', async () => {
      const system = await createSystem();
      const r = await addRelease(system.slug, { version: '1.0', releasedOn: '2024-01-01', notes: 'n' });
      const res = await http().patch(`${BASE}/${system.slug}/releases/1.0`).send({ notes: 'Updated' }).expect(200);
      expect(res.body).toEqual({ ...r, notes: 'Updated', updatedAt: expect.stringMatching(ISO_TIMESTAMP) });
      expect((await http().get(`${BASE}/${system.slug}/releases/1.0`).expect(200)).body).toEqual(res.body);
    });

    it('clears a release date with null', async () => {
      const system = await createSystem();
      await addRelease(system.slug, { version: '1.0', releasedOn: '2024-01-01' });
      const res = await http().patch(`${BASE}/${system.slug}/releases/1.0`).send({ releasedOn: null }).expect(200);
      expect(res.body.releasedOn).toBeNull();
    });

    it('renames a release and reorders by a new release date', async () => {
      const system = await createSystem();
      await addRelease(system.slug, { version: 'a', releasedOn: '2020-01-01' });
      await addRelease(system.slug, { version: 'b', releasedOn: '2021-01-01' });
      const res = await http().patch(`${BASE}/${system.slug}/releases/a`).send({ version: 'c', releasedOn: '2022-01-01' }).expect(200);
      expect(res.body.version).toBe('c');
      expectProblem(await http().get(`${BASE}/${system.slug}/releases/a`), 404, 'not-found');
      await http().get(`${BASE}/${system.slug}/releases/c`).expect(200);
      const got = await http().get(`${BASE}/${system.slug}`).expect(200);
      expect(versionsOf((got.body as SystemBody).releases)).toEqual(['b', 'c']);
      expect(got.body.latestRelease).toBe('c');
    });

    it('refuses to rename a release to one the system already has, with 409', async () => {
      const system = await createSystem();
      await addRelease(system.slug, { version: '1' });
      await addRelease(system.slug, { version: '2' });
      expectProblem(await http().patch(`${BASE}/${system.slug}/releases/1`).send({ version: '2' }), 409, 'duplicate-release');
      await http().get(`${BASE}/${system.slug}/releases/1`).expect(200);
    });

    it('validates updates, naming each bad field', async () => {
      const system = await createSystem();
      await addRelease(system.slug, { version: '1' });
      expectInvalid(
        await http().patch(`${BASE}/${system.slug}/releases/1`).send({ version: '', releasedOn: '2023-02-29', colour: 'red' }),
        ['version', 'releasedOn', 'colour'],
        true,
      );
    });

    it('deletes a release', async () => {
      const system = await createSystem();
      await addRelease(system.slug, { version: '1', releasedOn: '2020-01-01' });
      await addRelease(system.slug, { version: '2', releasedOn: '2021-01-01' });
      const res = await http().delete(`${BASE}/${system.slug}/releases/2`).expect(204);
      expect(res.text).toBe('');
      expectProblem(await http().get(`${BASE}/${system.slug}/releases/2`), 404, 'not-found');
      const got = await http().get(`${BASE}/${system.slug}`).expect(200);
      expect(versionsOf((got.body as SystemBody).releases)).toEqual(['1']);
      expect(got.body.latestRelease).toBe('1');
    });

    it('refuses with 409 to delete a release that a compatibility record uses', async () => {
      const system = await createSystem();
      await addRelease(system.slug, { version: '2.3.0' });
      const at = `at-${tok()}`;
      await http()
        .post('/api/v1/assistive-technologies')
        .send({ name: `AT ${at}`, slug: at, vendor: 'Vendor', profile: 'speech', platforms: ['windows'] })
        .expect(201);
      await http().post(`/api/v1/assistive-technologies/${at}/versions`).send({ version: '16' }).expect(201);
      await http()
        .post('/api/v1/compatibility-records')
        .send({ system: system.slug, release: '2.3.0', assistiveTechnology: at, atVersion: '16', status: 'works' })
        .expect(201);

      const res = await http().delete(`${BASE}/${system.slug}/releases/2.3.0`);
      expectProblem(res, 409, 'in-use');
      await http().get(`${BASE}/${system.slug}/releases/2.3.0`).expect(200);
      expectProblem(await http().delete(`${BASE}/${system.slug}`), 409, 'has-releases');
    });
  });

  describe('errors in general', () => {
    it('answers an unknown route with a 404 problem', async () => {
      for (const res of [
        await http().get('/api/v1/systemz'),
        await http().get(`${BASE}/some-system/releases/1/extra`),
        await http().put(`${BASE}/some-system`).send({}),
        await http().delete(BASE),
      ]) {
        expectProblem(res, 404, 'not-found');
        expect(res.body.detail).toContain('/api/docs');
      }
    });

    it('never sends a stack trace, whatever goes wrong', async () => {
      const system = await createSystem();
      const responses = [
        await http().post(BASE).send({ name: null, owner: 42, department: [], platform: {}, lifecycle: true, urls: [1] }),
        await http().post(BASE).set('Content-Type', 'application/json').send('nope'),
        await http().post(BASE).set('Content-Type', 'application/json').send('{"a":[1,2'),
        await http().get(BASE).query({ page: 'x', pageSize: -1, lifecycle: 'x' }),
        await http().get(`${BASE}/${encodeURIComponent('%%%')}`),
        await http().patch(`${BASE}/${system.slug}`).send({ name: null }),
        await http().patch(`${BASE}/${system.slug}`).send({ urls: null }),
        await http().post(`${BASE}/${system.slug}/releases`).send({ version: ['1'], releasedOn: 20250101 }),
        await http().get('/api/v1/nothing-here'),
      ];
      for (const res of responses) {
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expectNoStackTrace(res);
      }
    });

    it('refuses null for a required field on update, naming it, rather than failing on the database', async () => {
      const system = await createSystem();
      expectInvalid(await http().patch(`${BASE}/${system.slug}`).send({ name: null }), ['name']);
      expectInvalid(await http().patch(`${BASE}/${system.slug}`).send({ lifecycle: null }), ['lifecycle']);
      await addRelease(system.slug, { version: '1' });
      expectInvalid(await http().patch(`${BASE}/${system.slug}/releases/1`).send({ version: null }), ['version']);
      const got = await http().get(`${BASE}/${system.slug}`).expect(200);
      expect(got.body.name).toBe(system.name);
      expect(got.body.lifecycle).toBe(system.lifecycle);
    });

    it('refuses null for an optional field that cannot be empty, naming it, rather than failing on the database', async () => {
      const system = await createSystem({ description: 'Kept' });
      await addRelease(system.slug, { version: '1', notes: 'Kept' });
      expectInvalid(await http().patch(`${BASE}/${system.slug}`).send({ slug: null }), ['slug']);
      expectInvalid(await http().patch(`${BASE}/${system.slug}`).send({ urls: null }), ['urls']);
      expectInvalid(await http().patch(`${BASE}/${system.slug}`).send({ description: null }), ['description']);
      expectInvalid(await http().patch(`${BASE}/${system.slug}/releases/1`).send({ notes: null }), ['notes']);
      const got = await http().get(`${BASE}/${system.slug}`).expect(200);
      expect(got.body.description).toBe('Kept');
      expect(got.body.releases[0].notes).toBe('Kept');
    });
  });
});
