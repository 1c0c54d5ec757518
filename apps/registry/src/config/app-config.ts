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
  /** The address people reach the registry at (ATCOMPAT_PUBLIC_URL); null: taken from each request. */
  readonly publicUrl: string | null;
  /** Sign-in sessions: signed out after this many idle minutes and after this many hours in all. */
  readonly sessionIdleMinutes: number;
  readonly sessionMaxHours: number;
  /** Rate limits per client address: sign-in attempts a 15 minutes, API requests a minute. */
  readonly signInRateLimit: number;
  readonly apiRateLimit: number;
  /** OpenID Connect single sign-on; null when not configured (local passwords only). */
  readonly oidc: OidcConfig | null;
  /** Where status emails go out (ATCOMPAT_SMTP_URL); null: notifications in the registry only. */
  readonly smtpUrl: string | null;
  readonly mailFrom: string;
  /** Closed workplace-adjustment requests are deleted this many days after they closed. */
  readonly adjustmentRetentionDays: number;

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
    this.publicUrl = values.publicUrl;
    this.sessionIdleMinutes = values.sessionIdleMinutes;
    this.sessionMaxHours = values.sessionMaxHours;
    this.signInRateLimit = values.signInRateLimit;
    this.apiRateLimit = values.apiRateLimit;
    this.oidc = values.oidc;
    this.smtpUrl = values.smtpUrl;
    this.mailFrom = values.mailFrom;
    this.adjustmentRetentionDays = values.adjustmentRetentionDays;
  }

  /** A copy with another admin token: the demo start generates one when none is configured. */
  withAdminToken(adminToken: string): AppConfig {
    return new AppConfig({ ...this, adminToken: parseAdminToken(adminToken) });
  }

  /** Validates `env`; throws ConfigError naming the first bad setting. */
  static fromEnv(env: NodeJS.ProcessEnv = process.env, options: { demo?: boolean } = {}): AppConfig {
    const publicUrl = parsePublicUrl(env.ATCOMPAT_PUBLIC_URL);
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
      publicUrl,
      sessionIdleMinutes: parseWholeNumber('ATCOMPAT_SESSION_IDLE_MINUTES', env.ATCOMPAT_SESSION_IDLE_MINUTES, 60, 1, 24 * 60),
      sessionMaxHours: parseWholeNumber('ATCOMPAT_SESSION_MAX_HOURS', env.ATCOMPAT_SESSION_MAX_HOURS, 12, 1, 24 * 30),
      signInRateLimit: parseWholeNumber('ATCOMPAT_SIGN_IN_RATE_LIMIT', env.ATCOMPAT_SIGN_IN_RATE_LIMIT, 50, 1, 100_000),
      apiRateLimit: parseWholeNumber('ATCOMPAT_API_RATE_LIMIT', env.ATCOMPAT_API_RATE_LIMIT, 600, 1, 1_000_000),
      oidc: parseOidc(env, publicUrl),
      smtpUrl: parseSmtpUrl(env.ATCOMPAT_SMTP_URL),
      mailFrom: parseMailFrom(env.ATCOMPAT_MAIL_FROM),
      adjustmentRetentionDays: parseWholeNumber(
        'ATCOMPAT_ADJUSTMENT_RETENTION_DAYS',
        env.ATCOMPAT_ADJUSTMENT_RETENTION_DAYS,
        DEFAULT_ADJUSTMENT_RETENTION_DAYS,
        1,
        365 * 20,
      ),
    });
  }

  /** A configuration for tests: embedded database in memory unless a server URL is given. */
  static forTest(
    overrides: Partial<
      Pick<
        AppConfig,
        | 'database'
        | 'migrationsRun'
        | 'demo'
        | 'adminToken'
        | 'maxReportBytes'
        | 'gateRequiredAts'
        | 'publicUrl'
        | 'sessionIdleMinutes'
        | 'sessionMaxHours'
        | 'signInRateLimit'
        | 'apiRateLimit'
        | 'oidc'
        | 'smtpUrl'
        | 'adjustmentRetentionDays'
      >
    > = {},
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
      publicUrl: overrides.publicUrl ?? null,
      sessionIdleMinutes: overrides.sessionIdleMinutes ?? 60,
      sessionMaxHours: overrides.sessionMaxHours ?? 12,
      // Test files sign in and call the API far more often than a person; limits are tested on their own.
      signInRateLimit: overrides.signInRateLimit ?? 10_000,
      apiRateLimit: overrides.apiRateLimit ?? 1_000_000,
      oidc: overrides.oidc ?? null,
      smtpUrl: overrides.smtpUrl ?? null,
      mailFrom: 'atcompat <no-reply@atcompat.test>',
      adjustmentRetentionDays: overrides.adjustmentRetentionDays ?? DEFAULT_ADJUSTMENT_RETENTION_DAYS,
    });
  }
}

/** OpenID Connect settings: all three variables, or none. */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Where the provider sends people back: <ATCOMPAT_PUBLIC_URL>/sign-in/oidc/callback. */
  redirectUri: string;
  /** The ID-token claim holding the person's department (ATCOMPAT_OIDC_DEPARTMENT_CLAIM, default `department`). */
  departmentClaim: string;
}

export const DEFAULT_ADJUSTMENT_RETENTION_DAYS = 365;

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

function parseWholeNumber(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = raw.trim();
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) {
    throw new ConfigError(name, `"${raw}" is not a whole number from ${min} to ${max}. For example ${name}=${fallback}.`);
  }
  return n;
}

function isLocalHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
}

function parsePublicUrl(raw: string | undefined): string | null {
  if (raw === undefined || raw.trim() === '') return null;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ConfigError('ATCOMPAT_PUBLIC_URL', `"${raw}" is not a web address. Use the address people type, for example https://atcompat.example.gov.uk.`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLocalHost(url.hostname))) {
    throw new ConfigError('ATCOMPAT_PUBLIC_URL', 'must start with https:// (http:// only for localhost), so sign-in cookies are only ever sent encrypted.');
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new ConfigError('ATCOMPAT_PUBLIC_URL', 'must be just the address, with no query, fragment or password, for example https://atcompat.example.gov.uk.');
  }
  return url.toString().replace(/\/+$/, '');
}

function parseOidc(env: NodeJS.ProcessEnv, publicUrl: string | null): OidcConfig | null {
  const names = ['ATCOMPAT_OIDC_ISSUER', 'ATCOMPAT_OIDC_CLIENT_ID', 'ATCOMPAT_OIDC_CLIENT_SECRET'] as const;
  const values = names.map((n) => env[n]?.trim() ?? '');
  if (values.every((v) => v === '')) return null;
  const missing = names.find((_, i) => values[i] === '');
  if (missing) {
    throw new ConfigError(missing, `is not set, but other ATCOMPAT_OIDC_* settings are. Single sign-on needs all of ${names.join(', ')}, or none of them.`);
  }
  const [issuer, clientId, clientSecret] = values as [string, string, string];
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw new ConfigError('ATCOMPAT_OIDC_ISSUER', `"${issuer}" is not a web address. Use the issuer URL your identity provider gives, for example https://login.microsoftonline.com/<tenant>/v2.0.`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLocalHost(url.hostname))) {
    throw new ConfigError('ATCOMPAT_OIDC_ISSUER', 'must start with https:// (http:// only for a provider on localhost).');
  }
  if (!publicUrl) {
    throw new ConfigError(
      'ATCOMPAT_PUBLIC_URL',
      'is needed for single sign-on: the identity provider sends people back to <ATCOMPAT_PUBLIC_URL>/sign-in/oidc/callback. Set it to the address people use, for example https://atcompat.example.gov.uk.',
    );
  }
  return {
    issuer,
    clientId,
    clientSecret,
    redirectUri: `${publicUrl}/sign-in/oidc/callback`,
    departmentClaim: parseClaimName(env.ATCOMPAT_OIDC_DEPARTMENT_CLAIM),
  };
}

function parseClaimName(raw: string | undefined): string {
  if (raw === undefined || raw.trim() === '') return 'department';
  const claim = raw.trim();
  if (!/^[A-Za-z0-9_:./-]{1,100}$/.test(claim)) {
    throw new ConfigError(
      'ATCOMPAT_OIDC_DEPARTMENT_CLAIM',
      `"${raw}" is not a claim name. Use the name of the ID-token claim that holds the department, for example ATCOMPAT_OIDC_DEPARTMENT_CLAIM=department.`,
    );
  }
  return claim;
}

function parseSmtpUrl(raw: string | undefined): string | null {
  if (raw === undefined || raw.trim() === '') return null;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ConfigError('ATCOMPAT_SMTP_URL', 'is not a valid URL. Use smtp://user:password@mail.example.gov.uk:587 or smtps://…:465, or leave it unset.');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new ConfigError('ATCOMPAT_SMTP_URL', `uses "${url.protocol.replace(/:$/, '')}", but only smtp:// and smtps:// are supported.`);
  }
  if (!url.hostname) throw new ConfigError('ATCOMPAT_SMTP_URL', 'has no host name. Expected smtp://mail.example.gov.uk:587.');
  return raw.trim();
}

function parseMailFrom(raw: string | undefined): string {
  if (raw === undefined || raw.trim() === '') return 'atcompat <no-reply@localhost>';
  const value = raw.trim();
  if (!/^[^<>@\s]+@[^<>@\s]+$|^[^<>]*<[^<>@\s]+@[^<>@\s]+>$/.test(value)) {
    throw new ConfigError('ATCOMPAT_MAIL_FROM', `"${raw}" is not an email address. For example ATCOMPAT_MAIL_FROM="atcompat <atcompat@example.gov.uk>".`);
  }
  return value;
}
