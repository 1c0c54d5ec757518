/**
 * In-page helpers for the listener, hover, operability and shortcut checks. This file runs in the
 * browser: every exported function is serialised on its own (Playwright's `evaluate`, or CDP
 * `Runtime.callFunctionOn` with `fn.toString()`), so each must be self-contained: no module-level
 * helpers, no imports except types. They use the agent (`window.__atcompat`) for the shared rules.
 */
import type { ActionEffect } from '../checks/operability-effects.js';
import type { OperabilityCandidate } from '../checks/operability.js';
import type { HoverRule, RevealedContent } from '../checks/pointer-hover.js';
import type { ListenerTarget } from '../checks/pointer-mouse-only.js';
import type { ShortcutControl } from '../checks/shortcut.js';
import type { ElementRef } from '../types.js';

interface EffectProbe {
  observer: MutationObserver;
  records: MutationRecord[];
  navigations: string[];
  onNavigate: (event: Event) => void;
  onFocusIn: (event: Event) => void;
  focusedElsewhere: boolean;
  element: Element | null;
  stateBefore: Record<string, string>;
  activeBefore: Element | null;
  scrollBefore: [number, number];
}

declare global {
  interface Window {
    __atcompatShown?: Set<Element>;
    __atcompatProbe?: EffectProbe;
  }
}

/**
 * Called with `this` = an element that has event listeners of its own (CDP
 * `Runtime.callFunctionOn`): everything `judgeMouseOnly` needs to know about it.
 */
export function observeListenerTarget(this: Element, types: string[]): ListenerTarget | null {
  const element = this;
  if (!element || element.nodeType !== 1) return null;
  const win = element.ownerDocument.defaultView;
  const agent = win?.__atcompat;
  if (!win || !agent) return null;

  // The iframes leading here, outermost first, named by their parents' agents.
  const framePath: string[] = [];
  let unreachableFrame = false;
  try {
    let current: Window = win;
    while (current !== current.parent) {
      const frameElement = current.frameElement;
      if (!frameElement) {
        unreachableFrame = true;
        break;
      }
      const parentWindow = frameElement.ownerDocument.defaultView!;
      framePath.unshift(parentWindow.__atcompat ? parentWindow.__atcompat.selectorFor(frameElement) : frameElement.localName);
      current = parentWindow;
    }
  } catch {
    unreachableFrame = true;
  }

  const parentOf = (node: Element): Element | null => {
    if (node.parentElement) return node.parentElement;
    const root = node.getRootNode();
    return root instanceof win.ShadowRoot ? root.host : null;
  };
  let host: Element = element;
  for (let root = host.getRootNode(); root instanceof win.ShadowRoot; root = host.getRootNode()) host = root.host;

  const doc = element.ownerDocument;
  const rootish = element === doc.documentElement || element === doc.body;
  const widgetRoles = [
    'button', 'link', 'checkbox', 'switch', 'radio', 'tab', 'menuitem', 'menuitemcheckbox', 'menuitemradio', 'option',
    'listbox', 'combobox', 'grid', 'gridcell', 'row', 'tree', 'treeitem', 'treegrid', 'menu', 'menubar', 'tablist',
    'slider', 'spinbutton', 'textbox', 'searchbox', 'toolbar', 'radiogroup',
  ];
  const nativeInteractive = (node: Element) =>
    ((node.localName === 'a' || node.localName === 'area') && node.hasAttribute('href')) ||
    ['button', 'input', 'select', 'textarea', 'summary'].includes(node.localName);

  let interactiveAncestor: string | null = null;
  for (let current = parentOf(element); current; current = parentOf(current)) {
    if (current === doc.body || current === doc.documentElement) break;
    const role = current.getAttribute('role')?.trim().split(/\s+/)[0] ?? null;
    if ((nativeInteractive(current) || (role && widgetRoles.includes(role))) && agent.isFocusable(current)) {
      interactiveAncestor = agent.selectorFor(current);
      break;
    }
  }

  const label = element.closest('label');
  const control = label ? (label as HTMLLabelElement).control : null;
  const labelsFocusableControl = !!(control && agent.isFocusable(control));

  const focusableSelector =
    'a[href],area[href],button,input:not([type="hidden"]),select,textarea,iframe,summary,[tabindex],[contenteditable]:not([contenteditable="false"])';
  const focusableDescendants: { tag: string; role: string | null; href?: string }[] = [];
  const inside = element.querySelectorAll(focusableSelector);
  for (let i = 0; i < inside.length && i < 200 && focusableDescendants.length < 5; i += 1) {
    const node = inside[i]!;
    if (!agent.isFocusable(node)) continue;
    const href = (node as HTMLAnchorElement).href;
    focusableDescendants.push({
      tag: node.localName,
      role: agent.roleOf(node),
      ...(typeof href === 'string' && href ? { href } : {}),
    });
  }

  const rect = element.getBoundingClientRect();
  const viewWidth = win.innerWidth || 1;
  const viewHeight = win.innerHeight || 1;
  const overlapX = Math.max(0, Math.min(rect.right, viewWidth) - Math.max(rect.left, 0));
  const overlapY = Math.max(0, Math.min(rect.bottom, viewHeight) - Math.max(rect.top, 0));

  const ref: ElementRef = agent.describe(host);
  return {
    ref: framePath.length ? { ...ref, framePath } : ref,
    ...(host !== element ? { innerTag: element.localName } : {}),
    types,
    rootish,
    visible: agent.isVisible(element),
    focusable: agent.isFocusable(element),
    ...(unreachableFrame ? { unreachableFrame } : {}),
    interactiveAncestor,
    labelsFocusableControl,
    focusableDescendants,
    viewportCoverage: (overlapX * overlapY) / (viewWidth * viewHeight),
    text: agent.visibleText(element, 80),
  };
}

/** Style rules (in same-origin sheets, including inside @media/@supports/@layer) whose selector has `:hover`. */
export function collectHoverRules(): HoverRule[] {
  const rules: HoverRule[] = [];
  const visit = (list: CSSRuleList) => {
    for (let i = 0; i < list.length && rules.length < 2000; i += 1) {
      const rule = list[i]!;
      if (rule instanceof CSSStyleRule) {
        if (rule.selectorText.includes(':hover')) {
          const properties: string[] = [];
          for (let p = 0; p < rule.style.length; p += 1) properties.push(rule.style.item(p));
          rules.push({ selectorText: rule.selectorText, properties });
        }
      } else if ('cssRules' in rule && (rule as CSSGroupingRule).cssRules) {
        visit((rule as CSSGroupingRule).cssRules);
      }
    }
  };
  for (const sheet of Array.from(document.styleSheets)) {
    try {
      visit(sheet.cssRules);
    } catch {
      // cross-origin style sheet: its rules cannot be read
    }
  }
  return rules;
}

/**
 * The elements to hover: those named by selectors (listener owners, `:hover` rule subjects),
 * visible, not html/body, without duplicates, in DOM order, at most `max`.
 */
export function hoverCandidates(args: { selectors: string[]; max: number }): ElementRef[] {
  const agent = window.__atcompat!;
  const found = new Set<Element>();
  for (const selector of args.selectors) {
    let matches: Element[] = [];
    try {
      matches = Array.from(document.querySelectorAll(selector)).slice(0, 200);
    } catch {
      continue;
    }
    for (const element of matches) {
      if (element === document.body || element === document.documentElement) continue;
      if (agent.isVisible(element)) found.add(element);
    }
  }
  return Array.from(found)
    .sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1))
    .slice(0, args.max)
    .map((element) => agent.describe(element));
}

/** Remembers which elements are shown now, for `newlyShown`. */
export function markShown(): number {
  const isShown = (element: Element): boolean => {
    if (typeof element.checkVisibility === 'function') {
      if (!element.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true } as CheckVisibilityOptions)) return false;
    }
    const rect = element.getBoundingClientRect();
    if (rect.width <= 1 || rect.height <= 1) return false;
    return rect.right + window.scrollX > 0 && rect.bottom + window.scrollY > 0;
  };
  const shown = new Set<Element>();
  const all = document.querySelectorAll('body *');
  for (let i = 0; i < all.length && i < 20000; i += 1) if (isShown(all[i]!)) shown.add(all[i]!);
  Object.defineProperty(window, '__atcompatShown', { value: shown, configurable: true, writable: true, enumerable: false });
  return shown.size;
}

/** The top-most elements shown now that were not when `markShown` ran (at most `max`). */
export function newlyShown(max: number): RevealedContent[] {
  const agent = window.__atcompat!;
  const before = window.__atcompatShown ?? new Set<Element>();
  const isShown = (element: Element): boolean => {
    if (typeof element.checkVisibility === 'function') {
      if (!element.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true } as CheckVisibilityOptions)) return false;
    }
    const rect = element.getBoundingClientRect();
    if (rect.width <= 1 || rect.height <= 1) return false;
    return rect.right + window.scrollX > 0 && rect.bottom + window.scrollY > 0;
  };
  const fresh = new Set<Element>();
  const all = document.querySelectorAll('body *');
  for (let i = 0; i < all.length && i < 20000; i += 1) {
    const element = all[i]!;
    if (!before.has(element) && isShown(element)) fresh.add(element);
  }
  const out: RevealedContent[] = [];
  for (const element of fresh) {
    if (element.parentElement && fresh.has(element.parentElement)) continue;
    const focusables = [element, ...Array.from(element.querySelectorAll('*'))].filter((e) => agent.isFocusable(e));
    const media =
      element.matches('img[alt]:not([alt=""]), svg, canvas, video') ||
      element.querySelector('img[alt]:not([alt=""]), svg title, canvas, video') !== null;
    out.push({ selector: agent.selectorFor(element), text: agent.visibleText(element, 120), controls: focusables.length, media });
    if (out.length >= max) break;
  }
  return out;
}

/** Whether any of these elements is shown (after the pointer left: did the content go away?). */
export function anyShown(selectors: string[]): boolean {
  const agent = window.__atcompat!;
  return selectors.some((selector) => {
    const element = agent.find(selector);
    if (!element) return false;
    if (typeof element.checkVisibility === 'function' && !element.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true } as CheckVisibilityOptions)) return false;
    const rect = element.getBoundingClientRect();
    return rect.width > 1 && rect.height > 1;
  });
}

/** Text generated by `::before`/`::after` on an element (a CSS tooltip), empty if none shows. */
export function pseudoText(selector: string): string {
  const element = window.__atcompat!.find(selector);
  if (!element) return '';
  const parts: string[] = [];
  for (const pseudo of ['::before', '::after']) {
    const style = getComputedStyle(element, pseudo);
    if (style.display === 'none' || style.visibility === 'hidden' || style.opacity === '0') continue;
    const content = style.content;
    if (!content || content === 'none' || content === 'normal') continue;
    const text = content.replace(/^["']|["']$/g, '').trim();
    if (text) parts.push(text);
  }
  return parts.join(' ');
}

/**
 * Scrolls the element into view and returns a point in the viewport where the pointer lands on it
 * (or on something inside it), or null if it is covered there.
 */
export function pointerTarget(selector: string): { x: number; y: number } | null {
  const element = window.__atcompat!.find(selector);
  if (!element) return null;
  element.scrollIntoView({ block: 'center', inline: 'center', behavior: 'instant' as ScrollBehavior });
  const rects = Array.from(element.getClientRects());
  for (const rect of rects.length ? rects : [element.getBoundingClientRect()]) {
    if (rect.width < 1 || rect.height < 1) continue;
    const points = [
      [rect.left + rect.width / 2, rect.top + rect.height / 2],
      [rect.left + Math.min(4, rect.width / 2), rect.top + Math.min(4, rect.height / 2)],
      [rect.right - Math.min(4, rect.width / 2), rect.bottom - Math.min(4, rect.height / 2)],
    ] as const;
    for (const [x, y] of points) {
      if (x < 0 || y < 0 || x >= window.innerWidth || y >= window.innerHeight) continue;
      const hit = document.elementFromPoint(x, y);
      if (hit && (hit === element || element.contains(hit))) return { x: Math.round(x), y: Math.round(y) };
    }
  }
  return null;
}

/**
 * Where keyboard focus should go to show what hovering an element shows: the element itself if
 * it can take focus, else its first focusable descendant, then its nearest focusable ancestor.
 */
export function focusTargetsFor(selector: string): string[] {
  const agent = window.__atcompat!;
  const element = agent.find(selector);
  if (!element) return [];
  if (agent.isFocusable(element)) return [selector];
  const out: string[] = [];
  const inside = Array.from(element.querySelectorAll('*')).find((e) => agent.isFocusable(e));
  if (inside) out.push(agent.selectorFor(inside));
  for (let current = element.parentElement; current && current !== document.body; current = current.parentElement) {
    if (agent.isFocusable(current) && current.getAttribute('tabindex') !== '-1') {
      out.push(agent.selectorFor(current));
      break;
    }
  }
  return out;
}

/**
 * Prepares to reach an element with Tab: focuses the tabbable element before it (so one Tab
 * press lands on it) and says 'tab', or says 'script' when Tab cannot reach it (not tabbable,
 * first on the page). Returns null if it is gone.
 */
export function prepareTabTo(selector: string): 'tab' | 'script' | null {
  const agent = window.__atcompat!;
  const element = agent.find(selector);
  if (!element) return null;
  const tabbables = agent.tabbables();
  const index = tabbables.indexOf(element);
  if (index > 0) {
    (tabbables[index - 1] as HTMLElement).focus({ preventScroll: true });
    return 'tab';
  }
  return 'script';
}

/** Focuses the element by script unless it already has focus; true when it has focus. */
export function ensureFocused(selector: string): boolean {
  const agent = window.__atcompat!;
  const element = agent.find(selector) as HTMLElement | null;
  if (!element) return false;
  if (agent.activeElement() !== element) element.focus();
  return agent.activeElement() === element;
}

/** Moves focus back to the page itself (the body), as if nothing had been focused. */
export function blurAll(): void {
  // Bounded: a blur handler may move focus on (a focus trap bouncing between two buttons).
  for (let i = 0; i < 5; i += 1) {
    const active = document.activeElement;
    if (!active || active === document.body) return;
    (active as HTMLElement).blur?.();
    if (document.activeElement === active) return;
  }
}

/**
 * Starts watching what the page does: DOM mutations, navigations (cancelled through the
 * Navigation API so the page stays put), focus, scroll, and the state of `selector`'s element.
 */
export function armProbe(selector: string | null): boolean {
  const agent = window.__atcompat!;
  const previous = window.__atcompatProbe;
  if (previous) {
    previous.observer.disconnect();
    (window as unknown as { navigation?: EventTarget }).navigation?.removeEventListener('navigate', previous.onNavigate);
    document.removeEventListener('focusin', previous.onFocusIn, true);
  }
  const element = selector ? agent.find(selector) : null;
  const state = (node: Element | null): Record<string, string> => {
    const out: Record<string, string> = {};
    if (!node) return out;
    for (const name of ['aria-checked', 'aria-expanded', 'aria-pressed', 'aria-selected', 'open']) {
      const value = node.getAttribute(name);
      if (value !== null) out[name] = value;
    }
    if ('checked' in node) out.checked = String((node as HTMLInputElement).checked);
    if (node.localName === 'details' || node.localName === 'dialog') out.open = String((node as HTMLDetailsElement).open);
    return out;
  };
  const records: MutationRecord[] = [];
  const observer = new MutationObserver((list) => {
    if (records.length < 500) records.push(...list);
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  const navigations: string[] = [];
  const onNavigate = (event: Event) => {
    const navigate = event as Event & { destination?: { url: string }; cancelable: boolean };
    navigations.push(navigate.destination?.url ?? '');
    if (navigate.cancelable) navigate.preventDefault();
  };
  (window as unknown as { navigation?: EventTarget }).navigation?.addEventListener('navigate', onNavigate);
  const activeBefore = agent.activeElement();
  // Focus that moves and comes back (or is taken back by the driver) still counts.
  const onFocusIn = (event: Event) => {
    if (event.target !== activeBefore && window.__atcompatProbe) window.__atcompatProbe.focusedElsewhere = true;
  };
  document.addEventListener('focusin', onFocusIn, true);
  const probe: EffectProbe = {
    observer,
    records,
    navigations,
    onNavigate,
    onFocusIn,
    focusedElsewhere: false,
    element,
    stateBefore: state(element),
    activeBefore,
    scrollBefore: [window.scrollX, window.scrollY],
  };
  Object.defineProperty(window, '__atcompatProbe', { value: probe, configurable: true, writable: true, enumerable: false });
  return element !== null || selector === null;
}

/**
 * Stops watching and reports what happened since `armProbe`. With `keep`, reports what has
 * happened so far and goes on watching.
 */
export function disarmProbe(keep = false): Partial<ActionEffect> | null {
  const agent = window.__atcompat!;
  const probe = window.__atcompatProbe;
  if (!probe) return null;
  probe.records.push(...probe.observer.takeRecords());
  if (!keep) {
    probe.observer.disconnect();
    (window as unknown as { navigation?: EventTarget }).navigation?.removeEventListener('navigate', probe.onNavigate);
    document.removeEventListener('focusin', probe.onFocusIn, true);
    window.__atcompatProbe = undefined;
  }

  const targets = new Set<string>();
  for (const record of probe.records) {
    if (targets.size >= 40) break;
    let node: Node | null = record.target;
    if (node.nodeType !== 1) node = node.parentElement;
    if (node && (node as Element).isConnected) targets.add(agent.selectorFor(node as Element));
    else targets.add('(removed)');
  }
  const stateAfter: Record<string, string> = {};
  const element = probe.element;
  if (element) {
    for (const name of ['aria-checked', 'aria-expanded', 'aria-pressed', 'aria-selected', 'open']) {
      const value = element.getAttribute(name);
      if (value !== null) stateAfter[name] = value;
    }
    if ('checked' in element) stateAfter.checked = String((element as HTMLInputElement).checked);
    if (element.localName === 'details' || element.localName === 'dialog') stateAfter.open = String((element as HTMLDetailsElement).open);
  }
  const changed = Array.from(new Set([...Object.keys(probe.stateBefore), ...Object.keys(stateAfter)])).filter(
    (key) => probe.stateBefore[key] !== stateAfter[key],
  );
  return {
    mutations: probe.records.length,
    mutatedTargets: Array.from(targets),
    navigations: probe.navigations,
    focusMoved: probe.focusedElsewhere || agent.activeElement() !== probe.activeBefore,
    stateChanged: changed,
    scrolled: window.scrollX !== probe.scrollBefore[0] || window.scrollY !== probe.scrollBefore[1],
  };
}

/**
 * Waits in the page, at most `maxMs`, until what the probe sees differs from `since` (a value
 * this returned before; null: nothing happened yet): DOM mutations, navigations, focus, scroll,
 * the watched element's state. Returns what it sees then, or null when nothing more happened in
 * time ('no-probe' when there is no probe to ask). Polls every 10 ms; waiting here keeps the order of timers, so a reaction the page put on
 * a timer shorter than `maxMs` before the wait began always comes first, however loaded the
 * machine is.
 */
export async function probeActivity(args: { maxMs: number; since: string | null }): Promise<string | null> {
  const probe = window.__atcompatProbe;
  if (!probe) return 'no-probe';
  const agent = window.__atcompat!;
  const state = (node: Element | null): string => {
    if (!node) return '';
    const out: string[] = [];
    for (const name of ['aria-checked', 'aria-expanded', 'aria-pressed', 'aria-selected', 'open']) out.push(String(node.getAttribute(name)));
    if ('checked' in node) out.push(String((node as HTMLInputElement).checked));
    if (node.localName === 'details' || node.localName === 'dialog') out.push(String((node as HTMLDetailsElement).open));
    return out.join(',');
  };
  const initial = JSON.stringify([0, 0, false, true, probe.scrollBefore[0], probe.scrollBefore[1], state(probe.element)]);
  const since = args.since ?? initial;
  const now = () => {
    probe.records.push(...probe.observer.takeRecords());
    return JSON.stringify([
      probe.records.length,
      probe.navigations.length,
      probe.focusedElsewhere,
      agent.activeElement() === probe.activeBefore,
      window.scrollX,
      window.scrollY,
      state(probe.element),
    ]);
  };
  const start = performance.now();
  for (;;) {
    const seen = now();
    if (seen !== since) return seen;
    if (performance.now() - start >= args.maxMs) return null;
    await new Promise((resolve) => setTimeout(resolve, Math.min(10, Math.max(0, args.maxMs - (performance.now() - start)))));
  }
}

/**
 * Focusable, visible elements that may have click behaviour (own click listener, a clickable
 * role, a native button or link), in DOM order, at most `max`.
 */
export function collectOperabilityCandidates(args: {
  clickSelectors: string[];
  keySelectors: string[];
  pressSelectors: string[];
  pageKey: boolean;
  pagePress: boolean;
  roles: string[];
  max: number;
}): OperabilityCandidate[] {
  const agent = window.__atcompat!;
  const toSet = (selectors: string[]) => {
    const set = new Set<Element>();
    for (const selector of selectors) {
      const element = agent.find(selector);
      if (element) set.add(element);
    }
    return set;
  };
  const withClick = toSet(args.clickSelectors);
  const withKey = toSet(args.keySelectors);
  const withPress = toSet(args.pressSelectors);
  const onPath = (element: Element, set: Set<Element>) => {
    for (let current: Element | null = element; current; current = current.parentElement) if (set.has(current)) return true;
    return false;
  };
  const textTypes = ['text', 'email', 'search', 'tel', 'url', 'password', 'number', 'date', 'datetime-local', 'month', 'time', 'week'];
  const out: OperabilityCandidate[] = [];
  const all = document.querySelectorAll('body *');
  for (let i = 0; i < all.length && out.length < args.max; i += 1) {
    const element = all[i]!;
    const tag = element.localName;
    const explicit = element.getAttribute('role')?.trim().split(/\s+/)[0] || null;
    const type = (element.getAttribute('type') ?? '').toLowerCase();
    let native: OperabilityCandidate['native'] = null;
    if ((tag === 'a' || tag === 'area') && element.hasAttribute('href')) native = 'link';
    else if (tag === 'button' || (tag === 'input' && ['button', 'submit', 'reset', 'image'].includes(type))) native = 'button';
    else if (tag === 'summary' && element.parentElement?.localName === 'details') native = 'button';
    else if (tag === 'input' && type === 'checkbox') native = 'checkbox';
    else if (tag === 'input' && type === 'radio') native = 'radio';
    const ownClick = withClick.has(element);
    if (!native && !ownClick && !(explicit && args.roles.includes(explicit))) continue;
    if (!agent.isFocusable(element)) continue;
    const textEntry =
      (tag === 'input' && (type === '' || textTypes.includes(type))) ||
      tag === 'textarea' ||
      tag === 'select' ||
      (element as HTMLElement).isContentEditable;
    out.push({
      ref: agent.describe(element),
      role: agent.roleOf(element),
      explicitRole: explicit !== null,
      native,
      ownClick,
      textEntry,
      keyListenerInPath: args.pageKey || onPath(element, withKey),
      pressListenerInPath: args.pagePress || onPath(element, withPress),
    });
  }
  return out;
}

/** Visible controls with their names and the short text around them, for `shortcutInstrument`. */
export function collectShortcutControls(): ShortcutControl[] {
  const agent = window.__atcompat!;
  const selector = [
    'input[type="checkbox"]',
    'input[type="radio"]',
    'input[type="button"]',
    'input[type="submit"]',
    'select',
    'button',
    'a[href]',
    'summary',
    '[role="switch"]',
    '[role="checkbox"]',
    '[role="radio"]',
    '[role="button"]',
    '[role="link"]',
    '[role="menuitemcheckbox"]',
    '[role="menuitem"]',
  ].join(',');
  const clean = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();
  const out: ShortcutControl[] = [];
  const all = document.querySelectorAll(selector);
  for (let i = 0; i < all.length && out.length < 300; i += 1) {
    const element = all[i]!;
    if (!agent.isVisible(element)) continue;
    const labels = (element as HTMLInputElement).labels;
    const labelled = element.getAttribute('aria-labelledby');
    const name = clean(
      element.getAttribute('aria-label') ||
        (labelled ? labelled.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' ') : '') ||
        (labels && labels.length ? Array.from(labels).map((l) => l.innerText).join(' ') : '') ||
        (element as HTMLElement).innerText ||
        (element as HTMLInputElement).value ||
        element.getAttribute('title'),
    );
    // The largest of the three nearest ancestors whose text is still short: a settings group.
    let context = '';
    let current: Element | null = element.parentElement;
    for (let depth = 0; depth < 3 && current && current !== document.body; depth += 1, current = current.parentElement) {
      const text = clean((current as HTMLElement).innerText);
      if (text.length > 300) break;
      context = text;
    }
    out.push({ role: agent.roleOf(element), name: name.slice(0, 200), context });
  }
  return out;
}

/**
 * Elements whose React props carry mouse or hover handlers. React attaches its listeners to the
 * root container, so CDP sees none on the element itself; the props React keeps on each DOM node
 * (`__reactProps$…`, React 16: `__reactEventHandlers$…`) say what a click on it would run.
 * Main document, DOM order, at most `max`.
 */
export function reactHandlers(args: { max: number }): { selector: string; types: string[]; sources: (string | null)[] }[] {
  const agent = window.__atcompat!;
  const propToType: Record<string, string> = {
    onClick: 'click',
    onDoubleClick: 'dblclick',
    onMouseDown: 'mousedown',
    onMouseUp: 'mouseup',
    onPointerDown: 'pointerdown',
    onPointerUp: 'pointerup',
    onMouseEnter: 'mouseenter',
    onMouseOver: 'mouseover',
    onPointerEnter: 'pointerenter',
    onPointerOver: 'pointerover',
  };
  const out: { selector: string; types: string[]; sources: (string | null)[] }[] = [];
  const all = document.querySelectorAll('body *');
  for (let i = 0; i < all.length && i < 20000 && out.length < args.max; i += 1) {
    const element = all[i]!;
    const key = Object.keys(element).find((k) => k.startsWith('__reactProps$') || k.startsWith('__reactEventHandlers$'));
    if (!key) continue;
    const props = (element as unknown as Record<string, Record<string, unknown> | undefined>)[key];
    if (!props || typeof props !== 'object') continue;
    const types: string[] = [];
    const sources: (string | null)[] = [];
    for (const [prop, type] of Object.entries(propToType)) {
      for (const name of [prop, `${prop}Capture`]) {
        const handler = props[name];
        if (typeof handler !== 'function') continue;
        if (!types.includes(type)) types.push(type);
        if (type === 'click' || type === 'dblclick' || type.endsWith('down') || type.endsWith('up')) {
          sources.push(Function.prototype.toString.call(handler).slice(0, 4000));
        }
      }
    }
    if (types.length) out.push({ selector: agent.selectorFor(element), types, sources });
  }
  return out;
}
