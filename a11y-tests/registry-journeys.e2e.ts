/**
 * The registry's own journeys through `atcompat journey`, with the keyboard alone and by voice
 * (speech mode), against the real registry on real HTTP with a real Chromium: signing in, a
 * member of staff asking for a workplace adjustment, a champion browsing the matrix to a system and
 * triaging the request. Every state they reach is audited too.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AtcompatReport, JourneyResult } from '@atcompat/contracts';
import { runCli } from '../apps/cli/src/cli.js';
import { createAccount } from '../test/support/accounts.js';
import { startRegistry, type TestRegistry } from '../test/support/registry.js';

const SLOW = 300_000;
let registry: TestRegistry;
let base: string;
let out: string;

beforeAll(async () => {
  registry = await startRegistry({ demo: true });
  await registry.app.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${(registry.app.getHttpServer().address() as { port: number }).port}/`;
  // Sam works in Benefits Operations and Cara covers it, so Cara sees (and may triage) Sam's requests.
  await createAccount(registry, { email: 'sam.staff@example.gov.uk', name: 'Sam Staff', department: 'Benefits Operations' });
  await createAccount(registry, { email: 'cara.champion@example.gov.uk', name: 'Cara Champion', role: 'champion', departments: ['Benefits Operations'] });
  out = mkdtempSync(path.join(tmpdir(), 'atcompat-registry-journeys-'));
}, 120_000);

afterAll(async () => {
  await registry?.close();
});

async function journey(file: string, ...extra: string[]): Promise<{ code: number; stderr: string; report: AtcompatReport }> {
  let stderr = '';
  const json = path.join(out, `${path.basename(file, '.yaml')}${extra.join('')}.json`);
  const io = { stdout: { write: () => undefined }, stderr: { write: (t: string) => (stderr += t) }, env: { NO_COLOR: '1' }, cwd: process.cwd() };
  const code = await runCli(['journey', file, '--base-url', base, '--json', json, ...extra], io);
  return { code, stderr, report: JSON.parse(readFileSync(json, 'utf8')) as AtcompatReport };
}

const describeSteps = (j: JourneyResult) => j.steps.map((s) => `${j.mode}: ${s.name}: ${s.status}${s.reason ? ` (${s.reason})` : ''}`).join('\n');
const findings = (report: AtcompatReport) =>
  report.pages.flatMap((p) => p.findings.map((f) => `${p.url} (${p.state}): ${f.rule} at ${f.selector}: ${f.message}`));

describe("the registry's journeys, by keyboard and by voice", () => {
  it(
    'signing in',
    async () => {
      const run = await journey('a11y-tests/journeys/registry-sign-in.yaml');
      for (const j of run.report.journeys) expect(describeSteps(j)).toBe(describeSteps({ ...j, steps: j.steps.map((s) => ({ ...s, status: 'passed', reason: undefined })) }));
      expect(run.report.journeys.map((j) => j.mode).sort()).toEqual(['keyboard', 'speech']);
      expect(findings(run.report)).toEqual([]);
      expect(run.code).toBe(0);
    },
    SLOW,
  );

  it(
    'asking for a workplace adjustment',
    async () => {
      const run = await journey('a11y-tests/journeys/registry-adjustment-request.yaml');
      for (const j of run.report.journeys) expect(describeSteps(j)).toBe(describeSteps({ ...j, steps: j.steps.map((s) => ({ ...s, status: 'passed', reason: undefined })) }));
      expect(findings(run.report)).toEqual([]);
      expect(run.code).toBe(0);
      // Both journeys really sent a request.
      const [{ n }] = await registry.dataSource.query(`SELECT count(*)::int AS n FROM adjustment_request`);
      expect(n).toBeGreaterThanOrEqual(2);
    },
    SLOW,
  );

  it(
    'browsing the matrix and opening a system',
    async () => {
      const run = await journey('a11y-tests/journeys/registry-browse-matrix.yaml');
      // Known friction, reported rather than hidden: "click Casework" also answers to the cells'
      // "Record for Casework with …" links, so Dragon numbers the choices (ambiguous, not blocked).
      const allowed = (mode: string, step: string) => (mode === 'speech' && step === 'activate "Casework"' ? 'ambiguous' : 'passed');
      for (const j of run.report.journeys) {
        expect(j.passed).toBe(true);
        expect(j.steps.map((s) => `${j.mode}: ${s.name}: ${s.status}`)).toEqual(j.steps.map((s) => `${j.mode}: ${s.name}: ${allowed(j.mode, s.name)}`));
      }
      expect(run.report.journeys.map((j) => j.mode).sort()).toEqual(['keyboard', 'speech']);
      expect(findings(run.report)).toEqual([]);
      expect(run.code).toBe(0);
    },
    SLOW,
  );

  it(
    'triaging an adjustment request',
    async () => {
      // One open casework request, so "Casework" names one link; the others go to another system and
      // to someone in another department, which keeps them out of this champion's sight.
      const requests: { id: string }[] = await registry.dataSource.query(`SELECT id FROM adjustment_request ORDER BY created_at`);
      expect(requests.length).toBeGreaterThanOrEqual(1);
      const [hr] = await registry.dataSource.query(`SELECT id FROM system WHERE slug = 'hr-self-service'`);
      const elsewhere = await createAccount(registry, { email: 'pat.people@example.gov.uk', name: 'Pat People', department: 'People Directorate' });
      await registry.dataSource.query(`UPDATE adjustment_request SET system_id = $1, requester_id = $2 WHERE id <> $3`, [hr.id, elsewhere.id, requests[0]!.id]);
      const status = async () => (await registry.dataSource.query(`SELECT status FROM adjustment_request WHERE id = $1`, [requests[0]!.id]))[0].status;

      for (const mode of ['keyboard', 'speech']) {
        await registry.dataSource.query(`UPDATE adjustment_request SET status = 'submitted' WHERE id = $1`, [requests[0]!.id]);
        const run = await journey('a11y-tests/journeys/registry-triage-request.yaml', '--mode', mode);
        const [j] = run.report.journeys;
        expect(describeSteps(j!)).toBe(describeSteps({ ...j!, steps: j!.steps.map((s) => ({ ...s, status: 'passed', reason: undefined })) }));
        expect(findings(run.report)).toEqual([]);
        expect(run.code).toBe(0);
        await expect(status()).resolves.toBe('in-review');
      }
    },
    SLOW,
  );
});
