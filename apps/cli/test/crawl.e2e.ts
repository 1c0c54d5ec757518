/**
 * `atcompat scan --crawl` end to end: the built command and a real Chromium on a small linked site
 * (apps/cli/test/fixtures/site) with a sitemap index. Asserts exactly which pages were scanned, in
 * which order, and that --max-pages and the exclude patterns hold.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { validateReport, type AtcompatReport } from '@atcompat/contracts';
import { serveStatic, type StaticServer } from '../../../test/support/static-server.js';
import { atcompat } from './support.js';

const SLOW = 240_000;

let server: StaticServer;
let out: string;

beforeAll(async () => {
  server = await serveStatic('apps/cli/test/fixtures/site');
  out = mkdtempSync(path.join(tmpdir(), 'atcompat-crawl-'));
});

afterAll(async () => {
  await server?.close();
});

const scanned = (file: string): string[] => {
  const report = JSON.parse(readFileSync(file, 'utf8')) as AtcompatReport;
  expect(validateReport(report).valid).toBe(true);
  return report.pages.map((p) => p.url.slice(server.url.length));
};

describe('atcompat scan --crawl', () => {
  it('scans the start page, the sitemap pages and the same-site links, breadth first, skipping what is not a page', async () => {
    const json = path.join(out, 'all.json');
    const run = await atcompat(['scan', `${server.url}/index.html`, '--crawl', '--crawl-exclude', '/logout*', '--axe-only', '--concurrency', '2', '--json', json]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // Not scanned: the fragment link (same page), mailto:, tel:, javascript:, the other site, the
    // PDF (linked and in the sitemap), the nofollow and download links, the feed (not HTML) and the
    // excluded sign-out page.
    expect(scanned(json)).toEqual([
      '/index.html',
      '/orphan.html', // only in the sitemap (through the sitemap index)
      '/about.html',
      '/cases/',
      '/contact.html',
      '/cases/1.html',
      '/cases/2.html',
    ]);
    expect(run.stdout).toContain('7 pages scanned');
  }, SLOW);

  it('stops at --max-pages, the start page included', async () => {
    const json = path.join(out, 'four.json');
    const run = await atcompat(['scan', `${server.url}/index.html`, '--crawl', '--max-pages', '4', '--axe-only', '--json', json, '-q']);
    expect(run.code).toBe(0);
    expect(scanned(json)).toEqual(['/index.html', '/orphan.html', '/about.html', '/cases/']);
  }, SLOW);

  it('reads crawl settings from the config file: maxPages and exclude patterns', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'atcompat-crawl-config-'));
    writeFileSync(
      path.join(dir, 'atcompat.config.yaml'),
      `urls: ["${server.url}/index.html"]\nsteps: [axe]\nconcurrency: 2\ncrawl:\n  maxPages: 5\n  exclude: ["/\\\\/logout\\\\.html$/"]\nreports:\n  json: crawl.json\n`,
    );
    const run = await atcompat(['scan', '--config', path.join(dir, 'atcompat.config.yaml'), '-q']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // The feed took a place until it turned out not to be a page; the next page found took it over.
    expect(scanned(path.join(dir, 'crawl.json'))).toEqual(['/index.html', '/orphan.html', '/about.html', '/cases/', '/contact.html']);
  }, SLOW);

  it('refuses --max-pages without --crawl, and a broken pattern, with exit 2', async () => {
    const stray = await atcompat(['scan', `${server.url}/index.html`, '--max-pages', '3']);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toContain('--max-pages only applies when following links: add --crawl.');
    const broken = await atcompat(['scan', `${server.url}/index.html`, '--crawl', '--crawl-exclude', '/(/']);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/--crawl-exclude: The exclude pattern \/\(\/ is not a valid regular expression/);
    expect(broken.stderr).not.toMatch(/\n\s+at /);
  }, SLOW);
});
