import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { browser, createAccount } from '../../../test/support/accounts.js';
import { startRegistry, type TestRegistry } from '../../../test/support/registry.js';

/**
 * A minimal OpenID Connect provider on 127.0.0.1: discovery, JWKS and a token endpoint that
 * checks the PKCE verifier and signs an RS256 ID token with the nonce it was given. The
 * authorization step (a person signing in at the provider) is played by the test itself.
 */
async function fakeProvider(clientId: string, clientSecret: string) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const codes = new Map<string, { nonce: string; challenge: string; redirectUri: string; email: string }>();
  let issuer = '';
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const json = (status: number, body: object) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      });
    }
    if (url.pathname === '/jwks') return json(200, { keys: [jwk] });
    if (url.pathname === '/token' && req.method === 'POST') {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const form = new URLSearchParams(body);
        const basic = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString();
        const [id, secret] = basic ? basic.split(':').map(decodeURIComponent) : [form.get('client_id'), form.get('client_secret')];
        if (id !== clientId || secret !== clientSecret) return json(401, { error: 'invalid_client' });
        const grant = codes.get(form.get('code') ?? '');
        codes.delete(form.get('code') ?? '');
        const verifier = form.get('code_verifier') ?? '';
        if (!grant || createHash('sha256').update(verifier).digest('base64url') !== grant.challenge || form.get('redirect_uri') !== grant.redirectUri) {
          return json(400, { error: 'invalid_grant' });
        }
        const now = Math.floor(Date.now() / 1000);
        const header = b64({ alg: 'RS256', typ: 'JWT', kid: 'test-key' });
        const claims = b64({ iss: issuer, sub: `sub-${grant.email}`, aud: clientId, iat: now, exp: now + 300, nonce: grant.nonce, email: grant.email, email_verified: true, name: 'Nia Newcomer' });
        const signature = sign('RSA-SHA256', Buffer.from(`${header}.${claims}`), privateKey).toString('base64url');
        json(200, { access_token: randomBytes(16).toString('hex'), token_type: 'Bearer', expires_in: 300, id_token: `${header}.${claims}.${signature}` });
      });
      return;
    }
    json(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    issuer,
    /** What the provider does when the person signs in there: remember the request, hand out a code. */
    authorize(authorizeUrl: string, email: string): { code: string; state: string } {
      const url = new URL(authorizeUrl);
      const code = randomBytes(12).toString('hex');
      codes.set(code, { nonce: url.searchParams.get('nonce')!, challenge: url.searchParams.get('code_challenge')!, redirectUri: url.searchParams.get('redirect_uri')!, email });
      return { code, state: url.searchParams.get('state')! };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

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
