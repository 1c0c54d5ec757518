import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ElementHandle, Frame } from 'playwright-core';
import {
  AXE_FACT_RULES,
  PROMOTABLE_INCOMPLETE,
  axeDrafts,
  axeRunOptions,
  splitAxeTarget,
  type AxeNodeFacts,
  type AxeNodeObservation,
  type AxeOutcome,
  type AxeSelector,
  type AxeViolationObservation,
} from '../checks/axe.js';
import type { ElementRef, FindingDraft } from '../types.js';
import { framePath, inFrame, installInFrame, type AuditContext } from './context.js';
import { INSTALL_VISIBLE_TEXT } from './speech.js';

let axeSource: { code: string; version: string } | undefined;

/** axe-core's browser bundle and version, read once per process. */
function loadAxe(): { code: string; version: string } {
  if (!axeSource) {
    const require = createRequire(import.meta.url);
    const { version } = JSON.parse(readFileSync(require.resolve('axe-core/package.json'), 'utf8')) as { version: string };
    axeSource = { code: readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'), version };
  }
  return axeSource;
}

/** Most violation nodes described by the agent; beyond that axe's own selectors stand in. */
const MAX_DESCRIBED_NODES = 400;

/** What the page-side `axe` object offers (only what this file calls). */
interface AxeInPage {
  utils: { getFrameContexts(context: unknown): { frameSelector: AxeSelector; frameContext: unknown }[] };
  runPartial(context: unknown, options: unknown): Promise<unknown>;
  finishRun(partials: unknown[], options: unknown): Promise<{ violations: AxeViolationObservation[]; incomplete?: AxeViolationObservation[] }>;
}

/** Loads our axe-core into the frame, unless it is there already (a page's own copy may differ). */
async function injectAxe(frame: Frame): Promise<void> {
  const { code, version } = loadAxe();
  const present = await frame
    .evaluate((v) => (window as unknown as { axe?: { version?: string } }).axe?.version === v, version)
    .catch(() => false);
  if (!present) await frame.evaluate(code);
}

/**
 * Runs axe in `frame` and, depth first, in every frame inside it (the way @axe-core/playwright
 * does): the partial results must come in this order for `finishRun` to place frame results.
 */
async function runPartialRecursive(frame: Frame, context: unknown, options: unknown): Promise<unknown[]> {
  await injectAxe(frame);
  const frameContexts = await frame.evaluate(
    (ctx) => (window as unknown as { axe: AxeInPage }).axe.utils.getFrameContexts(ctx),
    context as never,
  );
  const partials: unknown[] = [
    await frame.evaluate(
      ({ ctx, opts }) => (window as unknown as { axe: AxeInPage }).axe.runPartial(ctx, opts),
      { ctx: context as never, opts: options as never },
    ),
  ];
  for (const { frameSelector, frameContext } of frameContexts) {
    try {
      const child = await childFrame(frame, frameSelector);
      if (!child) throw new Error('frame not found');
      // A frame that cannot be scripted would hold axe until the page's budget ran out.
      if (!(await installInFrame(child))) throw new Error('frame cannot be scripted');
      partials.push(...(await runPartialRecursive(child, frameContext, options)));
    } catch {
      partials.push(null); // detached or cross-origin frame axe cannot reach: finishRun skips it
    }
  }
  return partials;
}

/** The frame shown by the iframe that an axe selector names inside `frame`. */
async function childFrame(frame: Frame, selector: AxeSelector): Promise<Frame | null> {
  const handle = await frame.evaluateHandle(queryDeep, selector);
  const element = handle.asElement() as ElementHandle<Element> | null;
  if (!element) {
    await handle.dispose();
    return null;
  }
  const child = await element.contentFrame();
  await element.dispose();
  return child;
}

/** Finds an element by an axe selector, descending into shadow roots. Runs in the page. */
function queryDeep(selector: string | string[]): Element | null {
  const parts = Array.isArray(selector) ? selector : [selector];
  let root: Document | ShadowRoot = document;
  let element: Element | null = null;
  for (let i = 0; i < parts.length; i += 1) {
    element = root.querySelector(parts[i]!);
    if (!element) return null;
    if (i < parts.length - 1) {
      if (!element.shadowRoot) return null;
      root = element.shadowRoot;
    }
  }
  return element;
}

/** axe-core (WCAG 2.0–2.2 A and AA, plus label-content-name-mismatch) in every frame → `axe/<id>`. */
export async function runAxe(ctx: AuditContext): Promise<FindingDraft[]> {
  const { page } = ctx;
  const options = axeRunOptions();
  const main = page.mainFrame();
  // Only `exclude`: axe then includes the whole document, whatever its root element (HTML or SVG).
  const partials = await runPartialRecursive(main, { exclude: [] }, options);
  // finishRun only merges the partial results; it runs in the page's main frame, where axe is loaded.
  const results = await main.evaluate(
    ({ partials, opts }) => (window as unknown as { axe: AxeInPage }).axe.finishRun(partials, opts),
    { partials: partials as never, opts: options as never },
  );
  const outcomes: AxeOutcome[] = [
    ...results.violations.map((violation) => ({ violation, outcome: 'violation' as const })),
    ...(results.incomplete ?? [])
      .filter((violation) => PROMOTABLE_INCOMPLETE.has(violation.id))
      .map((violation) => ({ violation, outcome: 'incomplete' as const })),
  ];

  const refs = new Map<AxeNodeObservation, ElementRef>();
  const facts = new Map<AxeNodeObservation, AxeNodeFacts>();
  const paths = new Map<Frame, string[]>();
  let described = 0;
  for (const { violation, outcome } of outcomes) {
    for (const node of violation.nodes) {
      if (described >= MAX_DESCRIBED_NODES && outcome === 'violation' && !AXE_FACT_RULES.has(violation.id)) continue;
      described += 1;
      const found = await locateNode(main, node).catch(() => null);
      if (!found) continue;
      try {
        if (AXE_FACT_RULES.has(violation.id)) {
          const learnt = await gatherFacts(ctx, violation.id, outcome, found).catch(() => undefined);
          if (learnt) facts.set(node, learnt);
        }
        const ref = await found.element.evaluate((el) => window.__atcompat!.describe(el));
        refs.set(node, found.frame === main ? ref : inFrame(ref, await pathOf(found.frame, paths)));
      } catch {
        // element gone: axe's own selector stands in
      } finally {
        await found.element.dispose();
        await found.frameElement?.dispose();
      }
    }
  }
  return axeDrafts(
    outcomes,
    (node) => refs.get(node) ?? null,
    (node) => facts.get(node),
  );
}

async function pathOf(frame: Frame, paths: Map<Frame, string[]>): Promise<string[]> {
  let path = paths.get(frame);
  if (!path) {
    path = await framePath(frame);
    paths.set(frame, path);
  }
  return path;
}

interface LocatedNode {
  frame: Frame;
  element: ElementHandle<Element>;
  /** The iframe element showing `frame` (in its parent), when the node is in a child frame. */
  frameElement?: ElementHandle<Element>;
}

/** Finds the element an axe node names, in whichever frame it is. */
async function locateNode(main: Frame, node: AxeNodeObservation): Promise<LocatedNode | null> {
  const { frames, element } = splitAxeTarget(node.target);
  let frame: Frame = main;
  let frameElement: ElementHandle<Element> | undefined;
  for (const selector of frames) {
    await frameElement?.dispose();
    frameElement = (await frame.evaluateHandle(queryDeep, selector)).asElement() as ElementHandle<Element> | undefined;
    const child = await frameElement?.contentFrame();
    if (!child) {
      await frameElement?.dispose();
      return null;
    }
    frame = child;
  }
  await installInFrame(frame);
  const handle = await frame.evaluateHandle(queryDeep, element);
  const found = handle.asElement() as ElementHandle<Element> | null;
  if (!found) {
    await handle.dispose();
    await frameElement?.dispose();
    return null;
  }
  return { frame, element: found, ...(frameElement ? { frameElement } : {}) };
}

/** What atcompat can find out about a node to confirm or dismiss axe's verdict (see confirmAxeNode). */
async function gatherFacts(ctx: AuditContext, ruleId: string, outcome: 'violation' | 'incomplete', found: LocatedNode): Promise<AxeNodeFacts | undefined> {
  switch (ruleId) {
    case 'label-content-name-mismatch': {
      await found.frame.evaluate(INSTALL_VISIBLE_TEXT);
      const label = await found.element.evaluate((el) => {
        const w = window as unknown as {
          __atcompatVisibleText: (e: Element) => string;
          axe: {
            setup(node: Node): unknown;
            teardown(): void;
            utils: { getNodeFromTree(e: Element): unknown };
            commons: { text: { accessibleTextVirtual(v: unknown): string } };
          };
        };
        w.axe.setup(el.ownerDocument);
        try {
          return { visible: w.__atcompatVisibleText(el), name: w.axe.commons.text.accessibleTextVirtual(w.axe.utils.getNodeFromTree(el)) };
        } finally {
          w.axe.teardown();
        }
      });
      return { label };
    }
    case 'frame-focusable-content': {
      if (!found.frameElement) return undefined;
      const frameInert = await found.frameElement.evaluate(
        (iframe) => iframe.closest('[inert]') !== null || (iframe.ownerDocument.querySelector('dialog:modal') !== null && iframe.closest('dialog:modal') === null),
      );
      return { frameInert };
    }
    case 'scrollable-region-focusable': {
      const scroll = await found.element.evaluate((el) => {
        const style = getComputedStyle(el);
        const scrolls = (value: string) => value === 'auto' || value === 'scroll';
        const px = (value: string) => Number.parseFloat(value) || 0;
        return {
          x: scrolls(style.overflowX) ? el.scrollWidth - el.clientWidth : 0,
          y: scrolls(style.overflowY) ? el.scrollHeight - el.clientHeight : 0,
          // ACT 0ssw9k (Inapplicable Example 5) compares the scroll distance with the padding of
          // both sides together: a region that scrolls 56 px with 30 px top and bottom hides none.
          paddingX: px(style.paddingLeft) + px(style.paddingRight),
          paddingY: px(style.paddingTop) + px(style.paddingBottom),
        };
      });
      return { scroll };
    }
    case 'aria-hidden-focus': {
      if (outcome !== 'incomplete') return undefined;
      // Focus each tabbable element inside (a few at most) and see whether focus stays there or
      // a sentinel moves it on; then put focus and scroll position back.
      const keepsFocus = await found.element.evaluate(async (el, wait) => {
        const agent = window.__atcompat!;
        const before = document.activeElement as HTMLElement | null;
        const { scrollX, scrollY } = window;
        const inside = [el, ...Array.from(el.querySelectorAll('*'))].filter((e) => agent.isTabbable(e)).slice(0, 5) as HTMLElement[];
        let kept = false;
        for (const candidate of inside) {
          candidate.focus({ preventScroll: true });
          await new Promise((resolve) => setTimeout(resolve, wait));
          if (agent.activeElement() === candidate) {
            kept = true;
            break;
          }
        }
        if (before && before !== document.body) before.focus({ preventScroll: true });
        else (document.activeElement as HTMLElement | null)?.blur?.();
        window.scrollTo(scrollX, scrollY);
        return kept;
      }, ctx.budget.settleMs);
      return { keepsFocus };
    }
    default:
      return undefined;
  }
}
