/**
 * The registry's own journeys through `atcompat journey`, with the keyboard alone and by voice
 * (speech mode), against the real registry on real HTTP with a real Chromium: signing in, and a
 * member of staff asking for a workplace adjustment. Every state they reach is audited too.
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
  await createAccount(registry, { email: 'sam.staff@example.gov.uk', name: 'Sam Staff' });
  out = mkdtempSync(path.join(tmpdir(), 'atcompat-registry-journeys-'));
}, 120_000);

afterAll(async () => {
  await registry?.close();
});

async function journey(file: string): Promise<{ code: number; stderr: string; report: AtcompatReport }> {
  let stderr = '';
  const json = path.join(out, `${path.basename(file, '.yaml')}.json`);
  const io = { stdout: { write: () => undefined }, stderr: { write: (t: string) => (stderr += t) }, env: { NO_COLOR: '1' }, cwd: process.cwd() };
  const code = await runCli(['journey', file, '--base-url', base, '--json', json], io);
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
});
