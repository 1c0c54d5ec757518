import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { auditPage, launchBrowser, type AuditStepId } from '@atcompat/harness';
import { serveStatic, type StaticServer } from '../test/support/static-server.js';

/**
 * The fixture pages are the ground truth for the harness: each `<name>.html` under
 * `a11y-tests/fixtures/` has a `<name>.expected.json` beside it listing exactly the findings
 * (rule + selector) the audit must report — no more, no fewer. `ATCOMPAT_FIXTURES=keyboard`
 * runs only the fixtures whose path contains that text.
 */
interface Expected {
  /** What the page shows, in a sentence (for people reading the fixture). */
  description: string;
  findings: { rule: string; selector: string }[];
  /** Only these audit steps (default: all). */
  steps?: AuditStepId[];
}

const ROOT = path.resolve('a11y-tests/fixtures');

function fixtures(dir = ROOT): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return fixtures(full);
    return entry.endsWith('.expected.json') ? [full] : [];
  });
}

const filter = process.env.ATCOMPAT_FIXTURES;
const cases = fixtures()
  .map((file) => path.relative(ROOT, file).replace(/\.expected\.json$/, ''))
  .filter((name) => !filter || name.includes(filter))
  .sort();

describe('fixture pages report exactly their expected findings', () => {
  let server: StaticServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await serveStatic(ROOT);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('has fixtures to run', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  it.each(cases)('%s', async (name) => {
    const expected: Expected = JSON.parse(readFileSync(path.join(ROOT, `${name}.expected.json`), 'utf8'));
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}/${name}.html`, { waitUntil: 'load' });
      const audit = await auditPage(page, { steps: expected.steps });
      expect(audit.warnings).toEqual([]);
      const found = audit.result.findings.map((f) => `${f.rule} ${f.selector}`).sort();
      const wanted = expected.findings.map((f) => `${f.rule} ${f.selector}`).sort();
      expect(found).toEqual(wanted);
    } finally {
      await context.close();
    }
  });
});
