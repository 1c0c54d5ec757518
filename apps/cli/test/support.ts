/** Helpers for the CLI end-to-end tests: run the real built command, as CI would. */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

const BIN = path.resolve('apps/cli/bin/atcompat.js');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node apps/cli/bin/atcompat.js …` (built by `tsc -b`) and collects its output. */
export function atcompat(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, ...options.env };
    // The child must not inherit the parent's debug or colour settings unless a test sets them.
    if (!options.env?.ATCOMPAT_DEBUG) delete env.ATCOMPAT_DEBUG;
    if (!options.env?.NO_COLOR) delete env.NO_COLOR;
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? process.cwd(), env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A loopback port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
