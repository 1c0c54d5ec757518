import type { ElementRef, FindingDraft } from '../types.js';

/** Event types that make an element react to a mouse button (or pointer) press. */
export const MOUSE_ACTIVATION_TYPES = ['click', 'dblclick', 'mousedown', 'mouseup', 'pointerdown', 'pointerup'] as const;

/** Mouse-activation types that Enter and Space never fire (they fire `click`). */
export const PRESS_TYPES = ['mousedown', 'mouseup', 'pointerdown', 'pointerup'] as const;

/** Keyboard event types. */
export const KEY_TYPES = ['keydown', 'keypress', 'keyup'] as const;

/** Event types that make an element react to the pointer passing over it. */
export const HOVER_TYPES = ['mouseenter', 'mouseover', 'pointerenter', 'pointerover'] as const;

/** A focusable element inside a container, as far as the delegation heuristic needs to know. */
export interface FocusableDescendant {
  tag: string;
  role: string | null;
  /** Resolved href of a link, if it is one. */
  href?: string;
}

/**
 * What the driver learned about one element that has event listeners of its own
 * (from `DOMDebugger.getEventListeners`, then looked at in the page).
 */
export interface ListenerTarget {
  /** The element (or, inside a shadow root, the outermost shadow host in the document). */
  ref: ElementRef;
  /** Tag of the element carrying the listener when `ref` is its shadow host. */
  innerTag?: string;
  /** Event types of its own listeners (not inherited from ancestors). */
  types: string[];
  /** `<html>` or `<body>`: page-wide listeners are never a control. */
  rootish: boolean;
  visible: boolean;
  /** Can receive focus at all (agent `isFocusable`). */
  focusable: boolean;
  /** The iframe chain could not be followed (cross-origin parent): no reliable selector. */
  unreachableFrame?: boolean;
  /**
   * Inside a tabbable interactive ancestor (a link, a button, a widget with a role): the
   * keyboard reaches the action through that ancestor.
   */
  interactiveAncestor: string | null;
  /** A `<label>` (or inside one) whose form control can take focus: the click goes to the control. */
  labelsFocusableControl: boolean;
  /** Up to a few focusable, visible descendants, in DOM order. */
  focusableDescendants: FocusableDescendant[];
  /** Share of the viewport the element's box covers (0–1). */
  viewportCoverage: number;
  /** Visible text (shortened); empty when it shows no text. */
  text: string;
  /**
   * Source text of its own mouse-activation handlers, when the driver could read it; null for a
   * handler whose source it could not read (native or bound functions, other frames).
   */
  handlerSources?: (string | null)[];
}

export type DelegationVerdict = 'delegates' | 'redundant' | 'own-action';

const TARGET_INSPECTION = /\.(?:target|srcElement|currentTarget)\b|composedPath\s*\(|\.closest\s*\(|\.matches\s*\(|\.contains\s*\(/;
const FORWARDS_TO_DESCENDANT = /querySelector(?:All)?\s*\(|getElementsBy\w+\s*\(|\.click\s*\(\s*\)|\.children\b|\.firstElementChild\b|\.lastElementChild\b/;
const NAVIGATES = /\blocation\b|\.href\b|window\.open\s*\(|\bnavigate\s*\(|\brouter\.push\s*\(|\bhistory\.push/;

/** The name of a handler's first parameter (`event` for inline attribute handlers), if any. */
export function eventParameter(source: string): string | null {
  const patterns = [
    /^\s*(?:async\s+)?function\s*\*?\s*[\w$]*\s*\(\s*([\w$]+)/,
    /^\s*(?:async\s*)?\(\s*([\w$]+)/,
    /^\s*(?:async\s+)?([\w$]+)\s*=>/,
    /^\s*(?:async\s+)?[\w$]+\s*\(\s*([\w$]+)[^)]*\)\s*\{/, // method shorthand
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(source);
    if (match) return match[1] ?? null;
  }
  return null;
}

/** Whether a handler hands its event object on to another function (which may inspect the target). */
function passesEventOn(source: string): boolean {
  const name = eventParameter(source);
  if (!name) return false;
  const bodyStart = source.search(/=>|\{/);
  const body = bodyStart >= 0 ? source.slice(bodyStart) : source;
  const escaped = name.replace(/\$/g, '\\$');
  return new RegExp(`[(,]\\s*${escaped}\\s*[,)]`).test(body);
}

/**
 * Decides whether a container that has focusable descendants and a mouse listener of its own is
 * (a) delegating: one listener serving its children (`ul.onclick` looking at `event.target`),
 * (b) redundant: a bigger click target for something a child already does (a card whose click
 * follows the card's own link), or (c) doing something of its own that no child offers.
 *
 * Only (c) is a barrier. When the handler's source cannot be read (framework dispatchers, bound
 * functions) we cannot tell, and say "delegates": a false alarm costs trust, a miss is found by
 * the operability and journey checks.
 */
export function classifyContainer(target: Pick<ListenerTarget, 'handlerSources' | 'focusableDescendants'>): DelegationVerdict {
  const sources = target.handlerSources ?? [];
  if (sources.length === 0 || sources.some((s) => s === null || /\[native code\]/.test(s))) return 'delegates';
  const known = sources as string[];
  if (known.some((s) => TARGET_INSPECTION.test(s) || passesEventOn(s))) return 'delegates';
  if (known.some((s) => FORWARDS_TO_DESCENDANT.test(s))) return 'redundant';
  const hasLink = target.focusableDescendants.some((d) => d.role === 'link' || d.href !== undefined);
  if (hasLink && known.some((s) => NAVIGATES.test(s))) return 'redundant';
  return 'own-action';
}

/** A click-outside-to-close backdrop: covers most of the screen and shows no text of its own. */
function isBackdrop(target: ListenerTarget): boolean {
  return target.viewportCoverage >= 0.5 && target.text.trim() === '';
}

const describeTypes = (types: string[]): string => {
  const names = types.filter((t) => (MOUSE_ACTIVATION_TYPES as readonly string[]).includes(t));
  if (names.includes('click') || names.includes('dblclick')) return names.includes('dblclick') && !names.includes('click') ? 'a double click' : 'a mouse click';
  return 'the mouse button being pressed';
};

const quote = (text: string, max = 40) => {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `"${t.slice(0, max - 1)}…"` : `"${t}"`;
};

/**
 * `keyboard/mouse-only-control`: an element with mouse-activation listeners of its own that can
 * never receive keyboard focus, unless it is page-wide, hidden, part of a focusable control, a
 * label, a backdrop, or a container that only delegates to (or duplicates) focusable children.
 */
export function judgeMouseOnly(target: ListenerTarget): FindingDraft | null {
  const mouseTypes = target.types.filter((t) => (MOUSE_ACTIVATION_TYPES as readonly string[]).includes(t));
  if (mouseTypes.length === 0) return null;
  if (target.rootish || !target.visible || target.focusable || target.unreachableFrame) return null;
  if (target.interactiveAncestor || target.labelsFocusableControl) return null;
  if (isBackdrop(target)) return null;
  let containerNote = '';
  if (target.focusableDescendants.length > 0) {
    if (classifyContainer(target) !== 'own-action') return null;
    containerNote =
      ' The links or controls inside it do something else, so they are no substitute for what clicking it does.';
  }
  const subject = target.text ? quote(target.text) : `This <${target.innerTag ?? target.ref.tag}> element`;
  const inside = target.innerTag ? ` (inside the <${target.ref.tag}> component)` : '';
  return {
    rule: 'keyboard/mouse-only-control',
    target: target.ref,
    impact: 'critical',
    message:
      `${subject}${inside} responds to ${describeTypes(mouseTypes)} but can never receive keyboard focus, so keyboard, ` +
      `switch and voice-control users (Dragon, Voice Access) cannot use it.${containerNote} ` +
      'Use a <button> (or a link if it goes somewhere), or add tabindex="0", a role and handling for Enter and Space.',
  };
}

/** Applies `judgeMouseOnly` to every listener target, in the order given. */
export function mouseOnlyFindings(targets: readonly ListenerTarget[]): FindingDraft[] {
  return targets.map(judgeMouseOnly).filter((d): d is FindingDraft => d !== null);
}
