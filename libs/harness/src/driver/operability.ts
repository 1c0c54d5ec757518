import type { Dialog, Frame, Page, Request } from 'playwright-core';
import { emptyEffect, mergeEffects, noiseFrom, isEffective, type ActionEffect, type EffectOptions, type Noise } from '../checks/operability-effects.js';
import {
  canStopAfter,
  CLICK_ROLES,
  expectationFor,
  judgeOperability,
  keysToTry,
  planOperability,
  type ActivationKey,
  type OperabilityCandidate,
  type OperabilityResult,
} from '../checks/operability.js';
import { KEY_TYPES, MOUSE_ACTIVATION_TYPES, PRESS_TYPES } from '../checks/pointer-mouse-only.js';
import { armProbe, blurAll, collectOperabilityCandidates, disarmProbe, ensureFocused, pointerTarget, probeActivity } from '../page/pointer-probe.js';
import type { FindingDraft } from '../types.js';
import type { AuditContext } from './context.js';
import { listenerTargets, listenerTypesOf, parkPointer } from './listeners.js';

/** Most candidates gathered from the page before planning (the plan keeps `maxOperabilityChecks`). */
const MAX_CANDIDATES = 2000;

/**
 * Watches one action on the page: in the page (mutations, navigations — cancelled so the page
 * stays — focus, scroll, the element's state) and in the browser (dialogs, which it dismisses,
 * new windows, which it closes, requests, and navigations that got through anyway).
 */
export class EffectRecorder {
  private effect: Partial<ActionEffect> = {};
  private navigatedAway = false;
  /** Wakes `settleUnlessEffective` when the browser saw something (a dialog, a window, a request). */
  private wake: (() => void) | undefined;
  private readonly onDialog = (dialog: Dialog) => {
    (this.effect.dialogs ??= []).push(dialog.message());
    dialog.dismiss().catch(() => undefined);
    this.wake?.();
  };
  private readonly onPopup = (popup: Page) => {
    (this.effect.popups ??= []).push(popup.url());
    popup.close().catch(() => undefined);
    this.wake?.();
  };
  private readonly onRequest = (request: Request) => {
    if (!/^(?:data|blob):/.test(request.url())) (this.effect.requests ??= []).push(request.url());
    this.wake?.();
  };
  private readonly onNavigated = (frame: Frame) => {
    if (frame === this.page.mainFrame()) {
      this.navigatedAway = true;
      (this.effect.navigations ??= []).push(frame.url());
      this.wake?.();
    }
  };

  constructor(private readonly page: Page) {}

  /** Starts watching; false when the element to watch is not there. */
  async start(selector: string | null): Promise<boolean> {
    this.effect = {};
    this.navigatedAway = false;
    const ok = await this.page.evaluate(armProbe, selector);
    this.page.on('dialog', this.onDialog);
    this.page.on('popup', this.onPopup);
    this.page.on('request', this.onRequest);
    this.page.on('framenavigated', this.onNavigated);
    return ok;
  }

  /**
   * Lets the page react to the action for up to `ms`, stopping early once the action has visibly
   * done something (`describeEffect` with `noise` and `options`) — for callers that only need to
   * know that it did, and reset the page afterwards. When nothing happens it waits the whole
   * time, in the page (so the page's own short timers always come first).
   */
  async settleUnlessEffective(ms: number, noise: Noise, options: EffectOptions = {}): Promise<void> {
    const until = performance.now() + ms;
    let since: string | null = null;
    try {
      for (;;) {
        const left = until - performance.now();
        if (left <= 0 || this.navigatedAway) return;
        const browser = new Promise<'browser'>((resolve) => (this.wake = () => resolve('browser')));
        const inPage: Promise<string | null> = this.page.evaluate(probeActivity, { maxMs: left, since });
        inPage.catch(() => undefined);
        const seen: string | null = await Promise.race([inPage, browser]).catch(() => 'gone');
        if (seen === null || seen === 'gone') return; // quiet to the end, or the page went away
        if (seen !== 'browser') since = seen;
        const soFar = seen === 'no-probe' ? null : await this.page.evaluate(disarmProbe, true).catch(() => null);
        if (!soFar) {
          // Cannot look (the probe is gone): wait out the time as before.
          await this.page.waitForTimeout(Math.max(0, until - performance.now())).catch(() => undefined);
          return;
        }
        if (isEffective(mergeEffects(mergeEffects(emptyEffect(), soFar), this.effect), noise, options)) return;
      }
    } finally {
      this.wake = undefined;
    }
  }

  /** Stops watching and says what happened. */
  async stop(): Promise<{ effect: ActionEffect; navigatedAway: boolean }> {
    const inPage = this.navigatedAway ? null : await this.page.evaluate(disarmProbe, false).catch(() => null);
    this.page.off('dialog', this.onDialog);
    this.page.off('popup', this.onPopup);
    this.page.off('request', this.onRequest);
    this.page.off('framenavigated', this.onNavigated);
    return { effect: mergeEffects(mergeEffects(emptyEffect(), inPage ?? {}), this.effect), navigatedAway: this.navigatedAway };
  }
}

/** What the page does on its own while nothing is done, watched for `ms` (twice the settle time). */
export async function idleNoise(ctx: AuditContext, recorder: EffectRecorder, ms = ctx.budget.settleMs * 2): Promise<Noise> {
  await recorder.start(null);
  await ctx.settle(ms);
  const { effect } = await recorder.stop();
  return noiseFrom(effect);
}

type Action = 'click' | ActivationKey;

/**
 * `keyboard/not-operable`: focusable controls with click behaviour are clicked, and Enter and
 * Space are pressed on them, each from the same state; a click that does something when the keys
 * a control of that kind must answer do nothing is a finding. Cost: at most
 * `maxOperabilityChecks` controls, custom controls first; the page is reloaded only after an
 * action changed it. Main document only.
 */
export async function runOperabilityCheck(ctx: AuditContext): Promise<FindingDraft[]> {
  const { page } = ctx;
  const max = ctx.budget.maxOperabilityChecks;
  if (max <= 0) return [];
  const targets = (await listenerTargets(ctx, [...MOUSE_ACTIVATION_TYPES, ...KEY_TYPES], false)).filter(
    (t) => !t.ref.framePath?.length && !t.innerTag,
  );
  const selectorsWith = (types: readonly string[]) => targets.filter((t) => t.types.some((type) => types.includes(type))).map((t) => t.ref.selector);
  const pageTypes = [...(await listenerTypesOf(ctx.cdp, 'window')), ...(await listenerTypesOf(ctx.cdp, 'document'))];
  const found = await page.evaluate(collectOperabilityCandidates, {
    clickSelectors: selectorsWith(MOUSE_ACTIVATION_TYPES).filter((s) => !targets.find((t) => t.ref.selector === s)?.rootish),
    keySelectors: selectorsWith(KEY_TYPES),
    pressSelectors: selectorsWith(PRESS_TYPES),
    pageKey: pageTypes.some((type) => (KEY_TYPES as readonly string[]).includes(type)),
    pagePress: pageTypes.some((type) => (PRESS_TYPES as readonly string[]).includes(type)),
    roles: CLICK_ROLES,
    max: MAX_CANDIDATES,
  });
  const plan = planOperability(found, max);
  if (plan.length === 0) return [];

  const recorder = new EffectRecorder(page);
  const noise = await idleNoise(ctx, recorder);
  let dirty = false;

  /** Focuses the candidate from a clean state and performs one action on it; null if it could not. */
  const perform = async (candidate: OperabilityCandidate, action: Action): Promise<ActionEffect | null> => {
    if (dirty) await ctx.reset();
    dirty = false;
    await parkPointer(page);
    await page.evaluate(blurAll);
    const selector = candidate.ref.selector;
    if (!(await page.evaluate(ensureFocused, selector))) return null;
    let point: { x: number; y: number } | null = null;
    if (action === 'click') {
      point = await page.evaluate(pointerTarget, selector);
      if (!point) return null; // covered: a person could not click it there either
    }
    await ctx.settle(Math.min(50, ctx.budget.settleMs));
    if (!(await recorder.start(selector))) {
      await recorder.stop();
      return null;
    }
    let failed = false;
    try {
      if (point) {
        await page.mouse.click(point.x, point.y);
        // The whole time: what a click does is reported in full.
        await ctx.settle();
      } else {
        await page.keyboard.press(action);
        // A key is only judged on whether it did anything, and the page is reset after it did.
        await recorder.settleUnlessEffective(ctx.budget.settleMs, noise);
      }
    } catch {
      failed = true; // the page went away under the action
    }
    const { effect, navigatedAway } = await recorder.stop();
    // Any change (or one we cannot see, like leaving the page) means starting again next time.
    dirty = failed || navigatedAway || effect.mutations > 0 || isEffective(effect, noise, { countScroll: true });
    if (point) await parkPointer(page);
    return failed ? null : effect;
  };

  const drafts: FindingDraft[] = [];
  try {
    for (const candidate of plan) {
      const expectation = expectationFor(candidate);
      if (!expectation) continue;
      const click = await perform(candidate, 'click');
      const result: OperabilityResult = { candidate, click, keys: {} };
      if (isEffective(click, noise)) {
        for (const key of keysToTry(expectation)) {
          const effect = await perform(candidate, key);
          result.keys[key] = effect;
          if (canStopAfter(expectation, key, isEffective(effect, noise))) break;
        }
      }
      const draft = judgeOperability(result, noise);
      if (draft) drafts.push(draft);
    }
  } finally {
    await parkPointer(page);
  }
  return drafts;
}
