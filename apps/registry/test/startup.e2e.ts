import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { embeddedEnv, REGISTRY_MAIN, REGISTRY_MIGRATE, runScript, startRegistryProcess } from '../../../test/support/registry-process.js';

const MAIN = REGISTRY_MAIN;
const MIGRATE = REGISTRY_MIGRATE;
const baseEnv = () => embeddedEnv();
const run = runScript;
const start = startRegistryProcess;

const noStackTrace = (text: string) => expect(text).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);

describe('starting the registry', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'atcompat-start-'));
    dirs.push(dir);
    return dir;
  };

  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('with --demo loads the catalogue once, serves it, keeps it across restarts and stops cleanly', async () => {
    const dataDir = tempDir();
    const env = { ...baseEnv(), ATCOMPAT_DATA_DIR: dataDir };
    const first = await start(['--demo'], env);
    try {
      expect(first.output()).toContain('Loaded the demo catalogue.');
      // With no ATCOMPAT_ADMIN_TOKEN, the demo makes one for this run and prints it once.
      const demoToken = /admin token for this demo run[^:]*: (\S+)/.exec(first.output())?.[1];
      expect(demoToken).toBeDefined();
      const created = await fetch(`${first.url}/api/v1/tokens`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${demoToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'demo CI', systems: ['casework'] }),
      });
      expect(created.status).toBe(201);
      const refused = await fetch(`${first.url}/api/v1/tokens`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      expect(refused.status).toBe(401);
      const ats = await (await fetch(`${first.url}/api/v1/assistive-technologies?pageSize=100`)).json();
      expect(ats.total).toBe(15);
      expect(ats.items.map((a: { name: string }) => a.name)).toEqual(
        expect.arrayContaining(['Dragon Professional', 'JAWS', 'NVDA', 'ZoomText', 'Read&Write', 'ClaroRead', 'TalkBack']),
      );
      const matrix = await (await fetch(`${first.url}/api/v1/matrix`)).json();
      expect(matrix.systems.map((s: { slug: string }) => s.slug)).toEqual(['casework', 'hr-self-service', 'intranet']);
      const statuses = new Set(matrix.systems.flatMap((s: { cells: { status: string }[] }) => s.cells.map((c) => c.status)));
      expect([...statuses].sort()).toEqual(['does-not-work', 'partial', 'untested', 'works', 'works-with-workaround']);

      const docs = await fetch(`${first.url}/api/docs-json`);
      expect(docs.status).toBe(200);
      const openapi = await docs.json();
      expect(Object.keys(openapi.paths)).toEqual(
        expect.arrayContaining(['/api/v1/assistive-technologies', '/api/v1/systems', '/api/v1/compatibility-records', '/api/v1/matrix']),
      );
      const html = await fetch(`${first.url}/api/docs`);
      expect(html.status).toBe(200);
      expect(await html.text()).toContain('<html');

      // One demo account of each role, with a password made for this run and printed once.
      const password = /demo accounts \(password for this run: (\S+)\)/.exec(first.output())?.[1];
      expect(password).toMatch(/^demo-/);
      for (const email of ['sam.staff@demo.atcompat.test', 'cara.champion@demo.atcompat.test', 'ada.admin@demo.atcompat.test']) {
        expect(first.output()).toContain(email);
      }
      const form = await fetch(`${first.url}/sign-in`);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
      const cookie = form.headers.get('set-cookie')!.split(';')[0]!;
      const signedIn = await fetch(`${first.url}/sign-in`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
        body: new URLSearchParams({ _csrf: csrf, email: 'cara.champion@demo.atcompat.test', password: password! }).toString(),
      });
      expect(signedIn.status).toBe(303);
    } finally {
      expect(await first.stop()).toBe(0);
    }

    const second = await start(['--demo'], env);
    try {
      expect(second.output()).toContain('demo catalogue not loaded again');
      const ats = await (await fetch(`${second.url}/api/v1/assistive-technologies?pageSize=1`)).json();
      expect(ats.total).toBe(15);
    } finally {
      await second.stop();
    }
  });

  it('refuses to start on a malformed DATABASE_URL, naming it', async () => {
    const result = await run(MAIN, [], { ...baseEnv(), DATABASE_URL: 'mysql://root:hunter2@db/atcompat' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('DATABASE_URL');
    expect(result.stderr).toContain('postgres://');
    expect(result.stderr).not.toContain('hunter2');
    noStackTrace(result.stderr);
  });

  it('refuses to start when the database server cannot be reached, without showing the password', async () => {
    const result = await run(MAIN, [], { ...baseEnv(), DATABASE_URL: 'postgres://atcompat:hunter2@127.0.0.1:1/atcompat' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/DATABASE_URL: cannot connect to postgres:\/\/atcompat:\*\*\*@127\.0\.0\.1:1\/atcompat/);
    expect(result.stderr).not.toContain('hunter2');
    noStackTrace(result.stderr);
  });

  it('refuses to start when the data folder cannot be written, naming ATCOMPAT_DATA_DIR', async () => {
    const file = path.join(tempDir(), 'a-file');
    writeFileSync(file, 'not a folder');
    const result = await run(MAIN, [], { ...baseEnv(), ATCOMPAT_DATA_DIR: path.join(file, 'data') });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('ATCOMPAT_DATA_DIR');
    noStackTrace(result.stderr);
  });

  it('refuses a bad PORT and a port already in use, naming PORT', async () => {
    const bad = await run(MAIN, [], { ...baseEnv(), PORT: 'eighty', ATCOMPAT_DATA_DIR: 'memory://' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('PORT: "eighty" is not a port number');

    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const busy = await run(MAIN, [], { ...baseEnv(), PORT: String(port), HOST: '127.0.0.1', ATCOMPAT_DATA_DIR: 'memory://' });
      expect(busy.code).toBe(1);
      expect(busy.stderr).toContain(`PORT: port ${port} is already in use`);
      noStackTrace(busy.stderr);
    } finally {
      blocker.close();
    }
  });

  it('refuses a short ATCOMPAT_ADMIN_TOKEN, naming it without echoing it', async () => {
    const result = await run(MAIN, [], { ...baseEnv(), ATCOMPAT_DATA_DIR: 'memory://', ATCOMPAT_ADMIN_TOKEN: 'hunter2' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('ATCOMPAT_ADMIN_TOKEN');
    expect(result.stderr).toContain('at least 24');
    expect(result.stderr).not.toContain('hunter2');
    noStackTrace(result.stderr);
  });

  it('with ATCOMPAT_ADMIN_TOKEN set, the demo prints no token of its own', async () => {
    const token = 'a-configured-admin-token-of-32-chars';
    const started = await start(['--demo'], { ...baseEnv(), ATCOMPAT_DATA_DIR: 'memory://', ATCOMPAT_ADMIN_TOKEN: token });
    try {
      expect(started.output()).not.toContain('admin token for this demo run');
      const res = await fetch(`${started.url}/api/v1/tokens`, { headers: { Authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
    } finally {
      await started.stop();
    }
  });

  it('exits 2 on an unknown option', async () => {
    const result = await run(MAIN, ['--frobnicate'], baseEnv());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown option --frobnicate');
  });

  it('with migrations turned off, refuses an out-of-date schema until `npm run migrate` has run', async () => {
    const dataDir = tempDir();
    const env = { ...baseEnv(), ATCOMPAT_DATA_DIR: dataDir, ATCOMPAT_MIGRATIONS_RUN: 'false' };
    const refused = await run(MAIN, [], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('ATCOMPAT_MIGRATIONS_RUN');
    expect(refused.stderr).toContain('npm run migrate');

    const migrated = await run(MIGRATE, ['up'], env);
    expect(migrated.code).toBe(0);
    expect(migrated.stdout).toContain('applied InitialSchema');

    const started = await start([], env);
    try {
      const res = await fetch(`${started.url}/api/v1/health`);
      expect(await res.json()).toEqual({ status: 'ok', database: 'ok' });
    } finally {
      await started.stop();
    }
  });
});
