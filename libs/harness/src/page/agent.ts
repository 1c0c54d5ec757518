/**
 * The in-page agent: helpers every check needs inside the page, installed once per frame as
 * `window.__atcompat`. This file runs in the browser: it may not import anything (Playwright
 * serialises `installAgent` with Function.prototype.toString, so everything it uses must be
 * defined inside its body) and may not use Node.
 */
import type { Box, ElementRef } from '../types.js';

/** What `window.__atcompat` offers to driver code running in the page. */
export interface PageAgent {
  version: number;
  /** Everything a report needs to point at an element. */
  describe(element: Element): ElementRef;
  /** A selector that matches only this element in its document. */
  selectorFor(element: Element): string;
  /** The element a selector from `selectorFor` names, or null. */
  find(selector: string): Element | null;
  /** Start tag with shortened attributes, plus a little text. */
  htmlSnippet(element: Element): string;
  /** Explicit role, or the implicit one for common HTML elements. */
  roleOf(element: Element): string | null;
  /** Position on the page in CSS pixels; null if it has no layout box. */
  boxOf(element: Element): Box | null;
  /** Rendered, not hidden by CSS, and with a non-empty box. */
  isVisible(element: Element): boolean;
  /** Can receive focus at all (by script or click), by the browser's rules. */
  isFocusable(element: Element): boolean;
  /** In the sequential focus order (Tab reaches it), by its semantics. */
  isTabbable(element: Element): boolean;
  /** All tabbable elements of this document in DOM order (not following positive tabindex). */
  tabbables(): Element[];
  /** The focused element, looking into open shadow roots (not into iframes). */
  activeElement(): Element | null;
  /** Visible text, whitespace collapsed, at most `max` characters. */
  visibleText(element: Element, max?: number): string;
}

declare global {
  interface Window {
    __atcompat?: PageAgent;
  }
}

/** Installs `window.__atcompat` in the current document (idempotent). */
export function installAgent(): void {
  const AGENT_VERSION = 1;
  if (window.__atcompat && window.__atcompat.version === AGENT_VERSION) return;

  const FOCUSABLE_SELECTOR = [
    'a[href]',
    'area[href]',
    'button',
    'input:not([type="hidden"])',
    'select',
    'textarea',
    'iframe',
    'object',
    'embed',
    'audio[controls]',
    'video[controls]',
    'summary',
    '[tabindex]',
    '[contenteditable]:not([contenteditable="false"])',
  ].join(',');

  const cssEscape = (value: string) => (window.CSS && CSS.escape ? CSS.escape(value) : value.replace(/[^a-zA-Z0-9_-]/g, '\\$&'));

  const unique = (selector: string, root: Document | ShadowRoot, element: Element): boolean => {
    try {
      const found = root.querySelectorAll(selector);
      return found.length === 1 && found[0] === element;
    } catch {
      return false;
    }
  };

  const stepFor = (element: Element): string => {
    const tag = element.localName;
    const parent = element.parentElement;
    if (!parent) return tag;
    const sameTag = Array.from(parent.children).filter((child) => child.localName === element.localName);
    return sameTag.length === 1 ? tag : `${tag}:nth-of-type(${sameTag.indexOf(element) + 1})`;
  };

  const selectorFor = (element: Element): string => {
    const root = element.getRootNode() as Document | ShadowRoot;
    if (element.id && unique(`#${cssEscape(element.id)}`, root, element)) return `#${cssEscape(element.id)}`;
    for (const attribute of ['data-testid', 'name', 'aria-label']) {
      const value = element.getAttribute(attribute);
      if (value && value.length < 60) {
        const candidate = `${element.localName}[${attribute}="${value.replace(/["\\]/g, '\\$&')}"]`;
        if (unique(candidate, root, element)) return candidate;
      }
    }
    const steps: string[] = [];
    let current: Element | null = element;
    while (current && current.nodeType === Node.ELEMENT_NODE) {
      if (current !== element && current.id && unique(`#${cssEscape(current.id)}`, root, current)) {
        steps.unshift(`#${cssEscape(current.id)}`);
        break;
      }
      steps.unshift(stepFor(current));
      const candidate = steps.join(' > ');
      if (unique(candidate, root, element)) return candidate;
      current = current.parentElement;
    }
    return steps.join(' > ');
  };

  const shorten = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

  const visibleText = (element: Element, max = 80): string => {
    const raw = element instanceof HTMLElement ? element.innerText : (element.textContent ?? '');
    return shorten((raw ?? '').replace(/\s+/g, ' ').trim(), max);
  };

  const htmlSnippet = (element: Element): string => {
    const attributes = Array.from(element.attributes)
      .map((a) => (a.value === '' ? a.name : `${a.name}="${shorten(a.value, 40).replace(/"/g, '&quot;')}"`))
      .join(' ');
    const open = `<${element.localName}${attributes ? ` ${attributes}` : ''}>`;
    const voids = ['input', 'img', 'br', 'hr', 'meta', 'link', 'area', 'source', 'embed', 'col', 'wbr', 'track'];
    if (voids.includes(element.localName)) return shorten(open, 300);
    const text = shorten((element.textContent ?? '').replace(/\s+/g, ' ').trim(), 60);
    return shorten(`${open}${text}</${element.localName}>`, 300);
  };

  const inputRoles: Record<string, string> = {
    button: 'button',
    submit: 'button',
    reset: 'button',
    image: 'button',
    checkbox: 'checkbox',
    radio: 'radio',
    range: 'slider',
    number: 'spinbutton',
    search: 'searchbox',
    email: 'textbox',
    tel: 'textbox',
    text: 'textbox',
    url: 'textbox',
    password: 'textbox',
  };

  const roleOf = (element: Element): string | null => {
    const explicit = element.getAttribute('role')?.trim().split(/\s+/)[0];
    if (explicit) return explicit;
    const tag = element.localName;
    switch (tag) {
      case 'a':
      case 'area':
        return element.hasAttribute('href') ? 'link' : null;
      case 'button':
        return 'button';
      case 'input': {
        const type = (element.getAttribute('type') ?? 'text').toLowerCase();
        return inputRoles[type] ?? 'textbox';
      }
      case 'select':
        return (element as HTMLSelectElement).multiple || (element as HTMLSelectElement).size > 1 ? 'listbox' : 'combobox';
      case 'textarea':
        return 'textbox';
      case 'summary':
        return 'button';
      case 'img':
        return element.getAttribute('alt') === '' ? 'presentation' : 'img';
      case 'h1':
      case 'h2':
      case 'h3':
      case 'h4':
      case 'h5':
      case 'h6':
        return 'heading';
      case 'nav':
        return 'navigation';
      case 'main':
        return 'main';
      case 'dialog':
        return 'dialog';
      case 'iframe':
        return 'iframe';
      default:
        return null;
    }
  };

  const boxOf = (element: Element): Box | null => {
    const rect = element.getBoundingClientRect();
    if (rect.width === 0 && rect.height === 0 && element.getClientRects().length === 0) return null;
    return {
      x: Math.round(rect.left + window.scrollX),
      y: Math.round(rect.top + window.scrollY),
      width: Math.round(rect.width),
      height: Math.round(rect.height),
    };
  };

  const isVisible = (element: Element): boolean => {
    if (typeof element.checkVisibility === 'function') {
      if (!element.checkVisibility({ checkOpacity: false, checkVisibilityCSS: true } as CheckVisibilityOptions)) return false;
    } else {
      const style = getComputedStyle(element);
      if (style.display === 'none' || style.visibility === 'hidden') return false;
    }
    const rect = element.getBoundingClientRect();
    return rect.width > 0 || rect.height > 0 || element.getClientRects().length > 0;
  };

  const isInert = (element: Element): boolean => {
    for (let current: Element | null = element; current; current = current.parentElement) {
      if ((current as HTMLElement).inert) return true;
    }
    return false;
  };

  const isDisabled = (element: Element): boolean => {
    if ((element as HTMLButtonElement).disabled) return true;
    // Controls inside a disabled fieldset are disabled unless inside its first legend.
    const fieldset = element.closest('fieldset[disabled]');
    if (fieldset && ['button', 'input', 'select', 'textarea'].includes(element.localName)) {
      const legend = fieldset.querySelector(':scope > legend');
      return !(legend && legend.contains(element));
    }
    return false;
  };

  const inClosedDetails = (element: Element): boolean => {
    const details = element.closest('details:not([open])');
    if (!details) return false;
    const summary = details.querySelector(':scope > summary');
    return !(summary && (summary === element || summary.contains(element)));
  };

  const isFocusable = (element: Element): boolean => {
    if (!element.matches(FOCUSABLE_SELECTOR)) return false;
    if (element.localName === 'summary' && element.parentElement?.localName !== 'details') return element.hasAttribute('tabindex');
    if (isDisabled(element) || isInert(element) || inClosedDetails(element)) return false;
    return isVisible(element);
  };

  const isTabbable = (element: Element): boolean => {
    if (!isFocusable(element)) return false;
    const tabindex = element.getAttribute('tabindex');
    if (tabindex !== null && Number.parseInt(tabindex, 10) < 0) return false;
    // Chromium reports tabIndex -1 for editing hosts, yet Tab reaches them.
    if (tabindex === null && (element as HTMLElement).isContentEditable) return true;
    return (element as HTMLElement).tabIndex >= 0;
  };

  const tabbables = (): Element[] => Array.from(document.querySelectorAll(FOCUSABLE_SELECTOR)).filter(isTabbable);

  const activeElement = (): Element | null => {
    let active: Element | null = document.activeElement;
    while (active && active.shadowRoot && active.shadowRoot.activeElement) active = active.shadowRoot.activeElement;
    return active === document.body ? null : active;
  };

  const describe = (element: Element): ElementRef => ({
    selector: selectorFor(element),
    html: htmlSnippet(element),
    tag: element.localName,
    role: roleOf(element),
    text: visibleText(element),
    box: boxOf(element),
  });

  const find = (selector: string): Element | null => {
    try {
      return document.querySelector(selector);
    } catch {
      return null;
    }
  };

  const agent: PageAgent = {
    version: AGENT_VERSION,
    describe,
    selectorFor,
    find,
    htmlSnippet,
    roleOf,
    boxOf,
    isVisible,
    isFocusable,
    isTabbable,
    tabbables,
    activeElement,
    visibleText,
  };
  Object.defineProperty(window, '__atcompat', { value: agent, configurable: true, enumerable: false, writable: true });
}
