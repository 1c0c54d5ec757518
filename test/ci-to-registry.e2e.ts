/**
 * From CI to the registry, end to end, as a pipeline would do it: the casework journey through
 * `atcompat journey --publish` against the real registry over HTTP (PGlite, or PostgreSQL when
 * DATABASE_URL is set), then `atcompat gate`. Release 1.0.0 is the mouse-only casework app, so
 * the gate fails naming Dragon; release 1.1.0 is its accessible twin, so the gate passes.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../apps/cli/src/cli.js';
import type { Io } from '../apps/cli/src/io.js';
import { closedPort } from '../apps/cli/test/support.js';
import { startRegistry, type TestRegistry } from './support/registry.js';
import { serveStatic, type StaticServer } from './support/static-server.js';

const SLOW = 400_000;
const SYSTEM = 'casework-fixture';
const JOURNEY = path.resolve('a11y-tests/journeys/record-a-note.yaml');

let registry: TestRegistry;
let registryUrl: string;
let token: string;
let site: StaticServer;
let out: string;

async function cli(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: { NO_COLOR: '1', ...env },
    cwd: out,
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

/** The secrets a CI job would hold, as environment variables (never on the command line). */
const ciEnv = () => ({ ATCOMPAT_REGISTRY: registryUrl, ATCOMPAT_TOKEN: token });

beforeAll(async () => {
  out = mkdtempSync(path.join(tmpdir(), 'atcompat-ci-'));
  site = await serveStatic(path.resolve('a11y-tests/fixtures/casework'));
  registry = await startRegistry({ demo: true });
  await registry.app.listen(0, '127.0.0.1');
  registryUrl = `http://127.0.0.1:${(registry.app.getHttpServer().address() as AddressInfo).port}`;
  await registry
    .http()
    .post('/api/v1/systems')
    .send({ slug: SYSTEM, name: 'Casework (fixture)', owner: 'Casework team', department: 'Benefits', platform: 'web', lifecycle: 'pre-rollout' })
    .expect(201);
  const created = await registry.http().post('/api/v1/tokens').send({ name: 'casework CI', systems: [SYSTEM] }).expect(201);
  token = created.body.token;
}, SLOW);

afterAll(async () => {
  await site?.close();
  await registry?.close();
});

describe('CI to the registry', () => {
  it(
    'holds back the mouse-only release 1.0.0, naming Dragon and the step that needs a mouse',
    async () => {
      const run = await cli(
        ['journey', JOURNEY, '--base-url', `${site.url}/mouse-only/`, '--publish', '--system', SYSTEM, '--release', '1.0.0', '--json', 'mouse-only.json', '--quiet'],
        ciEnv(),
      );
      // The exit code stays the journey's: it was blocked.
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/^Published: run \S+ of casework-fixture 1\.0\.0/m);

      const gate = await cli(['gate', '--system', SYSTEM, '--release', '1.0.0'], ciEnv());
      expect(gate.code).toBe(1);
      expect(gate.stdout).toMatch(/^Rollout gate for casework-fixture 1\.0\.0: FAIL\./);
      expect(gate.stdout).toMatch(/FAIL {2}Dragon Professional \S+: blocked — .*Save note/);

      const answer = await registry.http().get(`/api/v1/systems/${SYSTEM}/releases/1.0.0/gate`).expect(200);
      const dragon = answer.body.ats.find((at: { assistiveTechnology: { slug: string } }) => at.assistiveTechnology.slug === 'dragon-professional');
      expect(dragon).toMatchObject({ verdict: 'fail', status: 'does-not-work' });
    },
    SLOW,
  );

  it(
    'lets the accessible release 1.1.0 through, and marks the 1.0.0 records for a retest',
    async () => {
      const run = await cli(
        ['journey', JOURNEY, '--base-url', `${site.url}/accessible/`, '--publish', '--system', SYSTEM, '--release', '1.1.0', '--quiet'],
        ciEnv(),
      );
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^Published: run \S+ of casework-fixture 1\.1\.0/m);

      const gate = await cli(['gate', '--system', SYSTEM, '--release', '1.1.0'], ciEnv());
      expect(gate.stdout).toMatch(/^Rollout gate for casework-fixture 1\.1\.0: PASS\./);
      expect(gate.code).toBe(0);
      expect(gate.stdout).toMatch(/pass {2}Dragon Professional \S+: no blocking barriers found by automated checks/);

      const old = await registry.anonymous().get(`/api/v1/compatibility-records?system=${SYSTEM}&release=1.0.0&pageSize=100`).expect(200);
      expect(old.body.items.length).toBeGreaterThan(0);
      for (const record of old.body.items) expect(record.needsRetest).toBeTruthy();
    },
    SLOW,
  );

  it('keeps a report when the registry cannot be reached, and publishes it later', async () => {
    const down = `http://127.0.0.1:${await closedPort()}`;
    const failed = await cli(['publish', 'mouse-only.json', '--system', SYSTEM, '--release', '1.0.0'], { ATCOMPAT_REGISTRY: down, ATCOMPAT_TOKEN: token });
    expect(failed.code).toBe(2);
    expect(failed.stderr).toMatch(/could not be reached/);
    expect(failed.stderr).toMatch(/still in mouse-only\.json; publish it later/);
    expect(existsSync(path.join(out, 'mouse-only.json'))).toBe(true);

    // The same report again: stored once, so publishing it later is safe.
    const later = await cli(['publish', 'mouse-only.json', '--system', SYSTEM, '--release', '1.0.0'], ciEnv());
    expect(later.stderr).toBe('');
    expect(later.code).toBe(0);
    expect(later.stdout).toMatch(/^Already published: run /);
  });

  it('refuses a token scoped to another system, and a missing token, with exit 2', async () => {
    const other = await registry.http().post('/api/v1/tokens').send({ name: 'hr CI', systems: ['hr-self-service'] }).expect(201);
    const wrongScope = await cli(['publish', 'mouse-only.json', '--system', SYSTEM, '--release', '1.0.0'], { ATCOMPAT_REGISTRY: registryUrl, ATCOMPAT_TOKEN: other.body.token });
    expect(wrongScope.code).toBe(2);
    expect(wrongScope.stderr).toMatch(/not allowed to do this \(403\)/);

    const noToken = await cli(['publish', 'mouse-only.json', '--system', SYSTEM, '--release', '1.0.0'], { ATCOMPAT_REGISTRY: registryUrl });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toMatch(/did not accept the token \(401\)/);

    const unknown = await cli(['gate', '--system', SYSTEM, '--release', '9.9.9'], ciEnv());
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/\(404\)/);
  });
});
