/**
 * Pure decisions for journeys: which element a step means, and why a step could not be done,
 * in words a person understands. The driver (driver/journey*.ts) gathers the observations.
 */
import type { ElementRef, FindingDraft } from '../types.js';
import { FIELD_ROLES, NAME_FROM_CONTENT_ROLES, SPEECH_CONTROL_ROLES, normaliseRole, spokenRole, visibleLabel, type SpeechControl } from './speech.js';
import { labelInName, labelTokens } from './speech-label.js';

/** Text as a speech user would say it: words only, lower case (see `labelTokens`). */
export const spoken = (text: string): string => labelTokens(text).join(' ');

/** True when `name` contains the words of `said` in order (case, spacing and punctuation ignored). */
export function nameContains(name: string, said: string): boolean {
  return labelTokens(said).length > 0 && labelInName(said, name);
}

const quoteText = (text: string, max = 60): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return `'${flat.length > max ? `${flat.slice(0, max - 1)}…` : flat}'`;
};

/** What a step wants to act on, which decides the roles that can answer to its name. */
export type TargetIntent = 'control' | 'field' | 'select' | 'checkable';

/** Roles of fields one types into. */
export const TEXT_FIELD_ROLES = new Set(['textbox', 'searchbox', 'combobox', 'spinbutton', 'date', 'datetime', 'inputtime']);
/** Roles of lists one picks an option from. */
export const SELECT_ROLES = new Set(['combobox', 'popupbutton', 'listbox', 'radiogroup']);
/** Roles one checks. */
export const CHECKABLE_ROLES = new Set(['checkbox', 'radio', 'switch', 'menuitemcheckbox', 'menuitemradio']);

/** The roles that can answer to a step of this intent. */
export function rolesFor(intent: TargetIntent): ReadonlySet<string> {
  switch (intent) {
    case 'field':
      return TEXT_FIELD_ROLES;
    case 'select':
      return SELECT_ROLES;
    case 'checkable':
      return CHECKABLE_ROLES;
    case 'control':
      return SPEECH_CONTROL_ROLES;
  }
}

const INTENT_WORDS: Record<TargetIntent, string> = {
  control: 'button, link or other control',
  field: 'field',
  select: 'list',
  checkable: 'checkbox or radio button',
};

/* ------------------------------------------------------------------------------------------
 * Keyboard mode
 * ---------------------------------------------------------------------------------------- */

/** An element whose visible text or label matches a step's target, as the page shows it. */
export interface LabelledElement {
  ref: ElementRef;
  /** Its visible text (or label, for a field) equals the target, rather than only containing it. */
  exact: boolean;
  /** A native control or an element with an interactive role. */
  interactive: boolean;
  visible: boolean;
  focusable: boolean;
  tabbable: boolean;
  disabled: boolean;
  /** Its `tabindex` attribute, if any. */
  tabindex: string | null;
  /** Inside a closed <details>, an inert or a hidden ancestor. */
  hiddenBy?: string;
}

/** What the page audit's listener check says about the element (`keyboard/mouse-only-control`). */
export interface ListenerFacts {
  /** Its own event types (click, mousedown…). */
  types: string[];
  /** `judgeMouseOnly` reported it: it reacts to the mouse and can never receive keyboard focus. */
  mouseOnly: boolean;
}

/**
 * The element a keyboard user means: visible before hidden, an exact label before a partial
 * one, a control before plain text, a tab stop before the rest. Null when nothing matches.
 */
export function chooseTarget(candidates: readonly LabelledElement[]): LabelledElement | null {
  const score = (c: LabelledElement) => (c.visible ? 8 : 0) + (c.exact ? 4 : 0) + (c.interactive ? 2 : 0) + (c.tabbable ? 1 : 0);
  let best: LabelledElement | null = null;
  for (const candidate of candidates) if (!best || score(candidate) > score(best)) best = candidate;
  return best;
}

const CLICK_WORDS: Record<string, string> = {
  click: 'a click listener',
  dblclick: 'a double-click listener',
  mousedown: 'a mouse-button listener',
  mouseup: 'a mouse-button listener',
  pointerdown: 'a pointer listener',
  pointerup: 'a pointer listener',
};

/**
 * Why a keyboard user cannot get to the target, e.g. "'Save note' cannot be reached with the
 * keyboard: it is a <div> with a click listener and no tabindex". `tabStops` is how many Tab
 * presses went by without reaching it.
 */
export function unreachableReason(
  label: string,
  intent: TargetIntent,
  target: LabelledElement | null,
  listener: ListenerFacts | null,
  tabStops: number,
): string {
  const name = quoteText(label);
  if (!target) return `${name} cannot be found on the page: no ${INTENT_WORDS[intent]} shows that text or label.`;
  const tag = `<${target.ref.tag}>`;
  const head = `${name} cannot be reached with the keyboard`;
  if (!target.visible) return `${head}: it is on the page but hidden${target.hiddenBy ? ` (${target.hiddenBy})` : ''}, so nobody can see or reach it.`;
  if (target.disabled) return `${head}: it is disabled.`;
  if (target.hiddenBy) return `${head}: it is ${target.hiddenBy}.`;
  const clickWord = listener?.types.map((t) => CLICK_WORDS[t]).find(Boolean);
  if (!target.focusable) {
    const what = clickWord ? `a ${tag} with ${clickWord} and no tabindex` : `a ${tag} that cannot receive focus (no tabindex, not a button, link or field)`;
    const who = listener?.mouseOnly || clickWord ? ' It only works with a mouse, so keyboard, switch and voice users cannot use it.' : '';
    return `${head}: it is ${what}, so Tab never stops on it.${who}`;
  }
  if (!target.tabbable) {
    return `${head}: it has tabindex="${target.tabindex ?? '-1'}", which takes it out of the Tab order, so Tab never stops on it.`;
  }
  return `${head}: Tab and Shift+Tab went through ${tabStops} stop${tabStops === 1 ? '' : 's'} without reaching it (focus may be trapped, or stuck elsewhere).`;
}

/** Why a reached target did not respond to the keys a keyboard user would press. */
export function notOperableReason(label: string, ref: ElementRef, keys: readonly string[]): string {
  const tried = keys.length === 1 ? keys[0]! : `${keys.slice(0, -1).join(', ')} and ${keys[keys.length - 1]}`;
  return (
    `${quoteText(label)} receives keyboard focus, but pressing ${tried} does nothing (no new page, no change on this one). ` +
    `It is a <${ref.tag}>${ref.role ? ` with role ${ref.role}` : ''} that probably reacts only to a mouse click.`
  );
}

/* ------------------------------------------------------------------------------------------
 * Speech mode
 * ---------------------------------------------------------------------------------------- */

/** Visible text matching what was said that sits on something other than a control. */
export interface VisibleText {
  ref: ElementRef;
  /** It has click-type listeners of its own. */
  clickable: boolean;
}

/** How a voice command resolves: the controls it matches, or why it matches none. */
export type SpeechResolution =
  | { found: true; matches: SpeechControl[] }
  | { found: false; reason: string };

/**
 * Resolves "click <label>" (or "move to <label>" for a field) the way Dragon and Voice Access do:
 * visible, enabled controls of a fitting role whose accessible name contains the spoken words.
 * When none matches, says why: the control's name leaves out its visible label, the words are
 * on something that is not a control, or nothing shows them.
 */
export function resolveSpoken(said: string, intent: TargetIntent, controls: readonly SpeechControl[], texts: readonly VisibleText[] = []): SpeechResolution {
  const roles = rolesFor(intent);
  const usable = controls.filter((c) => c.visible && !c.disabled && roles.has(normaliseRole(c.role)));
  const matches = usable.filter((c) => nameContains(c.name, said));
  if (matches.length) return { found: true, matches: rankMatches(matches, said) };

  const command = intent === 'control' || intent === 'checkable' ? `click ${said}` : `move to ${said}`;
  const head = `${quoteText(said)} cannot be said`;
  // A control that shows the words but is named otherwise (WCAG 2.5.3).
  const mismatch = usable.find((c) => {
    const shown = visibleLabel(c);
    return shown !== null && nameContains(shown.text, said);
  });
  if (mismatch) {
    const role = spokenRole(mismatch.role);
    if (!mismatch.name.trim()) return { found: false, reason: `${head}: the ${role} shows ${quoteText(said)} but has no accessible name, so "${command}" matches nothing.` };
    return {
      found: false,
      reason: `${head}: the ${role} is named ${quoteText(mismatch.name)}, which does not contain its visible label ${quoteText(visibleLabel(mismatch)!.text)}, so "${command}" matches nothing.`,
    };
  }
  const other = controls.find((c) => c.visible && !c.disabled && !roles.has(normaliseRole(c.role)) && nameContains(c.name, said));
  if (other) {
    return { found: false, reason: `${head} as a ${INTENT_WORDS[intent]}: the control called ${quoteText(other.name)} is a ${spokenRole(other.role)}.` };
  }
  const text = texts[0];
  if (text) {
    const clickable = text.clickable ? ' It responds to a mouse click, but has no role a voice command can target.' : '';
    return {
      found: false,
      reason: `${head}: the words are on screen, but on a <${text.ref.tag}> that is not a control (no button, link or field role), so "${command}" matches nothing.${clickable}`,
    };
  }
  return { found: false, reason: `${head}: nothing on the page is a ${INTENT_WORDS[intent]} called ${quoteText(said)}.` };
}

/** Matches in the order speech software numbers them: exact names first, then page order. */
function rankMatches(matches: SpeechControl[], said: string): SpeechControl[] {
  const exact = (c: SpeechControl) => (spoken(c.name) === spoken(said) ? 0 : 1);
  return matches.map((c, i) => ({ c, i })).sort((a, b) => exact(a.c) - exact(b.c) || a.i - b.i).map(({ c }) => c);
}

/** What an ambiguous command leaves the speech user with. */
export function ambiguousReason(said: string, matches: readonly SpeechControl[], command: string): string {
  const names = matches.slice(0, 4).map((c, i) => `${i + 1}: ${spokenRole(c.role)} ${quoteText(c.name, 40)}`).join(', ');
  return `${matches.length} controls answer to "${command}" (${names}${matches.length > 4 ? ', …' : ''}), so speech software numbers them and the user has to say a number; the journey went on with number 1.`;
}

/** Roles whose visible text is the name, re-exported for the driver's label matching. */
export { NAME_FROM_CONTENT_ROLES, FIELD_ROLES };

/* ------------------------------------------------------------------------------------------
 * Expectations
 * ---------------------------------------------------------------------------------------- */

/** Whether a heading on the page is the one expected (case and spacing ignored; whole heading or its start). */
export function headingMatches(expected: string, heading: string): boolean {
  const want = spoken(expected);
  const got = spoken(heading);
  return want.length > 0 && (got === want || got.startsWith(`${want} `));
}

/** Why an expectation was not met, listing what the page showed instead. */
export function expectationReason(kind: 'heading' | 'text' | 'url', expected: string, seconds: number, seen: { headings: string[]; url: string }): string {
  const wait = `within ${seconds} second${seconds === 1 ? '' : 's'}`;
  switch (kind) {
    case 'heading': {
      const list = seen.headings.slice(0, 5).map((h) => quoteText(h, 50)).join(', ');
      return `No heading ${quoteText(expected)} appeared ${wait}; ${list ? `the page's headings are ${list}` : 'the page has no headings'} (at ${seen.url}).`;
    }
    case 'text':
      return `The text ${quoteText(expected)} did not appear ${wait} (at ${seen.url}).`;
    case 'url':
      return `The address did not come to contain ${quoteText(expected)} ${wait}; it is ${seen.url}.`;
  }
}

/* ------------------------------------------------------------------------------------------
 * Focus after actions: dialogs and lost focus
 * ---------------------------------------------------------------------------------------- */

/** What the driver saw when a step opened a dialog. */
export interface DialogObservation {
  dialog: ElementRef;
  /** Its accessible name or heading, for messages ('' when none). */
  name: string;
  /** The step that opened it, in words. */
  step: string;
  /** Focus was inside the dialog once it had opened. */
  focusMovedIn: boolean;
  /** Where focus went when Tab or Shift+Tab let it leave the dialog (null: it stayed inside). */
  escapedTo: ElementRef | null;
  /** Escape closed it (undefined: not tried). */
  escapeCloses?: boolean;
  /** After it closed, focus was back on the control that opened it (undefined: not seen closing). */
  focusReturned?: boolean;
}

/** `keyboard/dialog-focus`: one finding per dialog, naming every way it mishandles focus. */
export function judgeDialog(obs: DialogObservation): FindingDraft | null {
  const problems: string[] = [];
  if (!obs.focusMovedIn) problems.push('focus stays behind it when it opens, so keyboard and screen reader users do not know it is there');
  if (obs.escapedTo) problems.push(`Tab lets focus leave it for ${obs.escapedTo.text ? quoteText(obs.escapedTo.text, 40) : `a <${obs.escapedTo.tag}>`} behind it`);
  if (obs.escapeCloses === false) problems.push('Escape does not close it');
  if (obs.focusReturned === false) problems.push('when it closes, focus does not go back to the control that opened it');
  if (!problems.length) return null;
  const what = obs.name ? `The dialog ${quoteText(obs.name, 40)}` : 'The dialog';
  const list = problems.length === 1 ? problems[0]! : `${problems.slice(0, -1).join('; ')}; and ${problems[problems.length - 1]}`;
  return {
    rule: 'keyboard/dialog-focus',
    target: obs.dialog,
    message: `${what} (opened by ${obs.step}) does not manage focus: ${list}. Move focus into the dialog when it opens, keep it there, close it on Escape and return focus to the control that opened it (a <dialog> opened with showModal() does most of this).`,
  };
}

/** What the driver saw around a step that did not load a new page. */
export interface FocusObservation {
  step: string;
  /** What had focus before the step. */
  before: ElementRef | null;
  /** That element is no longer in the document after the step. */
  beforeRemoved: boolean;
  /** After the step, focus is on the document itself (<body>), not on an element. */
  afterOnBody: boolean;
}

/** `keyboard/focus-lost`: focus fell back to the document because its element was removed. */
export function judgeFocusLost(obs: FocusObservation): FindingDraft | null {
  if (!obs.before || !obs.beforeRemoved || !obs.afterOnBody) return null;
  return {
    rule: 'keyboard/focus-lost',
    target: obs.before,
    message: `After ${obs.step}, the focused ${obs.before.text ? quoteText(obs.before.text, 40) : `<${obs.before.tag}>`} was removed and focus fell back to the start of the page, so keyboard and screen reader users lose their place. Move focus to something sensible (the next item, a message or a heading) before removing it.`,
  };
}

/* ------------------------------------------------------------------------------------------
 * States
 * ---------------------------------------------------------------------------------------- */

/**
 * A state's identity for auditing once: the page (origin and path; the query often only carries
 * the record's id) with what can be reached on it (its tab stops) and the dialogs open.
 */
export function stateKey(url: string, tabStops: readonly string[], dialogs: readonly string[]): string {
  let page = url;
  try {
    const u = new URL(url);
    page = `${u.origin}${u.pathname}`;
  } catch {
    // not a URL: use as is
  }
  return `${page}\n${dialogs.join('|')}\n${tabStops.join('|')}`;
}
