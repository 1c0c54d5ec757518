import type { ElementRef, FindingDraft } from '../types.js';

/**
 * The printable keys pressed with focus on the page: letters, digits and the punctuation that
 * single-key shortcuts favour (`?` help, `/` search, `.`/`,` next/previous, `+`/`-` zoom). Bounded
 * on purpose: each key costs a press and a short wait.
 */
export const SHORTCUT_KEYS: readonly string[] = [
  ...'abcdefghijklmnopqrstuvwxyz',
  ...'0123456789',
  '?',
  '/',
  '.',
  ',',
  '+',
  '-',
  '=',
  '[',
  ']',
  '*',
  '#',
];

/** A visible control as the shortcut check needs it: how it is named and what text is around it. */
export interface ShortcutControl {
  /** Explicit or implicit role (checkbox, switch, button, link, combobox…). */
  role: string | null;
  /** Its name: label, aria-label or own text. */
  name: string;
  /** Text of the small region around it (a settings group with its heading), shortened. */
  context: string;
}

const SHORTCUT_WORDS = /short-?\s?cuts?|hot-?\s?keys?|key\s?bindings?|keyboard\s+commands?|access\s?keys?/i;
const MODIFIER_WORDS = /\b(?:ctrl|control|alt|option|shift|cmd|command|meta|modifier)\b/i;
const KEY_WORD = /\bkeys?\b/i;
const TOGGLE_ROLES = new Set(['checkbox', 'switch', 'radio', 'combobox', 'listbox', 'menuitemcheckbox', 'menuitemradio']);
const ACTION_ROLES = new Set(['button', 'link', 'menuitem', 'tab']);

/**
 * A control the page shows to turn single-key shortcuts off or remap them, or null. Heuristic
 * (WCAG 2.1.4 asks for a mechanism, not a particular one):
 * - a checkbox, switch, radio or select whose label, or the short group of text around it (a
 *   "Keyboard shortcuts" settings heading), speaks of shortcuts / hotkeys / key bindings, or whose
 *   label speaks of a modifier key ("Use Ctrl together with the + key");
 * - a button or link whose own name speaks of shortcuts ("Keyboard shortcut settings").
 * Text fields never count, and help text alone ("press ? for shortcuts") is no way to turn them off.
 */
export function shortcutInstrument(controls: readonly ShortcutControl[]): ShortcutControl | null {
  for (const control of controls) {
    const role = control.role ?? '';
    if (TOGGLE_ROLES.has(role)) {
      if (SHORTCUT_WORDS.test(control.name) || SHORTCUT_WORDS.test(control.context)) return control;
      if (MODIFIER_WORDS.test(control.name) && KEY_WORD.test(control.name)) return control;
    } else if (ACTION_ROLES.has(role)) {
      if (SHORTCUT_WORDS.test(control.name)) return control;
    }
  }
  return null;
}

/** What pressing one key on its own did to the page. */
export interface ShortcutKeyResult {
  key: string;
  /** Plain-English effects (from `describeEffect`); empty when nothing happened. */
  effects: string[];
}

/** Everything the shortcut check observed on a page. */
export interface ShortcutObservation {
  /** The element whose key listener answers (body, or html for document and window listeners). */
  target: ElementRef;
  keys: readonly ShortcutKeyResult[];
  /** A way shown to turn them off or remap them. */
  instrument: ShortcutControl | null;
}

const quoteKey = (key: string) => `"${key}"`;

/**
 * `keyboard/character-shortcut`: one or more single printable keys, pressed with focus on the page
 * rather than in a field, change the page, and no way to turn them off or remap them is shown.
 */
export function judgeShortcuts(observation: ShortcutObservation): FindingDraft | null {
  const active = observation.keys.filter((k) => k.effects.length > 0);
  if (active.length === 0 || observation.instrument) return null;
  const what =
    active.length === 1
      ? `Pressing ${quoteKey(active[0]!.key)} on its own, with focus on the page rather than in a field, ${active[0]!.effects.join(' and ')}`
      : `Single keys pressed on their own, with focus on the page rather than in a field, do things: ` +
        active.map((k) => `${quoteKey(k.key)} ${k.effects.join(' and ')}`).join('; ');
  return {
    rule: 'keyboard/character-shortcut',
    target: observation.target,
    message:
      what +
      '. People who use speech input (Dragon, Voice Access) trigger ' +
      'such shortcuts by accident when their words are typed as keystrokes, and so do keyboard users who mistype. ' +
      'No way to turn these shortcuts off or change them is shown. Provide a setting to turn them off or to add ' +
      'Ctrl/Alt, or make them work only while the control they belong to has focus.',
  };
}
