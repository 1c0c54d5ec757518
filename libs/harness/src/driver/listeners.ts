import type { CDPSession, Page } from 'playwright-core';
import { hoverCandidateSelectors, judgeHover, type HoverObservation, type RevealedContent } from '../checks/pointer-hover.js';
import { HOVER_TYPES, MOUSE_ACTIVATION_TYPES, mouseOnlyFindings, type ListenerTarget } from '../checks/pointer-mouse-only.js';
import {
  anyShown,
  blurAll,
  collectHoverRules,
  ensureFocused,
  focusTargetsFor,
  hoverCandidates,
  markShown,
  newlyShown,
  observeListenerTarget,
  pointerTarget,
  prepareTabTo,
  pseudoText,
  reactHandlers,
} from '../page/pointer-probe.js';
import type { ElementRef, FindingDraft } from '../types.js';
import type { AuditContext } from './context.js';

/** Most elements with listeners looked at in the page (the rest are skipped, in DOM order). */
const MAX_LISTENER_NODES = 1500;
/** CDP calls in flight at once while looking at listener owners. */
const CDP_PARALLEL = 25;
const OBJECT_GROUP = 'atcompat-listeners';

/** One DOM node with listeners of its own, from `DOMDebugger.getEventListeners`. */
export interface ListenerNode {
  backendNodeId: number;
  types: string[];
}

/**
 * Every node in the main document (and, with `pierce`, in same-process iframes and shadow roots)
 * that has event listeners of its own — not inherited from ancestors — with their event types,
 * in document order. Inline `onclick="…"` attributes count: Chromium reports them as listeners.
 */
export async function ownListeners(cdp: CDPSession, pierce = true): Promise<ListenerNode[]> {
  const { result } = await cdp.send('Runtime.evaluate', { expression: 'document', objectGroup: OBJECT_GROUP });
  try {
    if (!result.objectId) return [];
    const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId, depth: -1, pierce });
    const byNode = new Map<number, Set<string>>();
    for (const listener of listeners) {
      if (listener.backendNodeId === undefined) continue;
      let types = byNode.get(listener.backendNodeId);
      if (!types) byNode.set(listener.backendNodeId, (types = new Set()));
      types.add(listener.type);
    }
    return [...byNode].map(([backendNodeId, types]) => ({ backendNodeId, types: [...types] }));
  } finally {
    await cdp.send('Runtime.releaseObjectGroup', { objectGroup: OBJECT_GROUP }).catch(() => undefined);
  }
}

/** Event types of the listeners of one object of the main document (`window`, `document`): its own only. */
export async function listenerTypesOf(cdp: CDPSession, expression: 'window' | 'document' | 'window.visualViewport'): Promise<string[]> {
  const { result } = await cdp.send('Runtime.evaluate', { expression, objectGroup: OBJECT_GROUP });
  try {
    if (!result.objectId) return [];
    const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId });
    return [...new Set(listeners.map((l) => l.type))];
  } finally {
    await cdp.send('Runtime.releaseObjectGroup', { objectGroup: OBJECT_GROUP }).catch(() => undefined);
  }
}

/**
 * Event types through which a script can learn that Tab was pressed or that focus moved (or
 * that what focus moving does — scrolling into view, a :focus transition — happened), and so
 * react to it later on a timer.
 */
export const FOCUS_REACTION_TYPES = [
  'keydown', 'keypress', 'keyup', 'select', 'selectstart', 'selectionchange',
  'focus', 'blur', 'focusin', 'focusout', 'DOMFocusIn', 'DOMFocusOut',
  'scroll', 'scrollend', 'resize',
  'transitionrun', 'transitionstart', 'transitionend', 'transitioncancel',
  'animationstart', 'animationiteration', 'animationend', 'animationcancel',
  'toggle', 'beforetoggle', 'contentvisibilityautostatechange',
] as const;

/**
 * Whether anything on the page listens for one of these event types: any node of the main
 * document (and its shadow roots), the document, the window or its visual viewport. A page with
 * more than one frame always counts as listening (the windows of its frames are not looked at).
 * React and other frameworks that delegate from a root listen there, so they count too.
 */
export async function pageListensFor(ctx: AuditContext, types: readonly string[]): Promise<boolean> {
  if (ctx.page.frames().length > 1) return true;
  const wanted = new Set(types);
  const some = (found: readonly string[]) => found.some((type) => wanted.has(type));
  try {
    // One after the other: they share an object group, which each releases when done. The
    // document's own listeners come with the nodes (it is the root of the traversal).
    if (some(await listenerTypesOf(ctx.cdp, 'window'))) return true;
    if (some(await listenerTypesOf(ctx.cdp, 'window.visualViewport'))) return true;
    return (await ownListeners(ctx.cdp, true)).some((node) => some(node.types));
  } catch {
    return true; // cannot tell (the page is navigating): assume it listens
  }
}

async function inBatches<T, R>(items: readonly T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(work))));
  return out;
}

/** Looks at one element (by remote object id) in its own frame with `observeListenerTarget`. */
async function observe(ctx: AuditContext, objectId: string, types: string[]): Promise<ListenerTarget | null> {
  const { result } = await ctx.cdp.send('Runtime.callFunctionOn', {
    objectId,
    functionDeclaration: observeListenerTarget.toString(),
    arguments: [{ value: types }],
    returnByValue: true,
  });
  return (result.value ?? null) as ListenerTarget | null;
}

/**
 * The elements with listeners of the given types, each looked at in its own frame by the agent
 * (`observeListenerTarget`): listeners Chromium knows of (CDP), plus React handlers, which React
 * keeps in props and runs from one listener on its root. Bounded by MAX_LISTENER_NODES, in
 * document order (React ones after the others).
 */
export async function listenerTargets(ctx: AuditContext, types: readonly string[], pierce = true): Promise<ListenerTarget[]> {
  const wanted = new Set(types);
  const nodes = (await ownListeners(ctx.cdp, pierce))
    .map((node) => ({ ...node, types: node.types.filter((t) => wanted.has(t)) }))
    .filter((node) => node.types.length > 0)
    .slice(0, MAX_LISTENER_NODES);
  try {
    const observed = await inBatches(nodes, CDP_PARALLEL, async (node) => {
      try {
        const { object } = await ctx.cdp.send('DOM.resolveNode', { backendNodeId: node.backendNodeId, objectGroup: OBJECT_GROUP });
        return object.objectId ? await observe(ctx, object.objectId, node.types) : null;
      } catch {
        return null; // node went away, or its frame has no agent
      }
    });
    const targets = observed.filter((t): t is ListenerTarget => t !== null);

    const react = (await ctx.page.evaluate(reactHandlers, { max: MAX_LISTENER_NODES }).catch(() => []))
      .map((found) => ({ ...found, types: found.types.filter((t) => wanted.has(t)) }))
      .filter((found) => found.types.length > 0);
    const extra = await inBatches(react, CDP_PARALLEL, async (found) => {
      const known = targets.find((t) => !t.ref.framePath?.length && !t.innerTag && t.ref.selector === found.selector);
      if (known) {
        known.types = [...new Set([...known.types, ...found.types])];
        return null;
      }
      try {
        const { result } = await ctx.cdp.send('Runtime.evaluate', {
          expression: `window.__atcompat && window.__atcompat.find(${JSON.stringify(found.selector)})`,
          objectGroup: OBJECT_GROUP,
        });
        const target = result.objectId ? await observe(ctx, result.objectId, found.types) : null;
        if (target) target.handlerSources = found.sources;
        return target;
      } catch {
        return null;
      }
    });
    return [...targets, ...extra.filter((t): t is ListenerTarget => t !== null)];
  } finally {
    await ctx.cdp.send('Runtime.releaseObjectGroup', { objectGroup: OBJECT_GROUP }).catch(() => undefined);
  }
}

/**
 * The source text of an element's own handlers for these event types, read through the DevTools
 * command-line API (`getEventListeners`, main document only). Null entries: not readable.
 */
export async function handlerSources(cdp: CDPSession, selector: string, types: readonly string[]): Promise<(string | null)[] | undefined> {
  const expression = `(() => {
    const element = window.__atcompat && window.__atcompat.find(${JSON.stringify(selector)});
    if (!element) return null;
    const all = getEventListeners(element);
    return ${JSON.stringify(types)}.flatMap((type) => (all[type] || []).map((entry) =>
      typeof entry.listener === 'function' ? Function.prototype.toString.call(entry.listener).slice(0, 4000) : null));
  })()`;
  try {
    const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', { expression, includeCommandLineAPI: true, returnByValue: true });
    if (exceptionDetails || !Array.isArray(result.value)) return undefined;
    return result.value as (string | null)[];
  } catch {
    return undefined;
  }
}

/** Moves the pointer off the page, so nothing is hovered. */
export async function parkPointer(page: Page): Promise<void> {
  await page.mouse.move(-1, -1).catch(() => undefined);
}

/**
 * Mouse-only controls (`keyboard/mouse-only-control`) from CDP listeners, then hover-only content
 * (`keyboard/hover-only`) by hovering for real and comparing with keyboard focus.
 */
export async function runListenerChecks(ctx: AuditContext): Promise<FindingDraft[]> {
  const targets = await listenerTargets(ctx, [...MOUSE_ACTIVATION_TYPES, ...HOVER_TYPES]);
  const mouseTargets = targets.filter((t) => t.types.some((type) => (MOUSE_ACTIVATION_TYPES as readonly string[]).includes(type)));
  // Containers with focusable children: read their handlers to tell delegation from an action of their own.
  for (const target of mouseTargets) {
    if (target.focusableDescendants.length === 0 || target.ref.framePath?.length || target.innerTag || target.handlerSources) continue;
    if (target.rootish || !target.visible || target.focusable || target.interactiveAncestor || target.labelsFocusableControl) continue;
    const types = target.types.filter((type) => (MOUSE_ACTIVATION_TYPES as readonly string[]).includes(type));
    const sources = await handlerSources(ctx.cdp, target.ref.selector, types);
    if (sources) target.handlerSources = sources;
  }
  const drafts = mouseOnlyFindings(mouseTargets);

  const hoverSelectors = targets
    .filter((t) => !t.ref.framePath?.length && !t.innerTag && !t.rootish && t.visible)
    .filter((t) => t.types.some((type) => (HOVER_TYPES as readonly string[]).includes(type)))
    .map((t) => t.ref.selector);
  drafts.push(...(await runHoverChecks(ctx, hoverSelectors)));
  return drafts;
}

/** Hover-only content on the main page: listener owners and `:hover` rule subjects, bounded by the budget. */
async function runHoverChecks(ctx: AuditContext, listenerSelectors: string[]): Promise<FindingDraft[]> {
  const { page } = ctx;
  const max = ctx.budget.maxHoverChecks;
  if (max <= 0) return [];
  const cssSubjects = hoverCandidateSelectors(await page.evaluate(collectHoverRules));
  const cssOnly = new Set<string>();
  const candidates = await page.evaluate(hoverCandidates, { selectors: [...listenerSelectors, ...cssSubjects], max });
  const fromListeners = new Set(listenerSelectors);
  for (const candidate of candidates) if (!fromListeners.has(candidate.selector)) cssOnly.add(candidate.selector);

  const drafts: FindingDraft[] = [];
  try {
    for (const target of candidates) {
      const observation = await hoverAndFocus(ctx, target, cssOnly.has(target.selector));
      if (!observation) continue;
      const draft = judgeHover(observation);
      if (draft) drafts.push(draft);
    }
  } finally {
    await parkPointer(page);
    await page.evaluate(blurAll).catch(() => undefined);
  }
  return drafts;
}

/** Hovers one element, then focuses it (or what is focusable in or around it) with the keyboard. */
async function hoverAndFocus(ctx: AuditContext, target: ElementRef, cssOnly: boolean): Promise<HoverObservation | null> {
  const { page } = ctx;
  await parkPointer(page);
  await page.evaluate(blurAll);
  const point = await page.evaluate(pointerTarget, target.selector);
  if (!point) return null; // covered by something else: a person could not hover it either
  await page.evaluate(markShown);
  const pseudoBefore = await page.evaluate(pseudoText, target.selector);
  await page.mouse.move(point.x, point.y);
  await ctx.settle();
  const onHover = await page.evaluate(newlyShown, 10);
  const pseudoHover = await page.evaluate(pseudoText, target.selector);
  const pseudoOnHover = pseudoHover && pseudoHover !== pseudoBefore ? pseudoHover : undefined;
  if (onHover.length === 0 && !pseudoOnHover) return null;

  await parkPointer(page);
  await ctx.settle();
  if (onHover.length > 0 && (await page.evaluate(anyShown, onHover.map((r) => r.selector)))) {
    // Still there after the pointer left. A :hover rule cannot do that: something else changed
    // the page meanwhile (a timer), so this is no evidence. A mouseover listener can: start again.
    if (cssOnly) return null;
    await ctx.reset();
  }

  let onFocus: RevealedContent[] | null = null;
  let pseudoOnFocus: string | undefined;
  for (const focusTarget of await page.evaluate(focusTargetsFor, target.selector)) {
    await page.evaluate(blurAll);
    await page.evaluate(markShown);
    if (!(await focusWithKeyboard(page, focusTarget))) continue;
    await ctx.settle();
    const shown = await page.evaluate(newlyShown, 20);
    onFocus = [...(onFocus ?? []), ...shown];
    const pseudo = await page.evaluate(pseudoText, target.selector);
    if (pseudo && pseudo !== pseudoBefore) pseudoOnFocus = pseudo;
    await page.evaluate(blurAll);
    await ctx.settle();
    if (judgeHover({ target, onHover, pseudoOnHover, onFocus, pseudoOnFocus }) === null) break;
  }
  return { target, onHover, ...(pseudoOnHover ? { pseudoOnHover } : {}), onFocus, ...(pseudoOnFocus ? { pseudoOnFocus } : {}) };
}

/**
 * Moves keyboard focus to an element the way a person would — Tab from the element before it —
 * falling back to focusing it by script when Tab cannot land on it. True when it has focus.
 */
export async function focusWithKeyboard(page: Page, selector: string): Promise<boolean> {
  const how = await page.evaluate(prepareTabTo, selector);
  if (how === null) return false;
  if (how === 'tab') await page.keyboard.press('Tab');
  return page.evaluate(ensureFocused, selector);
}
