import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';

/** The lock file's name inside the data folder (beside PGlite's own files, as postmaster.pid is). */
export const LOCK_FILE = 'atcompat.lock';

/** Who holds a data folder: what the lock file says. */
export interface LockHolder {
  pid: number;
  command: string;
  startedAt: string;
  host: string;
}

/** Another live process has the data folder open. */
export class DataFolderLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `the embedded database in ${dataDir} is in use by process ${holder.pid} (${holder.command}, ` +
        `started ${holder.startedAt}${holder.host !== hostname() ? ` on ${holder.host}` : ''}). ` +
        'Two processes writing one embedded database lose each other\'s changes, so only one may open it. ' +
        'Stop that process first, or, while the registry runs, make the change through the registry (its web pages or API) instead.',
    );
    this.name = 'DataFolderLockedError';
  }
}

/** A held lock; `release` is idempotent. */
export interface DataFolderLock {
  readonly file: string;
  release(): void;
}

const held = new Map<string, DataFolderLock>();

/**
 * Takes the data folder for this process alone. PGlite is one Postgres backend inside this
 * process and has no lock of its own: a second process opening the same folder (admin:create
 * beside a running server) works on its own copy and one of them overwrites the other's writes.
 * A lock left by a process that no longer runs (killed with SIGKILL, a power cut) is taken over.
 */
export function lockDataFolder(dataDir: string, command = describeCommand()): DataFolderLock {
  const file = path.join(dataDir, LOCK_FILE);
  if (held.has(file)) throw new DataFolderLockedError(dataDir, readHolder(file) ?? thisProcess(command));
  const me = thisProcess(command);
  for (let attempt = 0; ; attempt += 1) {
    let fd: number;
    try {
      fd = openSync(file, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
      const holder = readHolder(file);
      if (holder && (holder.host !== me.host || isAlive(holder.pid))) throw new DataFolderLockedError(dataDir, holder);
      // An empty lock may be another opener between creating and writing it: only an old one is
      // left over from a crash.
      if (!holder && justMade(file)) throw new DataFolderLockedError(dataDir, { pid: 0, command: 'another atcompat command starting up', startedAt: 'just now', host: me.host });
      // Stale (its process is gone) or unreadable and old (a crash between create and write): take it over.
      try {
        unlinkSync(file);
      } catch (unlinkError) {
        if ((unlinkError as NodeJS.ErrnoException).code !== 'ENOENT') throw unlinkError;
      }
      continue;
    }
    try {
      writeSync(fd, `${JSON.stringify(me)}\n`);
    } finally {
      closeSync(fd);
    }
    break;
  }
  const lock: DataFolderLock = {
    file,
    release: () => {
      if (held.get(file) !== lock) return;
      held.delete(file);
      process.off('exit', onExit);
      for (const signal of SIGNALS) process.off(signal, onSignal);
      try {
        const holder = readHolder(file);
        if (!holder || holder.pid === process.pid) unlinkSync(file);
      } catch {
        // Already gone: nothing to release.
      }
    },
  };
  const onExit = () => lock.release();
  // The registry closes itself on SIGINT/SIGTERM (and its close releases the lock); a command
  // without its own handler would die with the signal before 'exit' runs, so release and re-raise.
  const onSignal = (signal: NodeJS.Signals) => {
    if (process.listenerCount(signal) > 1) return;
    lock.release();
    process.kill(process.pid, signal);
  };
  held.set(file, lock);
  process.once('exit', onExit);
  for (const signal of SIGNALS) process.on(signal, onSignal);
  return lock;
}

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

function thisProcess(command: string): LockHolder {
  return { pid: process.pid, command, startedAt: new Date(Date.now() - process.uptime() * 1000).toISOString(), host: hostname() };
}

/** What a person would recognise in `ps`: the script and its arguments, without node's path. */
function describeCommand(): string {
  const [, script, ...args] = process.argv;
  return [script ? path.relative(process.cwd(), script) || script : 'node', ...args].join(' ');
}

function readHolder(file: string): LockHolder | null {
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockHolder>;
    if (typeof data.pid !== 'number' || !Number.isInteger(data.pid) || data.pid <= 0) return null;
    return { pid: data.pid, command: String(data.command ?? 'unknown'), startedAt: String(data.startedAt ?? 'unknown'), host: String(data.host ?? hostname()) };
  } catch {
    return null;
  }
}

function justMade(file: string): boolean {
  try {
    return Date.now() - statSync(file).mtimeMs < 5_000;
  } catch {
    return false;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
