import type { ElementRef } from '../types.js';
import {
  MAX_REFLOW_FINDINGS,
  pageScrollsSideways,
  reflowCulprits,
  reflowDrafts,
  reflowMessage,
  unattributedReflow,
  type OverflowCandidate,
  type ReflowObservation,
} from './reflow.js';

const candidate = (index: number, overrides: Partial<OverflowCandidate> = {}): OverflowCandidate => ({
  index,
  parent: -1,
  right: 1200,
  width: 1200,
  contained: false,
  fixed: false,
  ...overrides,
});

const observe = (candidates: OverflowCandidate[], scrollWidth = 1200): ReflowObservation => ({ viewportWidth: 320, scrollWidth, candidates });

const ref = (selector: string): ElementRef => ({ selector, html: '<div>', tag: 'div', role: null, text: '', box: null });

describe(pageScrollsSideways.name, () => {
  it('allows a pixel of rounding', () => {
    expect(pageScrollsSideways({ viewportWidth: 320, scrollWidth: 321 })).toBe(false);
    expect(pageScrollsSideways({ viewportWidth: 320, scrollWidth: 322 })).toBe(true);
  });
});

describe(reflowCulprits.name, () => {
  it('blames the outermost overflowing element, not everything inside it', () => {
    const culprits = reflowCulprits(observe([candidate(0), candidate(1, { parent: 0, right: 800 }), candidate(2, { parent: 1, right: 400 })]));
    expect(culprits.map((c) => c.index)).toEqual([0]);
  });

  it('blames separate overflowing elements, widest overflow first', () => {
    const culprits = reflowCulprits(observe([candidate(0, { right: 700 }), candidate(1, { right: 950 })]));
    expect(culprits.map((c) => c.index)).toEqual([1, 0]);
  });

  it('ignores content in its own scroller and fixed-position content', () => {
    expect(reflowCulprits(observe([candidate(0, { contained: true }), candidate(1, { fixed: true })]))).toEqual([]);
  });

  it('blames a child when its overflowing ancestor does not count', () => {
    const culprits = reflowCulprits(observe([candidate(0, { fixed: true }), candidate(1, { parent: 0, fixed: false, right: 900 })]));
    expect(culprits.map((c) => c.index)).toEqual([1]);
  });

  it('blames nothing when the page does not scroll sideways', () => {
    expect(reflowCulprits(observe([candidate(0)], 320))).toEqual([]);
  });

  it(`blames at most ${MAX_REFLOW_FINDINGS} elements`, () => {
    const many = Array.from({ length: MAX_REFLOW_FINDINGS + 3 }, (_, i) => candidate(i, { right: 400 + i }));
    expect(reflowCulprits(observe(many))).toHaveLength(MAX_REFLOW_FINDINGS);
  });
});

describe(reflowDrafts.name, () => {
  it('makes zoom/reflow drafts that say how wide the element is and how far it pushes', () => {
    const observation = observe([candidate(0)]);
    const drafts = reflowDrafts(observation, reflowCulprits(observation), [ref('#layout')]);
    expect(drafts).toEqual([{ rule: 'zoom/reflow', target: ref('#layout'), message: reflowMessage({ right: 1200, width: 1200 }, 320) }]);
    expect(drafts[0]!.message).toContain('1200px wide');
    expect(drafts[0]!.message).toContain('880px sideways');
  });

  it('leaves the width out for text that overflows a narrow box', () => {
    expect(reflowMessage({ right: 500, width: 300 }, 320)).not.toContain('wide and');
  });
});

describe(unattributedReflow.name, () => {
  it('points at the document when the page scrolls sideways but no element is to blame', () => {
    expect(unattributedReflow(observe([], 900), ref('html')).map((d) => d.target.selector)).toEqual(['html']);
    expect(unattributedReflow(observe([], 320), ref('html'))).toEqual([]);
  });
});
