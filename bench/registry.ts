/**
 * The registry section of `npm run bench` (issue 7): p50/p95 latency and requests per second for
 * the full matrix (GET /api/v1/matrix) and for run ingestion (POST /api/v1/runs), autocannon on
 * loopback against the real registry in a child process, on PGlite and on PostgreSQL, next to
 * the floor: the exact SQL statements one such request issues, replayed straight on the driver
 * with the same concurrency for the same time.
 *
 * Per database: migrate with the registry's own code, seed with set-based SQL, capture the SQL of
 * one matrix request and one publish per system (in-process app, TypeORM logger), close, start
 * `node apps/registry/dist/main.js` on that database, load it, stop it, then replay the SQL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { DataSource, Logger, QueryRunner } from 'typeorm';
import { summarise, type AtcompatReport, type AtProfile, type Finding, type Impact, type JourneyResult, type PageResult } from '@atcompat/contracts';
import { findPostgresBin, startThrowawayPostgres, type ThrowawayPostgres } from '../test/support/pg-server.js';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', '..');
const REGISTRY_DIST = path.join(ROOT, 'apps/registry/dist');
const log = (line: string) => process.stderr.write(`${line}\n`);

/** Same as the registry's pool (data-source.ts, poolSize 10) and autocannon's connections. */
const CONNECTIONS = 10;
const ADMIN_TOKEN = `bench-admin-${randomBytes(16).toString('hex')}`;
const FINDINGS_PER_RUN = 50;
/** Placeholder run id in the pre-serialised report bodies, replaced per request. */
const ID_PLACEHOLDER = '00000000-0000-4000-8000-000000000000';

interface Size {
  systems: number;
  /** Every n-th system has a second, newer release. */
  secondReleaseEvery: number;
  evidence: number;
  knownIssues: number;
  /** Systems that publish runs in the ingestion scenario (round-robin), each with its own token. */
  publishers: number;
  seconds: number;
  warmupSeconds: number;
}

const FULL: Size = { systems: 1000, secondReleaseEvery: 10, evidence: 100_000, knownIssues: 3000, publishers: 20, seconds: 20, warmupSeconds: 3 };
const QUICK: Size = { systems: 100, secondReleaseEvery: 10, evidence: 10_000, knownIssues: 300, publishers: 5, seconds: 3, warmupSeconds: 1 };

// ---------------------------------------------------------------------------------------------
// Percentiles (pure)

/** Nearest-rank percentile of `values` (any order), p in (0, 100]; NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

// ---------------------------------------------------------------------------------------------
// The registry's own modules (built JS, loaded at run time: bench does not reference the app project)

interface AppConfigLike {
  database: { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };
}
interface NestAppLike {
  listen(port: number, host: string): Promise<unknown>;
  getHttpServer(): { address(): { port: number } };
  close(): Promise<void>;
}
interface Registry {
  AppConfig: { fromEnv(env: Record<string, string | undefined>): AppConfigLike };
  openDatabase(config: AppConfigLike): Promise<DataSource>;
  createApp(config: AppConfigLike, dataSource: DataSource): Promise<NestAppLike>;
}

async function loadRegistry(): Promise<Registry> {
  const main = path.join(REGISTRY_DIST, 'main.js');
  if (!existsSync(main)) throw new Error(`the registry is not built (${path.relative(ROOT, main)} is missing). Run \`npx tsc -b\` first.`);
  const load = (file: string) => import(pathToFileURL(path.join(REGISTRY_DIST, file)).href);
  // app.js first: it loads reflect-metadata, which the entities' decorators need.
  const app = await load('app.js');
  const [config, data] = await Promise.all([load('config/app-config.js'), load('database/data-source.js')]);
  return { AppConfig: config.AppConfig, openDatabase: data.openDatabase, createApp: app.createApp };
}

/** The environment the registry reads (AppConfig.fromEnv), for one database. */
function registryEnv(db: Db): Record<string, string> {
  return {
    ...(db.kind === 'postgres' ? { DATABASE_URL: db.url } : { ATCOMPAT_DATA_DIR: db.dataDir }),
    HOST: '127.0.0.1',
    PORT: '0',
    ATCOMPAT_ADMIN_TOKEN: ADMIN_TOKEN,
    // The default (600 a minute per address) would answer most of the load with 429.
    ATCOMPAT_API_RATE_LIMIT: '1000000',
    ATCOMPAT_MIGRATIONS_RUN: 'true',
  };
}

// ---------------------------------------------------------------------------------------------
// The data set

const AT_PROFILES_BY_INDEX = [
  ...Array<AtProfile>(3).fill('keyboard'),
  ...Array<AtProfile>(3).fill('speech'),
  ...Array<AtProfile>(6).fill('screen-reader'),
  ...Array<AtProfile>(4).fill('magnifier'),
  ...Array<AtProfile>(4).fill('literacy'),
];

/** Set-based seed statements, run in order on one connection (setseed makes random() repeatable). */
function seedStatements(size: Size): string[] {
  const profiles = `ARRAY[${AT_PROFILES_BY_INDEX.map((p) => `'${p}'`).join(', ')}]`;
  const strength = `CASE kind WHEN 'manual' THEN 4 WHEN 'user-report' THEN 3 WHEN 'vendor' THEN 2 ELSE 1 END`;
  return [
    `SELECT setseed(0.42)`,
    `INSERT INTO assistive_technology (slug, name, vendor, profile, platforms, description)
     SELECT 'bench-at-' || lpad(g::text, 2, '0'), 'Bench AT ' || lpad(g::text, 2, '0'), 'Vendor ' || (1 + g % 7),
       (${profiles})[g], ARRAY['windows', 'macos'], 'An assistive technology made up for the benchmark.'
     FROM generate_series(1, ${AT_PROFILES_BY_INDEX.length}) g`,
    `INSERT INTO at_version (assistive_technology_id, version, released_on, notes)
     SELECT a.id, v || '.0', date '2023-01-01' + (v * 200 + a.n * 5), ''
     FROM (SELECT id, (row_number() OVER (ORDER BY slug))::int AS n FROM assistive_technology) a
     CROSS JOIN generate_series(1, 3) v`,
    `INSERT INTO system (slug, name, owner, department, platform, lifecycle, urls, description)
     SELECT 'system-' || lpad(g::text, 4, '0'), 'System ' || lpad(g::text, 4, '0'), 'Owner ' || (1 + g % 150),
       (ARRAY['Benefits', 'Casework', 'Corporate', 'Digital', 'Estates', 'Finance', 'HR', 'Legal', 'Operations', 'Policy', 'Procurement', 'Security'])[1 + g % 12],
       (ARRAY['web', 'web', 'web', 'desktop', 'citrix'])[1 + g % 5],
       (ARRAY['live', 'live', 'live', 'live', 'pre-rollout', 'planned', 'retiring'])[1 + g % 7],
       ARRAY['https://system-' || g || '.internal.test/'], 'An internal system made up for the benchmark.'
     FROM generate_series(1, ${size.systems}) g`,
    `INSERT INTO system_release (system_id, version, released_on, notes)
     SELECT s.id, '1.0', date '2024-01-01' + s.n % 300, '' FROM (SELECT id, (row_number() OVER (ORDER BY slug))::int AS n FROM system) s
     UNION ALL
     SELECT s.id, '2.0', date '2025-01-01' + s.n % 200, '' FROM (SELECT id, (row_number() OVER (ORDER BY slug))::int AS n FROM system) s
     WHERE s.n % ${size.secondReleaseEvery} = 0`,
    `INSERT INTO compatibility_record (release_id, at_version_id) SELECT sr.id, v.id FROM system_release sr CROSS JOIN at_version v`,
    // Skewed over records (power 1.5): some have many rows, a good share none, as in life.
    `WITH x AS MATERIALIZED (
       SELECT g, random() AS r1, random() AS r2, random() AS r3, random() AS r4 FROM generate_series(1, ${size.evidence}) g
     ), e AS MATERIALIZED (
       SELECT g, r3, r4, floor(power(r1, 1.5) * (SELECT count(*) FROM compatibility_record))::int AS rn,
         CASE WHEN r2 < 0.3 THEN 'manual' WHEN r2 < 0.5 THEN 'user-report' WHEN r2 < 0.65 THEN 'vendor' ELSE 'automated' END AS kind
       FROM x
     )
     INSERT INTO evidence (record_id, kind, result, recorded_by, observed_at, at_build, browser, os, notes)
     SELECT r.id, e.kind,
       CASE WHEN e.kind = 'automated' THEN (ARRAY['partial', 'does-not-work', NULL])[1 + floor(e.r3 * 3)::int]
            WHEN e.r3 < 0.45 THEN 'works' WHEN e.r3 < 0.6 THEN 'works-with-workaround' WHEN e.r3 < 0.85 THEN 'partial' ELSE 'does-not-work' END,
       'tester-' || (e.g % 40), now() - e.r4 * interval '730 days', '2024.' || (e.g % 12), 'Chrome 13' || (e.g % 10), 'Windows 11',
       'Seeded by the benchmark: checked the main journeys.'
     FROM e JOIN (SELECT id, (row_number() OVER (ORDER BY id) - 1)::int AS rn FROM compatibility_record) r ON r.rn = e.rn`,
    `UPDATE compatibility_record r
     SET status = b.result, last_verified_at = b.observed_at, summary = 'Seeded: ' || b.kind || ' evidence says ' || b.result,
       workaround = CASE WHEN b.result = 'works-with-workaround' THEN 'Use the keyboard shortcut in the user guide.' END
     FROM (SELECT DISTINCT ON (record_id) record_id, kind, result, observed_at FROM evidence WHERE result IS NOT NULL
           ORDER BY record_id, ${strength} DESC, observed_at DESC) b
     WHERE r.id = b.record_id`,
    `WITH x AS MATERIALIZED (
       SELECT g, floor(random() * ${size.systems})::int AS sn, floor(random() * ${AT_PROFILES_BY_INDEX.length})::int AS an
       FROM generate_series(1, ${size.knownIssues}) g
     )
     INSERT INTO known_issue (system_id, assistive_technology_id, title, description, workaround, affects, status)
     SELECT s.id, a.id, 'Known issue ' || x.g, 'Focus is lost after saving the form.',
       CASE WHEN x.g % 3 = 0 THEN 'Press F6 to return to the form.' END, 'all releases',
       CASE WHEN x.g % 10 < 7 THEN 'open' ELSE 'resolved' END
     FROM x
     JOIN (SELECT id, (row_number() OVER (ORDER BY slug) - 1)::int AS n FROM system) s ON s.n = x.sn
     JOIN (SELECT id, (row_number() OVER (ORDER BY slug) - 1)::int AS n FROM assistive_technology) a ON a.n = x.an`,
    `ANALYZE`,
  ];
}

const COUNTS_SQL = `SELECT
  (SELECT count(*) FROM system)::int AS systems,
  (SELECT count(*) FROM system_release)::int AS releases,
  (SELECT count(*) FROM assistive_technology)::int AS ats,
  (SELECT count(*) FROM at_version)::int AS "atVersions",
  (SELECT count(*) FROM compatibility_record)::int AS records,
  (SELECT count(DISTINCT record_id) FROM evidence)::int AS "recordsWithEvidence",
  (SELECT count(*) FROM evidence)::int AS evidence,
  (SELECT count(*) FROM known_issue)::int AS "knownIssues",
  (SELECT count(*) FROM run)::int AS runs,
  (SELECT count(*) FROM run_finding)::int AS "runFindings"`;
type Counts = Record<'systems' | 'releases' | 'ats' | 'atVersions' | 'records' | 'recordsWithEvidence' | 'evidence' | 'knownIssues' | 'runs' | 'runFindings', number>;

// ---------------------------------------------------------------------------------------------
// Reports for POST /api/v1/runs

const FINDING_KINDS: { rule: string; impact: Impact; profiles: AtProfile[]; wcag: string[]; html: string; message: string }[] = [
  { rule: 'keyboard/mouse-only-control', impact: 'critical', profiles: ['keyboard', 'speech'], wcag: ['2.1.1'], html: '<div class="save" onclick="save()">Save note</div>', message: '"Save note" responds to click but can never receive keyboard focus.' },
  { rule: 'keyboard/focus-not-visible', impact: 'serious', profiles: ['keyboard', 'magnifier'], wcag: ['2.4.7'], html: '<a href="/cases">Cases</a>', message: 'Focus on "Cases" has no visible indicator.' },
  { rule: 'speech/label-not-in-name', impact: 'serious', profiles: ['speech'], wcag: ['2.5.3'], html: '<button aria-label="Submit form">Send</button>', message: 'The visible label "Send" is not part of the accessible name "Submit form".' },
  { rule: 'axe/color-contrast', impact: 'serious', profiles: ['magnifier', 'literacy'], wcag: ['1.4.3'], html: '<span class="hint">Optional</span>', message: 'Text contrast 3.1:1 is below 4.5:1.' },
  { rule: 'axe/label', impact: 'critical', profiles: ['screen-reader', 'speech'], wcag: ['1.3.1', '4.1.2'], html: '<input name="ref">', message: 'Form field has no label.' },
  { rule: 'axe/region', impact: 'moderate', profiles: ['screen-reader'], wcag: [], html: '<div class="banner">Service notice</div>', message: 'Some page content is not contained by landmarks.' },
  { rule: 'zoom/reflow-horizontal-scroll', impact: 'serious', profiles: ['magnifier'], wcag: ['1.4.10'], html: '<table class="wide">…</table>', message: 'At 320 CSS pixels wide the page scrolls horizontally.' },
  { rule: 'axe/link-name', impact: 'serious', profiles: ['screen-reader', 'literacy'], wcag: ['2.4.4', '4.1.2'], html: '<a href="/help"><img src="help.svg"></a>', message: 'Link has no discernible text.' },
];

/** A valid contract v1 report, the shape `atcompat scan --json` writes: 50 findings on 5 pages, 2 journeys. */
function benchReport(system: string, release: string, n: number): AtcompatReport {
  const pages: PageResult[] = Array.from({ length: 5 }, (_, p) => ({
    url: `https://${system}.internal.test/page/${p + 1}`,
    title: `${system} page ${p + 1}`,
    state: 'initial',
    findings: [] as Finding[],
  }));
  for (let i = 0; i < FINDINGS_PER_RUN; i++) {
    const kind = FINDING_KINDS[i % FINDING_KINDS.length]!;
    pages[i % pages.length]!.findings.push({
      ...kind,
      selector: `main > form:nth-of-type(${1 + (i % 4)}) > .field:nth-child(${i + 1})`,
      fingerprint: `${kind.rule}:${system}:${i}`.padEnd(40, '0').slice(0, 64),
    });
  }
  const journeys: JourneyResult[] = [
    { name: 'record a note', mode: 'keyboard', passed: true, steps: [{ name: 'open case', status: 'passed' }, { name: 'save note', status: 'passed' }] },
    { name: 'record a note by voice', mode: 'speech', passed: false, steps: [{ name: 'open case', status: 'passed' }, { name: 'say "click Send"', status: 'blocked', reason: 'no control is named "Send"' }] },
  ];
  const { summary, profiles } = summarise(pages, journeys);
  const startedAt = new Date(Date.now() - 3_600_000 + n * 1000).toISOString();
  return {
    schemaVersion: 1,
    tool: { name: 'atcompat', version: '0.1.0' },
    run: { id: ID_PLACEHOLDER, startedAt, finishedAt: new Date(Date.parse(startedAt) + 90_000).toISOString(), target: { system, release }, browser: 'chromium 156' },
    pages,
    journeys,
    profiles,
    summary,
  };
}

interface Publisher {
  system: string;
  release: string;
  token: string;
  /** The request body with ID_PLACEHOLDER where the run id goes. */
  body: string;
}

// ---------------------------------------------------------------------------------------------
// Capturing the SQL of one request

interface Statement {
  sql: string;
  params: unknown[];
  /** The query runner (one pool checkout) it went through: the replay checks out the same way. */
  runner: number;
}

class CaptureLogger implements Logger {
  private recording: Statement[] | null = null;
  private readonly runners = new WeakMap<object, number>();
  private next = 0;
  errors: string[] = [];

  start(): void {
    this.recording = [];
  }
  stop(): Statement[] {
    const out = this.recording ?? [];
    this.recording = null;
    return out;
  }
  logQuery(query: string, parameters?: unknown[], queryRunner?: QueryRunner): void {
    if (!this.recording) return;
    const key = (queryRunner ?? {}) as object;
    let runner = this.runners.get(key);
    if (runner === undefined) this.runners.set(key, (runner = this.next++));
    this.recording.push({ sql: query, params: Array.isArray(parameters) ? [...parameters] : [], runner });
  }
  logQueryError(error: string | Error, query: string): void {
    if (this.recording) this.errors.push(`${(error as Error)?.message ?? error} in ${query.slice(0, 80)}`);
  }
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

interface Captured {
  matrix: Statement[];
  /** Per publisher, in publisher order: the statements of one publish, and the run id it used. */
  publish: { statements: Statement[]; runId: string }[];
  publishers: Publisher[];
  matrixBytes: number;
  reportBytes: number;
  matrixShape: string;
  /** JSON.stringify of the parsed matrix response in this process, ms (median of 5). */
  matrixStringifyMs: number;
}

/** The token's last_used_at is written at most once a minute per token, not per request. */
const isTokenTouch = (s: Statement) => /^UPDATE "api_token" SET "last_used_at"/i.test(s.sql.trim());

async function capture(registry: Registry, dataSource: DataSource, config: AppConfigLike, size: Size): Promise<Captured> {
  const logger = new CaptureLogger();
  (dataSource as unknown as { logger: Logger }).logger = logger;
  const app = await registry.createApp(config, dataSource);
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${app.getHttpServer().address().port}`;
  const call = async (method: string, url: string, token: string, body?: string) => {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body,
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${url} answered ${res.status} during the SQL capture: ${text.slice(0, 300)}`);
    return text;
  };
  try {
    const releases: { slug: string; version: string }[] = await dataSource.query(
      `SELECT DISTINCT ON (s.slug) s.slug, sr.version FROM system s JOIN system_release sr ON sr.system_id = s.id
       WHERE s.slug = ANY($1::text[]) ORDER BY s.slug, sr.released_on DESC`,
      [Array.from({ length: size.publishers }, (_, i) => `system-${String(1 + Math.floor((i * size.systems) / size.publishers)).padStart(4, '0')}`)],
    );
    const publishers: Publisher[] = [];
    for (const [i, r] of releases.entries()) {
      const created = JSON.parse(await call('POST', '/api/v1/tokens', ADMIN_TOKEN, JSON.stringify({ name: `bench CI ${r.slug}`, systems: [r.slug] })));
      const body = JSON.stringify({
        system: r.slug,
        release: r.version,
        commit: randomBytes(20).toString('hex'),
        pipelineUrl: `https://ci.example.test/${r.slug}/pipelines/${1000 + i}`,
        report: benchReport(r.slug, r.version, i),
      });
      publishers.push({ system: r.slug, release: r.version, token: created.token as string, body });
    }

    logger.start();
    const matrixText = await call('GET', '/api/v1/matrix', ADMIN_TOKEN);
    const matrix = logger.stop();
    const parsed = JSON.parse(matrixText) as { systems: { cells: unknown[] }[]; assistiveTechnologies: unknown[] };

    const publish: Captured['publish'] = [];
    let touches = 0;
    for (const p of publishers) {
      const runId = randomUUID();
      logger.start();
      await call('POST', '/api/v1/runs', p.token, p.body.replaceAll(ID_PLACEHOLDER, runId));
      const statements = logger.stop();
      touches += statements.filter(isTokenTouch).length;
      publish.push({ statements: statements.filter((s) => !isTokenTouch(s)), runId });
    }
    log(`  captured ${matrix.length} statements for the matrix, ${publish.map((p) => p.statements.length).join('/')} for the publishes (${touches} token last_used_at updates left out)`);
    if (logger.errors.length) throw new Error(`a captured query failed: ${logger.errors[0]}`);
    const stringify = Array.from({ length: 5 }, () => {
      const t0 = performance.now();
      JSON.stringify(parsed);
      return performance.now() - t0;
    });
    return {
      matrixStringifyMs: percentile(stringify, 50),
      matrix,
      publish,
      publishers,
      matrixBytes: Buffer.byteLength(matrixText),
      reportBytes: Buffer.byteLength(publishers[0]!.body),
      matrixShape: `${int(parsed.systems.length)} systems × ${parsed.assistiveTechnologies.length} ATs`,
    };
  } finally {
    await app.close().catch(() => undefined);
  }
}

/** A captured statement list with every occurrence of one run id replaced by another. */
function withRunId(statements: Statement[], from: string, to: string): Statement[] {
  const swap = (v: unknown): unknown =>
    typeof v === 'string' ? v.replaceAll(from, to) : Array.isArray(v) ? v.map(swap) : v;
  return statements.map((s) => ({ ...s, params: s.params.map(swap) }));
}

/** Consecutive statements of one query runner: one pool checkout. */
function segments(statements: Statement[]): Statement[][] {
  const out: Statement[][] = [];
  for (const s of statements) {
    const last = out.at(-1);
    if (last && last[0]!.runner === s.runner) last.push(s);
    else out.push([s]);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Drivers for the floor

interface Floor {
  /** Runs one checkout's statements on one connection; rolls back an open transaction on failure. With `ms`, pushes each statement's time. */
  run(statements: Statement[], ms?: number[]): Promise<void>;
  /** Refuses what is still queued (PGlite: one at a time, so a full queue would take a while), until resumed. */
  dropQueued(drop: boolean): void;
  counts(): Promise<Counts>;
  close(): Promise<void>;
}

async function pgFloor(url: string): Promise<Floor> {
  const pool = new pg.Pool({ connectionString: url, max: CONNECTIONS });
  // pool.end() resolves before the sockets have closed; the DROP DATABASE that follows may then
  // terminate a closing connection, which must not crash the benchmark.
  pool.on('error', () => undefined);
  return {
    async run(statements, ms) {
      const client = await pool.connect();
      try {
        for (const s of statements) {
          const t0 = performance.now();
          await client.query(s.sql, s.params);
          ms?.push(performance.now() - t0);
        }
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    dropQueued: () => undefined,
    counts: async () => (await pool.query(COUNTS_SQL)).rows[0] as Counts,
    close: () => pool.end(),
  };
}

async function pgliteFloor(dataDir: string): Promise<Floor> {
  // The same parsers as the registry's (data-source.ts): dates as strings, counts as numbers.
  const db = await PGlite.create(dataDir, { parsers: { 1082: (v: string) => v, 20: (v: string) => Number(v) } });
  // One backend: like the registry's PGlite pool, a checkout holds it until done; others queue.
  let tail: Promise<void> = Promise.resolve();
  let dropping = false;
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const result = tail.then(() => (dropping ? Promise.reject(new Error('stopped: the window has closed')) : work()));
    tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  };
  const query = (s: Statement) => (s.params.length ? db.query(s.sql, s.params) : db.exec(s.sql));
  return {
    run: (statements, ms) =>
      exclusive(async () => {
        try {
          for (const s of statements) {
            const t0 = performance.now();
            await query(s);
            ms?.push(performance.now() - t0);
          }
        } catch (error) {
          await db.exec('ROLLBACK').catch(() => undefined);
          throw error;
        }
      }),
    dropQueued: (drop) => {
      dropping = drop;
    },
    counts: async () => (await db.query<Counts>(COUNTS_SQL)).rows[0]!,
    close: () => db.close(),
  };
}

// ---------------------------------------------------------------------------------------------
// Load

interface Measured {
  ok: number;
  non2xx: number;
  errors: number;
  /** Length of the measured window. */
  seconds: number;
  /** Warm-up before it (until every connection had an answer, at least the configured time). */
  warmupSeconds: number;
  latencies: number[];
  codes: Record<string, number>;
  firstError?: string;
}

/** A response or failure, as the load generator saw it. */
type Outcome = { latency: number; code: number } | { error: string };

/** Longest warm-up, and longest window: after this it opens (closes) even if too few answers came. */
const MAX_WARMUP_MS = 150_000;
const MAX_WINDOW_MS = 150_000;

/**
 * The measured window of a closed-loop run. It opens once the warm-up time has passed and every
 * connection has had an answer (so the queue is in its steady state, however slow a request), and
 * ends at the last answer before the first one that comes once both `seconds` have passed and
 * every connection has had another. With a one-at-a-time database requests finish in batches of
 * CONNECTIONS, so a fixed window could fall between two, or cut one. Requests/s = the answers in
 * the window ÷ its length (from the answer that opened it to the last one counted).
 */
class MeasureWindow {
  readonly measured: Measured;
  readonly ended: Promise<void>;
  private readonly t0 = performance.now();
  private from: number | undefined;
  private closed = false;
  private completions = 0;
  private inside = 0;
  private last = 0;
  private end!: () => void;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly warmupMs: number,
    private readonly windowMs: number,
  ) {
    this.measured = { ok: 0, non2xx: 0, errors: 0, seconds: 0, warmupSeconds: 0, latencies: [], codes: {} };
    this.ended = new Promise((resolve) => (this.end = resolve));
    this.timers.push(setTimeout(() => this.maybeOpen(), warmupMs), setTimeout(() => this.open(), MAX_WARMUP_MS));
  }

  get isOver(): boolean {
    return this.closed;
  }

  record(outcome: Outcome): void {
    if (this.closed) return;
    const now = performance.now();
    this.completions += 1;
    if (this.from === undefined) {
      this.maybeOpen();
      return;
    }
    // The first answer after the minimum time, once a full round is in, only marks the end: the
    // window ends at the answer before it, so a batch that has just begun is not counted in part.
    if (now - this.from >= this.windowMs && this.inside >= CONNECTIONS) {
      this.close(this.last);
      return;
    }
    this.inside += 1;
    this.last = now;
    const m = this.measured;
    if ('error' in outcome) {
      m.errors += 1;
      m.firstError ??= outcome.error;
    } else {
      m.codes[outcome.code] = (m.codes[outcome.code] ?? 0) + 1;
      if (outcome.code >= 200 && outcome.code < 300) {
        m.ok += 1;
        m.latencies.push(outcome.latency);
      } else {
        m.non2xx += 1;
      }
    }
  }

  private maybeOpen(): void {
    if (this.from === undefined && performance.now() - this.t0 >= this.warmupMs && this.completions >= CONNECTIONS) this.open();
  }

  private open(): void {
    if (this.from !== undefined) return;
    this.from = performance.now();
    this.measured.warmupSeconds = (this.from - this.t0) / 1000;
    for (const timer of this.timers) clearTimeout(timer);
    this.last = this.from;
    this.timers.push(setTimeout(() => this.close(), MAX_WINDOW_MS));
  }

  private close(at = performance.now()): void {
    if (this.closed) return;
    this.closed = true;
    this.measured.seconds = (at - (this.from ?? this.t0)) / 1000;
    for (const timer of this.timers) clearTimeout(timer);
    this.end();
  }
}

interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (req: AutocannonRequest) => AutocannonRequest;
}
interface AutocannonInstance {
  on(event: 'response', listener: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void): void;
  on(event: 'reqError', listener: (error: Error) => void): void;
  stop(): void;
}
type Autocannon = (
  opts: { url: string; connections: number; duration: number; timeout: number; pipelining: number; sampleInt: number; requests: AutocannonRequest[] },
  cb: (error: Error | null) => void,
) => AutocannonInstance;

/** autocannon against the registry, `CONNECTIONS` connections, until the window has passed. */
function autocannon(url: string, size: Size, requests: AutocannonRequest[]): Promise<Measured> {
  const run = require('autocannon') as Autocannon;
  const window = new MeasureWindow(size.warmupSeconds * 1000, size.seconds * 1000);
  return new Promise((resolve, reject) => {
    const instance = run({ url, connections: CONNECTIONS, duration: 3600, timeout: 120, pipelining: 1, sampleInt: 100, requests }, (error) =>
      error ? reject(error) : resolve(window.measured),
    );
    instance.on('response', (_client, code, _bytes, latency) => window.record({ code, latency }));
    instance.on('reqError', (error) => window.record({ error: error.message }));
    void window.ended.then(() => instance.stop());
  });
}

/** `CONNECTIONS` workers doing `once` back to back until the window has passed (then finishing what they started). */
async function closedLoop(size: Size, once: (n: number) => Promise<void>, onEnd?: () => void): Promise<Measured> {
  const window = new MeasureWindow(size.warmupSeconds * 1000, size.seconds * 1000);
  if (onEnd) void window.ended.then(onEnd);
  let n = 0;
  const worker = async () => {
    while (!window.isOver) {
      const t0 = performance.now();
      try {
        await once(n++);
        window.record({ code: 200, latency: performance.now() - t0 });
      } catch (error) {
        window.record({ error: (error as Error).message });
      }
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  return window.measured;
}

/** Median time of `times` requests one after the other, ms. */
async function alone(times: number, once: (n: number) => Promise<void>): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    await once(i);
    ms.push(performance.now() - t0);
  }
  return percentile(ms, 50);
}

// ---------------------------------------------------------------------------------------------
// The registry as a child process

const children = new Set<ChildProcess>();
let exitHook = false;

interface RunningRegistry {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

async function startRegistry(db: Db): Promise<RunningRegistry> {
  if (!exitHook) {
    exitHook = true;
    process.on('exit', () => {
      for (const child of children) child.kill('SIGKILL');
    });
  }
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) if (name === 'DATABASE_URL' || name === 'PORT' || name === 'HOST' || name.startsWith('ATCOMPAT_')) delete env[name];
  const child = spawn(process.execPath, [path.join(REGISTRY_DIST, 'main.js')], {
    cwd: ROOT,
    env: { ...env, ...registryEnv(db), NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => (children.delete(child), resolve(code))));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the registry did not start within 120 s. It said: ${output.trim().slice(-500)}`)), 120_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      const port = /the registry is ready at http:\/\/[^:\s]+:(\d+)/.exec(output)?.[1];
      if (port) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${port}`);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the registry exited (code ${code}) before it was ready. It said: ${output.trim().slice(-500)}`));
    });
  });
  return {
    url,
    pid: child.pid!,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** CPU time (user + system) of a process so far, in clock ticks. */
function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/**
 * Waits until the registry has finished what autocannon left it (requests whose connections were
 * closed at the end of a window are still served): its process idle for a second, and on
 * PostgreSQL no query running in the benchmark's database.
 */
async function drain(server: RunningRegistry | undefined, db: Db): Promise<void> {
  const client = db.kind === 'postgres' ? new pg.Client({ connectionString: db.url }) : undefined;
  client?.on('error', () => undefined);
  await client?.connect();
  try {
    const deadline = Date.now() + 180_000;
    let quiet = 0;
    const ticks = () => (server ? cpuTicks(server.pid) : 0);
    let last = ticks();
    while (quiet < 4 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const now = ticks();
      const active = client
        ? Number((await client.query(`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()`)).rows[0].n)
        : 0;
      quiet = now - last <= 2 && active === 0 ? quiet + 1 : 0;
      last = now;
    }
  } finally {
    await client?.end();
  }
}

// ---------------------------------------------------------------------------------------------
// One database

type Db = { kind: 'pglite'; dataDir: string; label: string } | { kind: 'postgres'; url: string; label: string };

interface Row {
  scenario: string;
  via: 'registry' | 'floor';
  measured: Measured;
  /** Median of a few requests one after the other (3 for the matrix, 7 for ingestion), nothing else running. */
  aloneMs: number;
  /** Registry only: a request that needs no database (a static file), once a second during the load. */
  probeMs?: number[];
}

interface DbResult {
  db: Db;
  version: string;
  seedSeconds: number;
  before: Counts;
  after: Counts;
  captured: Captured;
  rows: Row[];
  /** One matrix request's statements replayed once, alone: ms each; and again after the ingestion runs. */
  matrixStatementMs: number[];
  matrixAfterMs: number[];
  /** One publish replayed once, alone: time by kind of statement, largest first. */
  publishBreakdown: { shape: string; count: number; ms: number }[];
  publishMs: number;
  /** PostgreSQL only: the matrix's record statement alone with the server's default (jit on) and with jit off, ms (best of 2). */
  jit?: { on: number; off: number; default: string };
}

/** A small static file the registry serves without touching the database. */
const PROBE_PATH = '/assets/manifest.json';
const MATRIX = 'GET /api/v1/matrix';
const INGEST = 'POST /api/v1/runs';

/** A statement's kind, for the breakdown: its first words, without parameters or value lists. */
function shapeOf(sql: string): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  const words = flat.replace(/\(\$\d+.*$/, '').split(' ');
  return words.slice(0, /^SELECT/i.test(flat) ? 12 : 4).join(' ').replace(/,$/, '').slice(0, 90);
}

async function benchDatabase(registry: Registry, db: Db, size: Size): Promise<DbResult> {
  log(`registry (${db.label}): migrating and seeding …`);
  const config = registry.AppConfig.fromEnv(registryEnv(db));
  const dataSource = await registry.openDatabase(config);
  let captured: Captured;
  let seedSeconds: number;
  let before: Counts;
  let version: string;
  try {
    const started = performance.now();
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    try {
      for (const sql of seedStatements(size)) await runner.query(sql);
    } finally {
      await runner.release();
    }
    seedSeconds = (performance.now() - started) / 1000;
    [before] = (await dataSource.query(COUNTS_SQL)) as Counts[];
    version = ((await dataSource.query(`SELECT version() AS v`)) as { v: string }[])[0]!.v.split(/ on | \(|,/)[0]!.trim();
    log(`  seeded in ${seedSeconds.toFixed(1)} s: ${before!.systems} systems, ${before!.records} records, ${before!.evidence} evidence rows`);
    log(`registry (${db.label}): capturing the SQL of one matrix request and ${size.publishers} publishes …`);
    captured = await capture(registry, dataSource, config, size);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
  }

  const rows: Row[] = [];
  const measure = async (scenario: string, via: Row['via'], once: (n: number) => Promise<void>, load: () => Promise<Measured>, probeUrl?: string) => {
    const what = `${scenario} via ${via === 'registry' ? 'the registry' : 'the driver (floor)'}`;
    log(`registry (${db.label}): ${what}: a few requests alone, then ${CONNECTIONS} connections for ${size.seconds} s after a warm-up …`);
    const aloneMs = await alone(scenario === MATRIX ? 3 : 7, once);
    // How long the registry's event loop keeps everyone else waiting: a static file, no database.
    let loading = true;
    const probeMs: number[] = [];
    const probe = (async () => {
      while (probeUrl && loading) {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        const t0 = performance.now();
        try {
          const res = await fetch(probeUrl);
          await res.arrayBuffer();
          if (res.ok) probeMs.push(performance.now() - t0);
        } catch {
          // counted by its absence
        }
      }
    })();
    const measured = await load().finally(() => (loading = false));
    await probe;
    rows.push({ scenario, via, measured, aloneMs, ...(probeUrl ? { probeMs } : {}) });
    const bad = measured.non2xx + measured.errors;
    log(
      `  alone ${aloneMs.toFixed(0)} ms; loaded ${(measured.ok / measured.seconds).toFixed(1)} requests/s, p50 ${percentile(measured.latencies, 50).toFixed(0)} ms, ` +
        `p95 ${percentile(measured.latencies, 95).toFixed(0)} ms (warm-up ${measured.warmupSeconds.toFixed(0)} s)${bad ? `, ${bad} FAILED (${JSON.stringify(measured.codes)} ${measured.firstError ?? ''})` : ''}`,
    );
  };

  let next = 0;
  const nextPublisher = () => captured.publishers[next++ % captured.publishers.length]!;

  /** A fresh registry process for one scenario; stopped, and PostgreSQL left to go idle, afterwards. */
  const withRegistry = async (work: (server: RunningRegistry) => Promise<void>) => {
    const server = await startRegistry(db);
    try {
      await work(server);
      // Requests whose connections autocannon closed are still being served: let them finish
      // (PostgreSQL), or end them with the process (PGlite serves one query at a time, so its
      // queue of slow requests would take a whole cycle to empty).
      if (db.kind === 'postgres') await drain(server, db);
    } finally {
      await server.stop();
    }
    if (db.kind === 'postgres') await drain(undefined, db);
  };
  const withFloor = async <T>(work: (floor: Floor, loop: (once: (n: number) => Promise<void>) => Promise<Measured>) => Promise<T>): Promise<T> => {
    const floor = db.kind === 'postgres' ? await pgFloor(db.url) : await pgliteFloor(db.dataDir);
    const loop = async (once: (n: number) => Promise<void>) => {
      try {
        return await closedLoop(size, once, () => floor.dropQueued(true));
      } finally {
        floor.dropQueued(false);
      }
    };
    try {
      return await work(floor, loop);
    } finally {
      await floor.close();
    }
  };

  // The matrix: registry, then the same SQL.
  await withRegistry(async (server) => {
    const get = async () => {
      const res = await fetch(`${server.url}/api/v1/matrix`, { headers: { accept: 'application/json' } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`GET /api/v1/matrix answered ${res.status}`);
    };
    await measure(MATRIX, 'registry', get, () => autocannon(server.url, size, [{ method: 'GET', path: '/api/v1/matrix', headers: { accept: 'application/json' } }]), `${server.url}${PROBE_PATH}`);
  });
  const matrixStatementMs: number[] = [];
  const matrixSegments = segments(captured.matrix);
  await withFloor(async (floor, loop) => {
    const matrixOnce = async () => {
      for (const segment of matrixSegments) await floor.run(segment);
    };
    await measure(MATRIX, 'floor', matrixOnce, () => loop(matrixOnce));
    await floor.run(captured.matrix, matrixStatementMs);
  });

  // Run ingestion: registry, then the same SQL.
  await withRegistry(async (server) => {
    const post = async () => {
      const p = nextPublisher();
      const res = await fetch(`${server.url}/api/v1/runs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${p.token}` },
        body: p.body.replaceAll(ID_PLACEHOLDER, randomUUID()),
      });
      const text = await res.text();
      if (res.status !== 201) throw new Error(`POST /api/v1/runs answered ${res.status}: ${text.slice(0, 300)}`);
    };
    const ingest: AutocannonRequest = {
      method: 'POST',
      path: '/api/v1/runs',
      setupRequest: (req) => {
        const p = nextPublisher();
        return {
          ...req,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${p.token}` },
          body: p.body.replaceAll(ID_PLACEHOLDER, randomUUID()),
        };
      },
    };
    await measure(INGEST, 'registry', post, () => autocannon(server.url, size, [ingest]), `${server.url}${PROBE_PATH}`);
  });
  const breakdown = new Map<string, { count: number; ms: number }>();
  let publishMs = 0;
  const matrixAfterMs: number[] = [];
  const after = await withFloor(async (floor, loop) => {
    const ingestion = captured.publish.map((p) => ({ segments: segments(p.statements), runId: p.runId }));
    const publishOnce = async (n: number) => {
      const { segments: sequence, runId } = ingestion[n % ingestion.length]!;
      const fresh = randomUUID();
      for (const segment of sequence) await floor.run(withRunId(segment, runId, fresh));
    };
    await measure(INGEST, 'floor', publishOnce, () => loop(publishOnce));
    // One publish once more, alone, on one connection, timing each statement.
    const one = captured.publish[0]!;
    const statements = withRunId(one.statements, one.runId, randomUUID());
    const ms: number[] = [];
    await floor.run(statements, ms);
    publishMs = ms.reduce((a, b) => a + b, 0);
    statements.forEach((s, i) => {
      const entry = breakdown.get(shapeOf(s.sql)) ?? { count: 0, ms: 0 };
      entry.count += 1;
      entry.ms += ms[i]!;
      breakdown.set(shapeOf(s.sql), entry);
    });
    // What the runs just published did to the matrix's SQL.
    await floor.run(captured.matrix, matrixAfterMs);
    return floor.counts();
  });
  let jit: DbResult['jit'];
  if (db.kind === 'postgres') {
    const heaviest = captured.matrix[matrixStatementMs.indexOf(Math.max(...matrixStatementMs))]!;
    const client = new pg.Client({ connectionString: db.url });
    client.on('error', () => undefined);
    await client.connect();
    try {
      const best = async () => {
        const ms: number[] = [];
        for (let i = 0; i < 2; i++) {
          const t0 = performance.now();
          await client.query(heaviest.sql, heaviest.params);
          ms.push(performance.now() - t0);
        }
        return Math.min(...ms);
      };
      const setting = (await client.query(`SELECT current_setting('jit') AS jit`)).rows[0].jit as string;
      const on = await best();
      await client.query('SET jit = off');
      jit = { on, off: await best(), default: setting };
    } finally {
      await client.end();
    }
  }

  const publishBreakdown = [...breakdown].map(([shape, v]) => ({ shape, ...v })).sort((a, b) => b.ms - a.ms);
  return { db, version, seedSeconds, before: before!, after, captured, rows, matrixStatementMs, matrixAfterMs, publishBreakdown, publishMs, jit };
}

// ---------------------------------------------------------------------------------------------
// The section

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const int = (n: number) => n.toLocaleString('en-GB');

function table(result: DbResult): string[] {
  const out = [
    '| scenario | via | one request alone, ms | connections | requests/s | p50 ms | p95 ms | requests counted | failed (non-2xx, errors) | registry ÷ floor |',
    '|:--|:--|--:|--:|--:|--:|--:|--:|:--|:--|',
  ];
  for (const row of result.rows) {
    const m = row.measured;
    const rps = m.ok / m.seconds;
    const failed = m.non2xx + m.errors;
    const failedText = failed
      ? `**${failed}** (${Object.entries(m.codes).filter(([c]) => !c.startsWith('2')).map(([c, n]) => `${n}× ${c}`).join(', ') || 'no HTTP error'}; ${m.errors} connection error${m.errors === 1 ? '' : 's'}${m.firstError ? `, e.g. "${m.firstError}"` : ''})`
      : '0';
    let ratio = '';
    if (row.via === 'registry') {
      const floor = result.rows.find((r) => r.scenario === row.scenario && r.via === 'floor');
      if (floor && floor.measured.ok && m.ok) {
        const f = floor.measured;
        ratio = `alone ${fmt(row.aloneMs / floor.aloneMs, 2)}×, p50 ${fmt(percentile(m.latencies, 50) / percentile(f.latencies, 50), 2)}×, requests/s ${fmt(rps / (f.ok / f.seconds), 2)}×`;
      }
    }
    out.push(
      `| ${row.scenario} | ${row.via === 'registry' ? 'registry over HTTP' : 'same SQL on the driver'} | ${fmt(row.aloneMs, 0)} | ${CONNECTIONS} | ${fmt(rps, rps < 10 ? 2 : 1)} | ${fmt(percentile(m.latencies, 50), 0)} | ${fmt(percentile(m.latencies, 95), 0)} | ${int(m.ok)} | ${failedText} | ${ratio} |`,
    );
  }
  return out;
}

export async function registryBench(lines: string[], opts: { quick: boolean; tmp: string }): Promise<void> {
  const size = opts.quick ? QUICK : FULL;
  const registry = await loadRegistry();
  const loadBefore = os.loadavg()[0]!;
  const started = performance.now();
  const results: DbResult[] = [];
  const notes: string[] = [];

  const dataDir = path.join(opts.tmp, 'registry-pglite');
  mkdirSync(dataDir, { recursive: true });
  results.push(await benchDatabase(registry, { kind: 'pglite', dataDir, label: 'PGlite' }, size));

  let cluster: ThrowawayPostgres | undefined;
  const serverUrl = process.env.DATABASE_URL?.trim();
  if (!serverUrl && !findPostgresBin()) {
    notes.push('PostgreSQL was not measured: DATABASE_URL is not set and no PostgreSQL binaries were found in /usr/lib/postgresql/*/bin (install the Debian package postgresql).');
  } else {
    let adminUrl: string;
    if (serverUrl) {
      adminUrl = serverUrl;
    } else {
      log('registry (PostgreSQL): starting a throwaway cluster …');
      cluster = await startThrowawayPostgres();
      adminUrl = cluster.url;
    }
    const name = `atcompat_bench_${randomBytes(6).toString('hex')}`;
    const admin = async (sql: string) => {
      const client = new pg.Client({ connectionString: adminUrl });
      client.on('error', () => undefined);
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    };
    try {
      await admin(`CREATE DATABASE ${name}`);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      try {
        results.push(await benchDatabase(registry, { kind: 'postgres', url: url.toString(), label: 'PostgreSQL' }, size));
      } finally {
        await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
      }
    } finally {
      await cluster?.stop();
    }
  }

  notes.push(
    `The section took ${fmt((performance.now() - started) / 1000, 0)} s. Load average (1 min) ${fmt(loadBefore, 2)} at its start and ${fmt(os.loadavg()[0]!, 2)} at its end on ${os.cpus().length} cores: ` +
      'anything above what the benchmark itself puts on the machine came from other work running at the same time, and makes every figure here slower and noisier.',
  );
  writeSection(lines, results, notes, size, opts.quick, Boolean(serverUrl));
}

function writeSection(lines: string[], results: DbResult[], notes: string[], size: Size, quick: boolean, externalServer: boolean): void {
  const first = results[0]!;
  const c = first.before;
  const rowLabels: [string, keyof Counts][] = [
    ['systems', 'systems'],
    ['system releases', 'releases'],
    ['assistive technologies', 'ats'],
    ['AT versions', 'atVersions'],
    ['compatibility records', 'records'],
    ['records with evidence', 'recordsWithEvidence'],
    ['evidence rows', 'evidence'],
    ['known issues', 'knownIssues'],
    ['runs', 'runs'],
    ['run findings', 'runFindings'],
  ];
  lines.push(
    `## Registry: the matrix and run ingestion, over HTTP and as bare SQL${quick ? ' (--quick: small data set, short runs)' : ''}`,
    '',
    `Data set, seeded with set-based SQL (\`generate_series\`, \`INSERT … SELECT\`; \`seedStatements\` in bench/registry.ts) into a database migrated by the registry's own \`openDatabase\`, the same on both databases: ` +
      `${int(c.systems)} systems with ${int(c.releases)} releases (every ${size.secondReleaseEvery}th system has two), ${c.ats} assistive technologies × 3 versions = ${c.atVersions} AT versions over the five profiles, ` +
      'one compatibility record per release × AT version (status from its best evidence), evidence spread unevenly over the records (manual, user report, vendor, automated; observed over two years), and known issues (70 % open). `ANALYZE` after seeding.',
    '',
    `| rows | ${results.map((r) => `${r.db.label}: seeded | ${r.db.label}: at the end`).join(' | ')} |`,
    `|:--|${results.map(() => '--:|--:|').join('')}`,
    ...rowLabels.map(([label, key]) => `| ${label} | ${results.map((r) => `${int(r.before[key])} | ${int(r.after[key])}`).join(' | ')} |`),
    `| seconds to seed | ${results.map((r) => `${fmt(r.seedSeconds)} | `).join(' | ')} |`,
    '',
    'How it was measured:',
    '',
    `- **Registry**: \`node apps/registry/dist/main.js\` as a child process listening on 127.0.0.1 only, so the load generator does not share its event loop; autocannon ${packageVersion('autocannon')} in the benchmark process, ` +
      `${CONNECTIONS} connections, no pipelining. Each scenario first times a few requests one after the other ("alone": the median of 3 for the matrix, of 7 for ingestion), then runs a warm-up (at least ${size.warmupSeconds} s, and until every connection has had an answer, so a slow request's queue is full) ` +
      `and measures from there for at least ${size.seconds} s and until every connection has had another answer, ending at the last answer before the next one (PGlite serves one query at a time, so slow requests finish in batches of ${CONNECTIONS}, and a fixed window could cut one); ` +
      'requests/s = answers in the window ÷ its length; what is still in flight at its end is not counted. Each registry scenario gets a fresh registry process, stopped afterwards; PostgreSQL is left to go idle before the next scenario. One scenario at a time. ' +
      'Every response is checked: requests/s and latencies count 2xx responses only; anything else, and every connection error or timeout (120 s), is listed under "failed".',
    `- **${MATRIX}**: the whole matrix (${first.captured.matrixShape}; ${fmt(first.captured.matrixBytes / 1024 ** 2, 2)} MB of JSON).`,
    `- **${INGEST}**: a valid contract v1 report (${FINDINGS_PER_RUN} findings on 5 pages, 2 journeys, verdicts for all five profiles; ${fmt(first.captured.reportBytes / 1024)} KB) with a fresh \`report.run.id\` per request, ` +
      `for the current release of ${size.publishers} systems in turn, each with its own system-scoped API token, as CI publishes. Each run stores ${FINDINGS_PER_RUN} finding rows and adds automated evidence to every record of that release (60).`,
    `- **Floor, the same SQL directly**: the exact statements and parameters of one request, captured in-process through a TypeORM logger on the same database (${first.captured.matrix.length} statements for the matrix; ` +
      `${first.captured.publish[0]!.statements.length} for one publish, most between \`START TRANSACTION\` and \`COMMIT\`), replayed straight on the driver — a \`pg.Pool\` of ${CONNECTIONS} like the registry's, or the PGlite instance lent to one request at a time like the registry's own PGlite pool — ` +
      `with the same connections, warm-up and window; one request = the whole sequence, each pool checkout of the registry one checkout. Ingestion replays the sequence captured for the same system, with the run id replaced by a fresh one (in the run row, its findings, the evidence and the audit event). ` +
      "Left out: the token's `last_used_at` update, which the registry writes at most once a minute per token. The floor still has the driver parse every row, but does no HTTP, validation, TypeORM or JSON work.",
    '- p50 and p95 are nearest-rank over every counted response (autocannon\'s own histogram has no p95). "registry ÷ floor" compares the two rows of a scenario.',
    '- Order per database: registry matrix, floor matrix, registry ingestion, floor ingestion. Ingestion adds rows (see "at the end"), so the floor\'s ingestion meets a somewhat larger database than the registry\'s.',
    `- Versions: ${['@nestjs/core', 'express', 'typeorm', 'pg', '@electric-sql/pglite', 'autocannon'].map((n) => `${n} ${packageVersion(n)}`).join(', ')}.`,
    '',
  );
  for (const result of results) {
    const where =
      result.db.kind === 'postgres'
        ? externalServer
          ? 'the server in DATABASE_URL; a fresh database, dropped afterwards'
          : 'a throwaway local cluster started by test/support/pg-server.ts: default settings but `fsync` and `full_page_writes` off (the data is thrown away), so writes cost less than on a durable server'
        : 'embedded (WebAssembly) in the registry process; data in a temp folder';
    const sql = result.matrixStatementMs;
    const heaviest = Math.max(...sql);
    const top = result.publishBreakdown.slice(0, 4);
    const byVia = (scenario: string, via: Row['via']) => result.rows.find((r) => r.scenario === scenario && r.via === via)!;
    const matrixAlone = byVia(MATRIX, 'registry').aloneMs;
    const ingest = byVia(INGEST, 'registry');
    const ingestFloor = byVia(INGEST, 'floor');
    const probes = result.rows.filter((r) => r.probeMs?.length);
    const slowestProbe = probes.length ? Math.max(...probes.flatMap((r) => r.probeMs!)) : Number.NaN;
    const statements = result.publishBreakdown.reduce((n, b) => n + b.count, 0);
    lines.push(
      `### ${result.db.label} (${result.version}; ${where})`,
      '',
      ...table(result),
      '',
      `- The matrix's ${sql.length} statements once, alone: ${sql.map((ms) => fmt(ms)).join(' + ')} ms (systems; ATs; the chosen record per cell, \`CELL_RECORDS_SQL\` in matrix.service.ts; open known issues). ` +
        `JSON.stringify of the ${fmt(result.captured.matrixBytes / 1024 ** 2, 1)} MB response takes ${fmt(result.captured.matrixStringifyMs)} ms (measured in the benchmark process).` +
        ` After the ingestion runs: ${result.matrixAfterMs.map((ms) => fmt(ms)).join(' + ')} ms.` +
        (result.jit ? ` The chosen-record statement alone, best of 2: ${fmt(result.jit.on, 0)} ms with the server's \`jit = ${result.jit.default}\`, ${fmt(result.jit.off, 0)} ms with \`jit = off\`.` : ''),
      `- A request that needs no database (\`GET ${PROBE_PATH}\`, once a second, on its own connection) while the registry was under load: ` +
        result.rows
          .filter((r) => r.probeMs)
          .map((r) => `${r.scenario}: p50 ${fmt(percentile(r.probeMs!, 50), 0)} ms, slowest ${fmt(Math.max(...r.probeMs!), 0)} ms (${r.probeMs!.length} answered)`)
          .join('; ') +
        '.',
      `- One publish once, alone, statement by statement: ${statements} statements, ${fmt(result.publishMs, 0)} ms; the largest shares: ` +
        top.map((b) => `${b.count} × \`${b.shape}…\` ${fmt(b.ms, 0)} ms`).join('; ') + '.',
      `- Where the time goes: the matrix is mostly one SQL statement — the chosen record per cell, which ranks every one of the ${int(result.before.records)} records (its best evidence from a sort of all evidence rows, its release and AT version against the newest) and sorts them all for DISTINCT ON: ` +
        `${fmt(heaviest, 0)} ms of the ${fmt(sql.reduce((a, b) => a + b, 0), 0)} ms the ${sql.length} statements took together (above); JSON.stringify of the answer took ${fmt(result.captured.matrixStringifyMs, 0)} ms. ` +
        `Alone, the registry answered in ${fmt(matrixAlone, 0)} ms against ${fmt(byVia(MATRIX, 'floor').aloneMs, 0)} ms for its SQL on the driver. ` +
        `A publish is ${statements} statements, one round trip each (per record of the release: lock it, read its best evidence through the view, insert the evidence, update it), and the registry adds TypeORM's entity work, the DTO and report validation and the response to them: ` +
        `${fmt(ingest.aloneMs, 0)} ms alone against ${fmt(ingestFloor.aloneMs, 0)} ms for the SQL.` +
        (result.db.kind === 'pglite'
          ? ` PGlite runs on the registry's own thread, so while a query runs nothing else is answered — not even a static file (slowest ${fmt(slowestProbe / 1000, 1)} s above).`
          : ''),
      '',
    );
  }
  lines.push(...notes.map((n) => `- ${n}`), ...(notes.length ? [''] : []));
  lines.push(
    'Commands:',
    '',
    '    npx tsc -b                                 # the registry must be built: the section runs apps/registry/dist',
    `    npm run bench -- --only registry${quick ? ' --quick' : ''}         # = tsc -b && tsc -b bench && node bench/dist/bench/run.js --only registry`,
    '    # each registry under load, started by the benchmark:',
    '    HOST=127.0.0.1 PORT=0 ATCOMPAT_ADMIN_TOKEN=<random> ATCOMPAT_API_RATE_LIMIT=1000000 NODE_ENV=production \\',
    '      ATCOMPAT_DATA_DIR=<temp dir>  (or DATABASE_URL=postgres://127.0.0.1:<port>/atcompat_bench_<random>)  node apps/registry/dist/main.js',
    `    # load, in-process (bench/registry.ts): autocannon({ url, connections: ${CONNECTIONS}, pipelining: 1, timeout: 120, requests }), stopped after warm-up + ${size.seconds} s`,
    '',
  );
}
