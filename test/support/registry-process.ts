import { spawn } from 'node:child_process';
import path from 'node:path';

/**
 * The registry as a person starts it: the built scripts in child processes. `npm test` builds
 * first, so dist/ is current.
 */
export const REGISTRY_MAIN = path.resolve('apps/registry/dist/main.js');
export const REGISTRY_MIGRATE = path.resolve('apps/registry/dist/cli/migrate.js');
export const REGISTRY_ADMIN_CREATE = path.resolve('apps/registry/dist/cli/admin-create.js');

/** What a finished child process said and how it ended. */
export interface ProcessRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A running registry child process. */
export interface RegistryProcess {
  url: string;
  pid: number;
  output(): string;
  /** SIGTERM, then its exit code. */
  stop(): Promise<number | null>;
}

/**
 * This process's environment for a child on the embedded database: DATABASE_URL and PORT of the
 * test run are removed, so the child never touches CI's PostgreSQL.
 */
export function embeddedEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.DATABASE_URL;
  delete env.PORT;
  return { ...env, ...extra };
}

/** Runs one of the built scripts to its end, optionally writing `stdin` to it. */
export function runScript(script: string, args: string[], env: NodeJS.ProcessEnv, stdin?: string): Promise<ProcessRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], { env, stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
    if (stdin !== undefined) child.stdin!.end(stdin);
  });
}

/** Starts the built registry on a free port of 127.0.0.1 and waits for its ready line. */
export function startRegistryProcess(args: string[], env: NodeJS.ProcessEnv): Promise<RegistryProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [REGISTRY_MAIN, ...args], { env: { ...env, PORT: '0', HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    const onData = (d: Buffer) => {
      output += d;
      const match = /ready at (http:\/\/localhost:\d+)/.exec(output);
      if (match) {
        resolve({
          url: match[1]!.replace('localhost', '127.0.0.1'),
          pid: child.pid!,
          output: () => output,
          stop: () => {
            child.kill('SIGTERM');
            return exited;
          },
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => reject(new Error(`registry exited with ${code} before it was ready:\n${output}`)));
  });
}
