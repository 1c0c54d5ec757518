/**
 * The scan survives hostile pages: a renderer that crashes, a script that never yields, a load
 * that never finishes, a page that navigates away mid-audit, pop-ups, and 10,000 focusable
 * elements. Each such page is audited or reported as errored with a reason, every report is
 * written, and the exit code is 2 only when no page at all could be audited.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { validateReport, type AtcompatReport } from '@atcompat/contracts';
import { launchBrowser, scanUrls } from '@atcompat/harness';
import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright-core';
import { atcompat } from '../apps/cli/test/support.js';

const SLOW = 240_000;
const FIXTURES = path.resolve('test/fixtures/hostile');

let server: Server;
let base: string;
let out: string;

/** Serves the hostile fixtures; `/never` sends headers and then nothing, so a page using it never loads. */
beforeAll(async () => {
  out = mkdtempSync(path.join(tmpdir(), 'atcompat-hostile-'));
  server = createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (pathname === '/never') {
      res.writeHead(200, { 'content-type': 'image/png' });
      res.flushHeaders();
      return;
    }
    try {
      const body = readFileSync(path.join(FIXTURES, path.basename(pathname)));
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

const url = (name: string) => `${base}/${name}.html`;
const read = (file: string) => readFileSync(path.join(out, file), 'utf8');
const byUrl = (report: AtcompatReport) => Object.fromEntries(report.pages.map((p) => [p.url, p]));

describe('atcompat scan on hostile pages', () => {
  it(
    'audits what it can, marks each hostile page errored with a reason, writes every report, and exits by the findings',
    async () => {
      const pages = ['ok', 'navigate-away', 'hang-load', 'hang-script', 'popups', 'focusable-10k'];
      // --timeout 4s: loads give up after 4 s, audits after 40 s (ten times the load timeout).
      const run = await atcompat([
        'scan', ...pages.map(url), '--timeout', '4s', '--concurrency', '2', '--quiet',
        '--json', path.join(out, 'mixed.json'), '--junit', path.join(out, 'mixed.xml'),
        '--sarif', path.join(out, 'mixed.sarif'), '--summary', path.join(out, 'mixed.md'),
      ]);
      expect(run.stderr).toMatch(/of 6 pages could not be audited; see the report\./);
      expect([0, 1]).toContain(run.code);

      const report = JSON.parse(read('mixed.json')) as AtcompatReport;
      expect(validateReport(report)).toEqual(expect.objectContaining({ valid: true }));
      expect(report.pages.map((p) => p.url)).toEqual(pages.map(url));
      const result = byUrl(report);

      expect(result[url('ok')]!.error).toBeUndefined();
      expect(result[url('ok')]!.title).toBe('An ordinary page');
      // Pop-ups are closed as they open; the page itself is audited.
      expect(result[url('popups')]!.error).toBeUndefined();
      expect(result[url('popups')]!.title).toBe('A page that opens pop-ups');

      expect(result[url('navigate-away')]!.error).toMatch(/navigated away by itself during the audit, to .*ok\.html\?left=/);
      expect(result[url('hang-load')]!.error).toMatch(/^The page could not be loaded: Timeout 4000ms exceeded/);
      expect(result[url('hang-script')]!.error).toMatch(/gave up after 40 s/);
      // 10,000 tab stops: audited within the budget (the tab walk stops at its limit), or given up with the reason.
      const big = result[url('focusable-10k')]!;
      if (big.error !== undefined) expect(big.error).toMatch(/gave up after 40 s/);
      else expect(big.title).toBe('A page with 10,000 focusable elements');

      // The other reports are written too, and name the errored pages.
      expect(read('mixed.xml')).toContain('navigate-away.html');
      expect(JSON.parse(read('mixed.sarif')).runs).toHaveLength(1);
      expect(read('mixed.md')).toContain('hang-script.html');
    },
    SLOW,
  );

  it(
    'exits 2 when no page could be audited, still writing the report',
    async () => {
      const run = await atcompat(['scan', url('hang-load'), url('navigate-away'), '--timeout', '2s', '--json', path.join(out, 'none.json')]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/No page could be audited/);
      const report = JSON.parse(read('none.json')) as AtcompatReport;
      expect(report.pages.map((p) => p.error !== undefined)).toEqual([true, true]);
    },
    SLOW,
  );
});

describe('scanUrls when the renderer crashes', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  }, SLOW);

  afterAll(async () => {
    await browser?.close();
  });

  it(
    'reports the crashed tab as errored, goes on with the other pages, and leaves no context open',
    async () => {
      // A content page cannot crash its own renderer, so the test does it, as soon as crash.html
      // has loaded and the audit has started: chrome://crash kills that tab's renderer process.
      const newContext = browser.newContext.bind(browser);
      const crashing: Browser = Object.create(browser, {
        newContext: {
          value: async (options?: BrowserContextOptions): Promise<BrowserContext> => {
            const context = await newContext(options);
            context.on('page', (page) => {
              page.on('load', () => {
                if (page.url().endsWith('/crash.html')) setTimeout(() => page.goto('chrome://crash').catch(() => undefined), 300);
              });
            });
            return context;
          },
        },
      });
      const report = await scanUrls([url('crash'), url('ok')], { browser: crashing, concurrency: 1, timeoutMs: 10_000 });

      const [crashed, ok] = report.pages;
      expect(crashed!.error).toBe('The page could not be audited: the browser tab crashed (its renderer process stopped) during the audit');
      expect(ok!.error).toBeUndefined();
      expect(ok!.title).toBe('An ordinary page');
      expect(browser.isConnected()).toBe(true);
      expect(browser.contexts()).toHaveLength(0);
    },
    SLOW,
  );
});
