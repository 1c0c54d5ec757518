/**
 * A page whose title holds U+0000 made a report that could never be published: PostgreSQL refuses
 * it in jsonb, so the registry refused the report, and the CLI kept it in its outbox to be retried
 * for ever. Both halves run for real here: Chromium scans a fixture page, the CLI publishes to the
 * registry over HTTP (PGlite, or PostgreSQL when DATABASE_URL is set).
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { validateReport } from '@atcompat/contracts';
import { runCli } from '../../apps/cli/src/cli.js';
import type { Io } from '../../apps/cli/src/io.js';
import { startRegistry, type TestRegistry } from '../support/registry.js';
import { serveStatic, type StaticServer } from '../support/static-server.js';

const SLOW = 300_000;
const SYSTEM = 'control-characters';
const SAMPLE = path.resolve('libs/contracts/src/__fixtures__/sample-report.json');

// What no report may hold: C0 controls but tab and line feed, DEL, and unpaired surrogates.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

let registry: TestRegistry;
let registryUrl: string;
let token: string;
let site: StaticServer;
let out: string;

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: { NO_COLOR: '1', ATCOMPAT_REGISTRY: registryUrl, ATCOMPAT_TOKEN: token },
    cwd: out,
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

/** Every string in a JSON value, keys included. */
function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...stringsOf(v)]);
  return [];
}

beforeAll(async () => {
  out = mkdtempSync(path.join(tmpdir(), 'atcompat-controls-'));
  site = await serveStatic(path.resolve('test/fixtures/security'));
  registry = await startRegistry();
  await registry.app.listen(0, '127.0.0.1');
  registryUrl = `http://127.0.0.1:${(registry.app.getHttpServer().address() as AddressInfo).port}`;
  await registry
    .http()
    .post('/api/v1/systems')
    .send({ slug: SYSTEM, name: 'Control characters (fixture)', owner: 'Security', department: 'Digital', platform: 'web', lifecycle: 'pre-rollout' })
    .expect(201);
  token = (await registry.http().post('/api/v1/tokens').send({ name: 'controls CI', systems: [SYSTEM] }).expect(201)).body.token;
}, SLOW);

afterAll(async () => {
  await site?.close();
  await registry?.close();
  if (out) rmSync(out, { recursive: true, force: true });
});

describe('control characters in reports', () => {
  it(
    'a page with NUL and other controls in its title and text gives a clean, valid report that the registry stores',
    async () => {
      const run = await cli([
        'scan',
        `${site.url}/control-characters.html`,
        '--json',
        'report.json',
        '--publish',
        '--system',
        SYSTEM,
        '--release',
        '1.0.0',
        '--quiet',
      ]);
      const text = readFileSync(path.join(out, 'report.json'), 'utf8');
      const report = JSON.parse(text);
      const validation = validateReport(report);
      expect(validation.valid ? [] : validation.errors).toEqual([]);
      expect(validation.valid).toBe(true);
      expect(stringsOf(report).filter((s) => UNSAFE.test(s))).toEqual([]);

      const page = report.pages[0];
      expect(page.error).toBeUndefined();
      // Chromium turns some controls in a title into spaces itself; the rest must not get through.
      expect(page.title).toMatch(/^Case.*notes.* end$/);
      const rules = page.findings.map((f: { rule: string }) => f.rule);
      expect(rules).toEqual(expect.arrayContaining(['keyboard/mouse-only-control', 'axe/image-alt']));
      const save = page.findings.find((f: { rule: string }) => f.rule === 'keyboard/mouse-only-control');
      // What was there stays visible (as a control picture), rather than vanishing.
      expect(save.html).toContain('data-note="x\u2400y\u2402"');

      expect(run.stderr).not.toMatch(/not published/);
      expect(run.stdout).toMatch(new RegExp(`^Published: run ${report.run.id} of ${SYSTEM} 1\\.0\\.0`, 'm'));
      const stored = await registry.http().get(`/api/v1/runs/${report.run.id}`);
      expect(stored.status).toBe(200);
      expect(existsSync(path.join(out, '.atcompat', 'unpublished'))).toBe(false);
    },
    SLOW,
  );

  it(
    'a report the registry refuses for good (400) leaves the outbox for the rejected folder, with the reason, and publish exits 2',
    async () => {
      // Left in the outbox by an earlier `scan --publish` that could not reach the registry.
      const outbox = path.join(out, '.atcompat', 'unpublished');
      mkdirSync(outbox, { recursive: true });
      const name = '6f1c2a8e-3b7d-4e95-a0c4-9d2e5f7b1a36.json';
      copyFileSync(SAMPLE, path.join(outbox, name));

      // A system name that is not a slug: the registry answers 400 problem+json naming `system`.
      const run = await cli(['publish', path.join('.atcompat', 'unpublished', name), '--system', 'Control Characters!', '--release', '1.0.0']);

      expect(run.code).toBe(2);
      expect(run.stderr).toContain('(400)');
      expect(run.stderr).toMatch(/- system: system must be the slug of a system/);
      expect(run.stderr).toContain(path.join('.atcompat', 'rejected', name));
      expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?/);

      expect(readdirSync(outbox)).toEqual([]);
      const rejected = path.join(out, '.atcompat', 'rejected');
      expect(JSON.parse(readFileSync(path.join(rejected, name), 'utf8'))).toEqual(JSON.parse(readFileSync(SAMPLE, 'utf8')));
      const reason = readFileSync(path.join(rejected, name.replace(/\.json$/, '.reason.txt')), 'utf8');
      expect(reason).toContain(registryUrl);
      expect(reason).toContain('(400)');
      expect(reason).toMatch(/system: system must be the slug of a system/);
    },
    SLOW,
  );
});
