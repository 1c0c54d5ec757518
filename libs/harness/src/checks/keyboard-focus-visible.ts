import type { FindingDraft } from '../types.js';
import type { FocusVisibilityObservation } from './keyboard-observations.js';
import { nameForMessage } from './keyboard-trap.js';

/** Decoded RGBA pixels (as pngjs gives them). */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array | Buffer;
}

/** A channel must differ by more than this (0–255) for a pixel to count as changed. */
export const CHANNEL_TOLERANCE = 12;
/** Fewer changed pixels than this is noise (antialiasing), not a focus indicator. */
export const MIN_CHANGED_PIXELS = 4;

/**
 * Pixels whose colour differs by more than `tolerance` in any channel; null if sizes differ.
 * Counting stops at `stopAt` (enough to know the answer).
 */
export function countChangedPixels(a: RgbaImage, b: RgbaImage, tolerance = CHANNEL_TOLERANCE, stopAt = Number.POSITIVE_INFINITY): number | null {
  if (a.width !== b.width || a.height !== b.height || a.data.length !== b.data.length) return null;
  const da = a.data;
  const db = b.data;
  const pixels = da.length >> 2;
  // Whole pixels compared as 32-bit words first: most of them are identical.
  const aligned = da.byteOffset % 4 === 0 && db.byteOffset % 4 === 0;
  const wa = aligned ? new Uint32Array(da.buffer, da.byteOffset, pixels) : null;
  const wb = aligned ? new Uint32Array(db.buffer, db.byteOffset, pixels) : null;
  let changed = 0;
  for (let p = 0; p < pixels; p++) {
    if (wa && wb && wa[p] === wb[p]) continue;
    const i = p << 2;
    if (
      Math.abs(da[i] - db[i]) > tolerance ||
      Math.abs(da[i + 1] - db[i + 1]) > tolerance ||
      Math.abs(da[i + 2] - db[i + 2]) > tolerance ||
      Math.abs(da[i + 3] - db[i + 3]) > tolerance
    ) {
      changed += 1;
      if (changed >= stopAt) break;
    }
  }
  return changed;
}

/**
 * `keyboard/focus-not-visible`: nothing visibly changes when the element gets focus. Both
 * comparisons must agree: the whole viewport did not change (so a custom indicator anywhere — a
 * background, border, shadow, a marker beside it — counts as visible), and the element's own box
 * did not change either when that could be compared. Elements in `covered` (entirely hidden by
 * other content when focused) are left to `keyboard/focus-obscured`, which names the real cause.
 */
export function checkFocusVisible(observations: readonly FocusVisibilityObservation[], covered: ReadonlySet<string> = new Set()): FindingDraft[] {
  const drafts: FindingDraft[] = [];
  for (const o of observations) {
    if (covered.has(o.key)) continue;
    if (o.viewportChanged === null || o.viewportChanged >= MIN_CHANGED_PIXELS) continue;
    if (o.boxChanged !== null && o.boxChanged >= MIN_CHANGED_PIXELS) continue;
    drafts.push({
      rule: 'keyboard/focus-not-visible',
      target: o.target,
      message:
        `Nothing on screen changes when ${nameForMessage(o.target)} receives keyboard focus, so keyboard and switch users cannot see where they are. ` +
        'Keep the browser focus outline, or style :focus-visible with an outline, border or background that stands out.',
    });
  }
  return drafts;
}
