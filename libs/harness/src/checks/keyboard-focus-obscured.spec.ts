import type { FocusStop, HitSample } from './keyboard-observations.js';
import { checkFocusObscured, isEntirelyCovered } from './keyboard-focus-obscured.js';

const banner = { selector: '#cookie-banner', html: '<div id="cookie-banner">', tag: 'div', role: null, text: 'We use cookies', box: null };
const stop = (samples: HitSample[] | null): FocusStop => ({
  key: '#case-1',
  target: { selector: '#case-1', html: '<a>', tag: 'a', role: 'link', text: 'Case 1', box: { x: 0, y: 600, width: 100, height: 20 } },
  tabindex: null,
  region: 'main',
  pinned: false,
  hit: samples ? { samples, coveredBy: banner } : null,
});

describe(isEntirelyCovered.name, () => {
  it('is covered when every sample in view lands on other painted content', () => {
    expect(isEntirelyCovered(stop(Array(9).fill('other')))).toBe(true);
    expect(isEntirelyCovered(stop(['outside', 'outside', 'other', 'other', 'other', 'other', 'other', 'other', 'other']))).toBe(true);
  });

  it.each<HitSample>(['self', 'inside', 'ancestor', 'label', 'transparent'])('is not covered when one sample is %s', (sample) => {
    expect(isEntirelyCovered(stop([...Array(8).fill('other'), sample]))).toBe(false);
  });

  it('cannot tell with nothing in view or no hit-test', () => {
    expect(isEntirelyCovered(stop(Array(9).fill('outside')))).toBe(false);
    expect(isEntirelyCovered(stop(null))).toBe(false);
  });
});

describe(checkFocusObscured.name, () => {
  it('reports the covered element and names what covers it', () => {
    const drafts = checkFocusObscured([stop(Array(9).fill('other')), { ...stop(Array(9).fill('self')), key: '#ok' }]);
    expect(drafts).toHaveLength(1);
    expect(drafts[0].rule).toBe('keyboard/focus-obscured');
    expect(drafts[0].message).toContain('"We use cookies" (#cookie-banner)');
  });
});
