import { browser, createAccount } from '../../../test/support/accounts.js';
import { fakeOidcProvider as fakeProvider } from '../../../test/support/oidc-provider.js';
import { startRegistry, type TestRegistry } from '../../../test/support/registry.js';

describe('single sign-on (OpenID Connect, authorization code + PKCE)', () => {
  let provider: Awaited<ReturnType<typeof fakeProvider>>;
  let registry: TestRegistry;

  beforeAll(async () => {
    provider = await fakeProvider('atcompat-test', 'client-secret-for-tests');
    registry = await startRegistry({
      config: {
        publicUrl: 'http://localhost:3000',
        oidc: { issuer: provider.issuer, clientId: 'atcompat-test', clientSecret: 'client-secret-for-tests', redirectUri: 'http://localhost:3000/sign-in/oidc/callback', departmentClaim: 'department' },
      },
    });
  });

  afterAll(async () => {
    await registry?.close();
    await provider?.close();
  });

  it('offers the single sign-on button on the sign-in page', async () => {
    const page = await browser(registry).agent.get('/sign-in?returnTo=/adjustments').expect(200);
    expect(page.text).toContain('Sign in with your work account');
    expect(page.text).toContain('href="/sign-in/oidc?returnTo=%2Fadjustments"');
  });

  it('signs a new person in as staff, matched by email, with PKCE, state and nonce checked', async () => {
    const b = browser(registry);
    const start = await b.agent.get('/sign-in/oidc?returnTo=/adjustments').redirects(0);
    expect(start.status).toBe(303);
    const authorize = new URL(start.headers.location);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${provider.issuer}/authorize`);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('redirect_uri')).toBe('http://localhost:3000/sign-in/oidc/callback');
    expect(authorize.searchParams.get('scope')).toBe('openid email profile');
    expect(String(start.headers['set-cookie'])).toMatch(/atcompat_oidc=.+; Max-Age=600; Path=\/sign-in\/oidc; Expires=.+; HttpOnly; SameSite=Lax/);

    const { code, state } = provider.authorize(start.headers.location, 'Nia.Newcomer@example.gov.uk');
    const callback = await b.agent.get(`/sign-in/oidc/callback?code=${code}&state=${state}`).redirects(0);

    expect(callback.status).toBe(303);
    expect(callback.headers.location).toBe('/adjustments');
    const [user] = await registry.dataSource.query(`SELECT email, name, role, password_hash, oidc_subject FROM app_user WHERE email = 'nia.newcomer@example.gov.uk'`);
    expect(user).toEqual({ email: 'nia.newcomer@example.gov.uk', name: 'Nia Newcomer', role: 'staff', password_hash: null, oidc_subject: 'sub-Nia.Newcomer@example.gov.uk' });
    expect((await b.agent.get('/adjustments').redirects(0)).status).toBe(200);
  });

  it('links an existing account by email and keeps its role', async () => {
    await createAccount(registry, { email: 'cara.champion@example.gov.uk', name: 'Cara Champion', role: 'champion' });
    const b = browser(registry);
    const start = await b.agent.get('/sign-in/oidc').redirects(0);
    const { code, state } = provider.authorize(start.headers.location, 'cara.champion@example.gov.uk');
    expect((await b.agent.get(`/sign-in/oidc/callback?code=${code}&state=${state}`).redirects(0)).status).toBe(303);
    const [user] = await registry.dataSource.query(`SELECT role, oidc_subject FROM app_user WHERE email = 'cara.champion@example.gov.uk'`);
    expect(user.role).toBe('champion');
    expect(user.oidc_subject).toBe('sub-cara.champion@example.gov.uk');
  });

  it('refuses a callback with the wrong state, or from another browser, without signing anyone in', async () => {
    const b = browser(registry);
    const start = await b.agent.get('/sign-in/oidc').redirects(0);
    const { code } = provider.authorize(start.headers.location, 'mallory@example.gov.uk');

    const wrongState = await b.agent.get(`/sign-in/oidc/callback?code=${code}&state=not-the-state`).redirects(0);
    expect(wrongState.status).toBe(400);
    expect(wrongState.text).toContain('Single sign-on did not complete');
    const otherBrowser = await browser(registry).agent.get(`/sign-in/oidc/callback?code=${code}&state=x`).redirects(0);
    expect(otherBrowser.status).toBe(400);
    expect((await registry.dataSource.query(`SELECT count(*)::int AS n FROM app_user WHERE email = 'mallory@example.gov.uk'`))[0].n).toBe(0);
  });
});

describe('rate limits', () => {
  let registry: TestRegistry;

  beforeAll(async () => {
    registry = await startRegistry({ config: { signInRateLimit: 2, apiRateLimit: 3 } });
  });

  afterAll(async () => {
    await registry?.close();
  });

  it('limits sign-in attempts from one address', async () => {
    const b = browser(registry);
    for (let i = 0; i < 2; i += 1) expect((await b.post('/sign-in', { email: 'x@example.gov.uk', password: 'wrong password' })).status).toBe(401);
    const limited = await b.post('/sign-in', { email: 'x@example.gov.uk', password: 'wrong password' });
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toMatch(/text\/html/);
    expect((await b.agent.get('/sign-in')).status).toBe(200); // the form itself is not limited
  });

  it('limits API requests from one address, with a problem+json 429', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await registry.anonymous().get('/api/v1/systems')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await registry.anonymous().get('/api/v1/systems');
    expect(limited.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(limited.body.code).toBe('too-many-requests');
  });
});
