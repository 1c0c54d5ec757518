/**
 * The registry under hostile and heavy use, on PGlite or PostgreSQL (whichever DATABASE_URL picks):
 * 1,000 malformed or hostile bodies generated with fast-check against every API write endpoint
 * (only 4xx, never a 500, nothing stored), oversized and deeply nested JSON (refused, cheaply),
 * and 50 concurrent clients reading and publishing for a bounded time (no errors).
 */
import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { finding, makeReport } from './support/reports.js';
import { startRegistry, type TestRegistry } from './support/registry.js';
import { TEST_ADMIN_TOKEN } from './support/database.js';
import { hostileString, rowCounts as countRows } from './support/fuzz.js';

const SLOW = 180_000 + Number(process.env.ATCOMPAT_SOAK_SECONDS ?? 0) * 1000;
const MAX_REPORT_BYTES = 1024 * 1024;
/** 12 s in CI; the 60 s soak in bench/README.md sets ATCOMPAT_SOAK_SECONDS=60. */
const SOAK_SECONDS = Number(process.env.ATCOMPAT_SOAK_SECONDS ?? 12);

let registry: TestRegistry;
let base: string;
let recordId: string;
let issueId: string;
let token: string;

/** Row counts of every table, on this file's registry. */
const rowCounts = () => countRows(registry.dataSource);

/** One raw request over a real socket; `body` is sent as is. */
async function send(method: string, path: string, body: string | undefined, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const res = await fetch(`${base}${path}`, {
    method,
    body,
    headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
  });
  return { status: res.status, text: await res.text() };
}

beforeAll(async () => {
  registry = await startRegistry({ config: { maxReportBytes: MAX_REPORT_BYTES } });
  await registry.app.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${(registry.app.getHttpServer().address() as AddressInfo).port}`;
  const http = () => registry.http();
  await http().post('/api/v1/systems').send({ name: 'Fuzz', slug: 'fuzz', owner: 'T', department: 'D', platform: 'web', lifecycle: 'pre-rollout' }).expect(201);
  await http().post('/api/v1/systems/fuzz/releases').send({ version: '1.0', releasedOn: '2025-01-01' }).expect(201);
  await http().post('/api/v1/assistive-technologies').send({ name: 'Fuzz AT', slug: 'fuzz-at', vendor: 'V', profile: 'speech', platforms: ['windows'] }).expect(201);
  await http().post('/api/v1/assistive-technologies/fuzz-at/versions').send({ version: '1', releasedOn: '2024-01-01' }).expect(201);
  recordId = (await http().post('/api/v1/compatibility-records').send({ system: 'fuzz', release: '1.0', assistiveTechnology: 'fuzz-at', atVersion: '1', status: 'partial' }).expect(201)).body.id;
  issueId = (await http().post('/api/v1/known-issues').send({ system: 'fuzz', assistiveTechnology: 'fuzz-at', title: 'Save needs a mouse' }).expect(201)).body.id;
  token = (await http().post('/api/v1/tokens').send({ name: 'fuzz CI', systems: ['fuzz'] }).expect(201)).body.token;
}, SLOW);

afterAll(async () => {
  await registry?.close();
});

/** Every API endpoint that writes, with a valid body to start hostile variations from. */
const ENDPOINTS: { method: string; path: () => string; valid: () => Record<string, unknown> }[] = [
  { method: 'POST', path: () => '/api/v1/systems', valid: () => ({ name: 'X', slug: 'x-sys', owner: 'T', department: 'D', platform: 'web', lifecycle: 'pre-rollout' }) },
  { method: 'PATCH', path: () => '/api/v1/systems/fuzz', valid: () => ({ description: 'd' }) },
  { method: 'POST', path: () => '/api/v1/systems/fuzz/releases', valid: () => ({ version: '9.9', releasedOn: '2025-02-01' }) },
  { method: 'PATCH', path: () => '/api/v1/systems/fuzz/releases/1.0', valid: () => ({ notes: 'n' }) },
  { method: 'POST', path: () => '/api/v1/assistive-technologies', valid: () => ({ name: 'Y', slug: 'y-at', vendor: 'V', profile: 'keyboard', platforms: ['windows'] }) },
  { method: 'PATCH', path: () => '/api/v1/assistive-technologies/fuzz-at', valid: () => ({ description: 'd' }) },
  { method: 'POST', path: () => '/api/v1/assistive-technologies/fuzz-at/versions', valid: () => ({ version: '2' }) },
  { method: 'PATCH', path: () => '/api/v1/assistive-technologies/fuzz-at/versions/1', valid: () => ({ notes: 'n' }) },
  { method: 'POST', path: () => '/api/v1/compatibility-records', valid: () => ({ system: 'fuzz', release: '1.0', assistiveTechnology: 'fuzz-at', atVersion: '1', status: 'works', browser: 'edge' }) },
  { method: 'PATCH', path: () => `/api/v1/compatibility-records/${recordId}`, valid: () => ({ summary: 's' }) },
  { method: 'POST', path: () => `/api/v1/compatibility-records/${recordId}/evidence`, valid: () => ({ kind: 'manual', recordedBy: 'R', observedAt: '2025-01-02T10:00:00Z', result: 'works' }) },
  { method: 'POST', path: () => '/api/v1/known-issues', valid: () => ({ system: 'fuzz', assistiveTechnology: 'fuzz-at', title: 'T' }) },
  { method: 'PATCH', path: () => `/api/v1/known-issues/${issueId}`, valid: () => ({ title: 'T2' }) },
  { method: 'PUT', path: () => '/api/v1/systems/fuzz/gate-policy', valid: () => ({ assistiveTechnologies: ['fuzz-at'] }) },
  { method: 'POST', path: () => '/api/v1/tokens', valid: () => ({ name: 'n', systems: ['fuzz'] }) },
  { method: 'POST', path: () => '/api/v1/runs', valid: () => ({ system: 'fuzz', release: '1.0', report: makeReport({ system: 'fuzz', release: '1.0', findings: [finding({ fingerprint: 'f' })] }) }) },
];

/** Any JSON value, with hostile strings inside. */
const anyJson = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, hostileString, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 5 }),
  object: fc.dictionary(hostileString, tie('value'), { maxKeys: 5 }),
})).value;
/** A key no endpoint accepts (class-validator's forbidNonWhitelisted refuses it). */
const unknownKey = fc.string({ minLength: 1, maxLength: 30 }).map((k) => `zz-${k}`);
/** A value of the wrong type for any text field. */
const notText = fc.oneof(fc.integer(), fc.boolean(), fc.array(anyJson, { maxLength: 3 }), fc.dictionary(hostileString, anyJson, { maxKeys: 3 }));

/** A body that must be refused: it is never valid, but may look nearly so. */
function hostileBody(valid: () => Record<string, unknown>, method: string): fc.Arbitrary<{ body: string; headers?: Record<string, string> }> {
  const json = (value: unknown) => ({ body: JSON.stringify(value) });
  // Right JSON, wrong content type: 415 on every method. (PATCH used to read it as an empty change,
  // answering 200 and writing an audit event.)
  void method;
  const wrongType = fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'text/json').map((type) => ({ body: JSON.stringify(valid()), headers: { 'content-type': type } }));
  return fc.oneof(
    wrongType,
    // Not an object at all.
    fc.oneof(hostileString, fc.integer(), fc.boolean(), fc.constant(null), fc.array(anyJson, { maxLength: 4 })).map(json),
    // Not JSON: truncated, or text that only starts like JSON.
    fc.tuple(anyJson, fc.nat()).map(([v, cut]) => {
      const text = JSON.stringify({ v });
      return { body: text.slice(0, 1 + (cut % (text.length - 1))) };
    }),
    fc.string({ minLength: 1 }).map((s) => ({ body: `{${s}` })),
    // The valid body plus a field nobody accepts, with hostile text in every accepted field.
    fc.tuple(unknownKey, anyJson, hostileString).map(([key, value, text]) => {
      const body: Record<string, unknown> = valid();
      for (const k of Object.keys(body)) if (typeof body[k] === 'string' && !['system', 'release', 'status', 'kind', 'profile', 'platform', 'lifecycle'].includes(k)) body[k] = text;
      body[key] = value;
      return json(body);
    }),
    // Prototype pollution through JSON's own __proto__ key, plus a field nobody accepts.
    fc.tuple(anyJson, unknownKey).map(([value, key]) => ({ body: `{"__proto__": ${JSON.stringify({ isAdmin: true, polluted: value })}, "constructor": {"prototype": {"x": 1}}, ${JSON.stringify(key)}: 1}` })),
    // One accepted field given a value of the wrong type.
    fc.tuple(fc.nat(), notText).map(([i, value]) => {
      const body: Record<string, unknown> = valid();
      const keys = Object.keys(body);
      body[keys[i % keys.length]!] = value;
      return json(body);
    }),
    // A report that breaks contract v1 in one place.
    fc.oneof(
      fc.tuple(anyJson.filter((v) => v !== 1), fc.constant('schemaVersion')),
      fc.tuple(anyJson.filter((v) => v === null || typeof v !== 'object' || Array.isArray(v)), fc.constantFrom('run', 'summary')),
      fc.tuple(anyJson.filter((v) => !Array.isArray(v)), fc.constant('pages')),
    ).map(([value, key]) => {
      const report = makeReport({ system: 'fuzz', release: '1.0' }) as unknown as Record<string, unknown>;
      report[key] = value;
      return json({ system: 'fuzz', release: '1.0', report });
    }),
  );
}

describe('hostile input to every write endpoint', () => {
  it(
    '1,000 generated bodies are all refused with 4xx, never 500, and store nothing',
    async () => {
      const before = await rowCounts();
      const statuses = new Map<number, number>();
      const unexpected: string[] = [];
      const cases = fc.sample(
        fc.tuple(fc.constantFrom(...ENDPOINTS.keys()), fc.nat()).chain(([i]) => hostileBody(ENDPOINTS[i]!.valid, ENDPOINTS[i]!.method).map((b) => ({ endpoint: ENDPOINTS[i]!, ...b }))),
        { numRuns: 1000, seed: 20261201 },
      );
      expect(cases).toHaveLength(1000);
      for (const { endpoint, body, headers } of cases) {
        const res = await send(endpoint.method, endpoint.path(), body, headers);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status < 400 || res.status >= 500) unexpected.push(`${endpoint.method} ${endpoint.path()} ${headers?.['content-type'] ?? ''} ${body.slice(0, endpoint.path().endsWith('/runs') ? 100_000 : 300)} → ${res.status} ${res.text.slice(0, 200)}`);
        expect(res.text).not.toMatch(/\n\s+at /);
      }
      expect(unexpected).toEqual([]);
      expect(await rowCounts()).toEqual(before);
      // Nothing was polluted along the way.
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
      await registry.anonymous().get('/api/v1/health').expect(200);
    },
    SLOW,
  );

  it('refuses a change sent as text with 415, naming the type, and records no change', async () => {
    const before = await rowCounts();
    const res = await send('PATCH', '/api/v1/systems/fuzz', JSON.stringify({ description: 'sent as text' }), { 'content-type': 'text/plain' });
    expect(res.status).toBe(415);
    expect(JSON.parse(res.text)).toMatchObject({ code: 'unsupported-media-type', detail: expect.stringContaining('"text/plain"') });
    expect(await rowCounts()).toEqual(before);
    const system = await registry.http().get('/api/v1/systems/fuzz').expect(200);
    expect(system.body.description).not.toBe('sent as text');
  });

  it('refuses hostile path parameters with 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(hostileString, fc.constantFrom('systems', 'assistive-technologies', 'compatibility-records', 'known-issues', 'tokens', 'runs'), async (segment, resource) => {
        const res = await send('PATCH', `/api/v1/${resource}/${encodeURIComponent(segment)}`, '{"zz":1}');
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: 100, seed: 7 },
    );
  });
});

describe('oversized and deeply nested JSON', () => {
  it('refuses bodies over the limit with 413 (problem+json) and stays up', async () => {
    const other = await send('POST', '/api/v1/systems', JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }));
    expect(other.status).toBe(413);
    const runs = await send('POST', '/api/v1/runs', JSON.stringify({ system: 'fuzz', release: '1.0', report: { pad: 'x'.repeat(MAX_REPORT_BYTES) } }), { authorization: `Bearer ${token}` });
    expect(runs.status).toBe(413);
    expect(runs.text).toContain('payload-too-large');
    await registry.anonymous().get('/api/v1/health').expect(200);
  });

  // body-parser drains the whole declared body before answering 413, so without the Content-Length
  // guard (common/body-guards.ts) a client announcing 8 MB holds the connection until it has sent 8 MB.
  it('answers 413 from Content-Length alone, before the client has sent the body', async () => {
    const { port } = registry.app.getHttpServer().address() as AddressInfo;
    const declared = 8 * 1024 * 1024;
    const answer = await new Promise<{ status: number; sentWhenAnswered: number }>((resolve, reject) => {
      let sent = 0;
      const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/api/v1/runs', headers: { 'content-type': 'application/json', 'content-length': String(declared), authorization: `Bearer ${token}` } }, (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, sentWhenAnswered: sent });
      });
      req.on('error', (error) => (sent > 0 ? undefined : reject(error)));
      req.write(Buffer.alloc(64 * 1024, 0x20));
      sent = 64 * 1024;
      // Pacing, not a timed assertion: the rest follows after a pause, so that an answer that
      // needs the whole body comes only after it, and one from the header alone comes before.
      setTimeout(() => {
        sent = declared;
        req.end(Buffer.alloc(declared - 64 * 1024, 0x20));
      }, 1_000);
    });
    expect(answer.status).toBe(413);
    expect(answer.sentWhenAnswered).toBeLessThan(declared);
  });

  const nestedBodies = (depth: number) => {
    const nestedObject = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    return [`${'['.repeat(depth)}${']'.repeat(depth)}`, nestedObject, `{"name": ${nestedObject}}`, `{"system":"fuzz","release":"1.0","report": ${nestedObject}}`];
  };
  const nestedTargets = [['POST', '/api/v1/systems'], ['PATCH', '/api/v1/systems/fuzz'], ['POST', '/api/v1/runs'], ['POST', '/api/v1/compatibility-records']] as const;

  it('refuses JSON nested 1,000 deep with 4xx, stores nothing, and stays up', async () => {
    const before = await rowCounts();
    for (const [method, path] of nestedTargets) {
      for (const body of nestedBodies(1_000)) {
        const res = await send(method, path, body);
        expect(`${method} ${path} ${res.status}`).toMatch(/ 4\d\d$/);
      }
    }
    expect(await rowCounts()).toEqual(before);
    await registry.anonymous().get('/api/v1/health').expect(200);
  });

  // JSON nested 10,000 deep in a DTO field (e.g. `{"name": {"a": {"a": …}}}` to POST /api/v1/systems)
  // overflowed the stack in class-transformer (500) until the depth guard in common/body-guards.ts.
  it('refuses JSON nested 10,000 and 100,000 deep with 4xx, never 500', async () => {
    for (const depth of [10_000, 100_000]) {
      for (const [method, path] of nestedTargets) {
        for (const body of nestedBodies(depth)) {
          const res = await send(method, path, body);
          expect(`${depth} ${method} ${path} ${res.status}`).toMatch(/ 4\d\d$/);
        }
      }
    }
    await registry.anonymous().get('/api/v1/health').expect(200);
  });
});

describe('50 concurrent clients', () => {
  it(
    `read the matrix and lists and publish runs for ${SOAK_SECONDS} s without a single error`,
    async () => {
      const runsBefore = (await registry.http().get('/api/v1/systems/fuzz/runs').expect(200)).body.total as number;
      const until = Date.now() + SOAK_SECONDS * 1000;
      const failures: string[] = [];
      let published = 0;
      let requests = 0;
      const client = async (n: number) => {
        for (let i = 0; Date.now() < until; i++) {
          const kind = (n + i) % 4;
          let res: Response;
          if (kind === 0) {
            const report = makeReport({ system: 'fuzz', release: `1.${n % 5}`, runId: randomUUID(), findings: [finding({ fingerprint: `c${n}-${i}` })] });
            res = await fetch(`${base}/api/v1/runs`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ system: 'fuzz', release: `1.${n % 5}`, report }) });
            if (res.status === 201) published += 1;
          } else {
            res = await fetch(`${base}${['/api/v1/matrix', '/api/v1/systems?pageSize=100', '/api/v1/compatibility-records?system=fuzz'][kind - 1]}`);
          }
          requests += 1;
          if (res.status >= 400) failures.push(`${res.status} ${(await res.text()).slice(0, 200)}`);
          else await res.arrayBuffer();
        }
      };
      await Promise.all(Array.from({ length: 50 }, (_, n) => client(n).catch((error) => failures.push(String(error)))));
      expect(failures).toEqual([]);
      expect(requests).toBeGreaterThan(50);
      expect(published).toBeGreaterThan(0);
      const runsAfter = (await registry.http().get('/api/v1/systems/fuzz/runs').expect(200)).body.total as number;
      expect(runsAfter - runsBefore).toBe(published);
    },
    SLOW,
  );
});
