/**
 * `atcompat scan --crawl`: finds the pages to audit, starting from the given addresses. Reads
 * `/sitemap.xml` (and the sitemaps a sitemap index lists) at each starting origin, then loads
 * pages breadth-first and follows their same-origin links, until `maxPages` pages are known. The
 * decisions (which links, what order) are the pure functions of checks/crawl.ts.
 */
import type { BrowserContext } from 'playwright-core';
import {
  CrawlQueue,
  DEFAULT_MAX_PAGES,
  compileExcludes,
  isSameOrigin,
  linkSkipReason,
  normaliseUrl,
  originOf,
  parseSitemap,
  type DiscoveredLink,
} from '../checks/crawl.js';
import { launchBrowser, newAuditContext } from './browser.js';
import type { ScanOptions } from './scan.js';

export interface CrawlOptions extends Pick<ScanOptions, 'timeoutMs' | 'headers' | 'cookies' | 'storageState' | 'concurrency' | 'browser' | 'onWarning'> {
  /** Most pages to return, the starting addresses included. Default 50. */
  maxPages?: number;
  /** Addresses not to follow: globs or /regular expressions/ (see `compileExcludes`). */
  exclude?: readonly string[];
  /** Read /sitemap.xml at each starting origin; default true. */
  sitemap?: boolean;
}

/** The pages a crawl found, in the order they will be scanned. */
export interface CrawlResult {
  urls: string[];
  /** Sitemap files that were read. */
  sitemaps: string[];
}

/** Most sitemap files read per crawl (an index may list thousands; the page limit is far lower). */
const MAX_SITEMAP_FILES = 20;

/**
 * Finds up to `maxPages` same-origin pages from `seeds`, breadth-first: the seeds, then the
 * sitemap's pages, then links in the order the pages were queued. The same site gives the same
 * list every time, however many pages load at once.
 */
export async function crawlSite(seeds: readonly string[], options: CrawlOptions = {}): Promise<CrawlResult> {
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  const excluded = compileExcludes(options.exclude ?? []);
  const queue = new CrawlQueue(Math.max(maxPages, 1));
  const origins = new Set(seeds.map(originOf).filter((o): o is string => o !== undefined));
  // The starting addresses are scanned as given (even if an exclude pattern matches them): the
  // person asked for them by name.
  for (const seed of seeds) queue.add(normaliseUrl(seed) ?? seed);

  const browser = options.browser ?? (await launchBrowser());
  const timeout = options.timeoutMs ?? 30_000;
  const sitemaps: string[] = [];
  try {
    const context = await newAuditContext(browser, options);
    try {
      if (options.sitemap ?? true) {
        for (const origin of origins) {
          for (const { loc, sitemap } of await readSitemaps(context, `${origin}/sitemap.xml`, timeout, sitemaps, options.onWarning)) {
            // The protocol wants absolute addresses; hand-made sitemaps often hold paths. Both work.
            const { address: page, skip } = linkSkipReason({ href: normaliseUrl(loc, sitemap) ?? loc }, new Set([origin]), excluded);
            if (page && !skip) queue.add(page);
          }
        }
      }
      const concurrency = Math.max(1, options.concurrency ?? 4);
      for (let batch = queue.take(concurrency); batch.length; batch = queue.take(concurrency)) {
        const found = await Promise.all(batch.map((address) => discover(context, address, origins, timeout)));
        // Applied in queue order, so the result does not depend on which page loaded first.
        found.forEach((result, i) => {
          if (result.kind === 'not-a-page') {
            queue.drop(batch[i]!);
            return;
          }
          for (const link of result.links) {
            const { address, skip } = linkSkipReason(link, origins, excluded);
            if (address && !skip) queue.add(address);
          }
        });
      }
    } finally {
      await context.close().catch(() => undefined);
    }
  } finally {
    if (!options.browser) await browser.close().catch(() => undefined);
  }
  return { urls: queue.addresses, sitemaps };
}

type Discovery = { kind: 'page'; links: DiscoveredLink[] } | { kind: 'not-a-page' };

/**
 * Loads one page and reads its links. A page that cannot be loaded, or answers with an error,
 * stays in the list (the scan reports why it could not be audited) but gives no links; an address
 * that answers with something other than HTML (a PDF at /report) is not a page.
 */
async function discover(context: BrowserContext, address: string, origins: ReadonlySet<string>, timeout: number): Promise<Discovery> {
  const page = await context.newPage();
  try {
    let response;
    try {
      response = await page.goto(address, { waitUntil: 'load', timeout });
    } catch (error) {
      // Chromium downloads what it cannot show (application/octet-stream): not a page.
      if (/download is starting/i.test(String((error as Error)?.message ?? error))) return { kind: 'not-a-page' };
      return { kind: 'page', links: [] };
    }
    if (!response) return { kind: 'page', links: [] };
    const type = (response.headers()['content-type'] ?? '').toLowerCase();
    if (type && !/text\/html|application\/xhtml\+xml/.test(type)) return { kind: 'not-a-page' };
    // A redirect to another site (a sign-in service): its links are not this site's.
    if (response.status() >= 400 || !isSameOrigin(page.url(), origins)) return { kind: 'page', links: [] };
    const links = await page.evaluate(() =>
      Array.from(document.querySelectorAll('a[href], area[href]')).map((el) => ({
        href: (el as HTMLAnchorElement | HTMLAreaElement).href,
        rel: el.getAttribute('rel'),
        download: el.hasAttribute('download'),
      })),
    );
    return { kind: 'page', links };
  } catch {
    return { kind: 'page', links: [] };
  } finally {
    await page.close().catch(() => undefined);
  }
}

/** Page addresses from a sitemap and the sitemaps it lists (breadth first, in file order). */
async function readSitemaps(
  context: BrowserContext,
  first: string,
  timeout: number,
  read: string[],
  onWarning: ((warning: string) => void) | undefined,
): Promise<{ loc: string; sitemap: string }[]> {
  const urls: { loc: string; sitemap: string }[] = [];
  const pending = [first];
  const seen = new Set<string>();
  while (pending.length && read.length < MAX_SITEMAP_FILES) {
    const address = pending.shift()!;
    if (seen.has(address)) continue;
    seen.add(address);
    let text: string;
    try {
      const response = await context.request.get(address, { timeout, failOnStatusCode: false });
      // No sitemap is the common case, not a problem.
      if (!response.ok()) continue;
      text = await response.text();
    } catch {
      continue;
    }
    const contents = parseSitemap(text);
    if (contents.kind === 'unknown') {
      if (address !== first) onWarning?.(`${address} is listed as a sitemap but is not one; its pages were not added.`);
      continue;
    }
    read.push(address);
    urls.push(...contents.urls.map((loc) => ({ loc, sitemap: address })));
    // Only child sitemaps on the same origin: a sitemap index cannot send the crawl elsewhere.
    const origin = originOf(first);
    for (const child of contents.sitemaps) {
      const normal = normaliseUrl(child, address);
      if (normal && origin && originOf(normal) === origin) pending.push(normal);
    }
  }
  return urls;
}
