import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import type { AtcompatReport, PageResult } from '@atcompat/contracts';
import type { Browser } from 'playwright-core';
import { buildReport } from '../report.js';
import type { AuditOptions } from '../types.js';
import { auditPage } from './audit.js';
import { DEFAULT_FRAME_TIMEOUT_MS } from './frames.js';
import { launchBrowser, newAuditContext, type ContextCookies } from './browser.js';

export interface ScanOptions extends AuditOptions {
  /** Pages audited at once, each in its own browser context. Default: the number of cores. */
  concurrency?: number;
  /** Milliseconds to wait for a page to load. */
  timeoutMs?: number;
  /**
   * Milliseconds one page's audit may take once it has loaded, after which the page is reported as
   * errored and the scan goes on. Default: ten times `timeoutMs`, and at least 30 seconds.
   */
  auditTimeoutMs?: number;
  /** Sent with every request (e.g. an Authorization header for a test environment). */
  headers?: Record<string, string>;
  /** Cookies to set before loading pages. */
  cookies?: ContextCookies;
  /** A Playwright storage-state file (cookies and local storage) for signed-in pages. */
  storageState?: string;
  /** What the report says is being tested. */
  target?: { system?: string; release?: string };
  /** An already running browser to use (it is left running). */
  browser?: Browser;
  /** Called as each page finishes, for progress output. */
  onPage?: (page: PageResult, index: number, total: number) => void;
  /** Called with each plain-English warning (a check that could not finish). */
  onWarning?: (warning: string) => void;
}

export const TOOL_VERSION = '0.1.0';

/**
 * Audits each URL in its own browser context, `concurrency` at a time, within one browser.
 * A page that cannot be loaded or audited is reported with an `error` and the scan goes on.
 */
export async function scanUrls(urls: string[], options: ScanOptions = {}): Promise<AtcompatReport> {
  const startedAt = new Date().toISOString();
  const browser = options.browser ?? (await launchBrowser());
  const results: PageResult[] = new Array(urls.length);
  let done = 0;
  try {
    const concurrency = Math.max(1, Math.min(options.concurrency ?? cpus().length, urls.length || 1));
    let next = 0;
    const worker = async () => {
      while (next < urls.length) {
        const index = next++;
        results[index] = await scanOne(browser, urls[index]!, options);
        done += 1;
        options.onPage?.(results[index]!, done, urls.length);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return buildReport({
      runId: randomUUID(),
      startedAt,
      finishedAt: new Date().toISOString(),
      browser: `chromium ${browser.version()}`,
      toolVersion: TOOL_VERSION,
      target: options.target,
      pages: results,
      journeys: [],
    });
  } finally {
    if (!options.browser) await browser.close().catch(() => undefined);
  }
}

async function scanOne(browser: Browser, url: string, options: ScanOptions): Promise<PageResult> {
  const context = await newAuditContext(browser, options);
  try {
    const page = await context.newPage();
    // Pop-ups the page opens on its own are closed as they appear, so a page cannot fill the
    // browser with windows; the checks that open windows on purpose see them first (the popup event).
    context.on('page', (other) => {
      if (other !== page) other.close().catch(() => undefined);
    });
    page.setDefaultTimeout(options.timeoutMs ?? 30_000);
    let response;
    try {
      response = await page.goto(url, { waitUntil: 'load', timeout: options.timeoutMs ?? 30_000 });
    } catch (error) {
      return errored(url, `The page could not be loaded: ${firstLine(error)}`);
    }
    if (response && response.status() >= 400) {
      return errored(url, `The server answered ${response.status()} ${response.statusText()}.`);
    }
    // A script that never yields (or a page too big for the checks) would hold the scan for ever:
    // past its budget the page is given up, and closing its context ends whatever still waits on it.
    const budgetMs = options.auditTimeoutMs ?? Math.max(30_000, 10 * (options.timeoutMs ?? 30_000));
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`gave up after ${Math.round(budgetMs / 1000)} s (the page did not respond, or is too big to audit in that time)`)),
        budgetMs,
      );
    });
    // A child frame gets no longer than a page load to answer, so frames the browser keeps from
    // scripts cost seconds, not the page's whole budget.
    const frameTimeoutMs = Math.min(DEFAULT_FRAME_TIMEOUT_MS, options.timeoutMs ?? 30_000);
    const auditing = auditPage(page, { ...options, budget: { frameTimeoutMs, ...options.budget } });
    auditing.catch(() => undefined);
    const audit = await Promise.race([auditing, deadline]).finally(() => clearTimeout(timer));
    for (const warning of audit.warnings) options.onWarning?.(warning);
    return { ...audit.result, url };
  } catch (error) {
    return errored(url, `The page could not be audited: ${firstLine(error)}`);
  } finally {
    await context.close().catch(() => undefined);
  }
}

function errored(url: string, error: string): PageResult {
  return { url, title: '', state: 'initial', findings: [], error };
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0]!.replace(/^page\.goto: /, '');
}
