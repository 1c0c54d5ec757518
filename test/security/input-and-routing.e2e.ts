/**
 * Security defects found by attacking the running registry (`npm start`, on PGlite and on
 * PostgreSQL), each kept as a test against the real server: the letter case of `/api`, the
 * address to return to after signing in, control characters in any input, and numbers and
 * strings too big for the database.
 */
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeReport } from '../support/reports.js';
import { browser, createAccount, signIn, signInOverHttp, TEST_PASSWORD, type Browser } from '../support/accounts.js';
import { rowCounts } from '../support/fuzz.js';
import { startRegistry, type TestRegistry } from '../support/registry.js';

let registry: TestRegistry;
let admin: Browser;
let tokenId: string;
let publishToken: string;
const ADMIN_EMAIL = 'admin@security.test';
const TOKEN_NAME = 'security-ci-token-name';

const counts = () => rowCounts(registry.dataSource);
const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);

beforeAll(async () => {
  registry = await startRegistry();
  const http = () => registry.http();
  await http().post('/api/v1/systems').send({ name: 'Secure', slug: 'sec', owner: 'T', department: 'D', platform: 'web', lifecycle: 'live' }).expect(201);
  await http().post('/api/v1/systems/sec/releases').send({ version: '1.0', releasedOn: '2025-01-01' }).expect(201);
  await http().post('/api/v1/assistive-technologies').send({ name: 'Sec AT', slug: 'sec-at', vendor: 'V', profile: 'speech', platforms: ['windows'] }).expect(201);
  await http().post('/api/v1/assistive-technologies/sec-at/versions').send({ version: '1', releasedOn: '2024-01-01' }).expect(201);
  const created = await http().post('/api/v1/tokens').send({ name: TOKEN_NAME, systems: ['sec'] }).expect(201);
  tokenId = created.body.id;
  publishToken = created.body.token;
  await createAccount(registry, { email: ADMIN_EMAIL, role: 'admin' });
  admin = await signIn(registry, ADMIN_EMAIL);
}, 120_000);

afterAll(async () => {
  await registry?.close();
});

describe('letter case (and other spellings) of /api do not bypass API authorisation', () => {
  // Each reaches the API route or no route at all; none may answer the token list without the admin token.
  const spellings = [
    '/API/v1/tokens',
    '/Api/v1/tokens',
    '/aPi/v1/tokens',
    '/api/V1/tokens',
    '/api/v1/Tokens',
    '/API/v1/tokens/',
    '//api/v1/tokens',
    '/api//v1/tokens',
    '/%61pi/v1/tokens',
    '/%41PI/v1/tokens',
    '/api%2Fv1%2Ftokens',
    '/api./v1/tokens',
    '/api/v1/tokens/.',
    '/api/v1/tokens?',
  ];

  it.each(spellings)('GET %s without credentials answers no token', async (path) => {
    const res = await registry.anonymous().get(path).redirects(0);
    expect([401, 403, 404]).toContain(res.status);
    expect(res.text).not.toContain(TOKEN_NAME);
  });

  it.each(spellings)('GET %s with an admin browser session answers no token', async (path) => {
    const res = await admin.agent.get(path).redirects(0);
    expect([401, 403, 404]).toContain(res.status);
    expect(res.text).not.toContain(TOKEN_NAME);
  });

  it('refuses writes through /API/… (and /Api/…) with an admin browser session and its CSRF token', async () => {
    const before = await counts();
    for (const prefix of ['/API', '/Api', '/aPI']) {
      const csrf = await admin.csrf();
      const deleteToken = await admin.agent.delete(`${prefix}/v1/tokens/${tokenId}`).send({ _csrf: csrf }).redirects(0);
      expect(deleteToken.status).toBeGreaterThanOrEqual(400);
      expect(deleteToken.status).toBeLessThan(500);
      const deleteSystem = await admin.agent.delete(`${prefix}/v1/systems/sec`).send({ _csrf: csrf }).redirects(0);
      expect(deleteSystem.status).toBeGreaterThanOrEqual(400);
      expect(deleteSystem.status).toBeLessThan(500);
      const patch = await admin.agent.post(`${prefix}/v1/tokens`).type('form').send({ _csrf: csrf, name: 'made by a session', systems: 'sec' }).redirects(0);
      expect(patch.status).toBeGreaterThanOrEqual(400);
      expect(patch.status).toBeLessThan(500);
    }
    const tokens = await registry.http().get('/api/v1/tokens').expect(200);
    expect(tokens.body.items.map((t: { id: string }) => t.id)).toContain(tokenId);
    await registry.http().get('/api/v1/systems/sec').expect(200);
    const after = await counts();
    // Signing in writes nothing here; reading the CSRF token from a page writes nothing either.
    expect(after).toEqual(before);
  });

  it('takes an absolute-form request target (GET http://host/api/… HTTP/1.1) for the API, not a page', async () => {
    const server = registry.app.getHttpServer();
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const { port } = server.address() as AddressInfo;
    const raw = (path: string, headers: Record<string, string> = {}) =>
      new Promise<{ status: number; type: string; text: string }>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, method: 'GET', path, headers }, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString('utf8')));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), text }));
        });
        req.on('error', reject);
        req.end();
      });
    const { cookie } = await signInOverHttp(`http://127.0.0.1:${port}`, ADMIN_EMAIL);
    for (const target of [`http://127.0.0.1:${port}/api/v1/tokens`, `http://127.0.0.1:${port}/API/v1/tokens`, 'http://evil.test/api/v1/tokens']) {
      const anonymous = await raw(target);
      expect({ target, status: [401, 404].includes(anonymous.status) }).toEqual({ target, status: true });
      expect(anonymous.text).not.toContain(TOKEN_NAME);
      const withSession = await raw(target, { cookie });
      expect({ target, status: [401, 404].includes(withSession.status) }).toEqual({ target, status: true });
      expect(withSession.text).not.toContain(TOKEN_NAME);
    }
    const api = await raw(`http://127.0.0.1:${port}/api/v1/tokens`);
    expect(api.status).toBe(401);
    expect(api.type).toMatch(/^application\/problem\+json/);
  });

  it('answers /ASSETS/… and /Assets/… as no route, like any unknown address', async () => {
    await registry.anonymous().get('/assets/govuk-frontend.min.css').expect(200);
    for (const path of ['/ASSETS/govuk-frontend.min.css', '/Assets/govuk-frontend.min.css']) {
      const res = await registry.anonymous().get(path).redirects(0);
      expect(res.status).toBe(404);
    }
  });
});

describe('the address to return to after signing in stays on the registry', () => {
  const hostile = [
    '//evil.test/x',
    '/\\evil.test/x',
    '/.//evil.test/x',
    '/..//evil.test/x',
    '/./\\evil.test/x',
    '/%2F%2Fevil.test/x',
    '/%2f/evil.test/x',
    '/%5C%5Cevil.test/x',
    'https://evil.test/x',
    'http:evil.test',
    'javascript:alert(1)',
    '/\t/evil.test/x',
    '/\n/evil.test/x',
    '\t//evil.test/x',
    ' //evil.test/x',
  ];
  const ORIGIN = 'http://registry.test';
  const staysHere = (location: string | undefined) => {
    expect(location).toBeDefined();
    expect(location).toMatch(/^\/(?![/\\])/);
    expect(location).not.toMatch(/[\u0000-\u001f]/);
    expect(new URL(location!, ORIGIN).origin).toBe(ORIGIN);
  };

  it.each(hostile)('GET /sign-in?returnTo=%j while signed in redirects on the registry', async (returnTo) => {
    const res = await admin.agent.get('/sign-in').query({ returnTo }).redirects(0);
    expect(res.status).toBe(303);
    staysHere(res.headers.location);
  });

  it.each(hostile)('POST /sign-in with returnTo=%j redirects on the registry', async (returnTo) => {
    const b = await signIn(registry, ADMIN_EMAIL);
    await b.post('/sign-out');
    const res = await b.post('/sign-in', { email: ADMIN_EMAIL, password: TEST_PASSWORD, returnTo });
    expect(res.status).toBe(303);
    staysHere(res.headers.location);
  });

  it('keeps a same-site address to return to', async () => {
    const res = await admin.agent.get('/sign-in').query({ returnTo: '/systems/sec?tab=1' }).redirects(0);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/systems/sec?tab=1');
  });
});

describe('a NUL (or other control character) in any input is refused with 400 naming the field, never 500', () => {
  it('refuses it in an API query, path parameter and JSON body, as problem+json', async () => {
    const before = await counts();
    const query = await registry.anonymous().get('/api/v1/systems?q=a%00b');
    expect(query.status).toBe(400);
    expect(query.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(fieldsOf(query.body)).toEqual(['q']);

    const param = await registry.anonymous().get('/api/v1/systems/se%00c');
    expect(param.status).toBe(400);
    expect(fieldsOf(param.body)).toEqual(['slug']);

    const body = await registry.http().post('/api/v1/known-issues').send({ system: 'sec', assistiveTechnology: 'sec-at', title: 'Save\u0000 needs a mouse' });
    expect(body.status).toBe(400);
    expect(body.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(fieldsOf(body.body)).toEqual(['title']);

    const patch = await registry.http().patch('/api/v1/systems/sec').send({ description: 'bell \u0007 and escape \u001b' });
    expect(patch.status).toBe(400);
    expect(fieldsOf(patch.body)).toEqual(['description']);

    const key = await registry.http().patch('/api/v1/systems/sec').send({ 'desc\u0000ription': 'x' });
    expect(key.status).toBe(400);
    expect(key.status).toBeLessThan(500);
    expect(await counts()).toEqual(before);
  });

  it('refuses a run report whose page title holds NUL with 400 naming pages[0].title', async () => {
    const before = await counts();
    const report = makeReport({
      system: 'sec',
      release: '1.0',
      pages: [{ url: 'http://sec.test/cases/1', title: 'Case\u00001', state: 'initial', findings: [] }],
    });
    const res = await registry.as(publishToken).post('/api/v1/runs').send({ system: 'sec', release: '1.0', report });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(fieldsOf(res.body)).toEqual(['report.pages[0].title']);
    expect(await counts()).toEqual(before);
  });

  it('keeps tabs and new lines in text, where a person may type them', async () => {
    const res = await registry.http().patch('/api/v1/systems/sec').send({ description: 'line one\r\nline two\tand a tab' });
    expect(res.status).toBe(200);
    expect(res.body.description).toBe('line one\r\nline two\tand a tab');
  });

  it('refuses it on pages (query, form and signing in) with the 400 error page naming the field', async () => {
    const b = await signIn(registry, ADMIN_EMAIL);
    await b.post('/sign-out');
    const before = await counts();
    const matrix = await admin.agent.get('/matrix?department=a%00b').redirects(0);
    expect(matrix.status).toBe(400);
    expect(matrix.headers['content-type']).toMatch(/^text\/html/);
    expect(matrix.text).toContain('department must not contain control characters');

    const form = await admin.post('/known-issues', { system: 'sec', assistiveTechnology: 'sec-at', title: 'Save\u0000 needs a mouse' });
    expect(form.status).toBe(400);
    expect(form.headers['content-type']).toMatch(/^text\/html/);
    expect(form.text).toContain('title must not contain control characters');

    const signingIn = await b.post('/sign-in', { email: `admin\u0000@security.test`, password: TEST_PASSWORD });
    expect(signingIn.status).toBe(400);
    expect(signingIn.text).toContain('email must not contain control characters');
    expect(signingIn.text).not.toMatch(/at .*\.(ts|js):\d+/);
    expect(await counts()).toEqual(before);
  });
});

describe('numbers and strings too big for the database are refused with 400 naming the field', () => {
  it('refuses ?page=99999999999999999999 on the API and on pages', async () => {
    for (const path of ['/api/v1/systems', '/api/v1/assistive-technologies', '/api/v1/compatibility-records', '/api/v1/known-issues', '/api/v1/systems/sec/runs']) {
      // The admin token: a system's runs are not open to anonymous readers (run-reports-access).
      const res = await registry.http().get(`${path}?page=99999999999999999999`);
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body)).toEqual(['page']);
    }
    const tokens = await registry.http().get('/api/v1/tokens?page=99999999999999999999');
    expect(tokens.status).toBe(400);
    expect(fieldsOf(tokens.body)).toEqual(['page']);
    for (const path of ['/systems', '/assistive-technologies']) {
      const res = await admin.agent.get(`${path}?page=99999999999999999999`).redirects(0);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain('page must be a whole number');
    }
    // The last page that may exist still answers, empty.
    const last = await registry.anonymous().get('/api/v1/systems?page=1000000').expect(200);
    expect(last.body.items).toEqual([]);
  });

  it('refuses a 9,000-character slug, and a long value in each kind of field, storing nothing', async () => {
    const before = await counts();
    const long = (n: number) => 'a'.repeat(n);
    const system = { name: 'Long', owner: 'T', department: 'D', platform: 'web', lifecycle: 'live' };
    const cases: { path: string; method: 'post' | 'patch' | 'put'; body: Record<string, unknown>; field: string }[] = [
      { method: 'post', path: '/api/v1/systems', body: { ...system, slug: long(9000) }, field: 'slug' },
      { method: 'post', path: '/api/v1/systems', body: { ...system, name: long(9000) }, field: 'name' },
      { method: 'post', path: '/api/v1/systems', body: { ...system, description: long(20_000) }, field: 'description' },
      { method: 'post', path: '/api/v1/systems', body: { ...system, urls: [`https://x.test/${long(9000)}`] }, field: 'urls' },
      { method: 'post', path: '/api/v1/assistive-technologies', body: { name: 'L', slug: long(9000), vendor: 'V', profile: 'speech', platforms: ['windows'] }, field: 'slug' },
      { method: 'post', path: '/api/v1/systems/sec/releases', body: { version: long(9000) }, field: 'version' },
      { method: 'post', path: '/api/v1/known-issues', body: { system: long(9000), assistiveTechnology: 'sec-at', title: 'T' }, field: 'system' },
      { method: 'post', path: '/api/v1/known-issues', body: { system: 'sec', assistiveTechnology: 'sec-at', title: long(9000) }, field: 'title' },
      { method: 'post', path: '/api/v1/compatibility-records', body: { system: 'sec', release: '1.0', assistiveTechnology: long(9000), atVersion: '1', status: 'works' }, field: 'assistiveTechnology' },
      { method: 'put', path: '/api/v1/systems/sec/gate-policy', body: { assistiveTechnologies: [long(9000)] }, field: 'assistiveTechnologies' },
      { method: 'post', path: '/api/v1/tokens', body: { name: 'n', systems: [long(9000)] }, field: 'systems' },
    ];
    for (const c of cases) {
      const res = await registry.http()[c.method](c.path).send(c.body);
      expect({ path: c.path, field: c.field, status: res.status }).toEqual({ path: c.path, field: c.field, status: 400 });
      expect(fieldsOf(res.body)).toContain(c.field);
    }
    const query = await registry.anonymous().get(`/api/v1/known-issues?system=${long(9000)}`);
    expect(query.status).toBe(400);
    expect(fieldsOf(query.body)).toContain('system');
    const param = await registry.http().patch(`/api/v1/systems/${long(9000)}`).send({ description: 'd' });
    expect(param.status).toBe(400);
    expect(fieldsOf(param.body)).toEqual(['slug']);
    expect(await counts()).toEqual(before);
  });

  it('refuses long values in page forms and signing in with 400 or 401, never 500, storing nothing', async () => {
    const staff = await createAccount(registry, { email: 'staff@security.test', role: 'staff' });
    const before = await counts();
    const coverage = await admin.post(`/admin/users/${staff.id}`, { role: 'champion', departments: 'd'.repeat(9000) });
    expect(coverage.status).toBe(400);
    expect(coverage.text).toContain('Each department must be 200 characters or fewer');
    const system = await admin.post('/systems', { name: 'Long', slug: 'a'.repeat(9000), owner: 'T', department: 'D', platform: 'web', lifecycle: 'live' });
    expect(system.status).toBeGreaterThanOrEqual(400);
    expect(system.status).toBeLessThan(500);
    expect(await counts()).toEqual(before);
    // Refused sign-ins are audited, so this one comes after the count.
    const longEmail = await browser(registry).post('/sign-in', { email: `${'a'.repeat(9000)}@security.test`, password: TEST_PASSWORD });
    expect([400, 401]).toContain(longEmail.status);
  });

  it('answers a path id that is not a uuid with 4xx, never 500', async () => {
    for (const path of [
      '/api/v1/known-issues/not-a-uuid',
      '/api/v1/compatibility-records/1',
      '/api/v1/runs/99999999999999999999',
      '/compatibility-records/x',
      '/runs/x',
      '/adjustments/not-a-uuid',
      '/adjustments/not-a-uuid/registry-entry',
      '/admin/users/not-a-uuid',
    ]) {
      const res = await admin.agent.get(path).redirects(0);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
  });
});
