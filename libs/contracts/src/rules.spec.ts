import { AT_PROFILES, type AtProfile } from './profiles.js';
import {
  FINDING_RULE_PATTERN,
  RULES,
  RULE_IDS,
  WCAG_CRITERIA,
  axeRuleId,
  getRule,
  isKnownRuleId,
  profilesForAxeRule,
  wcagUnderstandingUrl,
} from './rules.js';

// The spec: architecture.md, "Findings taxonomy". Ids are public API and must not drift.
const TAXONOMY = [
  'keyboard/mouse-only-control',
  'keyboard/not-operable',
  'keyboard/trap',
  'keyboard/unreachable',
  'keyboard/focus-not-visible',
  'keyboard/focus-obscured',
  'keyboard/focus-order',
  'keyboard/hover-only',
  'keyboard/dialog-focus',
  'keyboard/focus-lost',
  'keyboard/character-shortcut',
  'keyboard/scrollable-unreachable',
  'keyboard/iframe-excluded',
  'speech/label-not-in-name',
  'speech/no-accessible-name',
  'speech/ambiguous-name',
  'speech/non-standard-control',
  'zoom/reflow',
  'zoom/text-resize',
];

function rule(id: string) {
  const found = getRule(id);
  if (!found) throw new Error(`no rule ${id}`);
  return found;
}

describe('rules', () => {
  it('has unique ids', () => {
    expect(new Set(RULE_IDS).size).toBe(RULES.length);
  });

  it('has exactly the ids of the findings taxonomy, in its order', () => {
    expect([...RULE_IDS]).toEqual(TAXONOMY);
    expect(RULES.map((r) => r.id)).toEqual(TAXONOMY);
  });

  it('uses ids of the form <keyboard|speech|zoom>/<kebab-case>, which the report schema accepts', () => {
    for (const id of RULE_IDS) {
      expect(id).toMatch(/^(keyboard|speech|zoom)\/[a-z-]+$/);
      expect(id).toMatch(FINDING_RULE_PATTERN);
    }
  });

  it('gives every rule at least one profile, in canonical order, without repeats', () => {
    for (const r of RULES) {
      expect(r.profiles.length).toBeGreaterThan(0);
      expect([...r.profiles]).toEqual(AT_PROFILES.filter((p) => r.profiles.includes(p)));
    }
  });

  it('cites at least one WCAG criterion for every rule that is not advisory, and none for advisory ones', () => {
    for (const r of RULES) {
      if (r.advisory) expect(r.wcag).toEqual([]);
      else expect(r.wcag.length).toBeGreaterThan(0);
    }
    expect(RULES.filter((r) => r.advisory).map((r) => r.id)).toEqual(['speech/ambiguous-name']);
  });

  it('cites only criteria it can link to, and links each rule to its first criterion', () => {
    for (const r of RULES) {
      for (const criterion of r.wcag) expect(WCAG_CRITERIA[criterion]).toBeDefined();
      if (!r.advisory) expect(r.helpUrl).toBe(wcagUnderstandingUrl(r.wcag[0]!));
      expect(r.helpUrl).toMatch(/^https:\/\/www\.w3\.org\/WAI\/WCAG22\/Understanding\/[a-z-]+\.html$/);
    }
    expect(rule('keyboard/mouse-only-control').helpUrl).toBe(
      'https://www.w3.org/WAI/WCAG22/Understanding/keyboard.html',
    );
    expect(rule('keyboard/focus-obscured').helpUrl).toBe(
      'https://www.w3.org/WAI/WCAG22/Understanding/focus-not-obscured-minimum.html',
    );
  });

  it('cites the WCAG criteria of the taxonomy', () => {
    expect(rule('keyboard/trap').wcag).toEqual(['2.1.2']);
    expect(rule('keyboard/hover-only').wcag).toEqual(['2.1.1', '1.4.13']);
    expect(rule('keyboard/dialog-focus').wcag).toEqual(['2.4.3', '2.1.2']);
    expect(rule('speech/label-not-in-name').wcag).toEqual(['2.5.3']);
    expect(rule('zoom/reflow').wcag).toEqual(['1.4.10']);
  });

  it('has a title, description and plain-English help for every rule', () => {
    for (const r of RULES) {
      expect(r.title.trim()).not.toBe('');
      expect(r.description.trim()).not.toBe('');
      expect(r.help.length).toBeGreaterThan(60);
    }
  });

  it('assigns profiles as the AT profiles table says', () => {
    const has = (id: string, profile: AtProfile) => rule(id).profiles.includes(profile);
    for (const id of RULE_IDS) {
      if (id.startsWith('keyboard/')) {
        expect([id, has(id, 'keyboard'), has(id, 'screen-reader')]).toEqual([id, true, true]);
      }
      if (id.startsWith('speech/')) expect([id, has(id, 'speech')]).toEqual([id, true]);
      if (id.startsWith('zoom/')) expect(rule(id).profiles).toEqual(['magnifier']);
    }
    expect(has('keyboard/mouse-only-control', 'speech')).toBe(true);
    expect(has('keyboard/not-operable', 'speech')).toBe(true);
    expect(has('keyboard/focus-obscured', 'magnifier')).toBe(true);
    expect(has('keyboard/trap', 'speech')).toBe(false);
    expect(has('keyboard/focus-order', 'magnifier')).toBe(false);
  });

  it('rates the rules that stop people outright as critical and the advisory one as minor', () => {
    expect(rule('keyboard/mouse-only-control').impact).toBe('critical');
    expect(rule('keyboard/trap').impact).toBe('critical');
    expect(rule('keyboard/not-operable').impact).toBe('serious');
    expect(rule('keyboard/unreachable').impact).toBe('serious');
    expect(rule('speech/no-accessible-name').impact).toBe('serious');
    expect(rule('speech/ambiguous-name').impact).toBe('minor');
  });

  it('cannot be changed by a consumer', () => {
    expect(Object.isFrozen(RULES)).toBe(true);
    expect(Object.isFrozen(RULES[0])).toBe(true);
    expect(Object.isFrozen(RULES[0]!.profiles)).toBe(true);
  });

  describe(getRule.name, () => {
    it('returns the catalogue entry for a known id and undefined otherwise', () => {
      expect(getRule('keyboard/trap')?.title).toBe('Keyboard trap');
      expect(getRule('keyboard/nope')).toBeUndefined();
      expect(getRule('axe/button-name')).toBeUndefined();
      expect(getRule('constructor')).toBeUndefined();
    });
  });

  describe(isKnownRuleId.name, () => {
    it('accepts catalogue ids only', () => {
      expect(isKnownRuleId('zoom/text-resize')).toBe(true);
      expect(isKnownRuleId('zoom/text-zoom')).toBe(false);
      expect(isKnownRuleId('axe/label')).toBe(false);
      expect(isKnownRuleId(42)).toBe(false);
    });
  });

  describe(axeRuleId.name, () => {
    it('prefixes axe ids, once, into ids the schema accepts', () => {
      expect(axeRuleId('button-name')).toBe('axe/button-name');
      expect(axeRuleId('axe/button-name')).toBe('axe/button-name');
      expect(axeRuleId('color-contrast-enhanced')).toMatch(FINDING_RULE_PATTERN);
    });
  });

  describe(profilesForAxeRule.name, () => {
    it.each<[string, string[], AtProfile[]]>([
      ['button-name', ['cat.name-role-value', 'wcag2a', 'wcag412'], ['screen-reader']],
      ['image-alt', ['cat.text-alternatives'], ['screen-reader']],
      ['aria-required-attr', ['cat.aria'], ['screen-reader']],
      ['label-content-name-mismatch', ['cat.semantics', 'wcag21a', 'wcag253'], ['speech', 'screen-reader']],
      ['color-contrast', ['cat.color'], ['magnifier']],
      ['color-contrast-enhanced', ['cat.color'], ['magnifier']],
      ['meta-viewport-large', ['cat.sensory-and-visual-cues'], ['magnifier']],
      ['target-size', ['wcag22aa'], ['magnifier']],
      ['html-has-lang', ['cat.language'], ['screen-reader', 'literacy']],
      ['valid-lang', ['cat.language'], ['screen-reader', 'literacy']],
      ['scrollable-region-focusable', ['cat.keyboard'], ['keyboard', 'screen-reader']],
      ['bypass', ['cat.keyboard'], ['keyboard', 'screen-reader']],
      ['nested-interactive', ['cat.keyboard'], ['keyboard', 'screen-reader']],
      // More specific than the aria-* prefix: focusable content hidden from screen readers.
      ['aria-hidden-focus', ['cat.name-role-value'], ['keyboard', 'screen-reader']],
      ['axe/tabindex', [], ['keyboard', 'screen-reader']],
      ['some-future-rule', ['cat.color'], ['magnifier']],
      ['some-future-rule', [], ['screen-reader']],
      ['some-future-rule', ['best-practice'], ['screen-reader']],
    ])('maps %s %j to %j', (id, tags, expected) => {
      expect(profilesForAxeRule(id, tags)).toEqual(expected);
    });

    it('returns a fresh array each time', () => {
      const first = profilesForAxeRule('unknown', []);
      first.push('keyboard');
      expect(profilesForAxeRule('unknown', [])).toEqual(['screen-reader']);
    });
  });
});
