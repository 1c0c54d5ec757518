/**
 * What both journey modes share: doing something and seeing whether anything happened (a new
 * page, a change on this one, a dialog), waiting for an expectation, and reading the page.
 */
import type { StepStatus } from '@atcompat/contracts';
import type { CDPSession, Page, Request } from 'playwright-core';
import { expectationReason, headingMatches, type ListenerFacts, type LabelledElement, type TargetIntent } from '../checks/journey.js';
import { judgeMouseOnly, MOUSE_ACTIVATION_TYPES } from '../checks/pointer-mouse-only.js';
import type { JourneyExpectation } from '../journeys/journey.js';
import { changesSeen, findLabelled, focusedRef, openDialogs, pageText, rememberedFocusGone, rememberFocus, watchChanges } from '../page/journey-probe.js';
import { DEFAULT_BUDGET, type ElementRef } from '../types.js';
import { ensureAgent, type AuditContext } from './context.js';
import { listenerTargets } from './listeners.js';

/** The outcome of one step, before it becomes a report entry. */
export interface StepOutcome {
  status: StepStatus;
  reason?: string;
  /** Keys pressed (keyboard mode). */
  keys?: string[];
}

/** What an action did. */
export interface ActionEffect {
  navigated: boolean;
  /** Document changes counted on the same page (0 when nothing changed). */
  changes: number;
  focusBefore: ElementRef | null;
  focusAfter: ElementRef | null;
  dialogsBefore: Dialog[];
  dialogsAfter: Dialog[];
  /** The focused element before the action was removed from the document by it. */
  focusRemoved: boolean;
}

export type Dialog = Awaited<ReturnType<typeof dialogsOf>>[number];

/** Timing for journeys. */
export interface JourneyTiming {
  /** Milliseconds to let the page react after an action. */
  settleMs: number;
  /** Milliseconds an `expect` step waits. */
  expectTimeoutMs: number;
  /** Milliseconds a page may take to load. */
  loadTimeoutMs: number;
}

export const DEFAULT_TIMING: JourneyTiming = { settleMs: 250, expectTimeoutMs: 5_000, loadTimeoutMs: 30_000 };

/** Evaluates in the page, waiting out a navigation in progress (the context is destroyed by it). */
export async function inPage<A, R>(page: Page, fn: (arg: A) => R, arg: A, timing: JourneyTiming): Promise<R> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      await ensureAgent(page);
      // Every journey probe takes plain JSON (or nothing): no element handles to unbox.
      return await page.evaluate(fn as (arg: unknown) => R, arg as unknown);
    } catch (error) {
      const message = String((error as Error)?.message ?? error);
      if (attempt >= 3 || !/Execution context was destroyed|navigation|Target closed|Cannot find context/i.test(message)) throw error;
      await page.waitForLoadState('load', { timeout: timing.loadTimeoutMs }).catch(() => undefined);
    }
  }
}

async function dialogsOf(page: Page, timing: JourneyTiming) {
  return inPage(page, openDialogs, undefined, timing).catch(() => [] as ReturnType<typeof openDialogs>);
}

/**
 * Runs an action (key presses, a dispatched click) and reports what it did. Waits for a
 * navigation it started to load, or for the page to settle.
 */
export async function act(page: Page, timing: JourneyTiming, action: () => Promise<void>): Promise<ActionEffect> {
  const main = page.mainFrame();
  let navigated = false;
  let pending = false;
  const onNavigated = (frame: unknown) => {
    if (frame === main) navigated = true;
  };
  const onRequest = (request: Request) => {
    if (request.isNavigationRequest() && request.frame() === main) pending = true;
  };
  await inPage(page, watchChanges, undefined, timing);
  await inPage(page, rememberFocus, undefined, timing);
  const focusBefore = await inPage(page, focusedRef, undefined, timing);
  const dialogsBefore = await dialogsOf(page, timing);
  page.on('framenavigated', onNavigated);
  page.on('request', onRequest);
  try {
    await action();
    await page.waitForTimeout(timing.settleMs);
    if (pending && !navigated) {
      await page.waitForEvent('framenavigated', { predicate: (f) => f === main, timeout: timing.loadTimeoutMs }).then(
        () => (navigated = true),
        () => undefined,
      );
    }
    if (navigated) await page.waitForLoadState('load', { timeout: timing.loadTimeoutMs }).catch(() => undefined);
  } finally {
    page.off('framenavigated', onNavigated);
    page.off('request', onRequest);
  }
  const changes = navigated ? 0 : Math.max(0, await inPage(page, changesSeen, undefined, timing));
  const focusAfter = await inPage(page, focusedRef, undefined, timing);
  const dialogsAfter = await dialogsOf(page, timing);
  let focusRemoved = false;
  if (!navigated && focusBefore) {
    focusRemoved = await inPage(page, rememberedFocusGone, undefined, timing);
  }
  return { navigated, changes, focusBefore, focusAfter, dialogsBefore, dialogsAfter, focusRemoved };
}

/** Whether an action visibly did something: a new page, a change on this one, or focus moving. */
export function didSomething(effect: ActionEffect): boolean {
  return effect.navigated || effect.changes > 0 || effect.focusAfter?.selector !== effect.focusBefore?.selector;
}

/** Waits (bounded) until the page meets the expectation; `failed` with what it showed otherwise. */
export async function expectOn(page: Page, expect: JourneyExpectation, timing: JourneyTiming): Promise<StepOutcome> {
  const deadline = Date.now() + timing.expectTimeoutMs;
  let seen = { headings: [] as string[], hasText: false };
  for (;;) {
    seen = await inPage(page, pageText, expect.text ?? null, timing).catch(() => seen);
    const heading = expect.heading === undefined || seen.headings.some((h) => headingMatches(expect.heading!, h));
    const text = expect.text === undefined || seen.hasText;
    const url = expect.url === undefined || page.url().includes(expect.url) || decodeURI(page.url()).includes(expect.url);
    if (heading && text && url) return { status: 'passed' };
    if (Date.now() >= deadline) {
      const seconds = Math.round(timing.expectTimeoutMs / 1000);
      const kind = !heading ? 'heading' : !text ? 'text' : 'url';
      return { status: 'failed', reason: expectationReason(kind, expect[kind]!, seconds, { headings: seen.headings, url: page.url() }) };
    }
    await page.waitForTimeout(100);
  }
}

/** The elements whose visible text or label is `label`. */
export async function labelled(page: Page, label: string, intent: TargetIntent, timing: JourneyTiming): Promise<LabelledElement[]> {
  return inPage(page, findLabelled, { label, intent }, timing);
}

/**
 * What the page audit's listener check says about one element: its own mouse listeners and
 * whether `keyboard/mouse-only-control` applies (the same judgement the audit makes).
 */
export async function listenerFacts(page: Page, cdp: CDPSession, selector: string): Promise<ListenerFacts | null> {
  const ctx: AuditContext = {
    page,
    cdp,
    budget: DEFAULT_BUDGET,
    screenshots: false,
    reset: async () => undefined,
    settle: (ms = DEFAULT_BUDGET.settleMs) => page.waitForTimeout(ms),
  };
  try {
    const targets = await listenerTargets(ctx, MOUSE_ACTIVATION_TYPES);
    const target = targets.find((t) => !t.ref.framePath?.length && !t.innerTag && t.ref.selector === selector);
    if (!target) return null;
    return { types: target.types, mouseOnly: judgeMouseOnly(target) !== null };
  } catch {
    return null;
  }
}

/** Loads the journey's first page; `null` when it loaded, else why not in words. */
export async function openStart(page: Page, url: string, timing: JourneyTiming): Promise<string | null> {
  try {
    const response = await page.goto(url, { waitUntil: 'load', timeout: timing.loadTimeoutMs });
    if (response && response.status() >= 400) return `The start page ${url} answered ${response.status()} ${response.statusText()}.`;
    await ensureAgent(page);
    return null;
  } catch (error) {
    return `The start page ${url} could not be loaded: ${String((error as Error)?.message ?? error).split('\n')[0]!.replace(/^page\.goto: /, '')}`;
  }
}
