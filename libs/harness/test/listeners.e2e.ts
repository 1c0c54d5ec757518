import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../src/driver/browser.js';
import type { AuditContext } from '../src/driver/context.js';
import { FOCUS_REACTION_TYPES, pageListensFor } from '../src/driver/listeners.js';

/** Whether a page can hear the tab walk: it decides how long the walk waits after each press. */
describe(pageListensFor.name, () => {
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  beforeEach(async () => {
    context = await browser.newContext();
  });

  afterEach(async () => {
    await context.close();
  });

  const listens = async (body: string): Promise<boolean> => {
    // A new page each time: setContent keeps the window, and with it the window's listeners.
    const page: Page = await context.newPage();
    await page.setContent(`<!doctype html><html lang="en"><head><title>t</title></head><body>${body}</body></html>`);
    const cdp = await context.newCDPSession(page);
    return pageListensFor({ page, cdp } as unknown as AuditContext, FOCUS_REACTION_TYPES);
  };

  it('is false for a page with no script, or only listeners the walk cannot set off', async () => {
    expect(await listens('<p><a href="#a">A</a> <button>B</button></p>')).toBe(false);
    expect(await listens('<div onclick="this.textContent = 1">Save</div><form onsubmit="return false"><input></form>')).toBe(false);
    expect(await listens('<script>addEventListener("load", () => {}); document.addEventListener("click", () => {})</script>')).toBe(false);
  });

  it('is true for key, focus and scroll listeners wherever they are', async () => {
    expect(await listens('<script>document.addEventListener("keydown", () => {})</script>')).toBe(true);
    expect(await listens('<script>addEventListener("focus", () => {}, true)</script>')).toBe(true);
    expect(await listens('<script>visualViewport.addEventListener("scroll", () => {})</script>')).toBe(true);
    expect(await listens('<button onblur="1">b</button>')).toBe(true);
    expect(await listens('<div style="overflow:auto;height:40px" onscroll="1"><p style="height:400px">x</p></div>')).toBe(true);
    expect(
      await listens(
        '<div id="h"></div><script>const root = h.attachShadow({ mode: "open" }); root.innerHTML = "<button>x</button>"; root.querySelector("button").addEventListener("focusin", () => {})</script>',
      ),
    ).toBe(true);
  });

  it('is true for a page with frames (their windows are not looked at)', async () => {
    expect(await listens('<iframe srcdoc="<p>x</p>"></iframe>')).toBe(true);
  });
});
