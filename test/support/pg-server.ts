/**
 * A throwaway PostgreSQL server of one's own, on a free loopback port, for tests and benchmarks
 * that must stop and start the server (the shared CI server cannot be restarted under other test
 * files). Uses Debian's binaries in /usr/lib/postgresql/<version>/bin, as .ci/run does; when run as
 * root the server runs as the `postgres` user, since PostgreSQL refuses to run as root.
 */
import { execFile } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ThrowawayPostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  port: number;
  /** Stops the server at once (as a crash would: `-m immediate`), waits, and starts it again. */
  restart(options?: { downMs?: number }): Promise<void>;
  /** Stops the server, leaving its data: for a test that needs it down for a while. */
  stopServer(): Promise<void>;
  startServer(): Promise<void>;
  /** Stops the server and deletes its data. Safe to call twice. */
  stop(): Promise<void>;
}

/** The bin folder of the newest installed PostgreSQL with initdb and pg_ctl, or undefined. */
export function findPostgresBin(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base)
    .filter((v) => existsSync(path.join(base, v, 'bin', 'initdb')) && existsSync(path.join(base, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(base, versions[0]!, 'bin') : undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts a new cluster and waits until it accepts connections. */
export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const bin = findPostgresBin();
  if (!bin) throw new Error('PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/pg_ctl); install the Debian package postgresql.');
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'atcompat-pg-'));
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  chmodSync(dir, 0o700);
  const data = path.join(dir, 'data');
  const port = await freePort();
  const exec = (tool: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args]) : run(path.join(bin, tool), args);
  // fsync and full-page writes guard against the machine losing power, which the throwaway data
  // need not survive; synchronous_commit stays on, so a commit the server acknowledged survives a
  // crash of the server itself (restart() is such a crash).
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c full_page_writes=off`;
  const startServer = async () => {
    await exec('pg_ctl', ['-D', data, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', '-o', options, 'start']);
  };
  const stopServer = async () => {
    await exec('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
  };
  await exec('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync']);
  await startServer();
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    startServer,
    stopServer,
    restart: async ({ downMs = 0 } = {}) => {
      await stopServer();
      if (downMs) await new Promise((resolve) => setTimeout(resolve, downMs));
      await startServer();
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await stopServer().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
