/**
 * Every route the registry serves (read from its own router, API and pages alike), fuzzed with
 * fast-check over a real socket: the path prefix in mixed case, NUL and other control characters,
 * huge numbers and long strings, in the path, the query and the body. Only 4xx may come back for
 * hostile input (never a 5xx), no write succeeds without credentials, and no table gains or
 * loses a row. Bounded (a few runs a route) to stay well under a minute on PGlite.
 */
import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import fc from 'fast-check';
import { createAccount, signInOverHttp } from '../support/accounts.js';
import { hostileString, rowCounts } from '../support/fuzz.js';
import { makeReport } from '../support/reports.js';
import { startRegistry, type TestRegistry } from '../support/registry.js';
import { TEST_ADMIN_TOKEN } from '../support/database.js';

let registry: TestRegistry;
let port: number;
let routes: Route[];
/** Cookie and CSRF token of a signed-in administrator's browser. */
let adminSession: { cookie: string; csrf: string };
const ids: Record<string, string> = {};

interface Answer {
  status: number;
  location?: string;
  text: string;
}

interface Route {
  method: string;
  /** As registered, e.g. `/api/v1/systems/:slug/releases/:version`. */
  path: string;
}

const READS = new Set(['GET', 'HEAD']);
/** C0 control characters PostgreSQL or a page would choke on; tab, CR and LF are allowed text. */
const controlCharacter = fc.constantFrom('\u0000', '\u0001', '\u0007', '\u0008', '\u000b', '\u000c', '\u001b', '\u001f');
/** Text with at least one control character somewhere in it. */
const withControl = fc.tuple(fc.string({ maxLength: 20 }), controlCharacter, fc.string({ maxLength: 20 })).map(([a, c, b]) => `${a}${c}${b}`);
const hugeNumber = fc.constantFrom('99999999999999999999', '1e308', '-99999999999999999999', '9'.repeat(400), '2147483648', '9223372036854775808');
const longString = fc.constantFrom(9_000, 20_000, 100_000).map((n) => 'a'.repeat(n));
/** Any hostile value, control characters or not. */
const anyHostile = fc.oneof(hostileString, withControl, hugeNumber, longString);
/** Field names the pages' forms and the API's bodies and queries read. */
const FIELD_NAMES = ['name', 'slug', 'title', 'description', 'email', 'password', 'version', 'system', 'assistiveTechnology', 'q', 'page', 'pageSize', 'returnTo', 'status', 'notes', 'report'];

/** A valid body for each API route that creates without path parameters (the fuzzing lengthens one field). */
const VALID_CREATE: Record<string, Record<string, unknown>> = {
  '/api/v1/systems': { name: 'New', slug: 'new-sys', owner: 'T', department: 'D', platform: 'web', lifecycle: 'live', description: 'd' },
  '/api/v1/assistive-technologies': { name: 'New AT', slug: 'new-at', vendor: 'V', profile: 'speech', platforms: ['windows'], description: 'd' },
  '/api/v1/compatibility-records': { system: 'fz', release: '1.0', assistiveTechnology: 'fz-at', atVersion: '1', status: 'works', browser: 'edge', summary: 's' },
  '/api/v1/known-issues': { system: 'fz', assistiveTechnology: 'fz-at', title: 'T', description: 'd', affects: 'a' },
  '/api/v1/tokens': { name: 'n', systems: ['fz'] },
  '/api/v1/runs': { system: 'fz', release: '1.0', commit: 'abc', report: makeReport({ system: 'fz', release: '1.0' }) },
};

/** One request over a real socket, path sent exactly as given (no normalising of dots or slashes). */
function send(method: string, path: string, options: { headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers: { ...options.headers, ...(options.body !== undefined ? { 'content-length': Buffer.byteLength(options.body) } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Every method and path the Express router holds: the Nest controllers, API and pages. */
function routesOf(registry: TestRegistry): Route[] {
  const server = registry.app.getHttpAdapter().getInstance() as Express & { router: { stack: { route?: { path: unknown; methods: Record<string, boolean> } }[] } };
  const found = new Map<string, Route>();
  for (const layer of server.router.stack) {
    if (!layer.route || typeof layer.route.path !== 'string') continue;
    for (const method of Object.keys(layer.route.methods)) {
      if (method === '_all') continue;
      const route = { method: method.toUpperCase(), path: layer.route.path };
      found.set(`${route.method} ${route.path}`, route);
    }
  }
  // Swagger UI's own files are not the registry's routes.
  return [...found.values()].filter((r) => !r.path.startsWith('/api/docs'));
}

/** A real value for each parameter, so the route without the hostile part would answer. */
function fill(route: Route, override?: { name: string; value: string }): string {
  return route.path.replace(/:(\w+)/g, (_m, name: string) => {
    if (override?.name === name) return encodeURIComponent(override.value);
    const at = route.path.includes('assistive-technologies');
    switch (name) {
      case 'slug':
        return at ? 'fz-at' : 'fz';
      case 'version':
        return at ? '1' : '1.0';
      case 'id':
        if (route.path.includes('compatibility-records')) return ids.record!;
        if (route.path.includes('known-issues')) return ids.issue!;
        if (route.path.includes('tokens')) return ids.token!;
        if (route.path.includes('runs')) return ids.run!;
        if (route.path.includes('admin/users')) return ids.user!;
        return randomUUID();
      default:
        return randomUUID();
    }
  });
}

const paramsOf = (route: Route) => [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
const isApi = (route: Route) => route.path.startsWith('/api/');

/** The headers and body of a request with credentials (admin token on the API, admin session on pages) or none. */
function credentials(route: Route, authorised: boolean, fields: Record<string, string>, both = false): { headers: Record<string, string>; body?: string } {
  if (READS.has(route.method) && !authorised) return { headers: {} };
  if (isApi(route) && both) {
    // The token and a signed-in admin's browser (cookie and CSRF token) at once: whichever the server takes.
    const withCsrf = authorised ? { ...fields, _csrf: adminSession.csrf } : fields;
    return {
      headers: { 'content-type': 'application/json', ...(authorised ? { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, cookie: adminSession.cookie } : {}) },
      body: READS.has(route.method) ? undefined : JSON.stringify(withCsrf),
    };
  }
  if (isApi(route)) {
    return {
      headers: { 'content-type': 'application/json', ...(authorised ? { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } : {}) },
      body: READS.has(route.method) ? undefined : JSON.stringify(fields),
    };
  }
  const form = authorised ? { ...fields, _csrf: adminSession.csrf } : fields;
  return {
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(authorised ? { cookie: adminSession.cookie } : {}) },
    body: READS.has(route.method) ? undefined : new URLSearchParams(form).toString(),
  };
}

/** Hostile input and whether it holds a control character (which must always be refused). */
const hostileFields = fc.dictionary(fc.constantFrom(...FIELD_NAMES), anyHostile, { minKeys: 1, maxKeys: 4 });

/**
 * Refused: a 4xx, or for a signed-out read of a page that needs signing in, the 303 to the
 * sign-in page (the guard answers before any input is looked at). On failure the message shows
 * the route, the input and the start of the answer.
 */
function expectRefused(route: Route, res: Answer, context: unknown) {
  const detail = { route: `${route.method} ${route.path}`, status: res.status, location: res.location, context, body: res.text.slice(0, 300) };
  const toSignIn = READS.has(route.method) && !isApi(route) && res.status === 303 && /^\/sign-in(\?|$)/.test(res.location ?? '');
  expect({ ...detail, refused: (res.status >= 400 && res.status < 500) || toSignIn }).toEqual({ ...detail, refused: true });
}

/** The status is below 500. */
function expectNoServerError(route: Route, res: Answer, context: unknown) {
  const detail = { route: `${route.method} ${route.path}`, status: res.status, context, body: res.text.slice(0, 300) };
  expect({ ...detail, serverError: res.status >= 500 }).toEqual({ ...detail, serverError: false });
}

beforeAll(async () => {
  registry = await startRegistry();
  await registry.app.listen(0, '127.0.0.1');
  port = (registry.app.getHttpServer().address() as AddressInfo).port;
  const http = () => registry.http();
  await http().post('/api/v1/systems').send({ name: 'Fuzz', slug: 'fz', owner: 'T', department: 'D', platform: 'web', lifecycle: 'pre-rollout' }).expect(201);
  await http().post('/api/v1/systems/fz/releases').send({ version: '1.0', releasedOn: '2025-01-01' }).expect(201);
  await http().post('/api/v1/assistive-technologies').send({ name: 'Fuzz AT', slug: 'fz-at', vendor: 'V', profile: 'speech', platforms: ['windows'] }).expect(201);
  await http().post('/api/v1/assistive-technologies/fz-at/versions').send({ version: '1', releasedOn: '2024-01-01' }).expect(201);
  ids.record = (await http().post('/api/v1/compatibility-records').send({ system: 'fz', release: '1.0', assistiveTechnology: 'fz-at', atVersion: '1', status: 'partial' }).expect(201)).body.id;
  ids.issue = (await http().post('/api/v1/known-issues').send({ system: 'fz', assistiveTechnology: 'fz-at', title: 'Save needs a mouse' }).expect(201)).body.id;
  ids.token = (await http().post('/api/v1/tokens').send({ name: 'fuzz CI', systems: ['fz'] }).expect(201)).body.id;
  ids.run = (await http().post('/api/v1/runs').send({ system: 'fz', release: '1.0', report: makeReport({ system: 'fz', release: '1.0' }) }).expect(201)).body.id;
  ids.user = (await createAccount(registry, { email: 'fuzz-admin@fuzz.test', role: 'admin' })).id;
  adminSession = await signInOverHttp(`http://127.0.0.1:${port}`, 'fuzz-admin@fuzz.test');
  routes = routesOf(registry);
}, 120_000);

afterAll(async () => {
  await registry?.close();
});

describe('fuzzing every route with hostile paths, queries and bodies', () => {
  let before: Record<string, number>;
  beforeAll(async () => {
    before = await rowCounts(registry.dataSource);
  });

  it('reads every route from the router: the API and the pages', () => {
    const keys = routes.map((r) => `${r.method} ${r.path}`);
    // A few of each kind, so a change in how routes are found cannot leave the fuzzing with nothing.
    expect(keys).toEqual(expect.arrayContaining(['GET /api/v1/tokens', 'POST /api/v1/runs', 'DELETE /api/v1/systems/:slug', 'GET /systems/:slug', 'POST /sign-in', 'POST /admin/users/:id']));
    expect(routes.length).toBeGreaterThan(80);
  });

  it('answers the route prefix in mixed case as no route (404, or 403 for a write without a CSRF token), with or without credentials', async () => {
    const prefixed = routes.filter((r) => /^\/[a-z]/.test(r.path));
    for (const route of prefixed) {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.boolean(), { minLength: 1, maxLength: 40 }), fc.boolean(), hostileFields, async (upper, authorised, fields) => {
          const path = fill(route);
          const first = path.split('/')[1]!;
          let cased = [...first].map((ch, i) => (upper[i % upper.length] ? ch.toUpperCase() : ch)).join('');
          if (cased === first) cased = first[0]!.toUpperCase() + first.slice(1);
          const mixed = `/${cased}${path.slice(first.length + 1)}`;
          const { headers, body } = credentials(route, authorised, fields, true);
          const res = await send(route.method, mixed, { headers, body });
          // No route: 404; a write without its CSRF token is refused (403) by the page middleware first.
          const expected = READS.has(route.method) || authorised ? [404] : [403, 404];
          expect({ route: `${route.method} ${mixed}`, authorised, status: expected.includes(res.status) }).toEqual({ route: `${route.method} ${mixed}`, authorised, status: true });
        }),
        { numRuns: 3, seed: 11 },
      );
    }
  });

  it('refuses a control character in any path parameter, query or body field with 4xx, with or without credentials', async () => {
    for (const route of routes) {
      const params = paramsOf(route);
      const where = fc.constantFrom(...(['query', 'body', ...(params.length ? ['param'] : [])] as const));
      await fc.assert(
        fc.asyncProperty(where, fc.constantFrom(...(params.length ? params : ['-'])), fc.constantFrom(...FIELD_NAMES), withControl, fc.boolean(), async (place, param, field, value, authorised) => {
          const path = place === 'param' ? fill(route, { name: param, value }) : fill(route);
          const query = place === 'query' ? `?${new URLSearchParams({ [field]: value })}` : '';
          const fields = place === 'body' ? { [field]: value } : { [field]: 'x' };
          const { headers, body } = credentials(route, authorised, fields);
          // A read has no body; put the control character in its query instead.
          const target = place === 'body' && READS.has(route.method) ? `?${new URLSearchParams({ [field]: value })}` : query;
          const res = await send(route.method, `${path}${target}`, { headers, body });
          expectRefused(route, res, { place, param, field, value, authorised });
        }),
        { numRuns: 4, seed: 23 },
      );
    }
  });

  it('answers huge numbers and long strings anywhere without a server error, and refuses writes without credentials', async () => {
    for (const route of routes) {
      const params = paramsOf(route);
      await fc.assert(
        fc.asyncProperty(
          fc.option(fc.constantFrom(...(params.length ? params : ['-'])), { nil: undefined }),
          fc.dictionary(fc.constantFrom(...FIELD_NAMES), fc.oneof(hugeNumber, longString, hostileString), { maxKeys: 3 }),
          hostileFields,
          fc.oneof(hugeNumber, longString),
          async (param, queryFields, fields, value) => {
            const path = param && params.includes(param) ? fill(route, { name: param, value }) : fill(route);
            const query = Object.keys(queryFields).length ? `?${new URLSearchParams(queryFields)}` : '';
            // Without credentials: a write never succeeds, whatever it carries.
            const { headers, body } = credentials(route, false, fields);
            const res = await send(route.method, `${path}${query}`, { headers, body });
            if (READS.has(route.method)) expectNoServerError(route, res, { param, value: value.slice(0, 40), queryFields: Object.keys(queryFields) });
            else expectRefused(route, res, { param, queryFields: Object.keys(queryFields), fields: Object.keys(fields) });
          },
        ),
        { numRuns: 6, seed: 37 },
      );
    }
  });

  it('refuses long strings in an authorised API write with 4xx, in a path parameter or one field of a valid body', async () => {
    // Longer than any field's limit (10,000 at most), so nothing here is a valid change. A route
    // with parameters gets it in one of them: DELETE ignores its body, and would otherwise delete.
    const writes = routes.filter((r) => isApi(r) && !READS.has(r.method));
    expect(writes.filter((r) => !paramsOf(r).length).map((r) => r.path).sort()).toEqual(Object.keys(VALID_CREATE).sort());
    for (const route of writes) {
      const params = paramsOf(route);
      const valid = VALID_CREATE[route.path] ?? {};
      const textFields = Object.keys(valid).filter((k) => typeof valid[k] === 'string');
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(20_000, 100_000), fc.nat(), async (length, pick) => {
          const value = 'a'.repeat(length);
          const param = params.length ? params[pick % params.length]! : undefined;
          const field = param ? undefined : textFields[pick % textFields.length]!;
          const path = param ? fill(route, { name: param, value }) : fill(route);
          const body = param ? {} : { ...valid, [field!]: value };
          const res = await send(route.method, path, { headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_ADMIN_TOKEN}` }, body: JSON.stringify(body) });
          expectRefused(route, res, { length, param, field });
        }),
        { numRuns: params.length ? 3 : 12, seed: 43 },
      );
    }
  });

  it('refuses ?page= past the last possible page on every API list with 400 naming page', async () => {
    const document = JSON.parse((await send('GET', '/api/docs-json')).text) as { paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>> };
    const lists = Object.entries(document.paths)
      .filter(([, operations]) => operations.get?.parameters?.some((p) => p.in === 'query' && p.name === 'page'))
      .map(([path]) => ({ method: 'GET', path: path.replace(/\{(\w+)\}/g, ':$1') }));
    expect(lists.map((r) => r.path)).toEqual(expect.arrayContaining(['/api/v1/systems', '/api/v1/tokens', '/api/v1/runs/:id/findings']));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...lists), fc.constantFrom('1000001', '99999999999999999999', '9'.repeat(400), '1e300'), async (route, page) => {
        const res = await send('GET', `${fill(route)}?page=${page}`, { headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
        expectRefused(route, res, { page });
        expect(JSON.parse(res.text).errors.map((e: { field: string }) => e.field)).toEqual(['page']);
      }),
      { numRuns: 40, seed: 41 },
    );
    for (const path of ['/systems', '/assistive-technologies', '/admin/audit', '/admin/users']) {
      const res = await send('GET', `${path}?page=99999999999999999999`, { headers: { cookie: adminSession.cookie } });
      expectNoServerError({ method: 'GET', path }, res, { page: 'huge' });
    }
  });

  it('stored nothing of it (sessions and audit events included)', async () => {
    expect(await rowCounts(registry.dataSource)).toEqual(before);
  });
});
