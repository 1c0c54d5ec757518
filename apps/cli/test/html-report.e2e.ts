/**
 * The HTML report is read by the people atcompat serves, so it must pass atcompat itself: the full
 * audit (every step, not only axe) of a generated report finds nothing.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import type { AtcompatReport } from '@atcompat/contracts';
import { applyBaseline, auditPage, evaluateGate, formatHtml, launchBrowser } from '@atcompat/harness';
import { serveStatic, type StaticServer } from '../../../test/support/static-server.js';
import { atcompat } from './support.js';

const SLOW = 240_000;

let fixtures: StaticServer;
let reports: StaticServer;
let browser: Browser;
const dir = mkdtempSync(path.join(tmpdir(), 'atcompat-html-'));

beforeAll(async () => {
  fixtures = await serveStatic('apps/cli/test/fixtures');
  reports = await serveStatic(dir);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await fixtures?.close();
  await reports?.close();
});

async function audit(file: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
  try {
    const page = await context.newPage();
    await page.goto(`${reports.url}/${file}`, { waitUntil: 'load' });
    return await auditPage(page);
  } finally {
    await context.close();
  }
}

describe('the HTML report', () => {
  it('written by atcompat scan for pages with barriers passes the full audit with zero findings', async () => {
    const f = (name: string) => `${fixtures.url}/${name}.html`;
    const run = await atcompat(['scan', f('barriers'), f('contrast'), f('clean'), f('missing'), '--axe-only', '--html', path.join(dir, 'scan.html'), '-q']);
    expect(run.code).toBe(1);
    const html = readFileSync(path.join(dir, 'scan.html'), 'utf8');
    // The report does show barriers, screenshots and the page that could not be audited.
    expect(html).toContain('axe/image-alt');
    expect(html).toContain('<img src="data:image/png;base64,');
    expect(html).toContain('This page could not be audited.');

    const result = await audit('scan.html');
    expect(result.warnings).toEqual([]);
    expect(result.result.findings.map((x) => `${x.rule} ${x.selector}: ${x.message}`)).toEqual([]);
  }, SLOW);

  it('for a report with atcompat rules, journeys (every step status) and a baseline passes the full audit with zero findings', async () => {
    const sample = JSON.parse(
      readFileSync(path.resolve('libs/contracts/src/__fixtures__/sample-report.json'), 'utf8'),
    ) as AtcompatReport;
    const report = applyBaseline(sample, {
      version: 1,
      createdAt: '2025-03-01T00:00:00Z',
      findings: [{ fingerprint: '91ab3c7d58e0f246', rule: 'speech/ambiguous-name', selector: '#notes-list li:nth-child(2) > a.edit', url: sample.pages[1]!.url }],
    }, 'atcompat-baseline.json');
    // Every step status, so the journey section is audited in all its forms.
    report.journeys.push({
      name: 'update the address',
      mode: 'speech',
      passed: false,
      steps: [
        { name: 'say "click Edit"', status: 'ambiguous', reason: '4 links on screen are named "Edit"; the voice command cannot tell which is meant' },
        { name: 'dictate the new address', status: 'failed', reason: 'The page answered 500 Internal Server Error.', keys: ['Tab', 'Tab', 'Enter'] },
        { name: 'say "click Save"', status: 'skipped', reason: 'an earlier step did not pass' },
      ],
    });
    const html = formatHtml(report, evaluateGate(report));
    expect(html).toContain('<h2 id="journeys">Journeys</h2>');
    expect(html).toContain('<span class="tag tag-step-blocked">Blocked</span>');
    expect(html).toContain('<span class="tag tag-step-ambiguous">Ambiguous</span>');
    expect(html).toContain('<span class="tag tag-step-failed">Failed</span>');
    writeFileSync(path.join(dir, 'sample.html'), html);

    const result = await audit('sample.html');
    expect(result.warnings).toEqual([]);
    expect(result.result.findings.map((x) => `${x.rule} ${x.selector}: ${x.message}`)).toEqual([]);
  }, SLOW);
});
