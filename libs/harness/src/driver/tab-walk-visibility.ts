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

/** The part of `image` (whose top-left is at `origin`) under `clip`, or null when it is not all there. */
export const crop = (image: RgbaImage, origin: { x: number; y: number }, clip: Box): RgbaImage | null => {
  const left = clip.x - origin.x;
  const top = clip.y - origin.y;
  if (left < 0 || top < 0 || left + clip.width > image.width || top + clip.height > image.height) return null;
  const data = Buffer.alloc(clip.width * clip.height * 4);
  for (let row = 0; row < clip.height; row++) {
    const from = ((top + row) * image.width + left) * 4;
    data.set(image.data.subarray(from, from + clip.width * 4), row * clip.width * 4);
  }
  return { width: clip.width, height: clip.height, data };
};

/** Captures of the main document that see the page scrolled the same way, walked one after another. */
export interface ScrollGroup {
  /** The smallest box holding all their clips (viewport coordinates). */
  area: Box;
  size: number;
}

/** Fewest captures in a group for one shared screenshot to beat a screenshot each. */
export const MIN_SHARED = 3;

/**
 * Groups consecutive main-document captures whose scroll state is the same: reset to that state
 * with nothing focused, the page looks the same for all of them, so one screenshot of the area
 * their clips cover, cut up, gives each its unfocused pixels (identical to a shot of its own clip).
 */
export function scrollGroups(captures: readonly StopCapture[]): Map<string, ScrollGroup> {
  const byKey = new Map<string, ScrollGroup>();
  let current: { scroll: string; group: ScrollGroup; keys: string[] } | null = null;
  const close = () => {
    if (current && current.group.size >= MIN_SHARED) for (const key of current.keys) byKey.set(key, current.group);
    current = null;
  };
  for (const capture of captures) {
    if (!capture.measured) continue;
    if (capture.framePath.length || !capture.clip || !capture.focusedPng) {
      close();
      continue;
    }
    const scroll = JSON.stringify(capture.scroll);
    const clip = capture.clip;
    if (!current || current.scroll !== scroll) {
      close();
      current = { scroll, group: { area: { ...clip }, size: 0 }, keys: [] };
    }
    const area = current.group.area;
    const x1 = Math.max(area.x + area.width, clip.x + clip.width);
    const y1 = Math.max(area.y + area.height, clip.y + clip.height);
    area.x = Math.min(area.x, clip.x);
    area.y = Math.min(area.y, clip.y);
    area.width = x1 - area.x;
    area.height = y1 - area.y;
    current.group.size += 1;
    current.keys.push(capture.key);
  }
  close();
  return byKey;
}

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
  const groups = scrollGroups(captures);
  // The shared unfocused screenshot of the group being compared; dropped whenever focus was
  // given and taken back by script (the page may have reacted).
  let sharedGroup: ScrollGroup | null = null;
  let sharedImage: RgbaImage | null = null;
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
      const group = groups.get(capture.key);
      if (group) {
        if (sharedGroup !== group) {
          const png = await shot(page, group.area);
          sharedGroup = group;
          sharedImage = png ? decode(png) : null;
        }
        const focused = decode(capture.focusedPng);
        const unfocused = sharedImage ? crop(sharedImage, group.area, capture.clip) : null;
        observation.boxChanged = focused && unfocused ? countChangedPixels(focused, unfocused, undefined, MIN_CHANGED_PIXELS) : null;
      } else {
        observation.boxChanged = compare(capture.focusedPng, await shot(page, capture.clip));
      }
    }
    if (observation.boxChanged !== null && observation.boxChanged >= MIN_CHANGED_PIXELS) continue;
    sharedGroup = null;
    const before = await shot(page);
    if (!(await frame.evaluate(focusSelector, capture.selector).catch(() => false))) continue;
    await ctx.settle(Math.min(ctx.budget.settleMs, 60));
    const after = await shot(page);
    observation.viewportChanged = compare(before, after);
    await frame.evaluate(blurSelector, capture.selector).catch(() => undefined);
  }
  return observations;
}
