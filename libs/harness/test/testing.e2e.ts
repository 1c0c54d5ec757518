/**
 * `@atcompat/harness/testing` in a real Chromium, the way a developer's Playwright test uses it:
 * load a page, then `audit` or `expectNoBarriers` it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { serveStatic, type StaticServer } from '../../../test/support/static-server.js';
import { launchBrowser } from '../src/driver/browser.js';
import { BarriersFoundError, audit, expectNoBarriers } from '../src/testing.js';

const SLOW = 120_000;

let server: StaticServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await serveStatic('libs/harness/test/fixtures/testing');
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

beforeEach(async () => {
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
});

afterEach(async () => {
  await page.close();
});

const open = (name: string) => page.goto(`${server.url}/${name}.html`, { waitUntil: 'load' });

describe('expectNoBarriers', () => {
  it('throws an error naming each barrier: rule, element and what happens', async () => {
    await open('barriers');
    const error = await expectNoBarriers(page).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BarriersFoundError);
    expect(error).toBeInstanceOf(Error);
    const { message, findings } = error as BarriersFoundError;
    expect(message).toMatch(new RegExp(`^atcompat found \\d+ barriers at or above "serious" for all AT profiles on ${server.url}/barriers\\.html:\\n`));
    expect(message).toMatch(/\n\d\. keyboard\/mouse-only-control \(Control only works with a mouse\), critical, on #save:\n {3}\S/);
    expect(message).toMatch(/\n\d\. axe\/image-alt \([^)]*\), critical, on #logo:\n/);
    expect(message).not.toMatch(/\n\s+at /);
    expect(findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['keyboard/mouse-only-control', 'axe/image-alt']));
  }, SLOW);

  it('resolves on a clean page', async () => {
    await open('clean');
    await expect(expectNoBarriers(page, { profiles: ['keyboard', 'speech'] })).resolves.toBeUndefined();
  }, SLOW);

  it('counts only the chosen profiles and threshold, and leaves out findings in a baseline', async () => {
    await open('barriers');
    // The missing alt text blocks screen-reader users, not speech users; the mouse-only control blocks both.
    const speech = await expectNoBarriers(page, { profiles: ['speech'], steps: ['axe', 'listeners'] }).catch((e: BarriersFoundError) => e);
    expect((speech as BarriersFoundError).findings.map((f) => f.rule)).toEqual(['keyboard/mouse-only-control']);
    expect((speech as BarriersFoundError).message).toContain('at or above "serious" for speech on');

    const all = await audit(page, { steps: ['axe', 'listeners'] });
    const dir = mkdtempSync(path.join(tmpdir(), 'atcompat-testing-'));
    const file = path.join(dir, 'baseline.json');
    const accepted = all.filter((f) => f.rule === 'keyboard/mouse-only-control');
    writeFileSync(
      file,
      JSON.stringify({ version: 1, createdAt: '2025-03-01T00:00:00Z', findings: accepted.map((f) => ({ fingerprint: f.fingerprint, rule: f.rule, selector: f.selector, url: page.url() })) }),
    );
    await expect(expectNoBarriers(page, { profiles: ['speech'], steps: ['axe', 'listeners'], baseline: file })).resolves.toBeUndefined();
    await expect(expectNoBarriers(page, { baseline: path.join(dir, 'missing.json'), steps: ['axe'] })).rejects.toThrow(/The baseline file .*missing\.json does not exist\./);
  }, SLOW);
});

describe('audit', () => {
  it('returns the findings of the current page, most severe first, filtered by rule, profile, impact and include', async () => {
    await open('barriers');
    const findings = await audit(page, { steps: ['axe', 'listeners'] });
    expect(findings.map((f) => `${f.rule} ${f.selector}`)).toEqual(expect.arrayContaining(['keyboard/mouse-only-control #save', 'axe/image-alt #logo']));
    expect(await audit(page, { steps: ['axe', 'listeners'], rules: ['axe/*'] }).then((l) => l.map((f) => f.rule))).toEqual(['axe/image-alt']);
    expect(await audit(page, { steps: ['axe', 'listeners'], rules: ['keyboard/mouse-only-control'], profiles: ['magnifier'] })).toEqual([]);
    expect(await audit(page, { steps: ['axe', 'listeners'], include: ['#save'] }).then((l) => l.map((f) => f.selector))).toEqual(['#save']);
    const impacts = findings.map((f) => f.impact);
    expect(impacts).toEqual([...impacts].sort((a, b) => ['critical', 'serious', 'moderate', 'minor'].indexOf(a) - ['critical', 'serious', 'moderate', 'minor'].indexOf(b)));
  }, SLOW);
});

describe('@atcompat/harness/testing', () => {
  it('is a subpath export Node resolves (from the built package)', () => {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', "const m = await import('@atcompat/harness/testing'); console.log(typeof m.audit, typeof m.expectNoBarriers)"], { encoding: 'utf8' });
    expect(out.trim()).toBe('function function');
  });
});
