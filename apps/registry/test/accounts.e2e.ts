import { browser, createAccount, csrfFrom, signIn, TEST_PASSWORD } from '../../../test/support/accounts.js';
import { startRegistry, type TestRegistry } from '../../../test/support/registry.js';

describe('accounts: signing in and out', () => {
  let registry: TestRegistry;

  beforeAll(async () => {
    registry = await startRegistry();
    await createAccount(registry, { email: 'sam.staff@example.gov.uk', name: 'Sam Staff' });
    await createAccount(registry, { email: 'ada.admin@example.gov.uk', name: 'Ada Admin', role: 'admin' });
  });

  afterAll(async () => {
    await registry?.close();
  });

  it('shows a sign-in form with a CSRF field, security headers and no SSO button when SSO is not set up', async () => {
    const res = await browser(registry).agent.get('/sign-in').expect(200);

    expect(res.text).toContain('<h1 class="govuk-heading-l">Sign in to atcompat</h1>');
    expect(csrfFrom(res.text)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(res.text).not.toContain('/sign-in/oidc');
    const csp = res.headers['content-security-policy'];
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    expect(res.text).toContain(`<script nonce="${nonce}">`);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    const presession = String(res.headers['set-cookie']);
    expect(presession).toMatch(/atcompat_presession=[^;]+; Path=\/; HttpOnly; SameSite=Lax/);
  });

  it('signs in with the right password: a new HttpOnly, SameSite=Lax session cookie whose id is stored only as a hash', async () => {
    const b = browser(registry);
    const res = await b.post('/sign-in', { email: 'Sam.Staff@example.gov.uk ', password: TEST_PASSWORD, returnTo: '/adjustments' });

    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/adjustments');
    const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('atcompat_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/); // plain http in tests; Secure whenever https
    const id = /atcompat_session=([^;]+)/.exec(cookie)![1]!;
    expect(Buffer.from(id, 'base64url')).toHaveLength(32);
    const rows = await registry.dataSource.query(`SELECT token_hash FROM user_session`);
    expect(JSON.stringify(rows)).not.toContain(id);

    const page = await b.agent.get('/').expect(200);
    expect(page.text).toContain('Signed in as Sam Staff');
  });

  it('never sends people to another site after signing in', async () => {
    const res = await browser(registry).post('/sign-in', { email: 'sam.staff@example.gov.uk', password: TEST_PASSWORD, returnTo: '//evil.example/x' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
  });

  it('refuses a wrong password or an unknown email with the same message', async () => {
    const wrong = await browser(registry).post('/sign-in', { email: 'sam.staff@example.gov.uk', password: 'not the password at all' });
    const unknown = await browser(registry).post('/sign-in', { email: 'nobody@example.gov.uk', password: 'not the password at all' });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.text).toContain('Enter a correct email address and password');
      expect(res.text).toContain('govuk-error-summary');
      expect(res.headers['set-cookie'] ?? []).not.toEqual(expect.arrayContaining([expect.stringMatching(/^atcompat_session=[^;]/)]));
    }
  });

  it('locks an account after 5 wrong passwords, even against the right one, until an admin unlocks it', async () => {
    const { id } = await createAccount(registry, { email: 'lee.locked@example.gov.uk', name: 'Lee' });
    for (let i = 0; i < 5; i += 1) {
      const res = await browser(registry).post('/sign-in', { email: 'lee.locked@example.gov.uk', password: `wrong password ${i}` });
      expect(res.status).toBe(401);
    }
    const locked = await browser(registry).post('/sign-in', { email: 'lee.locked@example.gov.uk', password: TEST_PASSWORD });
    expect(locked.status).toBe(401);
    expect(locked.text).toContain('locked for 15 minutes');
    const [row] = await registry.dataSource.query(`SELECT failed_count, locked_until FROM sign_in_failure WHERE email = $1`, ['lee.locked@example.gov.uk']);
    expect(row.failed_count).toBe(5);
    expect(new Date(row.locked_until).getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);

    const admin = await signIn(registry, 'ada.admin@example.gov.uk');
    const list = await admin.agent.get('/admin/users').expect(200);
    expect(list.text).toContain('Locked');
    expect((await admin.post(`/admin/users/${id}/unlock`)).status).toBe(303);

    await signIn(registry, 'lee.locked@example.gov.uk');
  });

  it('signs out: the session row is gone and the old cookie no longer works', async () => {
    const b = await signIn(registry, 'sam.staff@example.gov.uk');
    const before = await registry.dataSource.query(`SELECT count(*)::int AS n FROM user_session`);

    const res = await b.post('/sign-out');

    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/sign-in?signedOut=1');
    const after = await registry.dataSource.query(`SELECT count(*)::int AS n FROM user_session`);
    expect(after[0].n).toBe(before[0].n - 1);
    const page = await b.agent.get('/adjustments').redirects(0);
    expect(page.status).toBe(303);
  });

  it('ends sessions that were idle too long or reached their absolute expiry', async () => {
    const idle = await signIn(registry, 'sam.staff@example.gov.uk');
    const old = await signIn(registry, 'sam.staff@example.gov.uk');
    const fresh = await signIn(registry, 'sam.staff@example.gov.uk');
    const sessions: { id: string }[] = await registry.dataSource.query(`SELECT id FROM user_session ORDER BY created_at DESC LIMIT 3`);
    const [freshId, oldId, idleId] = sessions.map((s) => s.id);
    await registry.dataSource.query(`UPDATE user_session SET last_seen_at = now() - interval '61 minutes' WHERE id = $1`, [idleId]);
    await registry.dataSource.query(`UPDATE user_session SET expires_at = now() - interval '1 second' WHERE id = $1`, [oldId]);

    expect((await idle.agent.get('/adjustments').redirects(0)).status).toBe(303);
    expect((await old.agent.get('/adjustments').redirects(0)).status).toBe(303);
    expect((await fresh.agent.get('/adjustments').redirects(0)).status).toBe(200);
    expect(freshId).toBeDefined();
  });

  describe('CSRF', () => {
    it('refuses a form POST without the token, or with another browser’s token', async () => {
      const b = await signIn(registry, 'sam.staff@example.gov.uk');
      const other = browser(registry);

      const none = await b.agent.post('/sign-out').type('form').send({}).redirects(0);
      const foreign = await b.agent.post('/sign-out').type('form').send({ _csrf: await other.csrf() }).redirects(0);
      const signInWithout = await other.agent.post('/sign-in').type('form').send({ email: 'sam.staff@example.gov.uk', password: TEST_PASSWORD }).redirects(0);

      for (const res of [none, foreign, signInWithout]) {
        expect(res.status).toBe(403);
        expect(res.text).not.toMatch(/\n\s+at /);
      }
      expect((await b.agent.get('/adjustments').redirects(0)).status).toBe(200); // still signed in
    });

    it('does not apply to the API, which takes bearer tokens and no cookies', async () => {
      const res = await registry.http().post('/api/v1/systems').send({ name: 'Payroll', owner: 'T', department: 'D', platform: 'web', lifecycle: 'live' });
      expect(res.status).toBe(201);
    });
  });

  describe('page access', () => {
    it('sends signed-out people to sign in, coming back afterwards', async () => {
      const res = await browser(registry).agent.get('/adjustments/new?system=casework').redirects(0);
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/sign-in?returnTo=${encodeURIComponent('/adjustments/new?system=casework')}`);
    });

    it('answers 403 with a page when the role is too low', async () => {
      const staff = await signIn(registry, 'sam.staff@example.gov.uk');
      const res = await staff.agent.get('/admin/users').redirects(0);
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toMatch(/text\/html/);
    });

    it('never accepts a session cookie on the API', async () => {
      const admin = await signIn(registry, 'ada.admin@example.gov.uk');
      const res = await admin.agent.post('/api/v1/systems').send({ name: 'Sneaky', owner: 'T', department: 'D', platform: 'web', lifecycle: 'live' });
      expect(res.status).toBe(401);
    });
  });

  it('writes sign-ins, refusals and sign-outs to the audit log, without passwords', async () => {
    const rows: { kind: string; detail: unknown }[] = await registry.dataSource.query(`SELECT kind, detail FROM audit_event WHERE kind LIKE 'account.%'`);
    const kinds = new Set(rows.map((r) => r.kind));
    expect(kinds).toEqual(new Set(['account.signed-in', 'account.signed-out', 'account.sign-in-refused.wrong-credentials', 'account.sign-in-refused.unknown-account', 'account.sign-in-refused.locked']));
    expect(JSON.stringify(rows)).not.toContain(TEST_PASSWORD);
  });
});
