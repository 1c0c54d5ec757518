import { isSymbolicLabel, labelInName, labelTokens, removeParenthesised } from './speech-label.js';

// The W3C ACT rule 2ee8b8 examples, as [visible inner text, accessible name].
const ACT_PASSED: [string, string][] = [
  ['ACT rules', 'ACT rules'],
  ['ACT rules', '  ACT   rules  '],
  ['ACT rules', 'act Rules'],
  ['Next Page', 'Next Page in the list'],
  ['X', 'anything'],
  ['Hello world', 'Hello world'],
  ['Some article by John Doe', 'Some article by John Doe'],
  ['ACT', 'ACT'],
  ['Download specification', 'Download specification'],
  ['compose email', 'compose email'],
  ['Search by date (YYYY-MM-DD)', 'Search by date'],
  ['Next…', 'Next'],
  ['>>> ** Submit ** <<<', '💡 Submit 💡'],
];

const ACT_FAILED: [string, string][] = [
  ['ACT rules', 'WCAG'],
  ['The full label', 'the full'],
  ['Discover It', 'Discover Italy'],
  ['justice', 'just ice'],
  ['W C A G', 'WCAG'],
  ['Proof of 2×2=4', 'Proof of two multiplied by two is four'],
  ['11×3=33', '11 times 3 equals 33'],
  ['you how are', 'how are you'],
  ['Download specification', 'Download the specification'],
  ['123.555.0123', '1 2 3. 5 5 5. 0 1 2 3'],
  ['2021', '20 21'],
  ['fibonacci: 0112358132134', 'fibonacci: 0 1 1 2 3 5 8 13 21 34'],
  ['two thousand twenty-one', 'twenty twenty-one'],
  ['2 0 2 3', 'two zero two three'],
  ['1', '1a'],
  ['Download gizmo specification', 'Download specification'],
];

describe('labelInName', () => {
  it.each(ACT_PASSED)('finds %j in the name %j (ACT 2ee8b8 passed examples)', (label, name) => {
    expect(labelInName(label, name)).toBe(true);
  });

  it.each(ACT_FAILED)('does not find %j in the name %j (ACT 2ee8b8 failed examples)', (label, name) => {
    expect(labelInName(label, name)).toBe(false);
  });

  it('tolerates an abbreviation ending in a full stop (ACT: out of scope)', () => {
    expect(labelInName('University Ave.', 'University Avenue')).toBe(true);
    expect(labelInName('University Ave', 'University Avenue')).toBe(false);
  });

  it('tolerates a word hyphenated in one place and not the other (ACT: out of scope)', () => {
    expect(labelInName('nonstandard', 'non-standard')).toBe(true);
    expect(labelInName('e-mail address', 'Email address')).toBe(true);
  });

  it('compares whole words, not characters', () => {
    expect(labelInName('Search', 'Research papers')).toBe(false);
    expect(labelInName('Search', 'Search the site')).toBe(true);
    expect(labelInName('Search', 'Submit query')).toBe(false);
  });

  it('treats a label with no words as nothing to say', () => {
    expect(labelInName('', 'Close')).toBe(true);
    expect(labelInName('→ ★', 'Next')).toBe(true);
  });

  it('keeps accented letters in one word', () => {
    expect(labelInName('Café menu', 'cafe menu')).toBe(true);
    expect(labelTokens('naïve')).toEqual(['naive']);
  });
});

describe('labelTokens', () => {
  it('folds case, drops punctuation and splits on any whitespace', () => {
    expect(labelTokens('  Case\u00a0reference:*  ')).toEqual(['case', 'reference']);
  });

  it('joins hyphenated words only when asked', () => {
    expect(labelTokens('non-standard')).toEqual(['non', 'standard']);
    expect(labelTokens('non-standard', true)).toEqual(['nonstandard']);
  });
});

describe('removeParenthesised', () => {
  it('removes round brackets with their content, nested ones too, but not other brackets', () => {
    expect(removeParenthesised('Date (DD (day)/MM) [optional]').replace(/\s+/g, ' ').trim()).toBe('Date [optional]');
  });
});

describe('isSymbolicLabel', () => {
  it('recognises a lone "x" used as a close symbol', () => {
    expect(isSymbolicLabel('X')).toBe(true);
    expect(isSymbolicLabel(' x ')).toBe(true);
    expect(isSymbolicLabel('Xbox')).toBe(false);
    expect(isSymbolicLabel('1')).toBe(false);
  });
});
