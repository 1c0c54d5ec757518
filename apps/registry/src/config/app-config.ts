import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** A setting that stops the service at start, with a message naming it. */
export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`${setting}: ${message}`);
    this.name = 'ConfigError';
  }
}

export type DatabaseConfig =
  | { kind: 'postgres'; url: string; redactedUrl: string }
  | { kind: 'pglite'; dataDir: string };

/**
 * The registry's configuration, read once from the environment at start and validated.
 * Only this file reads `process.env` (see conventions.md).
 */
export class AppConfig {
  readonly port: number;
  readonly host: string;
  readonly database: DatabaseConfig;
  /** Apply pending migrations on start; servers that run `npm run migrate` as a deploy step turn it off. */
  readonly migrationsRun: boolean;
  /** Load the demo catalogue into an empty embedded database (the `npm start` path only). */
  readonly demo: boolean;
  readonly logRequests: boolean;

  private constructor(values: Omit<AppConfig, never>) {
    this.port = values.port;
    this.host = values.host;
    this.database = values.database;
    this.migrationsRun = values.migrationsRun;
    this.demo = values.demo;
    this.logRequests = values.logRequests;
  }

  /** Validates `env`; throws ConfigError naming the first bad setting. */
  static fromEnv(env: NodeJS.ProcessEnv = process.env, options: { demo?: boolean } = {}): AppConfig {
    return new AppConfig({
      port: parsePort(env.PORT),
      host: env.HOST?.trim() || '0.0.0.0',
      database: parseDatabase(env.DATABASE_URL, env.ATCOMPAT_DATA_DIR),
      migrationsRun: parseBoolean('ATCOMPAT_MIGRATIONS_RUN', env.ATCOMPAT_MIGRATIONS_RUN, true),
      demo: options.demo ?? parseBoolean('ATCOMPAT_DEMO', env.ATCOMPAT_DEMO, false),
      logRequests: parseBoolean('ATCOMPAT_LOG_REQUESTS', env.ATCOMPAT_LOG_REQUESTS, false),
    });
  }

  /** A configuration for tests: embedded database in memory unless a server URL is given. */
  static forTest(overrides: Partial<Pick<AppConfig, 'database' | 'migrationsRun' | 'demo'>> = {}): AppConfig {
    return new AppConfig({
      port: 0,
      host: '127.0.0.1',
      database: overrides.database ?? { kind: 'pglite', dataDir: 'memory://' },
      migrationsRun: overrides.migrationsRun ?? true,
      demo: overrides.demo ?? false,
      logRequests: false,
    });
  }
}

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return 3000;
  const port = Number(raw.trim());
  if (!/^\d+$/.test(raw.trim()) || port > 65535) {
    throw new ConfigError(
      'PORT',
      `"${raw}" is not a port number. Use a whole number from 1 to 65535, for example PORT=3000 (0 picks any free port).`,
    );
  }
  return port;
}

function parseBoolean(name: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off'].includes(value)) return false;
  throw new ConfigError(name, `"${raw}" is not true or false. Use ${name}=true or ${name}=false.`);
}

/**
 * postgres://user:secret@host/db → postgres://user:***@host/db, for messages and logs.
 * `pg` also takes the password from the query string (?password=secret), so that is hidden too.
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    if (parsed.searchParams.has('password')) parsed.searchParams.set('password', '***');
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

function parseDatabase(url: string | undefined, dataDir: string | undefined): DatabaseConfig {
  if (url !== undefined && url.trim() !== '') {
    let parsed: URL;
    try {
      parsed = new URL(url.trim());
    } catch {
      throw new ConfigError(
        'DATABASE_URL',
        'is not a valid URL. Expected the form postgres://user:password@host:5432/database, or leave it unset to use the embedded database.',
      );
    }
    if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
      throw new ConfigError(
        'DATABASE_URL',
        `uses "${parsed.protocol.replace(/:$/, '')}", but only postgres:// and postgresql:// are supported.`,
      );
    }
    if (!parsed.hostname && !parsed.searchParams.get('host')) {
      throw new ConfigError('DATABASE_URL', 'has no host name. Expected postgres://user:password@host:5432/database.');
    }
    if (parsed.pathname.replace(/^\//, '') === '') {
      throw new ConfigError('DATABASE_URL', 'names no database. Add one after the host, for example postgres://localhost:5432/atcompat.');
    }
    return { kind: 'postgres', url: url.trim(), redactedUrl: redactUrl(url.trim()) };
  }
  const dir = dataDir?.trim() || './.atcompat/data';
  if (dir.startsWith('memory://')) return { kind: 'pglite', dataDir: dir };
  return { kind: 'pglite', dataDir: ensureWritableDir(path.resolve(dir)) };
}

function ensureWritableDir(dir: string): string {
  try {
    mkdirSync(dir, { recursive: true });
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    accessSync(dir, constants.W_OK | constants.R_OK);
    return dir;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'ENOTDIR' || code === 'EEXIST'
          ? 'a file is in the way (part of the path is not a folder)'
          : code === 'EROFS'
            ? 'the file system is read-only'
            : ((error as Error).message ?? String(error));
    throw new ConfigError(
      'ATCOMPAT_DATA_DIR',
      `cannot use ${dir} for the embedded database: ${reason}. Point ATCOMPAT_DATA_DIR at a folder the service can write to.`,
    );
  }
}
