import type { Page } from 'playwright-core';
import { reportSelector } from '../checks/findings.js';
import { keyboardFindings } from '../checks/keyboard-findings.js';
import type { IframeObservation, KeyboardScan, TabbableObservation, WalkPass } from '../checks/keyboard-observations.js';
import { collectTabbables, describeIframe, scanKeyboardFrame } from '../page/keyboard-observe.js';
import type { FindingDraft } from '../types.js';
import { ensureAgent, framePath, inFrame, installInFrame, type AuditContext } from './context.js';
import { auditableFrames, inFrameBounded } from './frames.js';
import { compareFocusVisibility } from './tab-walk-visibility.js';
import { TabWalker } from './tab-walk.js';

/**
 * The keyboard step: a static look at every frame (positive and negative tabindex, iframes,
 * scrollable regions), then a real Tab walk (and a Shift+Tab walk when the forward one cannot
 * finish), then focus screenshots compared on the reset page. The checks themselves are pure
 * functions in `checks/keyboard-*.ts`.
 */
export async function runKeyboardChecks(ctx: AuditContext): Promise<FindingDraft[]> {
  const { page } = ctx;
  await ensureAgent(page);
  const first = await scanFrames(page);
  const excluded = first.iframes.filter((f) => f.tabindex !== null && f.tabindex < 0).map((f) => [...(f.target.framePath ?? []), f.target.selector]);

  const walker = new TabWalker(ctx);
  const forward = await walker.forward();
  const tabbables = new Map<string, TabbableObservation>();
  await collectReached(page, tabbables, excluded);

  let backward: WalkPass | undefined;
  if ((forward.outcome === 'trapped' || forward.outcome === 'blocked') && walker.pressesSpent < ctx.budget.maxTabStops) {
    await ctx.reset();
    await scanFrames(page);
    backward = await walker.backward(forward.sequence.find((k): k is string => k !== null) ?? null);
    await collectReached(page, tabbables, excluded);
  }
  const result = walker.result(forward, backward);

  const visibility = result.captures.some((c) => c.measured)
    ? await (async () => {
        await ctx.reset();
        return compareFocusVisibility(ctx, result.captures, result.walk.stops);
      })()
    : [];

  const scan: KeyboardScan = {
    tabbables: [...tabbables.values()],
    removedControls: first.frames.flatMap(({ path, scan }) => scan.removedControls.map((c) => ({ ...c, target: inFrame(c.target, path) }))),
    positiveTabindex: first.frames.flatMap(({ path, scan }) => scan.positiveTabindex.map((p) => ({ ...p, target: inFrame(p.target, path) }))),
    iframes: first.iframes,
    scrollables: first.frames.flatMap(({ path, scan }) => scan.scrollables.map((s) => ({ ...s, target: inFrame(s.target, path) }))),
  };
  return keyboardFindings({ walk: result.walk, scan, visibility });
}

type FrameScan = ReturnType<typeof scanKeyboardFrame>;

/** Scans every frame (and remembers its tabbable elements in the page for the walk to mark). */
async function scanFrames(page: Page): Promise<{ frames: { path: string[]; scan: FrameScan }[]; iframes: IframeObservation[] }> {
  const frames: { path: string[]; scan: FrameScan }[] = [];
  const iframes: IframeObservation[] = [];
  for (const frame of auditableFrames(page)) {
    if (frame.isDetached() || !(await installInFrame(frame))) continue;
    const path = await framePath(frame).catch(() => null);
    if (path === null) continue;
    const scan = await frame.evaluate(scanKeyboardFrame).catch(() => null);
    if (scan) frames.push({ path, scan });
    if (!frame.parentFrame()) continue;
    const element = await frame.frameElement().catch(() => null);
    const info = await element?.evaluate(describeIframe).catch(() => null);
    await element?.dispose();
    if (!info) continue;
    iframes.push({
      target: inFrame(info.ref, path.slice(0, -1)),
      tabindex: info.tabindex,
      visible: info.visible,
      inert: info.inert,
      tabbableContent: scan ? scan.tabbableCount : null,
    });
  }
  return { frames, iframes };
}

/** Adds each frame's tabbable elements and whether the walk reached them (merged across walks). */
async function collectReached(page: Page, into: Map<string, TabbableObservation>, excludedFrames: string[][]): Promise<void> {
  for (const frame of auditableFrames(page)) {
    if (frame.isDetached()) continue;
    const path = await framePath(frame).catch(() => null);
    if (path === null) continue;
    const infos = await inFrameBounded(frame, () => frame.evaluate(collectTabbables)).catch(() => []);
    const insideExcludedFrame = excludedFrames.some((prefix) => prefix.length <= path.length && prefix.every((s, i) => path[i] === s));
    for (const info of infos) {
      const target = inFrame(info.ref, path);
      const key = reportSelector({ target });
      const known = into.get(key);
      into.set(key, {
        key,
        target: known?.target ?? target,
        reached: (known?.reached ?? false) || info.reached,
        radioGroup: info.radioGroup,
        stillTabbable: (known?.stillTabbable ?? true) && info.stillTabbable,
        insideExcludedFrame,
        ariaHidden: info.ariaHidden,
      });
    }
  }
}
