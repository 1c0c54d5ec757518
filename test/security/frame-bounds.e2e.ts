/**
 * A page with an iframe the browser keeps from scripts (`file:`, `view-source:`, a browser page,
 * an error page) could not be audited at all: every check waited on that frame until the page's
 * whole budget (ten times the load time-out) ran out, and the page was reported as errored.
 * Now such frames are left out, each with a warning saying which and why, and the rest of the page
 * (its ordinary frames too) is audited. Real Chromium, real HTTP; nothing here is timed.
 */
import path from 'node:path';
import type { AtcompatReport } from '@atcompat/contracts';
import { launchBrowser, scanUrls } from '@atcompat/harness';
import type { Browser } from 'playwright-core';
import { closedPort } from '../../apps/cli/test/support.js';
import { serveStatic, type StaticServer } from '../support/static-server.js';

const SLOW = 240_000;

let browser: Browser;
let site: StaticServer;

beforeAll(async () => {
  browser = await launchBrowser();
  site = await serveStatic(path.resolve('test/fixtures/security'));
}, SLOW);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

describe('frames that cannot be scripted', () => {
  it(
    'are left out with a warning naming each and why, and the rest of the page is audited',
    async () => {
      const url = `${site.url}/unscriptable-frames.html?closed=${await closedPort()}`;
      const warnings: string[] = [];
      const report: AtcompatReport = await scanUrls([url], { browser, timeoutMs: 5_000, onWarning: (w) => warnings.push(w) });

      const page = report.pages[0]!;
      expect(page.error).toBeUndefined();
      const found = page.findings.map((f) => `${f.rule} ${f.selector}`);
      expect(found).toEqual(expect.arrayContaining(['keyboard/mouse-only-control #save', 'axe/image-alt #scan']));
      // The ordinary frame beside the unscriptable ones is still audited.
      expect(page.findings.some((f) => f.rule === 'axe/image-alt' && f.selector.includes('#attachment'))).toBe(true);

      const about = (title: string) => warnings.filter((w) => w.includes(`title="${title}"`));
      expect(about('local file')).toEqual([
        `The frame <iframe title="local file" src="file:///etc/hostname"> on ${url} was not audited: it shows a local file (file:), which the browser does not let a web page load or script.`,
      ]);
      expect(about('page source')).toEqual([expect.stringMatching(/src="view-source:http:\/\/127\.0\.0\.1:1\/"> on .* was not audited: it shows page source \(view-source:\)/)]);
      expect(about('browser page')).toEqual([expect.stringMatching(/src="chrome:\/\/version"> on .* was not audited: it shows a browser page \(chrome:\)/)]);
      expect(about('unreachable')).toEqual([expect.stringMatching(/was not audited: its content could not be loaded \(the browser shows its own error page there\)/)]);
      expect(about('attachments')).toEqual([]);
    },
    SLOW,
  );
});
