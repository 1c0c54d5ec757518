import type { ScrollableObservation } from './keyboard-observations.js';
import { checkScrollables, isScrollableRegion } from './keyboard-scrollable.js';

const scroller = (extra: Partial<ScrollableObservation>): ScrollableObservation => ({
  target: { selector: '#terms', html: '<div>', tag: 'div', role: null, text: 'Terms', box: null },
  scrollX: 0,
  scrollY: 240,
  padding: { top: 0, right: 0, bottom: 0, left: 0 },
  hasVisibleContent: true,
  tabbableSelfOrDescendant: false,
  inert: false,
  ...extra,
});

describe(isScrollableRegion.name, () => {
  it('needs to scroll by more than its padding', () => {
    expect(isScrollableRegion(scroller({}))).toBe(true);
    expect(isScrollableRegion(scroller({ scrollY: 56, padding: { top: 30, right: 0, bottom: 30, left: 30 } }))).toBe(false);
    expect(isScrollableRegion(scroller({ scrollY: 0, scrollX: 191 }))).toBe(true);
  });

  it('needs visible content and must not be inert', () => {
    expect(isScrollableRegion(scroller({ hasVisibleContent: false }))).toBe(false);
    expect(isScrollableRegion(scroller({ inert: true }))).toBe(false);
  });
});

describe(checkScrollables.name, () => {
  it('reports a scrollable region with nothing focusable', () => {
    const drafts = checkScrollables([scroller({})]);
    expect(drafts).toHaveLength(1);
    expect(drafts[0].rule).toBe('keyboard/scrollable-unreachable');
  });

  it('does not report one that is or contains a Tab stop', () => {
    expect(checkScrollables([scroller({ tabbableSelfOrDescendant: true })])).toEqual([]);
  });
});
