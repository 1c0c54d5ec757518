/**
 * Two processes on one embedded data folder: `npm run admin:create` beside a running registry used
 * to say it made the account, and the account was lost (each process had its own PGlite copy of
 * the folder). Both run here as a person runs them: the built scripts in child processes, on the
 * embedded database whatever DATABASE_URL the test run has (the lock is for PGlite only).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { embeddedEnv, REGISTRY_ADMIN_CREATE, runScript, startRegistryProcess, type ProcessRun } from '../support/registry-process.js';

const PASSWORD = 'a long enough password 42';

const envFor = (dataDir: string) => embeddedEnv({ ATCOMPAT_DATA_DIR: dataDir });
const adminCreate = (dataDir: string, email: string) => runScript(REGISTRY_ADMIN_CREATE, ['--email', email], envFor(dataDir), PASSWORD);
const startRegistry = (dataDir: string) => startRegistryProcess([], envFor(dataDir));

/** Signs in through the real sign-in form; true when the registry accepted the account. */
async function canSignIn(url: string, email: string): Promise<boolean> {
  const form = await fetch(`${url}/sign-in`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
  const cookie = form.headers.get('set-cookie')!.split(';')[0]!;
  const answer = await fetch(`${url}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
    body: new URLSearchParams({ _csrf: csrf, email, password: PASSWORD }).toString(),
  });
  return answer.status === 303;
}

describe('two processes on one embedded data folder', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'atcompat-lock-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('admin:create refuses a folder a running registry holds, naming its pid; works once it stops, and the account survives a restart', async () => {
    const dataDir = tempDir();
    const email = 'ada.admin@example.gov.uk';
    const server = await startRegistry(dataDir);
    let refused: ProcessRun;
    try {
      refused = await adminCreate(dataDir, email);
    } finally {
      expect(await server.stop()).toBe(0);
    }
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('ATCOMPAT_DATA_DIR');
    expect(refused.stderr).toContain(`in use by process ${server.pid}`);
    expect(refused.stderr).toContain('main.js');
    expect(refused.stderr).toMatch(/Stop that process first/);
    expect(refused.stdout).not.toContain('made the');
    expect(refused.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?/);

    const made = await adminCreate(dataDir, email);
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    expect(made.stdout).toContain(`made the admin account ${email}`);
    expect(existsSync(path.join(dataDir, 'atcompat.lock'))).toBe(false);

    const restarted = await startRegistry(dataDir);
    try {
      await expect(canSignIn(restarted.url, email)).resolves.toBe(true);
    } finally {
      expect(await restarted.stop()).toBe(0);
    }
  });

  it('takes over a lock left by a process that no longer runs', async () => {
    const dataDir = tempDir();
    // A pid that was real and has ended: a process killed before it could remove its lock.
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(gone.stdout);
    expect(deadPid).toBeGreaterThan(0);
    const lockFile = path.join(dataDir, 'atcompat.lock');
    writeFileSync(lockFile, JSON.stringify({ pid: deadPid, command: 'apps/registry/dist/main.js', startedAt: '2026-01-01T00:00:00.000Z', host: os.hostname() }));

    const made = await adminCreate(dataDir, 'cara.champion@example.gov.uk');
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    expect(made.stdout).toContain('made the admin account cara.champion@example.gov.uk');
    expect(existsSync(lockFile)).toBe(false);

    // And the folder is usable by the next opener, which holds it with its own pid.
    const server = await startRegistry(dataDir);
    try {
      expect(JSON.parse(readFileSync(lockFile, 'utf8')).pid).toBe(server.pid);
      await expect(canSignIn(server.url, 'cara.champion@example.gov.uk')).resolves.toBe(true);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});
