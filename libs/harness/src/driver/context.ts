import type { CDPSession, Frame, Page } from 'playwright-core';
import { installAgent } from '../page/agent.js';
import type { AuditBudget, ElementRef, FindingDraft } from '../types.js';
import { inFrameBounded } from './frames.js';

/** What every audit step gets: the page, a CDP session on it, the limits, and helpers. */
export interface AuditContext {
  page: Page;
  cdp: CDPSession;
  budget: AuditBudget;
  /** Whether to attach screenshots of barriers to findings. */
  screenshots: boolean;
  /**
   * Puts the page back to its starting state (reload by default; a journey provides its own).
   * Steps that press keys or click call this first, so each starts from the same state.
   */
  reset(): Promise<void>;
  /** Lets the page react to what was just done (timers, transitions, requests). */
  settle(ms?: number): Promise<void>;
}

/** Installs the in-page agent in every frame of the page (idempotent). */
export async function ensureAgent(page: Page): Promise<void> {
  await Promise.all(page.frames().map((frame) => installInFrame(frame)));
}

export async function installInFrame(frame: Frame): Promise<boolean> {
  try {
    await inFrameBounded(frame, () => frame.evaluate(installAgent));
    return true;
  } catch {
    return false; // detached, cross-origin-isolated or unscriptable frame: skipped (frames.ts warns)
  }
}

/** The selectors of the iframes leading to `frame`, outermost first (empty for the main frame). */
export async function framePath(frame: Frame): Promise<string[]> {
  const path: string[] = [];
  for (let current: Frame | null = frame; current && current.parentFrame(); current = current.parentFrame()) {
    const element = await current.frameElement();
    const parent = current.parentFrame()!;
    await installInFrame(parent);
    const selector = await element.evaluate((el) => window.__atcompat!.selectorFor(el as Element));
    await element.dispose();
    path.unshift(selector);
  }
  return path;
}

/** Adds the frame path to an element reference from a child frame. */
export function inFrame(ref: ElementRef, path: string[]): ElementRef {
  return path.length ? { ...ref, framePath: path } : ref;
}

/** A PNG screenshot of a box (plus a margin) as a data: URI, or undefined if it cannot be taken. */
export async function screenshotOf(page: Page, target: ElementRef, margin = 8): Promise<string | undefined> {
  if (!target.box || target.framePath?.length) return undefined;
  const { x, y, width, height } = target.box;
  if (width <= 0 || height <= 0) return undefined;
  try {
    const png = await page.screenshot({
      clip: { x: Math.max(0, x - margin), y: Math.max(0, y - margin), width: Math.min(width + 2 * margin, 1600), height: Math.min(height + 2 * margin, 1200) },
      fullPage: true,
      animations: 'disabled',
      caret: 'hide',
    });
    return `data:image/png;base64,${png.toString('base64')}`;
  } catch {
    return undefined;
  }
}

/** Attaches screenshots to drafts when the audit asked for them (bounded, first come first served). */
export async function withScreenshots(ctx: AuditContext, drafts: FindingDraft[], max = 25): Promise<FindingDraft[]> {
  if (!ctx.screenshots) return drafts;
  let taken = 0;
  for (const draft of drafts) {
    if (draft.screenshot || taken >= max) continue;
    draft.screenshot = await screenshotOf(ctx.page, draft.target);
    if (draft.screenshot) taken += 1;
  }
  return drafts;
}
