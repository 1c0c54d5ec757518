import type { ElementRef, FindingDraft } from '../types.js';
import { labelInName, labelTokens } from './speech-label.js';

/**
 * Speech-input checks (Dragon, Voice Access, Voice Control): a speech user operates a control by
 * saying its name as shown on screen ("click Search"), so the name must exist, contain the
 * visible label, belong to something with a control role, and pick out one control.
 */

/** A control as Chromium's accessibility tree and the page show it. */
export interface SpeechControl {
  target: ElementRef;
  /** Role from Chromium's accessibility tree (ARIA names, plus Chromium's own for a few native controls). */
  role: string;
  /** Accessible name from the accessibility tree. */
  name: string;
  /** Visible inner text of the element's own content (ACT definition; icon-font glyphs left out). */
  contentText: string;
  /** Visible inner text of the `<label>` elements associated with it ('' when none shows). */
  labelText: string;
  /** Text an input button shows as its value (`<input type="submit" value="Search">`). */
  valueText?: string;
  /** Rendered with a box on the page (display, visibility, size). */
  visible: boolean;
  disabled?: boolean;
  /**
   * What activating it does, to tell same-named controls apart: a link's address, a form
   * submission, or (by default) the element itself.
   */
  action: string;
}

/** An element with click-type event listeners of its own. */
export interface ClickableElement {
  target: ElementRef;
  /** Role from the accessibility tree (or the agent's guess when the tree has no node for it). */
  role: string | null;
  /** Event types of its own listeners (click, mousedown, pointerup…). */
  events: string[];
  visible: boolean;
  /** Inside a control (a button, link, label…) whose role speech users can target. */
  insideControl: boolean;
  /** Contains controls: a container that delegates clicks to its children. */
  containsControl: boolean;
  /** html, body, or a frame's root: document-level delegation, not a control. */
  documentLevel?: boolean;
  /** Covers (nearly) the whole viewport: a backdrop that closes a dialog when clicked, not a control. */
  backdrop?: boolean;
}

/** Roles whose name comes from their content: the visible text is the label (ACT 2ee8b8). */
export const NAME_FROM_CONTENT_ROLES = new Set([
  'button',
  'togglebutton',
  'checkbox',
  'gridcell',
  'link',
  'menuitem',
  'menuitemcheckbox',
  'menuitemradio',
  'option',
  'radio',
  'switch',
  'tab',
  'treeitem',
  'disclosuretriangle', // Chromium's role for <summary>
]);

/** Form fields, labelled by an adjacent `<label>` rather than by their content. */
export const FIELD_ROLES = new Set([
  'textbox',
  'searchbox',
  'combobox',
  'listbox',
  'checkbox',
  'radio',
  'switch',
  'slider',
  'spinbutton',
  'date',
  'datetime',
  'inputtime',
  'colorwell',
  'popupbutton',
]);

/** Every role the speech checks look at: controls named by content, and labelled fields. */
export const SPEECH_CONTROL_ROLES = new Set([...NAME_FROM_CONTENT_ROLES, ...FIELD_ROLES]);

/**
 * Controls a speech user operates by name: each needs an accessible name, and a distinct one.
 * Grid cells are left out: an empty cell, or the same status in many rows, is normal in a data grid.
 */
export const NAMED_CONTROL_ROLES = new Set([...SPEECH_CONTROL_ROLES].filter((role) => role !== 'gridcell'));

/**
 * Roles a voice command can target, including composite widgets (a listbox, grid or tree that
 * handles clicks on behalf of its items).
 */
export const TARGETABLE_ROLES = new Set([
  ...SPEECH_CONTROL_ROLES,
  'menu',
  'menubar',
  'tablist',
  'tree',
  'treegrid',
  'grid',
  'radiogroup',
  'scrollbar',
  'separator', // a focusable splitter
  'menulistoption',
  'menulistpopup',
  'labeltext', // <label>: clicking it operates its field
  'audio',
  'video',
]);

const CLICK_EVENTS = new Set(['click', 'dblclick', 'mousedown', 'mouseup', 'pointerdown', 'pointerup', 'auxclick']);

export const normaliseRole = (role: string | null | undefined): string => (role ?? '').toLowerCase();

/** Text for a message: whitespace collapsed, shortened. */
const flatten = (text: string, max = 60) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/** The label a speech user reads on screen for this control, and where it comes from. */
export function visibleLabel(control: SpeechControl): { text: string; source: 'content' | 'value' | 'label' } | null {
  const role = normaliseRole(control.role);
  if (NAME_FROM_CONTENT_ROLES.has(role) && labelTokens(control.contentText).length) return { text: control.contentText, source: 'content' };
  if (control.valueText && labelTokens(control.valueText).length) return { text: control.valueText, source: 'value' };
  if (FIELD_ROLES.has(role) && labelTokens(control.labelText).length) return { text: control.labelText, source: 'label' };
  return null;
}

/**
 * `speech/label-not-in-name` (WCAG 2.5.3): for controls named by their content and fields with
 * a visible `<label>`, the accessible name must contain the visible words in order. Icon-only
 * controls (no visible words) are out of scope: there is nothing on screen to say.
 */
export function checkLabelInName(controls: SpeechControl[]): FindingDraft[] {
  const drafts: FindingDraft[] = [];
  for (const control of controls) {
    if (!SPEECH_CONTROL_ROLES.has(normaliseRole(control.role))) continue;
    const label = visibleLabel(control);
    if (!label || !control.name.trim()) continue; // no name at all: speech/no-accessible-name
    if (labelInName(label.text, control.name)) continue;
    const shown = flatten(label.text);
    const what = label.source === 'label' ? `This field's label reads "${shown}"` : `This control shows "${shown}"`;
    const outcome = label.source === 'label' ? 'is not taken to it' : 'gets no response';
    drafts.push({
      rule: 'speech/label-not-in-name',
      target: control.target,
      message:
        `${what} but its accessible name is "${flatten(control.name)}", so a Dragon or Voice Control user who says "click ${shown}" ${outcome}. ` +
        `Make the accessible name start with the words on screen (or remove the aria-label so the visible text becomes the name).`,
    });
  }
  return drafts;
}

/** `speech/no-accessible-name`: a control nobody can address by name. */
export function checkNoAccessibleName(controls: SpeechControl[]): FindingDraft[] {
  return controls
    .filter((control) => NAMED_CONTROL_ROLES.has(normaliseRole(control.role)) && control.name.trim() === '')
    .map((control) => {
      const role = spokenRole(control.role);
      return {
        rule: 'speech/no-accessible-name',
        target: control.target,
        message:
          `This ${role} has no accessible name, so a speech user cannot say "click …" to use it and a screen reader announces only "${role}". ` +
          'Give it visible text or a <label>; for an icon-only control, add an aria-label naming what it does.',
      };
    });
}

/** How people would call the role out loud. */
export function spokenRole(role: string): string {
  switch (normaliseRole(role)) {
    case 'textbox':
    case 'searchbox':
    case 'date':
    case 'datetime':
    case 'inputtime':
      return 'text field';
    case 'combobox':
    case 'popupbutton':
      return 'drop-down list';
    case 'listbox':
      return 'list box';
    case 'togglebutton':
      return 'button';
    case 'disclosuretriangle':
      return 'expandable section';
    case 'spinbutton':
      return 'number field';
    case 'colorwell':
      return 'colour picker';
    case 'menuitem':
    case 'menuitemcheckbox':
    case 'menuitemradio':
      return 'menu item';
    default:
      return normaliseRole(role) || 'control';
  }
}

/**
 * `speech/non-standard-control`: an element that handles clicks but has no role a voice command
 * can target. Containers that delegate to controls inside them, handlers inside a control, and
 * document-level delegation are not controls of their own.
 */
export function checkNonStandardControls(clickables: ClickableElement[]): FindingDraft[] {
  const drafts: FindingDraft[] = [];
  for (const element of clickables) {
    if (!element.events.some((event) => CLICK_EVENTS.has(event))) continue;
    if (element.documentLevel || element.backdrop || !element.visible || element.insideControl || element.containsControl) continue;
    if (TARGETABLE_ROLES.has(normaliseRole(element.role))) continue;
    const text = element.target.text ? ` "click ${flatten(element.target.text, 40)}" or` : '';
    drafts.push({
      rule: 'speech/non-standard-control',
      target: element.target,
      message:
        `This <${element.target.tag}> responds to a click but has no control role, so a Dragon or Voice Access user cannot say${text} "click button" to use it ` +
        'and has to fall back to the mouse grid; screen readers do not announce it as something to activate either. ' +
        'Use a <button> (or <a href> if it goes somewhere), or add role="button", tabindex="0" and Enter and Space handling.',
    });
  }
  return drafts;
}

/** How names are compared for ambiguity: what a speech user would say. */
export function spokenName(name: string): string {
  return labelTokens(name).join(' ');
}

/**
 * `speech/ambiguous-name` (advisory): visible controls that share one accessible name but do
 * different things. Every member of such a group is reported — each needs its own distinct
 * name, and reporting all keeps fingerprints stable when the order on the page changes. Links to
 * the same address (and the same form submission) do the same thing: a group where all do the
 * same thing is fine.
 */
export function checkAmbiguousNames(controls: SpeechControl[]): FindingDraft[] {
  const groups = new Map<string, SpeechControl[]>();
  for (const control of controls) {
    if (!control.visible || control.disabled || !NAMED_CONTROL_ROLES.has(normaliseRole(control.role))) continue;
    const key = spokenName(control.name);
    if (!key) continue;
    const group = groups.get(key) ?? [];
    group.push(control);
    groups.set(key, group);
  }
  const drafts: FindingDraft[] = [];
  for (const group of groups.values()) {
    const actions = new Set(group.map((control) => control.action));
    if (group.length < 2 || actions.size < 2) continue;
    const name = flatten(group[0]!.name);
    for (const control of group) {
      drafts.push({
        rule: 'speech/ambiguous-name',
        target: control.target,
        message:
          `${group.length} controls on this page are called "${name}" but do different things, so saying "click ${name}" makes speech software number them and ask which one is meant. ` +
          'Give each a distinct name that starts with the visible text, for example "Edit case 1" (visually hidden text can add the context).',
      });
    }
  }
  return drafts;
}

/** All speech-input checks over the observations of one page. */
export function speechDrafts(controls: SpeechControl[], clickables: ClickableElement[]): FindingDraft[] {
  return [
    ...checkNoAccessibleName(controls),
    ...checkLabelInName(controls),
    ...checkNonStandardControls(clickables),
    ...checkAmbiguousNames(controls),
  ];
}
