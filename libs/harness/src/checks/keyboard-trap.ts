import type { ElementRef, FindingDraft } from '../types.js';
import type { FocusCycle, FocusStop, TabWalkObservation } from './keyboard-observations.js';

const MODIFIERS: Record<string, string> = {
  ctrl: 'Control',
  ctl: 'Control',
  control: 'Control',
  strg: 'Control',
  alt: 'Alt',
  option: 'Alt',
  opt: 'Alt',
  '⌥': 'Alt',
  shift: 'Shift',
  '⇧': 'Shift',
  cmd: 'Meta',
  command: 'Meta',
  meta: 'Meta',
  '⌘': 'Meta',
};

const NAMED_KEYS: Record<string, string> = {
  esc: 'Escape',
  escape: 'Escape',
  tab: 'Tab',
  enter: 'Enter',
  return: 'Enter',
  space: 'Space',
  spacebar: 'Space',
  home: 'Home',
  end: 'End',
  pageup: 'PageUp',
  pagedown: 'PageDown',
  up: 'ArrowUp',
  down: 'ArrowDown',
  left: 'ArrowLeft',
  right: 'ArrowRight',
  arrowup: 'ArrowUp',
  arrowdown: 'ArrowDown',
  arrowleft: 'ArrowLeft',
  arrowright: 'ArrowRight',
};

const MODIFIER_PATTERN = '(?:ctrl|ctl|control|strg|alt|option|opt|shift|cmd|command|meta|⌘|⌥|⇧)';
const KEY_PATTERN = '(?:f(?:1[0-2]|[1-9])|esc(?:ape)?|tab|enter|return|space(?:bar)?|home|end|page\\s?up|page\\s?down|arrow\\s?(?:up|down|left|right)|up|down|left|right|[a-z0-9])';
const COMBO = new RegExp(`(?<![\\p{L}\\d])((?:${MODIFIER_PATTERN}\\s*[+\\-]\\s*)+)(${KEY_PATTERN})(?![\\p{L}\\d])`, 'giu');
/** A lone key a page tells people to press: "press Escape", "F6 to leave", "hit Esc". */
const LONE = new RegExp(
  `(?:\\b(?:press|hit|use|type|tap)\\s+(?:the\\s+)?["'“‘]?(f(?:1[0-2]|[1-9])|esc(?:ape)?)\\b)|(?:\\b(f(?:1[0-2]|[1-9])|esc(?:ape)?)["'”’]?\\s+(?:key\\s+)?to\\s+(?:exit|leave|close|quit|escape|move|go|get|return|continue|release))`,
  'giu',
);

function keyName(raw: string): string {
  const key = raw.toLowerCase().replace(/\s+/g, '');
  if (NAMED_KEYS[key]) return NAMED_KEYS[key];
  if (/^f\d{1,2}$/.test(key)) return key.toUpperCase();
  return key;
}

/**
 * The keys a page tells its users to press, as Playwright key names (`Control+m`, `Escape`,
 * `F6`): modifier combinations anywhere in the text, and lone Escape or function keys when the
 * text says to press them or that they leave. At most `max`, in the order they appear.
 */
export function advertisedKeys(text: string, max = 4): string[] {
  const found: { at: number; key: string }[] = [];
  const spans: [number, number][] = [];
  for (const match of text.matchAll(COMBO)) {
    spans.push([match.index ?? 0, (match.index ?? 0) + match[0].length]);
    const modifiers = match[1]
      .split(/[+\-]/)
      .map((m) => m.trim().toLowerCase())
      .filter(Boolean)
      .map((m) => MODIFIERS[m]);
    if (modifiers.some((m) => !m)) continue;
    const unique = [...new Set(modifiers)];
    found.push({ at: match.index ?? 0, key: [...unique, keyName(match[2])].join('+') });
  }
  for (const match of text.matchAll(LONE)) {
    const key = match[1] ?? match[2];
    const at = (match.index ?? 0) + match[0].toLowerCase().indexOf(key.toLowerCase());
    if (spans.some(([from, to]) => at >= from && at < to)) continue; // part of a combination
    found.push({ at: match.index ?? 0, key: keyName(match[1] ?? match[2]) });
  }
  found.sort((a, b) => a.at - b.at);
  const keys: string[] = [];
  for (const { key } of found) if (!keys.includes(key) && keys.length < max) keys.push(key);
  return keys;
}

/** A control that offers help on how to move on ("How to go to the next element", "Keyboard help"). */
export function isHelpControlName(name: string): boolean {
  return /\b(help|how to|how do i|instructions?|keyboard|shortcuts?)\b/i.test(name);
}

/** A control that dismisses what holds focus ("Close", "Cancel", "×"). */
export function isCloseControlName(name: string): boolean {
  const trimmed = name.trim();
  return /\b(close|cancel|dismiss|done|exit|leave|quit|back)\b/i.test(trimmed) || /^[×✕✖╳x]$/i.test(trimmed);
}

/** A short human name for an element in messages: its text, else its role or tag. */
export function nameForMessage(ref: ElementRef): string {
  if (ref.text) return `"${ref.text.length > 40 ? `${ref.text.slice(0, 39)}…` : ref.text}"`;
  return `the ${ref.role ?? ref.tag} element`;
}

function describeCycle(cycle: FocusCycle, stops: Map<string, FocusStop>): string {
  const names = cycle.members.map((key) => {
    const stop = stops.get(key);
    return stop ? nameForMessage(stop.target) : key;
  });
  const shown = names.slice(0, 4).join(', ');
  return names.length > 4 ? `${shown} and ${names.length - 4} more` : shown;
}

function triedWays(cycle: FocusCycle): string {
  const ways = ['Shift+Tab', 'Escape'];
  for (const key of cycle.advertisedKeys) if (!ways.includes(key)) ways.push(key);
  return ways.length > 1 ? `${ways.slice(0, -1).join(', ')} or ${ways[ways.length - 1]}` : ways[0];
}

/**
 * `keyboard/trap`: focus went round a closed loop (or stayed on one element) and none of the ways
 * out a user would try — Shift+Tab, Escape then Tab, the keys the page advertises, its help and
 * close controls — let it leave. One finding per loop, on the element where focus got stuck.
 */
export function checkKeyboardTraps(walk: TabWalkObservation): FindingDraft[] {
  const stops = new Map(walk.stops.map((stop) => [stop.key, stop]));
  const drafts: FindingDraft[] = [];
  for (const cycle of walk.cycles) {
    if (cycle.escapedBy || cycle.members.length === 0) continue;
    const first = stops.get(cycle.members[0]);
    if (!first) continue;
    const where =
      cycle.members.length === 1
        ? 'Keyboard focus gets stuck on this element: pressing Tab leaves focus where it is'
        : `Keyboard focus gets stuck going round ${cycle.members.length} elements (${describeCycle(cycle, stops)}): pressing Tab never moves past them`;
    drafts.push({
      rule: 'keyboard/trap',
      target: first.target,
      message:
        `${where}, and ${triedWays(cycle)} do not let it leave. Keyboard-only, switch and voice users cannot reach the rest of the page or get out. ` +
        'Do not move focus back in blur, focusout or keydown handlers; let Tab and Shift+Tab move on, or release focus on Escape and say so next to the control.',
    });
  }
  return drafts;
}
