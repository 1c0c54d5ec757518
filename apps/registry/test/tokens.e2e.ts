import { createHash } from 'node:crypto';
import type { Response } from 'supertest';
import { TEST_ADMIN_TOKEN } from '../../../test/support/database.js';
import { startRegistry, type TestRegistry } from '../../../test/support/registry.js';

/** An RFC 9457 problem with this status and code, and no stack trace. */
function expectProblem(res: Response, status: number, code: string): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, code, type: `https://atcompat.dev/problems/${code}` });
  expect(typeof res.body.detail).toBe('string');
  expect(res.text).not.toMatch(/\n\s+at /);
}

function expectUnauthorized(res: Response, invalidToken = false): void {
  expectProblem(res, 401, 'unauthorized');
  expect(res.headers['www-authenticate']).toBe(invalidToken ? 'Bearer realm="atcompat", error="invalid_token"' : 'Bearer realm="atcompat"');
}

describe('API tokens and who may change the registry', () => {
  let registry: TestRegistry;

  beforeAll(async () => {
    registry = await startRegistry();
    await registry.http().post('/api/v1/systems').send({ name: 'Casework', owner: 'T', department: 'D', platform: 'web', lifecycle: 'live' }).expect(201);
    await registry.http().post('/api/v1/systems').send({ name: 'Payroll', owner: 'T', department: 'D', platform: 'web', lifecycle: 'live' }).expect(201);
  });

  afterAll(async () => {
    await registry?.close();
  });

  async function createToken(body: Record<string, unknown> = { name: 'casework CI', systems: ['casework'] }) {
    const res = await registry.http().post('/api/v1/tokens').send(body).expect(201);
    return res.body as { id: string; token: string; prefix: string; name: string; systems: { slug: string }[] };
  }

  describe('reads', () => {
    it('stay open without a token', async () => {
      for (const path of ['/api/v1/systems', '/api/v1/systems/casework', '/api/v1/assistive-technologies', '/api/v1/matrix', '/api/v1/health']) {
        await registry.anonymous().get(path).expect(200);
      }
    });
  });

  describe('changes without the admin token', () => {
    it('are refused with 401 and WWW-Authenticate: Bearer when no token is sent, before the body is looked at', async () => {
      const attempts = [
        registry.anonymous().post('/api/v1/systems').send({}),
        registry.anonymous().patch('/api/v1/systems/casework').send({ owner: 'x' }),
        registry.anonymous().delete('/api/v1/systems/casework'),
        registry.anonymous().post('/api/v1/assistive-technologies').send({ name: 'X', vendor: 'V', profile: 'speech', platforms: [] }),
        registry.anonymous().post('/api/v1/systems/casework/releases').send({ version: '9' }),
        registry.anonymous().post('/api/v1/compatibility-records').send({}),
        registry.anonymous().post('/api/v1/known-issues').send({}),
        registry.anonymous().post('/api/v1/tokens').send({ name: 'x', systems: ['casework'] }),
        registry.anonymous().get('/api/v1/tokens'),
        registry.anonymous().put('/api/v1/systems/casework/gate-policy').send({ assistiveTechnologies: [] }),
      ];
      for (const res of await Promise.all(attempts)) {
        expectUnauthorized(res);
        expect(res.body.detail).toContain('Authorization: Bearer');
      }
      const system = await registry.anonymous().get('/api/v1/systems/casework').expect(200);
      expect(system.body.owner).toBe('T');
    });

    it('are refused with 401 (invalid_token) for a wrong, malformed or made-up token', async () => {
      expectUnauthorized(await registry.as('not-the-admin-token-at-all-xxxx').post('/api/v1/systems').send({}), true);
      expectUnauthorized(await registry.anonymous().post('/api/v1/systems').set('Authorization', 'Basic dXNlcjpwYXNz').send({}), true);
      expectUnauthorized(await registry.as(`atc_0123456789abcdef_${'A'.repeat(43)}`).post('/api/v1/systems').send({}), true);
      expectUnauthorized(await registry.as(`${TEST_ADMIN_TOKEN}x`).post('/api/v1/systems').send({}), true);
    });

    it('are refused with 403 for a system token, which may only publish runs', async () => {
      const { token } = await createToken();

      const res = await registry.as(token).post('/api/v1/systems').send({ name: 'Sneaky', owner: 'T', department: 'D', platform: 'web', lifecycle: 'live' });

      expectProblem(res, 403, 'forbidden');
      expect(res.body.detail).toContain('admin token');
      expect(res.body.detail).toContain('casework');
      expectProblem(await registry.as(token).get('/api/v1/tokens'), 403, 'forbidden');
      expectProblem(await registry.as(token).delete('/api/v1/systems/payroll'), 403, 'forbidden');
      await registry.anonymous().get('/api/v1/systems/sneaky').expect(404);
    });
  });

  describe('POST /api/v1/tokens', () => {
    it('shows the token once, stores only its SHA-256, and never lists the secret', async () => {
      const created = await createToken({ name: 'both CI', systems: ['payroll', 'casework'] });

      expect(created).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: 'both CI',
        prefix: expect.stringMatching(/^atc_[0-9a-f]{16}$/),
        systems: [
          { slug: 'casework', name: 'Casework' },
          { slug: 'payroll', name: 'Payroll' },
        ],
        expiresAt: null,
        lastUsedAt: null,
        createdAt: expect.any(String),
        token: expect.stringMatching(/^atc_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/),
      });
      expect(created.token.startsWith(`${created.prefix}_`)).toBe(true);

      const [row] = await registry.dataSource.query(`SELECT secret_hash FROM api_token WHERE id = $1`, [created.id]);
      expect(row.secret_hash).toBe(createHash('sha256').update(created.token).digest('hex'));
      const dump = JSON.stringify(await registry.dataSource.query(`SELECT * FROM api_token`));
      expect(dump).not.toContain(created.token.slice(created.prefix.length + 1));

      const list = await registry.http().get('/api/v1/tokens').expect(200);
      expect(list.body).toMatchObject({ page: 1, pageSize: 20 });
      const listed = list.body.items.find((t: { id: string }) => t.id === created.id);
      expect(listed).toMatchObject({ name: 'both CI', prefix: created.prefix });
      expect(listed).not.toHaveProperty('token');
      expect(list.text).not.toContain(created.token);
    });

    it('records when a token was last used', async () => {
      const { id, token } = await createToken();
      await registry.as(token).post('/api/v1/systems').send({});

      const list = await registry.http().get('/api/v1/tokens').query({ pageSize: 100 }).expect(200);
      expect(list.body.items.find((t: { id: string }) => t.id === id).lastUsedAt).toEqual(expect.any(String));
    });

    it('names each unknown system and each bad field', async () => {
      const unknown = await registry.http().post('/api/v1/tokens').send({ name: 'x', systems: ['casework', 'nowhere'] });
      expectProblem(unknown, 400, 'validation-failed');
      expect(unknown.body.errors).toEqual([{ field: 'systems[1]', message: 'there is no system "nowhere"' }]);

      const bad = await registry.http().post('/api/v1/tokens').send({ systems: [], colour: 'red' });
      expectProblem(bad, 400, 'validation-failed');
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['colour', 'name', 'systems']);

      const past = await registry.http().post('/api/v1/tokens').send({ name: 'x', systems: ['casework'], expiresAt: '2020-01-01T00:00:00Z' });
      expect(past.body.errors).toEqual([{ field: 'expiresAt', message: 'expiresAt must be in the future' }]);
    });

    it('refuses an expired token with 401', async () => {
      const { id, token } = await createToken({ name: 'short-lived', systems: ['casework'], expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
      await registry.dataSource.query(`UPDATE api_token SET expires_at = now() - interval '1 minute' WHERE id = $1`, [id]);

      const res = await registry.as(token).post('/api/v1/runs').send({});

      expectUnauthorized(res, true);
      expect(res.body.detail).toContain('expired');
    });
  });

  describe('DELETE /api/v1/tokens/:id', () => {
    it('revokes the token at once; a second delete is 404', async () => {
      const { id, token } = await createToken();
      expectProblem(await registry.as(token).post('/api/v1/systems').send({}), 403, 'forbidden');

      await registry.http().delete(`/api/v1/tokens/${id}`).expect(204);

      expectUnauthorized(await registry.as(token).post('/api/v1/systems').send({}), true);
      expectProblem(await registry.http().delete(`/api/v1/tokens/${id}`), 404, 'not-found');
      expectProblem(await registry.http().delete('/api/v1/tokens/not-a-uuid'), 400, 'validation-failed');
    });
  });

  describe('the OpenAPI document', () => {
    it('describes the token endpoints and the bearer scheme', async () => {
      const res = await registry.anonymous().get('/api/docs-json').expect(200);

      expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/v1/tokens', '/api/v1/tokens/{id}']));
      expect(res.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
      expect(res.body.paths['/api/v1/tokens'].post.security).toEqual([{ bearer: [] }]);
    });
  });
});

describe('a registry without ATCOMPAT_ADMIN_TOKEN', () => {
  let registry: TestRegistry;

  beforeAll(async () => {
    registry = await startRegistry({ config: { adminToken: null } });
  });

  afterAll(async () => {
    await registry?.close();
  });

  it('can be read, but accepts no admin token at all', async () => {
    await registry.anonymous().get('/api/v1/systems').expect(200);

    expectUnauthorized(await registry.as(TEST_ADMIN_TOKEN).post('/api/v1/systems').send({}), true);
  });
});
