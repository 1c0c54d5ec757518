import type { ElementRef, FindingDraft } from '../types.js';

/** A style rule with `:hover` in its selector, as collected from the page's style sheets. */
export interface HoverRule {
  selectorText: string;
  /** Property names the rule declares. */
  properties: string[];
}

/** Properties through which a rule can make content appear (rather than recolour it). */
const REVEALING_PROPERTIES = [
  'display',
  'visibility',
  'opacity',
  'height',
  'max-height',
  'width',
  'max-width',
  'clip',
  'clip-path',
  'transform',
  'left',
  'right',
  'top',
  'bottom',
  'inset',
  'position',
  'content',
  'overflow',
  'z-index',
  'margin-left',
  'margin-top',
  'text-indent',
];

/** Splits `text` at top-level occurrences of characters in `separators` (outside (), [] and quotes). */
function splitTopLevel(text: string, isSeparator: (ch: string, i: number) => boolean): { parts: string[]; separators: string[] } {
  const parts: string[] = [];
  const separators: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let current = '';
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i]!;
    if (quote) {
      current += ch;
      if (ch === '\\') {
        current += text[i + 1] ?? '';
        i += 1;
      } else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      current += ch;
      continue;
    }
    if (ch === '\\') {
      current += ch + (text[i + 1] ?? '');
      i += 1;
      continue;
    }
    if (ch === '(' || ch === '[') depth += 1;
    if (ch === ')' || ch === ']') depth -= 1;
    if (depth === 0 && isSeparator(ch, i)) {
      parts.push(current);
      separators.push(ch);
      current = '';
      continue;
    }
    current += ch;
  }
  parts.push(current);
  return { parts, separators };
}

/** Compound selectors and the combinators between them, e.g. `.a > .b c` → [.a, .b, c] [>, ' ']. */
function compounds(complex: string): { parts: string[]; combinators: string[] } {
  // Normalise combinators to single characters surrounded by nothing, descendant to one space.
  const normalised = complex
    .trim()
    .replace(/\s*([>+~])\s*/g, '$1')
    .replace(/\s+/g, ' ');
  const { parts, separators } = splitTopLevel(normalised, (ch) => ch === ' ' || ch === '>' || ch === '+' || ch === '~');
  // `a > b` normalised to `a>b` so no empty parts, but guard anyway.
  const kept: string[] = [];
  const combinators: string[] = [];
  parts.forEach((part, i) => {
    if (part === '') return;
    if (kept.length > 0) combinators.push(separators[i - 1] ?? ' ');
    kept.push(part);
  });
  return { parts: kept, combinators };
}

/**
 * The elements to hover for a `:hover` rule: the selector up to the compound that carries
 * `:hover`, without `:hover`. Only rules that can reveal something elsewhere count: the hovered
 * compound is followed by a combinator (`.menu:hover > ul`, `.help:hover + .bubble`) or by a
 * `::before`/`::after` pseudo-element (a CSS tooltip). `a:hover { color }` styles the element
 * itself and is ignored, as is `:hover` nested in `:is()`, `:not()` or `:has()`.
 */
export function hoverSubjects(selectorText: string): string[] {
  const subjects: string[] = [];
  for (const complex of splitTopLevel(selectorText, (ch) => ch === ',').parts) {
    const { parts, combinators } = compounds(complex);
    // `:hover` at the top level of a compound, not inside `:not(…)` and the like.
    const index = parts.findIndex(topLevelHover);
    if (index < 0) continue;
    const compound = parts[index]!;
    const followedByCombinator = index < parts.length - 1;
    const pseudoElement = /::?(?:before|after)\b/.test(compound);
    if (!followedByCombinator && !pseudoElement) continue;
    let subject = stripTopLevelHover(compound).replace(/::?(?:before|after|marker|placeholder|selection)\b.*$/, '');
    if (subject === '' || /^:/.test(subject)) subject = `*${subject}`;
    const prefix = parts.slice(0, index).map((part, i) => `${part}${combinatorText(combinators[i]!)}`);
    const full = `${prefix.join('')}${subject}`.trim();
    if (!subjects.includes(full)) subjects.push(full);
  }
  return subjects;
}

function combinatorText(combinator: string): string {
  return combinator === ' ' ? ' ' : ` ${combinator} `;
}

function topLevelHover(compound: string): boolean {
  let depth = 0;
  for (let i = 0; i < compound.length; i += 1) {
    const ch = compound[i];
    if (ch === '(' || ch === '[') depth += 1;
    else if (ch === ')' || ch === ']') depth -= 1;
    else if (depth === 0 && compound.startsWith(':hover', i) && !/[\w-]/.test(compound[i + 6] ?? '')) return true;
  }
  return false;
}

function stripTopLevelHover(compound: string): string {
  let depth = 0;
  let out = '';
  for (let i = 0; i < compound.length; i += 1) {
    const ch = compound[i]!;
    if (ch === '(' || ch === '[') depth += 1;
    else if (ch === ')' || ch === ']') depth -= 1;
    if (depth === 0 && compound.startsWith(':hover', i) && !/[\w-]/.test(compound[i + 6] ?? '')) {
      i += 5;
      continue;
    }
    out += ch;
  }
  return out;
}

/** Subjects of the rules that can reveal content, without duplicates, in style-sheet order. */
export function hoverCandidateSelectors(rules: readonly HoverRule[]): string[] {
  const out: string[] = [];
  for (const rule of rules) {
    if (!rule.selectorText.includes(':hover')) continue;
    if (!rule.properties.some((p) => REVEALING_PROPERTIES.includes(p.toLowerCase()))) continue;
    for (const subject of hoverSubjects(rule.selectorText)) if (!out.includes(subject)) out.push(subject);
  }
  return out;
}

/** Something that became visible after an interaction (the top-most newly visible element). */
export interface RevealedContent {
  selector: string;
  /** Visible text, shortened. */
  text: string;
  /** Focusable controls inside it (or itself). */
  controls: number;
  /** It is or holds an image (img with alt, svg with a title, canvas, video). */
  media: boolean;
}

/** What hovering an element and then focusing it with the keyboard showed. */
export interface HoverObservation {
  target: ElementRef;
  /** Newly visible after the pointer moved onto it. */
  onHover: RevealedContent[];
  /** Text generated with `::before`/`::after` on the element while hovered (a CSS tooltip), if new. */
  pseudoOnHover?: string;
  /**
   * Newly visible after keyboard focus reached it (or a focusable element inside or around it);
   * null when no element there can take focus.
   */
  onFocus: RevealedContent[] | null;
  pseudoOnFocus?: string;
}

const meaningful = (item: RevealedContent) => item.text.trim() !== '' || item.controls > 0 || item.media;
const normalise = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase();

/** The meaningful content a hover revealed that focus did not. */
export function missingOnFocus(observation: HoverObservation): RevealedContent[] {
  const shown = observation.onHover.filter(meaningful);
  const pseudo = observation.pseudoOnHover && /[\p{L}\p{N}]{2}/u.test(observation.pseudoOnHover) ? observation.pseudoOnHover : undefined;
  const focused = observation.onFocus ?? [];
  const missing = shown.filter(
    (item) =>
      !focused.some((f) => f.selector === item.selector || (normalise(item.text) !== '' && normalise(f.text) === normalise(item.text))),
  );
  if (pseudo && normalise(observation.pseudoOnFocus ?? '') !== normalise(pseudo)) {
    missing.push({ selector: `${observation.target.selector}::after`, text: pseudo, controls: 0, media: false });
  }
  return missing;
}

/** `keyboard/hover-only`: content that appears on hover and never on keyboard focus. */
export function judgeHover(observation: HoverObservation): FindingDraft | null {
  const missing = missingOnFocus(observation);
  if (missing.length === 0) return null;
  const first = missing[0]!;
  const controls = missing.reduce((n, item) => n + item.controls, 0);
  const what = first.text ? `"${shorten(first.text, 60)}"` : controls > 0 ? 'controls' : 'content';
  const extra = missing.length > 1 ? ` (and ${missing.length - 1} more)` : '';
  const why =
    observation.onFocus === null
      ? 'This element cannot receive keyboard focus at all'
      : 'Moving keyboard focus to it does not show the same content';
  const controlNote = controls > 0 ? ' It includes controls, which keyboard and voice users then cannot reach.' : '';
  return {
    rule: 'keyboard/hover-only',
    target: observation.target,
    message:
      `Moving the mouse over this shows ${what}${extra}. ${why}, so keyboard and switch users never see it.` +
      `${controlNote} Show it on focus as well (for example with :focus-within), or make the trigger a button that toggles it.`,
  };
}

function shorten(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}
