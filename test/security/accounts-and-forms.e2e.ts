/**
 * Security item 9: smaller defects in accounts and forms, one describe each, against the real
 * server over HTTP (on PGlite, or on PostgreSQL when DATABASE_URL is set).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { UsersService } from '../../apps/registry/src/accounts/users.service.js';
import { browser, createAccount, csrfFrom, signIn, TEST_PASSWORD } from '../support/accounts.js';
import { makeReport } from '../support/reports.js';
import { startRegistry, type TestRegistry } from '../support/registry.js';

describe('clearing the slug on a system edit form saves and redirects to /systems/undefined', () => {
  let registry: TestRegistry;

  beforeAll(async () => {
    registry = await startRegistry();
    await registry.http().post('/api/v1/systems').send({ name: 'Casework', slug: 'casework', owner: 'Team', department: 'DWP', platform: 'web', lifecycle: 'live' }).expect(201);
    // A champion changes only the systems they cover.
    await createAccount(registry, { email: 'cara.champion@example.gov.uk', name: 'Cara', role: 'champion', systems: ['casework'] });
  });

  afterAll(async () => {
    await registry?.close();
  });

  it('shows the error summary and the message beside the field, and saves nothing', async () => {
    const cara = await signIn(registry, 'cara.champion@example.gov.uk');
    await cara.agent.get('/systems/casework/edit').expect(200);

    const res = await cara.post('/systems/casework/edit', { name: 'Casework renamed', slug: '', owner: 'Team', department: 'DWP', platform: 'web', lifecycle: 'live', urls: '', description: '' });

    expect(res.status).toBe(422);
    expect(res.headers.location).toBeUndefined();
    expect(res.text).toContain('govuk-error-summary');
    expect(res.text).toMatch(/<a href="#slug">Enter a short name for web addresses<\/a>/);
    expect(res.text).toMatch(/<p id="slug-error" class="govuk-error-message">\s*<span class="govuk-visually-hidden">Error:<\/span> Enter a short name for web addresses/);
    const stored = await registry.anonymous().get('/api/v1/systems/casework').expect(200);
    expect(stored.body).toMatchObject({ slug: 'casework', name: 'Casework' });
    await registry.anonymous().get('/api/v1/systems/undefined').expect(404);
  });
});

/** The presession cookie and CSRF token from the sign-in page, then a sign-in, all from `address` (a loopback address of its own). */
async function signInFrom(registry: TestRegistry, address: string, email: string, password: string): Promise<request.Response> {
  const agent = new http.Agent({ localAddress: address });
  const server = registry.app.getHttpServer();
  const page = await request(server).get('/sign-in').agent(agent).expect(200);
  const cookie = (page.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]!).join('; ');
  return request(server).post('/sign-in').agent(agent).set('Cookie', cookie).type('form').send({ email, password, _csrf: csrfFrom(page.text) }).redirects(0);
}

/** The message of a refused sign-in, as the error summary shows it. */
const refusal = (res: request.Response) => /<div class="govuk-error-summary__body">[\s\S]*?<a href="#email">([^<]+)<\/a>/.exec(res.text)?.[1]?.trim();

describe('sign-in lockout reveals which emails have accounts and lets anyone lock any account', () => {
  let registry: TestRegistry;

  beforeAll(async () => {
    registry = await startRegistry();
    await createAccount(registry, { email: 'lee@example.gov.uk', name: 'Lee' });
    await createAccount(registry, { email: 'kim@example.gov.uk', name: 'Kim' });
    await createAccount(registry, { email: 'ada.admin@example.gov.uk', name: 'Ada', role: 'admin' });
  });

  afterAll(async () => {
    await registry?.close();
  });

  it('does not lock the person out when someone at another address guesses their password', async () => {
    for (let i = 0; i < 5; i += 1) expect((await signInFrom(registry, '127.0.0.2', 'lee@example.gov.uk', `guess ${i}`)).status).toBe(401);
    const attacker = await signInFrom(registry, '127.0.0.2', 'lee@example.gov.uk', TEST_PASSWORD);
    expect(attacker.status).toBe(401);
    expect(refusal(attacker)).toContain('locked for 15 minutes');

    const lee = await signInFrom(registry, '127.0.0.1', 'lee@example.gov.uk', TEST_PASSWORD);
    expect(lee.status).toBe(303);
    expect(String(lee.headers['set-cookie'])).toMatch(/atcompat_session=[^;]/);
  });

  it('answers an email without an account exactly as one with an account, locking included', async () => {
    const known: (string | undefined)[] = [];
    const unknown: (string | undefined)[] = [];
    for (let i = 0; i < 6; i += 1) {
      const a = await signInFrom(registry, '127.0.0.3', 'kim@example.gov.uk', `guess ${i}`);
      const b = await signInFrom(registry, '127.0.0.3', 'nobody.here@example.gov.uk', `guess ${i}`);
      expect(b.status).toBe(a.status);
      known.push(refusal(a));
      unknown.push(refusal(b));
    }
    expect(unknown).toEqual(known);
    expect(known[0]).toBe('Enter a correct email address and password');
    expect(known[5]).toContain('locked for 15 minutes');
    expect(known[5]).not.toMatch(/account/i);
  });

  it('still lets an admin unlock the account on /admin/users', async () => {
    for (let i = 0; i < 5; i += 1) await signInFrom(registry, '127.0.0.4', 'kim@example.gov.uk', `guess ${i}`);
    expect((await signInFrom(registry, '127.0.0.4', 'kim@example.gov.uk', TEST_PASSWORD)).status).toBe(401);
    const [kim] = await registry.dataSource.query(`SELECT id FROM app_user WHERE email = 'kim@example.gov.uk'`);

    const admin = await signIn(registry, 'ada.admin@example.gov.uk');
    const list = await admin.agent.get('/admin/users').expect(200);
    expect(list.text).toContain(`/admin/users/${kim.id}/unlock`);
    expect((await admin.post(`/admin/users/${kim.id}/unlock`)).status).toBe(303);

    expect((await signInFrom(registry, '127.0.0.4', 'kim@example.gov.uk', TEST_PASSWORD)).status).toBe(303);
  });
});

describe('an admin can demote (or disable) the last admin', () => {
  let registry: TestRegistry;

  beforeEach(async () => {
    registry = await startRegistry();
  });

  afterEach(async () => {
    await registry?.close();
  });

  const admins = async () => (await registry.dataSource.query(`SELECT count(*)::int AS n FROM app_user WHERE role = 'admin' AND NOT disabled`))[0].n as number;

  it('refuses to change the role of the only administrator, with a message on the form', async () => {
    const ada = await createAccount(registry, { email: 'ada.admin@example.gov.uk', name: 'Ada', role: 'admin' });
    const browserOfAda = await signIn(registry, ada.email);

    const res = await browserOfAda.post(`/admin/users/${ada.id}`, { role: 'staff' });

    expect(res.status).toBe(409);
    expect(res.text).toContain('govuk-error-summary');
    expect(res.text).toMatch(/<a href="#role">This is the only administrator/);
    expect(res.text).toContain('id="role-error"');
    expect(await admins()).toBe(1);
    await expect(registry.app.get(UsersService).setDisabled(ada.id, true)).rejects.toMatchObject({ code: 'last-admin' });
    expect(await admins()).toBe(1);
  });

  it('keeps one administrator when the last two are demoted at the same moment', async () => {
    const ada = await createAccount(registry, { email: 'ada.admin@example.gov.uk', name: 'Ada', role: 'admin' });
    const bea = await createAccount(registry, { email: 'bea.admin@example.gov.uk', name: 'Bea', role: 'admin' });
    const users = registry.app.get(UsersService);

    // Straight at the service: over HTTP the first demotion signs the other admin out before the
    // second request gets past the page guard, which hides the race this is about.
    const outcomes = await Promise.allSettled([users.updateAccess(ada.id, 'staff', [], []), users.updateAccess(bea.id, 'champion', [], [])]);

    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(outcomes.find((o) => o.status === 'rejected')).toMatchObject({ reason: { code: 'last-admin' } });
    expect(await admins()).toBe(1);
  });
});

describe('GET /adjustments marks notifications read', () => {
  let registry: TestRegistry;

  beforeAll(async () => {
    registry = await startRegistry({ demo: true });
    // Champions triage the requests of the departments they cover (the requester's, not the system's).
    await createAccount(registry, { email: 'rita@example.gov.uk', name: 'Rita', department: 'Benefits Operations' });
    await createAccount(registry, { email: 'cara@example.gov.uk', name: 'Cara', role: 'champion', departments: ['Benefits Operations'] });
  });

  afterAll(async () => {
    await registry?.close();
  });

  it('keeps the banner until the person dismisses it with "Mark as read" (a CSRF-checked POST)', async () => {
    const rita = await signIn(registry, 'rita@example.gov.uk');
    const cara = await signIn(registry, 'cara@example.gov.uk');
    const sent = await rita.post('/adjustments', { system: 'casework', assistiveTechnology: 'dragon-professional', barrier: 'Save needs a mouse', need: 'Voice commands', urgency: 'standard', contactMethod: 'email' });
    const id = /\/adjustments\/([0-9a-f-]{36})/.exec(sent.headers.location)![1]!;
    expect((await cara.post(`/adjustments/${id}/status`, { to: 'in-review' })).status).toBe(303);
    const unread = async () => (await registry.dataSource.query(`SELECT count(*)::int AS n FROM notification n JOIN app_user u ON u.id = n.user_id WHERE u.email = 'rita@example.gov.uk' AND n.read_at IS NULL`))[0].n as number;

    const first = await rita.agent.get('/adjustments').expect(200);
    const again = await rita.agent.get('/adjustments').expect(200);
    for (const page of [first, again]) {
      expect(page.text).toContain('govuk-notification-banner');
      expect(page.text).toContain('Your workplace adjustment request is being reviewed.');
      expect(page.text).toContain('action="/adjustments/notifications/read"');
    }
    expect(await unread()).toBe(1);

    const ids = [...again.text.matchAll(/name="notification" value="([0-9a-f-]{36})"/g)].map((m) => m[1]!);
    expect(ids).toHaveLength(1);
    const forged = await rita.agent.post('/adjustments/notifications/read').type('form').send({ notification: ids }).redirects(0);
    expect(forged.status).toBe(403);
    expect(await unread()).toBe(1);

    const dismissed = await rita.post('/adjustments/notifications/read', { notification: ids });
    expect(dismissed.status).toBe(303);
    expect(dismissed.headers.location).toBe('/adjustments');
    expect(await unread()).toBe(0);
    const after = await rita.agent.get('/adjustments').expect(200);
    expect(after.text).not.toContain('govuk-notification-banner');
  });

  it('marks only the notifications of the person who posts', async () => {
    const cara = await signIn(registry, 'cara@example.gov.uk');
    const [note] = await registry.dataSource.query(`SELECT n.id FROM notification n JOIN app_user u ON u.id = n.user_id WHERE u.email = 'rita@example.gov.uk'`);
    await registry.dataSource.query(`UPDATE notification SET read_at = NULL WHERE id = $1`, [note.id]);

    expect((await cara.post('/adjustments/notifications/read', { notification: [note.id] })).status).toBe(303);

    const [row] = await registry.dataSource.query(`SELECT read_at FROM notification WHERE id = $1`, [note.id]);
    expect(row.read_at).toBeNull();
  });
});

describe('unauthenticated clients can make the server parse 10 MB of JSON on /api/v1/runs before the token is checked', () => {
  let registry: TestRegistry;
  let port: number;
  const uploads = new Set<http.ClientRequest>();

  beforeAll(async () => {
    registry = await startRegistry();
    const server = registry.app.getHttpServer() as http.Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  // An upload the server never answered (before the fix) would keep the server from closing.
  afterEach(() => {
    for (const upload of uploads) upload.destroy();
    uploads.clear();
  });

  afterAll(async () => {
    await registry?.close();
  });

  /**
   * Declares a 9 MB body, sends its first 64 KB and then nothing more: the answer must come while
   * the body is still incomplete (before the fix, the server waited for all of it).
   */
  function partialUpload(authorization?: string): Promise<{ status: number; type: string; body: string; sentBytes: number; declared: number }> {
    const declared = 9 * 1024 * 1024;
    const start = Buffer.from(`{"system":"casework","release":"1.0","report":{"padding":"${'a'.repeat(64 * 1024)}`);
    return new Promise((resolve, reject) => {
      const req = http.request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/v1/runs',
        headers: { 'content-type': 'application/json', 'content-length': String(declared), ...(authorization ? { authorization } : {}) },
      });
      uploads.add(req);
      req.on('error', reject);
      req.on('response', (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => {
          resolve({ status: res.statusCode!, type: String(res.headers['content-type']), body, sentBytes: start.length, declared });
          req.destroy();
        });
      });
      req.write(start);
    });
  }

  it('answers 401 problem+json without reading the body when there is no token', async () => {
    const answer = await partialUpload();
    expect(answer.sentBytes).toBeLessThan(answer.declared);
    expect(answer.status).toBe(401);
    expect(answer.type).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 401, code: 'unauthorized' });
  }, 20_000);

  it('answers 401 the same way to a token that is not valid', async () => {
    const answer = await partialUpload('Bearer atc_0000000000000000_not-a-real-token');
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 401, code: 'unauthorized' });
  }, 20_000);

  it('still publishes with a valid token', async () => {
    await registry.http().post('/api/v1/systems').send({ name: 'Casework', slug: 'casework', owner: 'T', department: 'D', platform: 'web', lifecycle: 'live' }).expect(201);
    const token = (await registry.http().post('/api/v1/tokens').send({ name: 'casework CI', systems: ['casework'] }).expect(201)).body.token as string;
    const report = makeReport({ system: 'casework', release: '1.0' });

    const res = await registry.as(token).post('/api/v1/runs').send({ system: 'casework', release: '1.0', report });

    expect(res.status).toBe(201);
    expect(res.body.id).toBe(report.run.id);
  });
});
