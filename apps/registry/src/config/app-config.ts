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
  /** The admin bearer token (ATCOMPAT_ADMIN_TOKEN); null: no one can change the registry through the API. */
  readonly adminToken: string | null;
  /** Largest request body POST /api/v1/runs accepts, in bytes (ATCOMPAT_MAX_REPORT_BYTES). */
  readonly maxReportBytes: number;
  /** AT slugs the organisation adds to the default rollout gate (ATCOMPAT_GATE_REQUIRED_ATS). */
  readonly gateRequiredAts: readonly string[];

  private constructor(values: Omit<AppConfig, 'withAdminToken'>) {
    this.port = values.port;
    this.host = values.host;
    this.database = values.database;
    this.migrationsRun = values.migrationsRun;
    this.demo = values.demo;
    this.logRequests = values.logRequests;
    this.adminToken = values.adminToken;
    this.maxReportBytes = values.maxReportBytes;
    this.gateRequiredAts = values.gateRequiredAts;
  }

  /** A copy with another admin token: the demo start generates one when none is configured. */
  withAdminToken(adminToken: string): AppConfig {
    return new AppConfig({ ...this, adminToken: parseAdminToken(adminToken) });
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
      adminToken: parseAdminToken(env.ATCOMPAT_ADMIN_TOKEN),
      maxReportBytes: parseByteCount('ATCOMPAT_MAX_REPORT_BYTES', env.ATCOMPAT_MAX_REPORT_BYTES, DEFAULT_MAX_REPORT_BYTES),
      gateRequiredAts: parseSlugList('ATCOMPAT_GATE_REQUIRED_ATS', env.ATCOMPAT_GATE_REQUIRED_ATS),
    });
  }

  /** A configuration for tests: embedded database in memory unless a server URL is given. */
  static forTest(
    overrides: Partial<Pick<AppConfig, 'database' | 'migrationsRun' | 'demo' | 'adminToken' | 'maxReportBytes' | 'gateRequiredAts'>> = {},
  ): AppConfig {
    return new AppConfig({
      port: 0,
      host: '127.0.0.1',
      database: overrides.database ?? { kind: 'pglite', dataDir: 'memory://' },
      migrationsRun: overrides.migrationsRun ?? true,
      demo: overrides.demo ?? false,
      logRequests: false,
      adminToken: overrides.adminToken === undefined || overrides.adminToken === null ? null : parseAdminToken(overrides.adminToken),
      maxReportBytes: overrides.maxReportBytes ?? DEFAULT_MAX_REPORT_BYTES,
      gateRequiredAts: overrides.gateRequiredAts ?? [],
    });
  }
}

/** 10 MB: a report with a few hundred pages of findings, without screenshots inlined. */
export const DEFAULT_MAX_REPORT_BYTES = 10 * 1024 * 1024;

/** An admin token must be hard to guess: at least this many characters. */
export const MIN_ADMIN_TOKEN_LENGTH = 24;

function parseAdminToken(raw: string | undefined): string | null {
  if (raw === undefined || raw.trim() === '') return null;
  const token = raw.trim();
  if (token.length < MIN_ADMIN_TOKEN_LENGTH) {
    throw new ConfigError(
      'ATCOMPAT_ADMIN_TOKEN',
      `is ${token.length} characters long; it must be at least ${MIN_ADMIN_TOKEN_LENGTH}, so it cannot be guessed. ` +
        'Generate one with: openssl rand -hex 32',
    );
  }
  if (/\s/.test(token)) {
    throw new ConfigError('ATCOMPAT_ADMIN_TOKEN', 'contains spaces; it is sent in an Authorization header, so use letters, digits and punctuation only.');
  }
  return token;
}

function parseByteCount(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = raw.trim();
  const bytes = Number(value);
  if (!/^\d+$/.test(value) || bytes < 1024 || !Number.isSafeInteger(bytes)) {
    throw new ConfigError(name, `"${raw}" is not a size in bytes. Use a whole number of at least 1024, for example ${name}=10485760 (10 MB).`);
  }
  return bytes;
}

function parseSlugList(name: string, raw: string | undefined): string[] {
  if (raw === undefined || raw.trim() === '') return [];
  const slugs = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = slugs.find((s) => !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(s));
  if (bad !== undefined) {
    throw new ConfigError(
      name,
      `"${bad}" is not an assistive technology slug. List slugs separated by commas, for example ${name}=zoomtext,read-and-write.`,
    );
  }
  return [...new Set(slugs)];
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
