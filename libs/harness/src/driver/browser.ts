import { accessSync, constants } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

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
