import { REFLOW_WIDTH, reflowCulprits, reflowDrafts, unattributedReflow, type ReflowObservation } from '../checks/reflow.js';
import type { ElementRef, FindingDraft } from '../types.js';
import { ensureAgent, type AuditContext } from './context.js';

/** Most elements measured: candidates come in document order, so outer elements come first. */
const MAX_CANDIDATES = 2000;

/**
 * `zoom/reflow`: narrows the viewport to 320 CSS px (keeping its height), lets the page settle,
 * and blames the outermost elements that make the page scroll sideways. The viewport is put back
 * afterwards.
 */
export async function runReflowCheck(ctx: AuditContext): Promise<FindingDraft[]> {
  const { page } = ctx;
  const original =
    page.viewportSize() ?? (await page.evaluate(() => ({ width: window.innerWidth, height: window.innerHeight })));
  try {
    await page.setViewportSize({ width: REFLOW_WIDTH, height: original.height });
    await ctx.settle();
    // Two animation frames: media queries and resize handlers have run and layout is done.
    await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
    await ensureAgent(page);
    const observation = await page.evaluate(measureOverflow, MAX_CANDIDATES);
    const culprits = reflowCulprits(observation);
    if (culprits.length) {
      const refs = await page.evaluate(
        (indices) => {
          const list = (window as unknown as { __atcompatReflow?: Element[] }).__atcompatReflow ?? [];
          return indices.map((i) => window.__atcompat!.describe(list[i]!));
        },
        culprits.map((c) => c.index),
      );
      return reflowDrafts(observation, culprits, refs);
    }
    const root: ElementRef = await page.evaluate(() => window.__atcompat!.describe(document.documentElement));
    return unattributedReflow(observation, root);
  } finally {
    await page.evaluate(() => delete (window as unknown as { __atcompatReflow?: Element[] }).__atcompatReflow).catch(() => undefined);
    await page.setViewportSize(original).catch(() => undefined);
  }
}

/**
 * Runs in the page: the page's widths and every element (body and below) whose box or own text
 * reaches past the right edge of the viewport. Keeps the elements in `window.__atcompatReflow`
 * so the culprits can be described afterwards.
 */
function measureOverflow(max: number): ReflowObservation {
  const root = document.scrollingElement ?? document.documentElement;
  const viewportWidth = root.clientWidth;
  const limit = viewportWidth + 1;
  const elements: Element[] = [];
  const candidates: ReflowObservation['candidates'] = [];
  const indexOf = new Map<Element, number>();
  const clipsMemo = new Map<Element, boolean>();
  const fixedMemo = new Map<Element, boolean>();

  /** Something between the element and the page scrolls or clips sideways on its own. */
  const contained = (element: Element): boolean => {
    const parent = element.parentElement;
    if (!parent || parent === document.documentElement || parent === document.body) return false;
    const memo = clipsMemo.get(parent);
    if (memo !== undefined) return memo;
    const value = getComputedStyle(parent).overflowX !== 'visible' || contained(parent);
    clipsMemo.set(parent, value);
    return value;
  };
  const fixed = (element: Element | null): boolean => {
    if (!element || element === document.documentElement) return false;
    const memo = fixedMemo.get(element);
    if (memo !== undefined) return memo;
    const value = getComputedStyle(element).position === 'fixed' || fixed(element.parentElement);
    fixedMemo.set(element, value);
    return value;
  };
  const textRight = (element: Element): number => {
    let right = -Infinity;
    for (const child of Array.from(element.childNodes)) {
      if (child.nodeType !== Node.TEXT_NODE || !/\S/.test(child.textContent ?? '')) continue;
      const range = document.createRange();
      range.selectNodeContents(child);
      for (const rect of Array.from(range.getClientRects())) if (rect.width > 0) right = Math.max(right, rect.right);
    }
    return right;
  };

  const all = document.body ? [document.body, ...Array.from(document.body.querySelectorAll('*'))] : [];
  for (const element of all) {
    if (candidates.length >= max) break;
    const rect = element.getBoundingClientRect();
    if (rect.width === 0 && rect.height === 0 && element.getClientRects().length === 0) continue;
    const right = Math.max(rect.right, textRight(element)) + window.scrollX;
    if (right <= limit) continue;
    let parent = -1;
    for (let up = element.parentElement; up; up = up.parentElement) {
      const found = indexOf.get(up);
      if (found !== undefined) {
        parent = found;
        break;
      }
    }
    const index = candidates.length;
    indexOf.set(element, index);
    elements.push(element);
    candidates.push({ index, parent, right, width: rect.width, contained: contained(element), fixed: fixed(element) });
  }
  Object.defineProperty(window, '__atcompatReflow', { value: elements, configurable: true, writable: true });
  return { viewportWidth, scrollWidth: root.scrollWidth, candidates };
}
