import type { Impact } from '@atcompat/contracts';
import type { ElementRef, FindingDraft } from '../types.js';
import { describeEffect, type ActionEffect, type Noise } from './operability-effects.js';

export type ActivationKey = 'Enter' | 'Space';

/** What kind of native control an element is, by its tag (whatever role it claims). */
export type NativeKind = 'button' | 'link' | 'checkbox' | 'radio' | null;

/** A focusable element that may have click behaviour, as the driver found it in the page. */
export interface OperabilityCandidate {
  ref: ElementRef;
  /** Explicit role, or the implicit one of a native element. */
  role: string | null;
  /** The role comes from a role attribute. */
  explicitRole: boolean;
  native: NativeKind;
  /** Has click / mouse listeners of its own (CDP). */
  ownClick: boolean;
  /** Takes typed text (text inputs, textarea, select, contenteditable): Enter and Space mean typing. */
  textEntry: boolean;
  /** A keydown/keypress/keyup listener on it, an ancestor, the document or the window could intercept keys. */
  keyListenerInPath?: boolean;
  /**
   * A mousedown/mouseup/pointerdown/pointerup listener on it, an ancestor, the document or the
   * window: the browser turns Enter and Space into a click event, never into these.
   */
  pressListenerInPath?: boolean;
}

/** Which keys must activate a control, by its role (ARIA Authoring Practices). */
export type KeyExpectation = { all: ActivationKey[] } | { any: ActivationKey[] };

/** Roles that promise click behaviour even without a listener of their own. */
export const CLICK_ROLES = ['button', 'link', 'checkbox', 'switch', 'tab', 'menuitem', 'menuitemcheckbox', 'menuitemradio', 'radio'];

/** Roles operated with arrow keys or typing, where Enter/Space are not the activation keys. */
const NOT_KEY_ACTIVATED = new Set([
  'textbox',
  'searchbox',
  'combobox',
  'spinbutton',
  'slider',
  'listbox',
  'option',
  'grid',
  'gridcell',
  'row',
  'tree',
  'treeitem',
  'treegrid',
  'menu',
  'menubar',
  'tablist',
  'scrollbar',
  'separator',
  'application',
]);

/**
 * What keys a control must respond to: a button Enter and Space, a link Enter (Space scrolls the
 * page, so a link that ignores it is fine), a checkbox, switch or radio Space, a menu item Enter,
 * a tab either. A focusable element with only a click listener and no role must respond to at
 * least one of them. Null: not a control this check activates.
 */
export function expectationFor(candidate: OperabilityCandidate): KeyExpectation | null {
  if (candidate.textEntry) return null;
  switch (candidate.role) {
    case 'button':
      return { all: ['Enter', 'Space'] };
    case 'link':
      return { all: ['Enter'] };
    case 'checkbox':
    case 'switch':
    case 'radio':
      return { all: ['Space'] };
    case 'menuitem':
      return { all: ['Enter'] };
    case 'menuitemcheckbox':
    case 'menuitemradio':
    case 'tab':
      return { any: ['Enter', 'Space'] };
    default:
      if (candidate.role && NOT_KEY_ACTIVATED.has(candidate.role)) return null;
      return candidate.ownClick ? { any: ['Enter', 'Space'] } : null;
  }
}

const NATIVE_ROLE: Record<Exclude<NativeKind, null>, string> = { button: 'button', link: 'link', checkbox: 'checkbox', radio: 'radio' };

/** Native semantics, not overridden by a role attribute. */
function keepsNativeRole(candidate: OperabilityCandidate): boolean {
  return candidate.native !== null && (!candidate.explicitRole || candidate.role === NATIVE_ROLE[candidate.native]);
}

/**
 * A native control keeping its native role, with no key listener anywhere on its path that could
 * cancel the keys and no press (mousedown/pointerdown…) listener that the keys would not reach:
 * the browser itself turns Enter (and Space on buttons and checkboxes) into the click that does
 * whatever a click does. Nothing to test.
 */
export function guaranteedByBrowser(candidate: OperabilityCandidate): boolean {
  return keepsNativeRole(candidate) && candidate.keyListenerInPath === false && candidate.pressListenerInPath === false;
}

/** Whether a candidate is worth activating at all. */
export function isOperabilityCandidate(candidate: OperabilityCandidate): boolean {
  if (!expectationFor(candidate)) return false;
  if (guaranteedByBrowser(candidate)) return false;
  if (candidate.ownClick) return true;
  if (candidate.explicitRole && candidate.role && CLICK_ROLES.includes(candidate.role)) return true;
  return candidate.native === 'button' || candidate.native === 'link';
}

/**
 * Custom controls first (an element given a role it does not have natively, or a plain element
 * with a click listener), then native controls with listeners of their own, then the other native
 * buttons and links, each group in DOM order: custom controls are where keyboard support is
 * forgotten, and a page with a hundred navigation links would otherwise use up the budget.
 */
export function priorityOf(candidate: OperabilityCandidate): number {
  if (!keepsNativeRole(candidate)) return 0;
  return candidate.ownClick ? 1 : 2;
}

/** The candidates to activate, at most `max`, deterministic for the same page. */
export function planOperability(candidates: readonly OperabilityCandidate[], max: number): OperabilityCandidate[] {
  return candidates
    .map((candidate, index) => ({ candidate, index }))
    .filter(({ candidate }) => isOperabilityCandidate(candidate))
    .sort((a, b) => priorityOf(a.candidate) - priorityOf(b.candidate) || a.index - b.index)
    .slice(0, Math.max(0, max))
    .map(({ candidate }) => candidate);
}

/** The keys to try after a click did something, in order; `done` says when to stop early. */
export function keysToTry(expectation: KeyExpectation): ActivationKey[] {
  return 'all' in expectation ? [...expectation.all] : [...expectation.any];
}

/** For an "any" expectation: once one key works there is no need to try the others. */
export function canStopAfter(expectation: KeyExpectation, key: ActivationKey, worked: boolean): boolean {
  return 'any' in expectation && worked && expectation.any.includes(key);
}

/** The effects of clicking a candidate and pressing each key tried, each from the same fresh state. */
export interface OperabilityResult {
  candidate: OperabilityCandidate;
  /** Null when the click could not be made (covered, not focusable). */
  click: ActionEffect | null;
  keys: Partial<Record<ActivationKey, ActionEffect | null>>;
}

const ROLE_WORDS: Record<string, string> = {
  button: 'button',
  link: 'link',
  checkbox: 'checkbox',
  switch: 'switch',
  radio: 'radio button',
  tab: 'tab',
  menuitem: 'menu item',
  menuitemcheckbox: 'menu item',
  menuitemradio: 'menu item',
};

const keyName = (key: ActivationKey) => (key === 'Space' ? 'Space' : 'Enter');

/**
 * `keyboard/not-operable`: the click did something, and a key this kind of control must respond
 * to did nothing. Keys that were not tried (or could not be pressed) are not held against it.
 */
export function judgeOperability(result: OperabilityResult, noise: Noise): FindingDraft | null {
  const { candidate } = result;
  const expectation = expectationFor(candidate);
  if (!expectation || !result.click) return null;
  const clickDid = describeEffect(result.click, noise);
  if (clickDid.length === 0) return null;
  const tried = (Object.keys(result.keys) as ActivationKey[]).filter((k) => result.keys[k] !== null && result.keys[k] !== undefined);
  if (tried.length === 0) return null;
  const works = (k: ActivationKey) => describeEffect(result.keys[k]!, noise).length > 0;
  const working = tried.filter(works);
  let missing: ActivationKey[];
  if ('all' in expectation) missing = expectation.all.filter((k) => tried.includes(k) && !works(k));
  else missing = working.length > 0 ? [] : tried.filter((k) => expectation.any.includes(k));
  if (missing.length === 0) return null;

  const kind = candidate.role ? (ROLE_WORDS[candidate.role] ?? 'control') : 'control';
  const name = candidate.ref.text ? ` "${shorten(candidate.ref.text, 40)}"` : '';
  const keys = missing.map(keyName).join(' or ');
  const worksNote = working.length > 0 ? ` (${working.map(keyName).join(' and ')} does work)` : '';
  const impact: Impact | undefined = working.length === 0 ? 'critical' : undefined;
  const fix =
    kind === 'button'
      ? 'Use a real <button>, or handle both Enter and Space in a key listener.'
      : kind === 'link'
        ? 'Use a real <a href>, or handle Enter in a keydown listener.'
        : kind === 'checkbox' || kind === 'switch' || kind === 'radio button'
          ? 'Use a native <input type="checkbox"> (or radio), or toggle it on Space as well as on click.'
          : 'Use a native <button> or <a href>, or handle Enter and Space as well as clicks.';
  return {
    rule: 'keyboard/not-operable',
    target: candidate.ref,
    ...(impact ? { impact } : {}),
    message:
      `This ${kind}${name} ${clickDid.join(' and ')} when clicked, but pressing ${keys} while it has keyboard focus ` +
      `does nothing${worksNote}. Keyboard and switch users, and voice-control users who say "press ${keys}", ` +
      `expect a ${kind} to respond to ${keys} and cannot operate it. ${fix}`,
  };
}

function shorten(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}
