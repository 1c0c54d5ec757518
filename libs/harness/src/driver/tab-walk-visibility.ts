import pngjs from 'pngjs';
import type { Page } from 'playwright-core';
import { countChangedPixels, MIN_CHANGED_PIXELS, type RgbaImage } from '../checks/keyboard-focus-visible.js';
import type { FocusStop, FocusVisibilityObservation } from '../checks/keyboard-observations.js';
import { blurSelector, focusSelector, prepareUnfocused, restoreScroll } from '../page/keyboard-observe.js';
import type { Box } from '../types.js';
import type { AuditContext } from './context.js';
import { frameByPath, type StopCapture } from './tab-walk.js';

const decode = (png: Buffer): RgbaImage | null => {
  try {
    return pngjs.PNG.sync.read(png);
  } catch {
    return null;
  }
};

/** Changed pixels, counted only up to the threshold (that is all the check needs to know). */
const compare = (a: Buffer | null, b: Buffer | null): number | null => {
  if (!a || !b) return null;
  if (a.equals(b)) return 0; // same encoder, same pixels: identical files
  const x = decode(a);
  const y = decode(b);
  return x && y ? countChangedPixels(x, y, undefined, MIN_CHANGED_PIXELS) : null;
};

const near = (a: Box, b: Box) =>
  Math.abs(a.x - b.x) <= 2 && Math.abs(a.y - b.y) <= 2 && Math.abs(a.width - b.width) <= 2 && Math.abs(a.height - b.height) <= 2;

// No `animations: 'disabled'` or `caret: 'hide'`: each costs a round trip, and what they would
// hide (an animation, a caret) only ever makes focus look visible, never the reverse.
const shot = (page: Page, clip?: Box) => page.screenshot(clip ? { clip } : {}).catch(() => null);

/**
 * For each element the walk measured, on the page reset to its starting state with nothing
 * focused and scrolled as it was when the element had focus: its box (plus margin) unfocused,
 * compared with the keyboard-focused screenshot from the walk; when that shows no change, the whole
 * viewport unfocused and focused again by script (which matches :focus-visible in Chromium).
 */
export async function compareFocusVisibility(ctx: AuditContext, captures: readonly StopCapture[], stops: readonly FocusStop[]): Promise<FocusVisibilityObservation[]> {
  const { page } = ctx;
  const byKey = new Map(stops.map((s) => [s.key, s]));
  const observations: FocusVisibilityObservation[] = [];
  for (const capture of captures) {
    const stop = byKey.get(capture.key);
    if (!capture.measured || !stop) continue;
    const observation: FocusVisibilityObservation = { key: capture.key, target: stop.target, boxChanged: null, viewportChanged: null };
    observations.push(observation);
    // Outer frames first: scroll them back, and blur the iframe that holds focus.
    for (const { framePath, state } of capture.scroll.slice(0, -1)) {
      const frame = await frameByPath(page, framePath);
      await frame?.evaluate(restoreScroll, state).catch(() => undefined);
    }
    const frame = await frameByPath(page, capture.framePath);
    if (!frame) continue;
    if (capture.framePath.length) await page.mainFrame().evaluate(() => (document.activeElement as HTMLElement | null)?.blur()).catch(() => undefined);
    const own = capture.scroll[capture.scroll.length - 1]?.state ?? null;
    const prepared = await frame.evaluate(prepareUnfocused, { selector: capture.selector, scroll: own }).catch(() => null);
    if (!prepared?.rect || !prepared.unfocused) continue;
    const rect = capture.framePath.length ? capture.viewportBox : prepared.rect;
    if (capture.clip && capture.focusedPng && rect && capture.viewportBox && near(rect, capture.viewportBox)) {
      observation.boxChanged = compare(capture.focusedPng, await shot(page, capture.clip));
    }
    if (observation.boxChanged !== null && observation.boxChanged >= MIN_CHANGED_PIXELS) continue;
    const before = await shot(page);
    if (!(await frame.evaluate(focusSelector, capture.selector).catch(() => false))) continue;
    await ctx.settle(Math.min(ctx.budget.settleMs, 60));
    const after = await shot(page);
    observation.viewportChanged = compare(before, after);
    await frame.evaluate(blurSelector, capture.selector).catch(() => undefined);
  }
  return observations;
}
