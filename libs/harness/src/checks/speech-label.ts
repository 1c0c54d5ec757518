/**
 * The "label in name" algorithm of W3C ACT rule 2ee8b8 (WCAG 2.5.3): is the visible label, as a
 * list of words, a contiguous run of the words of the accessible name? Pure string logic.
 *
 * Two tolerances the ACT rule handles by declaring such cases out of scope (so they must not be
 * reported): a word spelt with a hyphen in one place and without in the other ("non-standard" /
 * "nonstandard"), and an abbreviation ending in a full stop ("Ave." / "Avenue").
 */

/** Removes round brackets and everything inside them (not spoken by speech users; ACT step 1). */
export function removeParenthesised(text: string): string {
  let previous: string;
  let current = text;
  do {
    previous = current;
    current = current.replace(/\([^()]*\)/g, ' ');
  } while (current !== previous);
  return current.replace(/[()]/g, ' ');
}

/** Case-folds and decomposes (NFKD), dropping the combining marks so "café" stays one word. */
function fold(text: string): string {
  return text.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '');
}

const HYPHENS = /[\u002D\u00AD\u2010\u2011\u2012\u2013\u2014\u2212\uFE63\uFF0D]/gu;

/**
 * Splits text into words as the ACT algorithm does: brackets removed, case folded, every
 * character that is not a letter or a digit (punctuation, symbols, emoji) turned into a space.
 * With `joinHyphens`, hyphens join the parts of a word instead of separating them.
 */
export function labelTokens(text: string, joinHyphens = false): string[] {
  let folded = fold(removeParenthesised(text));
  if (joinHyphens) folded = folded.replace(HYPHENS, '');
  return folded
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .split(' ')
    .filter((word) => word.length > 0);
}

/** Words of the visible label that end in a full stop: possible abbreviations ("Ave."). */
function abbreviations(text: string): Set<string> {
  const found = new Set<string>();
  for (const match of fold(removeParenthesised(text)).matchAll(/(\p{L}+)\.(?=\s|$)/gu)) found.add(match[1]!);
  return found;
}

/** Is `needle` a contiguous run of `haystack`? `same` compares one word of each. */
function containsRun(haystack: string[], needle: string[], same: (label: string, name: string) => boolean): boolean {
  if (needle.length === 0) return true;
  for (let start = 0; start + needle.length <= haystack.length; start += 1) {
    if (needle.every((word, i) => same(word, haystack[start + i]!))) return true;
  }
  return false;
}

/**
 * Visible text that stands for something rather than saying it: a lone "x" used as a close
 * symbol (ACT's example of "characters expressing non-text content").
 */
export function isSymbolicLabel(label: string): boolean {
  const words = labelTokens(label);
  return words.length === 1 && words[0] === 'x';
}

/**
 * True when the visible label is contained in the accessible name (or has no words to look for);
 * false when a speech user saying the visible words would not match the name.
 */
export function labelInName(label: string, name: string): boolean {
  if (isSymbolicLabel(label)) return true;
  const abbreviated = abbreviations(label);
  const same = (labelWord: string, nameWord: string) =>
    labelWord === nameWord || (abbreviated.has(labelWord) && /^\p{L}+$/u.test(labelWord) && nameWord.startsWith(labelWord));
  return containsRun(labelTokens(name), labelTokens(label), same) || containsRun(labelTokens(name, true), labelTokens(label, true), same);
}
