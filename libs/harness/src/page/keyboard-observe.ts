/**
 * In-page helpers for the keyboard step. Each exported function runs inside a frame through
 * `evaluate`, so each is self-contained (no module-level helpers) and may only use the page's own
 * globals and `window.__atcompat` (installed by `ensureAgent`). No imports except types.
 */
import type {
  HitSample,
  HitTest,
  PositiveTabindexObservation,
  RemovedControlObservation,
  ScrollableObservation,
} from '../checks/keyboard-observations.js';
import type { ElementRef } from '../types.js';

/** Where a frame was scrolled to (its window and the scroll containers around an element). */
export interface ScrollState {
  x: number;
  y: number;
  scrollers: { selector: string; left: number; top: number }[];
}

/** What the walk records about the element that has focus, in its own frame. */
export interface FocusedInfo {
  ref: ElementRef;
  tabindex: number | null;
  region: string;
  pinned: boolean;
  hit: HitTest | null;
  scroll: ScrollState;
  /** Its box relative to its frame's viewport. */
  viewport: { x: number; y: number; width: number; height: number } | null;
}

/** Static facts about one frame, gathered before any key is pressed. */
export interface FrameScan {
  removedControls: RemovedControlObservation[];
  positiveTabindex: PositiveTabindexObservation[];
  scrollables: ScrollableObservation[];
  /** Visible tabbable elements in this document. */
  tabbableCount: number;
}

/** A tabbable element of the snapshot, with whether the walk reached it. */
export interface TabbableInfo {
  ref: ElementRef;
  reached: boolean;
  radioGroup: string | null;
  stillTabbable: boolean;
  ariaHidden: boolean;
}

interface KeyboardState {
  tabbables: Element[];
  reached: WeakSet<Element>;
}

declare global {
  interface Window {
    __atcompatKeyboard?: KeyboardState;
  }
}

/**
 * Remembers this frame's tabbable elements (so the walk can mark what it reached) and scans it
 * for removed controls, positive tabindex and scrollable regions.
 */
export function scanKeyboardFrame(): FrameScan {
  const agent = window.__atcompat!;
  const modal = document.querySelector(':modal');
  const blocked = (el: Element) => {
    if (modal && !modal.contains(el)) return true;
    for (let c: Element | null = el; c; c = c.parentElement) if ((c as HTMLElement).inert) return true;
    return false;
  };
  const tabbables = agent.tabbables().filter((el) => !blocked(el));
  window.__atcompatKeyboard = { tabbables, reached: new WeakSet() };

  const numericTabindex = (el: Element): number | null => {
    const raw = el.getAttribute('tabindex');
    if (raw === null || !/^\s*[-+]?\d+\s*$/.test(raw)) return null;
    return Number.parseInt(raw, 10);
  };

  const positiveTabindex: PositiveTabindexObservation[] = [];
  for (const el of Array.from(document.querySelectorAll('[tabindex]'))) {
    const value = numericTabindex(el);
    if (value !== null && value > 0 && agent.isFocusable(el) && !blocked(el)) {
      positiveTabindex.push({ target: agent.describe(el), tabindex: value });
    }
  }

  const COMPOSITE = ['toolbar', 'menu', 'menubar', 'tablist', 'grid', 'treegrid', 'tree', 'listbox', 'radiogroup', 'combobox'];
  const removedControls: RemovedControlObservation[] = [];
  for (const el of Array.from(document.querySelectorAll('input, select, textarea, button'))) {
    const value = numericTabindex(el);
    if (value === null || value >= 0) continue;
    if (el.localName === 'input' && (el as HTMLInputElement).type === 'hidden') continue;
    if (!agent.isVisible(el) || (el as HTMLButtonElement).disabled || el.closest('fieldset[disabled]')) continue;
    let inComposite = false;
    for (let c = el.parentElement; c; c = c.parentElement) {
      const role = c.getAttribute('role');
      if (role && COMPOSITE.includes(role.trim().split(/\s+/)[0])) inComposite = true;
    }
    // A roving tabindex keeps one member of a group at tabindex="0" and the rest at "-1".
    let roving = false;
    for (let c = el.parentElement, depth = 0; c && depth < 3 && !roving; c = c.parentElement, depth++) {
      const members = Array.from(c.querySelectorAll('[tabindex]'));
      const zero = members.filter((m) => m !== el && numericTabindex(m) === 0);
      const negative = members.filter((m) => (numericTabindex(m) ?? 0) < 0);
      roving = zero.length === 1 && negative.length >= 1 && members.length >= 2;
    }
    const hidden = blocked(el) || el.closest('[aria-hidden="true"]') !== null;
    removedControls.push({ target: agent.describe(el), tabindex: value, inComposite, roving, hidden });
  }

  const scrollables: ScrollableObservation[] = [];
  const root = document.scrollingElement;
  const walker = document.createTreeWalker(document.body ?? document.documentElement, NodeFilter.SHOW_ELEMENT);
  let visited = 0;
  for (let node = walker.currentNode as Element | null; node && visited < 20000; node = walker.nextNode() as Element | null) {
    visited += 1;
    const el = node;
    if (el === root || el === document.body || el === document.documentElement) continue;
    if (['iframe', 'frame', 'textarea', 'select', 'object', 'embed'].includes(el.localName)) continue;
    const style = getComputedStyle(el);
    const scrolls = (v: string) => v === 'auto' || v === 'scroll' || v === 'overlay';
    const sx = scrolls(style.overflowX) ? el.scrollWidth - el.clientWidth : 0;
    const sy = scrolls(style.overflowY) ? el.scrollHeight - el.clientHeight : 0;
    if (sx <= 0 && sy <= 0) continue;
    if (!agent.isVisible(el)) continue;
    const media = Array.from(el.querySelectorAll('img, svg, video, canvas, picture, object, embed, iframe, input, select, textarea, button')).some((m) =>
      agent.isVisible(m),
    );
    const text = ((el as HTMLElement).innerText ?? '').trim() !== '';
    const tabbableSelfOrDescendant = agent.isTabbable(el) || tabbables.some((t) => t !== el && el.contains(t));
    scrollables.push({
      target: agent.describe(el),
      scrollX: Math.max(0, sx),
      scrollY: Math.max(0, sy),
      padding: {
        top: Number.parseFloat(style.paddingTop) || 0,
        right: Number.parseFloat(style.paddingRight) || 0,
        bottom: Number.parseFloat(style.paddingBottom) || 0,
        left: Number.parseFloat(style.paddingLeft) || 0,
      },
      hasVisibleContent: text || media,
      tabbableSelfOrDescendant,
      inert: blocked(el),
    });
  }

  return { removedControls, positiveTabindex, scrollables, tabbableCount: tabbables.filter((t) => agent.isVisible(t)).length };
}

/** The snapshot's tabbable elements, whether they were reached, and whether they still count. */
export function collectTabbables(): TabbableInfo[] {
  const agent = window.__atcompat!;
  const state = window.__atcompatKeyboard;
  if (!state) return [];
  const modal = document.querySelector(':modal');
  return state.tabbables.map((el) => {
    const radio = el.localName === 'input' && (el as HTMLInputElement).type === 'radio' ? (el as HTMLInputElement).name || null : null;
    const form = radio ? ((el as HTMLInputElement).form?.id ?? (el as HTMLInputElement).form?.getAttribute('name') ?? '') : '';
    return {
      ref: agent.describe(el),
      reached: state.reached.has(el),
      radioGroup: radio === null ? null : `${form}\u0000${radio}`,
      stillTabbable: el.isConnected && agent.isTabbable(el) && !(modal && !modal.contains(el)),
      ariaHidden: el.closest('[aria-hidden="true"]') !== null,
    };
  });
}

/** Where this frame and the scroll containers around `el` are scrolled to. */
export function scrollStateOf(el: Element): ScrollState {
  const agent = window.__atcompat!;
  const scrollers: ScrollState['scrollers'] = [];
  for (let c = el.parentElement; c && c !== document.body && c !== document.documentElement; c = c.parentElement) {
    if (c.scrollLeft || c.scrollTop) scrollers.push({ selector: agent.selectorFor(c), left: c.scrollLeft, top: c.scrollTop });
  }
  return { x: window.scrollX, y: window.scrollY, scrollers };
}

/** Puts this frame back where `scrollStateOf` found it. */
export function restoreScroll(state: { x: number; y: number; scrollers: { selector: string; left: number; top: number }[] }): void {
  const agent = window.__atcompat!;
  for (const s of state.scrollers) {
    const el = agent.find(s.selector);
    if (el) {
      el.scrollLeft = s.left;
      el.scrollTop = s.top;
    }
  }
  window.scrollTo(state.x, state.y);
}

/** Everything the walk records about the focused element (default: the active one). */
export function observeFocused(element?: Element | null): FocusedInfo | null {
  const agent = window.__atcompat!;
  const el = element ?? agent.activeElement();
  if (!el) return null;
  const state = window.__atcompatKeyboard;
  if (state) {
    for (let current: Element | null = el; current; ) {
      state.reached.add(current);
      const root = current.getRootNode();
      current = root instanceof ShadowRoot ? root.host : null;
    }
  }

  const raw = el.getAttribute('tabindex');
  const tabindex = raw !== null && /^\s*[-+]?\d+\s*$/.test(raw) ? Number.parseInt(raw, 10) : null;

  const REGION =
    'main, nav, header, footer, aside, form, dialog, fieldset, table, section[aria-label], section[aria-labelledby], [role="main"], [role="navigation"], [role="banner"], [role="contentinfo"], [role="complementary"], [role="form"], [role="search"], [role="region"], [role="dialog"], [role="alertdialog"]';
  const regionEl = el.parentElement?.closest(REGION) ?? null;
  const region = regionEl ? agent.selectorFor(regionEl) : '';

  let pinned = false;
  for (let c: Element | null = el; c; c = c.parentElement) {
    const position = getComputedStyle(c).position;
    if (position === 'fixed' || position === 'sticky') pinned = true;
  }

  const rect = el.getBoundingClientRect();
  const viewport = rect.width || rect.height ? { x: rect.left, y: rect.top, width: rect.width, height: rect.height } : null;

  const hitTest = (): HitTest | null => {
    if (!viewport || rect.width < 4 || rect.height < 4) return null;
    const style = getComputedStyle(el);
    if (style.pointerEvents === 'none' || style.visibility !== 'visible') return null;
    for (let c: Element | null = el; c; c = c.parentElement) {
      const s = getComputedStyle(c);
      if (Number.parseFloat(s.opacity) === 0) return null;
      if (s.clip !== 'auto' && s.clip !== '' && s.position === 'absolute') return null;
      if (s.clipPath && s.clipPath !== 'none') return null;
    }
    const labels = Array.from((el as HTMLInputElement).labels ?? []);
    const painted = (hit: Element): boolean => {
      // Does `hit`, or an element between it and what it shares with `el`, paint anything?
      for (let c: Element | null = hit; c && !c.contains(el); c = c.parentElement) {
        const s = getComputedStyle(c);
        if (Number.parseFloat(s.opacity) === 0 || s.visibility !== 'visible') return false;
        if (['img', 'svg', 'video', 'canvas', 'iframe', 'input', 'select', 'textarea', 'button', 'object', 'embed'].includes(c.localName)) return true;
        const bg = s.backgroundColor;
        const alpha = /rgba?\(([^)]+)\)/.exec(bg);
        const transparent = bg === 'transparent' || (alpha !== null && alpha[1].split(',').length === 4 && Number.parseFloat(alpha[1].split(',')[3]) === 0);
        if (!transparent || s.backgroundImage !== 'none') return true;
        if (Array.from(c.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '')) return true;
      }
      return false;
    };
    const samples: HitSample[] = [];
    const covering = new Map<Element, number>();
    for (const fy of [0.1, 0.5, 0.9]) {
      for (const fx of [0.1, 0.5, 0.9]) {
        const x = rect.left + rect.width * fx;
        const y = rect.top + rect.height * fy;
        if (x < 0 || y < 0 || x >= window.innerWidth || y >= window.innerHeight) {
          samples.push('outside');
          continue;
        }
        let hit = document.elementFromPoint(x, y);
        while (hit && hit.shadowRoot) {
          const inner = hit.shadowRoot.elementFromPoint(x, y);
          if (!inner || inner === hit) break;
          hit = inner;
        }
        if (!hit) samples.push('outside');
        else if (hit === el) samples.push('self');
        else if (el.contains(hit)) samples.push('inside');
        else if (hit.contains(el)) samples.push('ancestor');
        else if (labels.some((l) => l === hit || l.contains(hit!))) samples.push('label');
        else if (!painted(hit)) samples.push('transparent');
        else {
          samples.push('other');
          covering.set(hit, (covering.get(hit) ?? 0) + 1);
        }
      }
    }
    let top: Element | null = null;
    for (const [candidate, count] of covering) if (!top || count > covering.get(top)!) top = candidate;
    // Report the outermost painted box of the covering content (the banner, not a word in it).
    let cover: Element | null = top;
    while (cover && cover.parentElement && cover.parentElement !== document.body && !cover.parentElement.contains(el)) {
      const parentRect = cover.parentElement.getBoundingClientRect();
      if (parentRect.width * parentRect.height > window.innerWidth * window.innerHeight * 0.9) break;
      cover = cover.parentElement;
    }
    return { samples, coveredBy: cover ? agent.describe(cover) : null };
  };

  const scrollers: ScrollState['scrollers'] = [];
  for (let c = el.parentElement; c && c !== document.body && c !== document.documentElement; c = c.parentElement) {
    if (c.scrollLeft || c.scrollTop) scrollers.push({ selector: agent.selectorFor(c), left: c.scrollLeft, top: c.scrollTop });
  }

  return {
    ref: agent.describe(el),
    tabindex,
    region,
    pinned,
    hit: hitTest(),
    scroll: { x: window.scrollX, y: window.scrollY, scrollers },
    viewport,
  };
}

/** What an iframe element looks like from its parent document. */
export function describeIframe(el: Element): { ref: ElementRef; tabindex: number | null; visible: boolean; inert: boolean } {
  const agent = window.__atcompat!;
  const raw = el.getAttribute('tabindex');
  const tabindex = raw !== null && /^\s*[-+]?\d+\s*$/.test(raw) ? Number.parseInt(raw, 10) : null;
  const modal = document.querySelector(':modal');
  let inert = modal !== null && !modal.contains(el);
  for (let c: Element | null = el; c; c = c.parentElement) if ((c as HTMLElement).inert) inert = true;
  // The content box: a 1×1 iframe shows nothing, whatever its default border adds.
  const visible = agent.isVisible(el) && el.clientWidth > 1 && el.clientHeight > 1;
  return { ref: agent.describe(el), tabindex, visible, inert };
}

/**
 * Text a user would read near a group of elements: their own hints (aria-keyshortcuts, title,
 * aria-describedby), then the text of their closest common container, widening to the page.
 */
export function textNear(elements: Element[]): string {
  const parts: string[] = [];
  for (const el of elements) {
    for (const attribute of ['aria-keyshortcuts', 'title', 'aria-label', 'placeholder']) {
      const value = el.getAttribute(attribute);
      if (value) parts.push(value);
    }
    for (const id of (el.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean)) {
      const described = document.getElementById(id);
      if (described) parts.push(described.textContent ?? '');
    }
  }
  let common: Element | null = elements[0]?.parentElement ?? null;
  while (common && !elements.every((el) => common!.contains(el))) common = common.parentElement;
  const container = common ?? document.body;
  const text = (el: Element) => ((el as HTMLElement).innerText ?? el.textContent ?? '').replace(/\s+/g, ' ').trim();
  // The closest container first: if it says nothing about keys, the page around it may.
  parts.push(text(container).slice(0, 4000));
  if (container !== document.body && document.body) parts.push(text(document.body).slice(0, 8000));
  return parts.join('\n');
}

/** Accessible-ish name of an element for matching "Close" or "Help": text, aria-label, title. */
export function nameOf(el: Element): string {
  const labelled = (el.getAttribute('aria-labelledby') ?? '')
    .split(/\s+/)
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');
  const text = [el.getAttribute('aria-label') ?? '', labelled, (el as HTMLElement).innerText ?? '', el.getAttribute('title') ?? '', (el as HTMLInputElement).value ?? ''];
  return text.join(' ').replace(/\s+/g, ' ').trim();
}

/**
 * Moves the sequential focus navigation starting point to the start (or end) of the document
 * with nothing focused: a temporary focusable element there is focused and removed.
 */
export function focusDocumentEdge(edge: 'start' | 'end'): void {
  const active = document.activeElement as HTMLElement | null;
  if (active && active !== document.body) active.blur();
  const body = document.body;
  if (!body) return;
  const sentinel = document.createElement('span');
  sentinel.tabIndex = -1;
  sentinel.setAttribute('aria-hidden', 'true');
  sentinel.style.cssText = 'position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);';
  if (edge === 'start') body.prepend(sentinel);
  else body.append(sentinel);
  sentinel.focus({ preventScroll: true });
  sentinel.remove();
}

/**
 * Identifies the focused element of this document for the walk (a selector) and marks it
 * reached; null when nothing is focused, 'no-agent' when the agent is missing (page reloaded).
 */
export function readActive(): { selector: string; isFrame: boolean } | null | 'no-agent' {
  const agent = window.__atcompat;
  if (!agent) return 'no-agent';
  const el = agent.activeElement();
  if (!el) return null;
  const state = window.__atcompatKeyboard;
  if (state) {
    for (let current: Element | null = el; current; ) {
      state.reached.add(current);
      const root = current.getRootNode();
      current = root instanceof ShadowRoot ? root.host : null;
    }
  }
  return { selector: agent.selectorFor(el), isFrame: el.localName === 'iframe' || el.localName === 'frame' };
}

/**
 * Prepares the unfocused screenshot of an element: blurs whatever has focus (without focusing
 * anything else, so no focus handler runs), scrolls this frame back as recorded, and says where
 * the element is now and whether focus really is nowhere.
 */
export function prepareUnfocused(args: {
  selector: string;
  scroll: { x: number; y: number; scrollers: { selector: string; left: number; top: number }[] } | null;
}): { rect: { x: number; y: number; width: number; height: number } | null; unfocused: boolean } {
  const agent = window.__atcompat!;
  const active = document.activeElement as HTMLElement | null;
  if (active && active !== document.body) active.blur();
  if (args.scroll) {
    for (const s of args.scroll.scrollers) {
      const el = agent.find(s.selector);
      if (el) {
        el.scrollLeft = s.left;
        el.scrollTop = s.top;
      }
    }
    window.scrollTo(args.scroll.x, args.scroll.y);
  }
  const el = agent.find(args.selector);
  const r = el?.getBoundingClientRect();
  const now = document.activeElement;
  return {
    rect: r ? { x: r.left, y: r.top, width: r.width, height: r.height } : null,
    unfocused: !now || now === document.body || now === document.documentElement,
  };
}

/** Focuses an element by script without scrolling; true when it took focus. */
export function focusSelector(selector: string): boolean {
  const el = window.__atcompat!.find(selector) as HTMLElement | null;
  if (!el || typeof el.focus !== 'function') return false;
  el.focus({ preventScroll: true });
  return (el.getRootNode() as Document | ShadowRoot).activeElement === el;
}

/** Blurs an element by selector. */
export function blurSelector(selector: string): void {
  (window.__atcompat!.find(selector) as HTMLElement | null)?.blur();
}

/**
 * Waits in the page until focus has stayed on the same element for `quietMs` (at most `maxMs`).
 * Waiting here rather than in Node keeps the order of timers: a script that moves focus back on
 * a short timer after blur always runs before this returns, however loaded the machine is.
 */
export async function focusSettled(args: { quietMs: number; maxMs: number }): Promise<void> {
  const active = (): Element | null => {
    let el: Element | null = document.activeElement;
    for (let depth = 0; el && depth < 8; depth++) {
      if (el.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      else if (el.localName === 'iframe' || el.localName === 'frame') {
        let inner: Element | null = null;
        try {
          inner = (el as HTMLIFrameElement).contentDocument?.activeElement ?? null;
        } catch {
          inner = null; // cross-origin: the iframe is as deep as we can see
        }
        if (!inner) break;
        el = inner;
      } else break;
    }
    return el;
  };
  const start = performance.now();
  let last = active();
  let since = start;
  while (performance.now() - start < args.maxMs) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    const now = active();
    if (now !== last) {
      last = now;
      since = performance.now();
    } else if (performance.now() - since >= args.quietMs) {
      return;
    }
  }
}

/**
 * Waits in the page until the next frame has been rendered (a task queued from a frame callback
 * runs once that frame's style, layout, focus fix-up and observer callbacks are done), at most
 * `maxMs`. For pages where no script can hear a key press or focus move: then the rendering step
 * is all that can still react.
 */
export function afterNextFrame(maxMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, maxMs);
    requestAnimationFrame(() =>
      setTimeout(() => {
        clearTimeout(timer);
        resolve();
      }, 0),
    );
  });
}

/**
 * The focused element of this document and its box in the viewport, without waiting or marking
 * anything: for a screenshot taken before the walk reads focus properly. Null when nothing (or an
 * iframe, or an element with no box) has focus, or the agent is missing.
 */
export function peekFocused(): { selector: string; viewport: { x: number; y: number; width: number; height: number } } | null {
  const agent = window.__atcompat;
  const el = agent?.activeElement();
  if (!agent || !el || el.localName === 'iframe' || el.localName === 'frame') return null;
  const rect = el.getBoundingClientRect();
  if (!rect.width && !rect.height) return null;
  return { selector: agent.selectorFor(el), viewport: { x: rect.left, y: rect.top, width: rect.width, height: rect.height } };
}
