import { accessSync, constants } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from 'playwright-core';

/** Raised when no browser can be found or started; the message says what to do. */
export class BrowserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BrowserError';
  }
}

const SYSTEM_BROWSERS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

const isExecutable = (file: string) => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

export const INSTALL_HINT =
  'Install Chromium (Debian or Ubuntu: `sudo apt-get install chromium`), or set ATCOMPAT_BROWSER to the path of a Chrome or Chromium executable.';

/**
 * Chromium in this order: ATCOMPAT_BROWSER, Playwright's own downloaded browser, then a system
 * Chrome or Chromium. atcompat never downloads a browser.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const chosen = env.ATCOMPAT_BROWSER?.trim();
  if (chosen) {
    if (!isExecutable(chosen)) {
      throw new BrowserError(`ATCOMPAT_BROWSER is set to ${chosen}, but there is no executable browser there. ${INSTALL_HINT}`);
    }
    return chosen;
  }
  try {
    const bundled = chromium.executablePath();
    if (bundled && isExecutable(bundled)) return bundled;
  } catch {
    // Playwright has no browser of its own here: fall through to the system's.
  }
  const system = SYSTEM_BROWSERS.find(isExecutable);
  if (system) return system;
  throw new BrowserError(`No Chromium or Chrome was found. ${INSTALL_HINT}`);
}

/** Flags every launch needs on these machines (closed network, often root, no GPU). */
export function chromiumArgs(): string[] {
  const args = [
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-default-apps',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-quic',
    '--hide-scrollbars',
    '--font-render-hinting=none',
  ];
  if (typeof process.getuid === 'function' && process.getuid() === 0) args.push('--no-sandbox');
  return args;
}

/** Starts a headless Chromium for audits. */
export async function launchBrowser(options: { executablePath?: string; headless?: boolean } = {}): Promise<Browser> {
  const executablePath = options.executablePath ?? findChromium();
  try {
    return await chromium.launch({ executablePath, headless: options.headless ?? true, args: chromiumArgs() });
  } catch (error) {
    const first = String((error as Error).message ?? error).split('\n')[0];
    throw new BrowserError(`Chromium at ${executablePath} could not be started: ${first}. ${INSTALL_HINT}`);
  }
}

/** Cookies as Playwright takes them (`context.addCookies`). */
export type ContextCookies = Parameters<BrowserContext['addCookies']>[0];

/** What a scan, a crawl and a journey say about the browser context pages are opened in. */
export interface ContextSettings {
  viewport?: { width: number; height: number };
  /** Sent with every request (e.g. an Authorization header for a test environment). */
  headers?: Record<string, string>;
  /** A Playwright storage-state file (cookies and local storage) for signed-in pages. */
  storageState?: string;
  /** Cookies to set before any page loads. */
  cookies?: ContextCookies;
}

/**
 * A fresh browser context the way every atcompat audit opens one: the desktop viewport the checks
 * assume (1280 × 800), reduced motion (so animations do not race the checks), no service workers
 * (so every load reaches the server under test), and the caller's headers, storage state and cookies.
 */
export async function newAuditContext(browser: Browser, settings: ContextSettings): Promise<BrowserContext> {
  const options: BrowserContextOptions = {
    viewport: settings.viewport ?? { width: 1280, height: 800 },
    extraHTTPHeaders: settings.headers,
    storageState: settings.storageState,
    reducedMotion: 'reduce',
    serviceWorkers: 'block',
  };
  const context = await browser.newContext(options);
  if (settings.cookies?.length) {
    try {
      await context.addCookies(settings.cookies);
    } catch (error) {
      await context.close().catch(() => undefined);
      throw error;
    }
  }
  return context;
}
