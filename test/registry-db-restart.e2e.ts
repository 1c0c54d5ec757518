/**
 * Run ingestion while PostgreSQL goes away and comes back. The registry runs on a server of this
 * test's own (test/support/pg-server.ts), which is stopped the way a crash stops it (`-m immediate`)
 * while pipelines are publishing. What must hold:
 *  - a publish that meets the outage is answered 503 problem+json with Retry-After, never 500;
 *  - the same publish sent again once the server is back succeeds (201, or 200 if the first attempt
 *    had committed just before the connection died: publishing is idempotent by run id);
 *  - nothing is half-written: every stored run has all its findings and all its evidence, and no
 *    finding or evidence points at a run that was not stored.
 *
 * PostgreSQL only (PGlite is in the registry's own process and cannot restart under it): runs in
 * CI's PostgreSQL pass, where DATABASE_URL is set, and skips otherwise.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../apps/cli/src/cli.js';
import type { AtcompatReport } from '@atcompat/contracts';
import { finding, makeReport } from './support/reports.js';
import { startRegistry, type TestRegistry } from './support/registry.js';
import { findPostgresBin, startThrowawayPostgres, type ThrowawayPostgres } from './support/pg-server.js';
import { TEST_ADMIN_TOKEN } from './support/database.js';
import { redactUrl } from '../apps/registry/src/config/app-config.js';

const enabled = Boolean(process.env.DATABASE_URL) && Boolean(findPostgresBin());
const describeOnPostgres = enabled ? describe : describe.skip;
const SLOW = 240_000;
const FINDINGS_PER_RUN = 30;
/** The ATs the system's records cover, one of each profile the reports give a verdict for. */
const ATS = [
  { slug: 'nvda', profile: 'screen-reader' },
  { slug: 'dragon', profile: 'speech' },
  { slug: 'keys-only', profile: 'keyboard' },
  { slug: 'zoomtext', profile: 'magnifier' },
] as const;

let pg: ThrowawayPostgres | undefined;
let registry: TestRegistry;
let base: string;

interface Answer {
  status: number;
  body: { code?: string; detail?: string; created?: boolean; id?: string; run?: { id?: string } } & Record<string, unknown>;
  retryAfter: string | null;
  contentType: string | null;
}

async function publish(report: AtcompatReport): Promise<Answer> {
  const res = await fetch(`${base}/api/v1/runs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ system: 'casework', release: '2.0', report }),
  });
  const text = await res.text();
  let body: Answer['body'] = {};
  try {
    body = JSON.parse(text);
  } catch {
    body = { detail: text };
  }
  return { status: res.status, body, retryAfter: res.headers.get('retry-after'), contentType: res.headers.get('content-type') };
}

function reportWithFindings(): AtcompatReport {
  return makeReport({
    system: 'casework',
    release: '2.0',
    findings: Array.from({ length: FINDINGS_PER_RUN }, (_, i) => finding({ fingerprint: `fp-${i}`, selector: `#control-${i}` })),
  });
}

/** Sends the same report until the registry answers other than 503 (a pipeline's retry loop). */
async function publishUntilAnswered(report: AtcompatReport, attempts = 60): Promise<Answer> {
  for (let i = 0; ; i += 1) {
    const answer = await publish(report);
    if (answer.status !== 503 || i >= attempts) return answer;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** What the database holds for each run: its finding count and its evidence count. */
async function stored(): Promise<{ runs: Map<string, { findings: number; evidence: number }>; orphanFindings: number; orphanEvidence: number }> {
  const q = (sql: string) => registry.dataSource.query(sql);
  const rows: { id: string; findings: number; evidence: number }[] = await q(`
    SELECT r.id,
      (SELECT count(*)::int FROM run_finding f WHERE f.run_id = r.id) AS findings,
      (SELECT count(*)::int FROM evidence e WHERE e.run_id = r.id) AS evidence
    FROM run r`);
  const [{ n: orphanFindings }] = await q(`SELECT count(*)::int AS n FROM run_finding f WHERE NOT EXISTS (SELECT 1 FROM run r WHERE r.id = f.run_id)`);
  const [{ n: orphanEvidence }] = await q(
    `SELECT count(*)::int AS n FROM evidence e WHERE e.run_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM run r WHERE r.id = e.run_id)`,
  );
  return { runs: new Map(rows.map((r) => [r.id, { findings: r.findings, evidence: r.evidence }])), orphanFindings, orphanEvidence };
}

/** Polls until the registry's own pool can query again (after a restart). */
async function untilHealthy(): Promise<void> {
  for (let i = 0; i < 120; i += 1) {
    const res = await fetch(`${base}/api/v1/health`);
    await res.arrayBuffer();
    if (res.status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('the registry did not reach its database again within 30 s');
}

describeOnPostgres('run ingestion while PostgreSQL restarts', () => {
  let evidencePerRun = 0;

  beforeAll(async () => {
    pg = await startThrowawayPostgres();
    const db = { database: { kind: 'postgres' as const, url: pg.url, redactedUrl: redactUrl(pg.url) }, label: 'PostgreSQL', drop: async () => undefined };
    registry = await startRegistry({ db });
    await registry.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(registry.app.getHttpServer().address() as AddressInfo).port}`;
    const http = () => registry.http();
    await http().post('/api/v1/systems').send({ name: 'Casework', slug: 'casework', owner: 'T', department: 'D', platform: 'web', lifecycle: 'pre-rollout' }).expect(201);
    await http().post('/api/v1/systems/casework/releases').send({ version: '2.0', releasedOn: '2026-01-01' }).expect(201);
    for (const at of ATS) {
      await http().post('/api/v1/assistive-technologies').send({ name: at.slug, slug: at.slug, vendor: 'V', profile: at.profile, platforms: ['windows'] }).expect(201);
      await http().post(`/api/v1/assistive-technologies/${at.slug}/versions`).send({ version: '1', releasedOn: '2025-01-01' }).expect(201);
    }
    // A first run before any outage: how much evidence one run adds on this catalogue.
    const first = await publish(reportWithFindings());
    expect(first.status).toBe(201);
    const { runs } = await stored();
    evidencePerRun = [...runs.values()][0]!.evidence;
    expect(evidencePerRun).toBeGreaterThan(0);
  }, SLOW);

  afterAll(async () => {
    await registry?.app.close().catch(() => undefined);
    await pg?.stop();
  }, SLOW);

  it('answers 503 with Retry-After while the database is down, and the same publish succeeds once it is back', async () => {
    await pg!.stopServer();
    const report = reportWithFindings();
    try {
      const during = await publish(report);
      expect(during.status).toBe(503);
      expect(during.contentType).toMatch(/^application\/problem\+json/);
      expect(during.body.code).toBe('database-unavailable');
      expect(during.body.detail).toMatch(/database/i);
      expect(during.body.detail).not.toMatch(/ECONNREFUSED|at .*\.js|Error:/);
      expect(Number(during.retryAfter)).toBeGreaterThan(0);

      const health = await fetch(`${base}/api/v1/health`);
      expect(health.status).toBe(503);
      const matrix = await fetch(`${base}/api/v1/matrix`);
      expect(matrix.status).toBe(503);
    } finally {
      await pg!.startServer();
    }
    await untilHealthy();
    const after = await publishUntilAnswered(report);
    expect(after.status).toBe(201);
    const { runs } = await stored();
    expect(runs.get(report.run.id)).toEqual({ findings: FINDINGS_PER_RUN, evidence: evidencePerRun });
  }, SLOW);

  it('`atcompat publish` waits as the 503 asks and publishes once the database is back', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'atcompat-restart-'));
    const report = reportWithFindings();
    writeFileSync(path.join(cwd, 'report.json'), JSON.stringify(report));
    let stdout = '';
    let stderr = '';
    await pg!.stopServer();
    const publishing = runCli(['publish', 'report.json', '--system', 'casework', '--release', '2.0'], {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stderr += t) },
      env: { NO_COLOR: '1', ATCOMPAT_REGISTRY: base, ATCOMPAT_TOKEN: TEST_ADMIN_TOKEN },
      cwd,
    });
    // Back well within the Retry-After the registry gives.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await pg!.startServer();
    const code = await publishing;
    expect({ code, stderr }).toMatchObject({ code: 0, stderr: expect.stringMatching(/cannot reach its database[^]*Trying again in \d+ s \(attempt 2 of 3\)/) });
    expect(stdout).toMatch(/^Published: run /);
    const { runs } = await stored();
    expect(runs.get(report.run.id)).toEqual({ findings: FINDINGS_PER_RUN, evidence: evidencePerRun });
  }, SLOW);

  it('loses nothing and half-writes nothing when the server restarts during a burst of publishes', async () => {
    const storedBefore = (await stored()).runs.size;
    const reports = Array.from({ length: 40 }, () => reportWithFindings());
    const firstAnswers: Answer[] = [];
    // Four pipelines publishing ten runs each, one after another; the server restarts mid-burst.
    const pipelines = [0, 1, 2, 3].map(async (lane) => {
      for (let i = lane; i < reports.length; i += 4) firstAnswers[i] = await publish(reports[i]!);
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await pg!.restart({ downMs: 1500 });
    await Promise.all(pipelines);

    const statuses = firstAnswers.map((a) => a.status);
    expect(statuses.filter((s) => s !== 201 && s !== 503)).toEqual([]);
    expect(statuses).toContain(503); // the restart did meet some of the burst
    for (const answer of firstAnswers.filter((a) => a.status === 503)) {
      expect(answer.body.code).toBe('database-unavailable');
      expect(answer.retryAfter).not.toBeNull();
    }

    await untilHealthy();
    // Every pipeline retries what was refused; a run that committed before its answer was lost
    // comes back 200 (already stored), never twice.
    for (const [i, answer] of firstAnswers.entries()) {
      if (answer.status === 201) continue;
      const retried = await publishUntilAnswered(reports[i]!);
      expect([200, 201]).toContain(retried.status);
    }

    const { runs, orphanFindings, orphanEvidence } = await stored();
    for (const report of reports) {
      expect({ run: report.run.id, ...runs.get(report.run.id) }).toEqual({ run: report.run.id, findings: FINDINGS_PER_RUN, evidence: evidencePerRun });
    }
    expect(runs.size).toBe(storedBefore + reports.length);
    expect(orphanFindings).toBe(0);
    expect(orphanEvidence).toBe(0);
  }, SLOW);
});

