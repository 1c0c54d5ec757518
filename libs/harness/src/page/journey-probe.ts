/**
 * In-page functions for journeys, passed to `page.evaluate`. Like everything in `src/page`, each
 * is serialised on its own: it may use only its argument, the DOM and `window.__atcompat` (the
 * agent), and imports nothing at run time.
 */
import type { ElementRef } from '../types.js';
import type { LabelledElement } from '../checks/journey.js';

/** Finds the elements whose visible text (a control) or label (a field) is `label`. */
export function findLabelled(args: { label: string; intent: 'control' | 'field' | 'select' | 'checkable' }): LabelledElement[] {
  const agent = window.__atcompat!;
  const norm = (s: string | null | undefined) =>
    (s ?? '')
      .toLowerCase()
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
  const want = norm(args.label);
  if (!want) return [];
  const has = (text: string) => ` ${text} `.includes(` ${want} `);
  const INTERACTIVE =
    'a[href],area[href],button,input:not([type="hidden"]),select,textarea,summary,[contenteditable]:not([contenteditable="false"]),' +
    ['button', 'link', 'checkbox', 'radio', 'menuitem', 'menuitemcheckbox', 'menuitemradio', 'option', 'tab', 'switch', 'textbox', 'searchbox', 'combobox', 'listbox', 'spinbutton', 'slider', 'treeitem', 'radiogroup']
      .map((r) => `[role="${r}"]`)
      .join(',');
  const FIELDS: Record<string, string> = {
    field: 'input:not([type="hidden"]):not([type="checkbox"]):not([type="radio"]):not([type="button"]):not([type="submit"]):not([type="reset"]):not([type="image"]),textarea,[contenteditable]:not([contenteditable="false"]),[role="textbox"],[role="searchbox"],[role="combobox"],[role="spinbutton"]',
    select: 'select,[role="combobox"],[role="listbox"],[role="radiogroup"],fieldset',
    checkable: 'input[type="checkbox"],input[type="radio"],[role="checkbox"],[role="radio"],[role="switch"],[role="menuitemcheckbox"],[role="menuitemradio"]',
  };
  const textOf = (el: Element | null) => (el ? (el as HTMLElement).innerText ?? el.textContent ?? '' : '');
  const byIds = (el: Element, attr: string) =>
    (el.getAttribute(attr) ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => textOf(el.ownerDocument.getElementById(id)))
      .join(' ');
  const labelsOf = (el: Element): string[] => {
    const out: string[] = [];
    const labels = (el as HTMLInputElement).labels;
    if (labels) for (const label of Array.from(labels)) out.push(textOf(label));
    if (el.hasAttribute('aria-labelledby')) out.push(byIds(el, 'aria-labelledby'));
    if (el.localName === 'fieldset') out.push(textOf(el.querySelector(':scope > legend')));
    for (const attr of ['aria-label', 'placeholder', 'title']) if (el.getAttribute(attr)) out.push(el.getAttribute(attr)!);
    return out.map(norm).filter(Boolean);
  };
  const hiddenBy = (el: Element): string | undefined => {
    if (el.closest('details:not([open])') && !el.closest('summary')) return 'inside a closed expandable section (<details>)';
    for (let a: Element | null = el; a; a = a.parentElement) if ((a as HTMLElement).inert) return 'inside an inert part of the page';
    if (el.closest('[hidden]')) return 'inside a hidden part of the page';
    return undefined;
  };
  const facts = (el: Element, exact: boolean): LabelledElement => {
    const tabindex = el.getAttribute('tabindex');
    return {
      ref: agent.describe(el),
      exact,
      interactive: el.matches(INTERACTIVE),
      visible: agent.isVisible(el),
      focusable: agent.isFocusable(el),
      tabbable: agent.isTabbable(el),
      disabled: (el as HTMLButtonElement).disabled === true || el.getAttribute('aria-disabled') === 'true',
      tabindex,
      ...(hiddenBy(el) ? { hiddenBy: hiddenBy(el) } : {}),
    };
  };

  const found = new Map<Element, boolean>();
  const add = (el: Element, exact: boolean) => found.set(el, (found.get(el) ?? false) || exact);
  if (args.intent !== 'control') {
    for (const el of Array.from(document.querySelectorAll(FIELDS[args.intent]!))) {
      const labels = labelsOf(el);
      if (labels.some((l) => l === want)) add(el, true);
      else if (labels.some(has)) add(el, false);
    }
    return [...found].map(([el, exact]) => facts(el, exact));
  }
  // Controls: the innermost elements whose visible text holds the words, raised to the control
  // (or focusable element) they sit in; then names given by attributes.
  const SKIP = new Set(['script', 'style', 'template', 'noscript', 'head', 'title', 'svg']);
  const walk = (el: Element) => {
    if (SKIP.has(el.localName) || !has(norm(el.textContent))) return;
    const inner = Array.from(el.children).filter((c) => !SKIP.has(c.localName) && has(norm(c.textContent)));
    if (inner.length) {
      inner.forEach(walk);
      return;
    }
    const text = norm(textOf(el));
    if (!has(text)) return;
    const control = el.closest(`${INTERACTIVE},[tabindex]`) ?? el;
    add(control, norm(textOf(control)) === want);
  };
  if (document.body) walk(document.body);
  for (const el of Array.from(document.querySelectorAll('[aria-label],input[type="submit"],input[type="button"],input[type="reset"]'))) {
    const names = [el.getAttribute('aria-label'), (el as HTMLInputElement).value].map(norm);
    if (names.includes(want)) add(el, true);
  }
  return [...found].map(([el, exact]) => facts(el, exact));
}

/** Whether focus is on the element (or inside it: a composite widget with the focus on an item). */
export function isFocusedOn(selector: string): boolean {
  const agent = window.__atcompat!;
  const el = agent.find(selector);
  const active = agent.activeElement();
  return !!el && !!active && (el === active || el.contains(active));
}

/** What has focus now (null for the document itself). */
export function focusedRef(): ElementRef | null {
  const agent = window.__atcompat!;
  const active = agent.activeElement();
  return active ? agent.describe(active) : null;
}

/**
 * How a keyboard user moves from the focused element to the target: Tab forward or Shift+Tab
 * back (by tab order), or arrow keys when both are in one radio group or composite widget.
 */
export function routeTo(selector: string): { direction: 'forward' | 'back'; tabStops: number; arrows: 'vertical' | 'horizontal' | null } {
  const agent = window.__atcompat!;
  const target = agent.find(selector);
  const active = agent.activeElement();
  const stops = agent.tabbables();
  const result = { direction: 'forward' as 'forward' | 'back', tabStops: stops.length, arrows: null as 'vertical' | 'horizontal' | null };
  if (!target) return result;
  if (active && active !== target) {
    const group = (el: Element) =>
      el instanceof HTMLInputElement && el.type === 'radio' && el.name ? `radio:${el.form ? 'f' : 'd'}:${el.name}` : null;
    const sameRadioGroup = group(active) !== null && group(active) === group(target) && (active as HTMLInputElement).form === (target as HTMLInputElement).form;
    const composite = active.closest('[role="radiogroup"],[role="listbox"],[role="menu"],[role="menubar"],[role="tablist"],[role="tree"],[role="grid"],[role="treegrid"]');
    if (sameRadioGroup) result.arrows = 'vertical';
    else if (composite && composite.contains(target) && composite !== target) {
      const role = composite.getAttribute('role');
      const orientation = composite.getAttribute('aria-orientation');
      result.arrows = orientation === 'vertical' ? 'vertical' : orientation === 'horizontal' || role === 'tablist' || role === 'menubar' ? 'horizontal' : 'vertical';
    }
  }
  if (active) {
    const position = active.compareDocumentPosition(target);
    if (position & Node.DOCUMENT_POSITION_PRECEDING) result.direction = 'back';
  }
  return result;
}

/** Whether the element at `selector` is an arrow-key step before or after the focused one. */
export function arrowDirection(selector: string): 'next' | 'previous' {
  const agent = window.__atcompat!;
  const target = agent.find(selector);
  const active = agent.activeElement();
  if (!target || !active) return 'next';
  return active.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_PRECEDING ? 'previous' : 'next';
}

/** The state of a field or control, to tell whether a key did what it should. */
export function controlState(selector: string): {
  tag: string;
  role: string | null;
  type: string;
  value: string | null;
  checked: boolean | null;
  options: string[];
  selectedIndex: number;
  readOnly: boolean;
  connected: boolean;
} | null {
  const agent = window.__atcompat!;
  const el = agent.find(selector) as HTMLElement | null;
  if (!el) return null;
  const input = el as HTMLInputElement;
  const select = el as HTMLSelectElement;
  const ariaChecked = el.getAttribute('aria-checked');
  return {
    tag: el.localName,
    role: agent.roleOf(el),
    type: (el.getAttribute('type') ?? '').toLowerCase(),
    value: 'value' in el && typeof input.value === 'string' ? input.value : el.isContentEditable ? el.innerText : null,
    checked: el.localName === 'input' && ['checkbox', 'radio'].includes(input.type) ? input.checked : ariaChecked === null ? null : ariaChecked === 'true',
    options: el.localName === 'select' ? Array.from(select.options).map((o) => o.text) : [],
    selectedIndex: el.localName === 'select' ? select.selectedIndex : -1,
    readOnly: input.readOnly === true || el.getAttribute('aria-readonly') === 'true',
    connected: el.isConnected,
  };
}

/**
 * Starts counting changes to the document (nodes added or removed, attributes, text), so the
 * driver can tell whether a key press did anything. Reset on every call.
 */
export function watchChanges(): void {
  const w = window as unknown as { __atcompatChanges?: { count: number; observer: MutationObserver } };
  w.__atcompatChanges?.observer.disconnect();
  const state = { count: 0, observer: new MutationObserver((records) => (state.count += records.length)) };
  state.observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  w.__atcompatChanges = state;
}

/** Changes counted since `watchChanges` (-1 when it was not watching: a new document). */
export function changesSeen(): number {
  const w = window as unknown as { __atcompatChanges?: { count: number } };
  return w.__atcompatChanges ? w.__atcompatChanges.count : -1;
}

/**
 * Remembers the focused element itself (not its selector: removing an element can make its
 * selector match a sibling), so `rememberedFocusGone` can tell whether the action removed it.
 */
export function rememberFocus(): void {
  const w = window as unknown as { __atcompatFocusBefore?: WeakRef<Element> | null };
  const active = window.__atcompat!.activeElement();
  w.__atcompatFocusBefore = active ? new WeakRef(active) : null;
}

/** Whether the element focused at `rememberFocus` has left the document. */
export function rememberedFocusGone(): boolean {
  const w = window as unknown as { __atcompatFocusBefore?: WeakRef<Element> | null };
  const before = w.__atcompatFocusBefore?.deref();
  return before !== undefined && before !== null && !before.isConnected;
}

/** Visible dialogs now open: `<dialog open>`, role dialog and alertdialog. */
export function openDialogs(): { selector: string; name: string; ref: ElementRef; tabStops: number }[] {
  const agent = window.__atcompat!;
  const textOf = (el: Element | null) => (el ? ((el as HTMLElement).innerText ?? '').replace(/\s+/g, ' ').trim() : '');
  return Array.from(document.querySelectorAll('dialog[open],[role="dialog"],[role="alertdialog"]'))
    .filter((el) => agent.isVisible(el))
    .map((el) => {
      const labelledBy = (el.getAttribute('aria-labelledby') ?? '').split(/\s+/).filter(Boolean).map((id) => textOf(document.getElementById(id))).join(' ');
      const name = el.getAttribute('aria-label') || labelledBy || textOf(el.querySelector('h1,h2,h3,h4,h5,h6,[role="heading"]'));
      return { selector: agent.selectorFor(el), name, ref: agent.describe(el), tabStops: agent.tabbables().filter((t) => el.contains(t)).length };
    });
}

/** The headings on the page (visible ones), and whether `text` appears in its visible text. */
export function pageText(text: string | null): { headings: string[]; hasText: boolean } {
  const agent = window.__atcompat;
  const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();
  const headings = Array.from(document.querySelectorAll('h1,h2,h3,h4,h5,h6,[role="heading"]'))
    .filter((h) => (agent ? agent.isVisible(h) : true))
    .map((h) => ((h as HTMLElement).innerText ?? '').replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  return { headings, hasText: text !== null && norm(document.body?.innerText ?? '').includes(norm(text)) };
}

/** The page's tab stops by selector, for telling one state from another. */
export function tabStopSelectors(): string[] {
  const agent = window.__atcompat!;
  return agent.tabbables().map((el) => agent.selectorFor(el));
}

/** Puts focus back on an element (used only to undo the harness's own probing Tab presses). */
export function refocus(selector: string): void {
  (window.__atcompat!.find(selector) as HTMLElement | null)?.focus();
}
