import type { Frame, Page } from 'playwright-core';

/**
 * Frames the audit cannot (or must not) run scripts in. Chromium never gives a page's scripts a
 * frame showing a local file, page source or a browser page, and Playwright then waits for ever
 * for a script context that never comes: one such iframe held every check until the page's whole
 * budget ran out (ten times --timeout). Each child frame is now asked once, within a bound, and
 * one that cannot answer is left out of every check, with a warning naming it.
 */

/** How long a child frame may take to answer its first script before it is left out. */
export const DEFAULT_FRAME_TIMEOUT_MS = 5_000;

interface PageFrames {
  timeoutMs: number;
  /** One warning per iframe (by its description), however often the page is reloaded. */
  skipped: Map<string, string>;
}

const pages = new WeakMap<Page, PageFrames>();
/** Why a frame was left out; a reload makes new Frame objects, which are asked again. */
const refused = new WeakMap<Frame, string>();
/** Each iframe's markup, read once (it costs three round trips). */
const described = new WeakMap<Frame, { label: string; src: string }>();

/** Starts collecting warnings about frames left out of the audit of `page`. */
export function watchFrames(page: Page, timeoutMs = DEFAULT_FRAME_TIMEOUT_MS): void {
  pages.set(page, { timeoutMs, skipped: new Map() });
}

/** Plain-English warnings, one per iframe that was not audited, saying why. */
export function frameWarnings(page: Page): string[] {
  return [...(pages.get(page)?.skipped.values() ?? [])];
}

/** The page's frames that scripts can run in (as far as is known yet). */
export function auditableFrames(page: Page): Frame[] {
  return page.frames().filter((frame) => !frame.isDetached() && !refused.has(frame));
}

/** Thrown instead of waiting on a frame that cannot be scripted. */
export class FrameNotScriptableError extends Error {
  constructor(reason: string) {
    super(`the frame cannot be audited: ${reason}`);
    this.name = 'FrameNotScriptableError';
  }
}

/**
 * Runs `work` (which evaluates in `frame`), unless the frame is known to refuse scripts; in a
 * child frame, gives up after the frame time-out and leaves the frame out from then on. The main
 * frame is bounded by the page's own budget instead: without it there is nothing to audit.
 */
export async function inFrameBounded<T>(frame: Frame, work: () => Promise<T>): Promise<T> {
  if (!frame.parentFrame()) return work();
  const known = refused.get(frame);
  if (known !== undefined) throw new FrameNotScriptableError(known);
  const timeoutMs = pages.get(frame.page())?.timeoutMs ?? DEFAULT_FRAME_TIMEOUT_MS;
  let iframe = described.get(frame);
  if (!iframe) {
    iframe = await within(describeFrame(frame), timeoutMs).catch(() => ({ label: 'an iframe', src: '' }));
    described.set(frame, iframe);
  }
  const reason = reasonByAddress(iframe.src, frame.url());
  if (reason) throw leaveOut(frame, iframe.label, reason);
  try {
    return await within(work(), timeoutMs);
  } catch (error) {
    if (error instanceof TimedOut) {
      throw leaveOut(frame, iframe.label, `it did not answer within ${seconds(timeoutMs)} (it may never have finished loading, or the browser keeps it from scripts)`);
    }
    throw error;
  }
}

function leaveOut(frame: Frame, label: string, reason: string): FrameNotScriptableError {
  refused.set(frame, reason);
  const state = pages.get(frame.page());
  const where = frame.parentFrame()?.url() || frame.page().url();
  if (state && !state.skipped.has(label)) state.skipped.set(label, `The frame ${label} on ${where} was not audited: ${reason}.`);
  return new FrameNotScriptableError(reason);
}

/** Why an address cannot be audited as part of the page, or undefined when it may be. */
function reasonByAddress(src: string, url: string): string | undefined {
  const scheme = (address: string) => /^([a-z][a-z0-9+.-]*):/i.exec(address.trim())?.[1]?.toLowerCase();
  const wanted = scheme(src);
  const shown = scheme(url);
  if (shown === 'chrome-error') return 'its content could not be loaded (the browser shows its own error page there)';
  for (const s of [wanted, shown]) {
    if (s === 'file') return 'it shows a local file (file:), which the browser does not let a web page load or script';
    if (s === 'view-source') return 'it shows page source (view-source:), which the browser does not let a web page load or script';
    if (s === 'chrome' || s === 'chrome-untrusted' || s === 'devtools' || s === 'chrome-extension' || s === 'edge') {
      return `it shows a browser page (${s}:), which a web page cannot load or script`;
    }
  }
  return undefined;
}

/** The iframe as a person would find it in the markup: its title and src. */
async function describeFrame(frame: Frame): Promise<{ label: string; src: string }> {
  const element = await frame.frameElement();
  try {
    const [tag, title, src] = await Promise.all([
      element.evaluate((el) => (el as Element).localName),
      element.getAttribute('title'),
      element.getAttribute('src'),
    ]);
    const parts = [title ? `title="${clip(title)}"` : '', src ? `src="${clip(src)}"` : ''].filter(Boolean);
    return { label: `<${tag}${parts.length ? ` ${parts.join(' ')}` : ''}>`, src: src ?? '' };
  } finally {
    await element.dispose().catch(() => undefined);
  }
}

const clip = (text: string) => (text.length > 120 ? `${text.slice(0, 119)}…` : text);
const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

class TimedOut extends Error {}

function within<T>(work: Promise<T>, ms: number): Promise<T> {
  work.catch(() => undefined); // still pending when the time-out wins; nobody waits on it then
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimedOut()), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
