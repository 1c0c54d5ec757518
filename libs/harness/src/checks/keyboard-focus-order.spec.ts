import type { Box } from '../types.js';
import type { FocusStop, TabWalkObservation } from './keyboard-observations.js';
import { checkFocusOrder, forwardOrder, isBackwardJump, outOfOrderStops } from './keyboard-focus-order.js';

const stop = (key: string, box: Box | null, extra: Partial<FocusStop> = {}): FocusStop => ({
  key,
  target: { selector: key, html: '<a>', tag: 'a', role: 'link', text: key.slice(1), box },
  tabindex: null,
  region: 'main',
  pinned: false,
  hit: null,
  ...extra,
});
const walkOf = (stops: FocusStop[], sequence: (string | null)[] = stops.map((s) => s.key)): TabWalkObservation => ({
  stops,
  forward: { sequence, outcome: 'complete' },
  cycles: [],
});
const row = (y: number, x = 0, width = 200, height = 30): Box => ({ x, y, width, height });

describe(isBackwardJump.name, () => {
  it('is a jump up past the whole earlier element, in the same column', () => {
    expect(isBackwardJump(row(300), row(100))).toBe(true);
  });
  it('is not one for a small step up, a step down, or another column', () => {
    expect(isBackwardJump(row(120), row(100))).toBe(false);
    expect(isBackwardJump(row(100), row(300))).toBe(false);
    expect(isBackwardJump(row(300, 0), row(100, 400))).toBe(false);
  });
});

describe(outOfOrderStops.name, () => {
  it('picks the element focus reaches too early (a Send button shown last)', () => {
    const stops = [stop('#send', row(330)), stop('#name', row(100)), stop('#email', row(180)), stop('#message', row(260))];
    const result = outOfOrderStops(stops);
    expect(result.map((r) => r.stop.key)).toEqual(['#send']);
    expect(result[0].early).toBe(true);
    expect(result[0].partners.map((p) => p.key)).toEqual(['#name', '#email', '#message']);
  });

  it('accepts columns read top to bottom, then the next column', () => {
    const stops = [stop('#l1', row(100, 0)), stop('#l2', row(200, 0)), stop('#l3', row(300, 0)), stop('#r1', row(100, 300)), stop('#r2', row(200, 300))];
    expect(outOfOrderStops(stops)).toEqual([]);
  });

  it('accepts a grid read row by row', () => {
    const stops = [0, 1, 2, 3, 4, 5].map((i) => stop(`#c${i}`, row(100 + Math.floor(i / 3) * 120, (i % 3) * 250, 200, 80)));
    expect(outOfOrderStops(stops)).toEqual([]);
  });

  it('compares only within one region and one frame', () => {
    const stops = [
      stop('#content', row(400), { region: 'main' }),
      stop('#nav', row(10), { region: 'nav' }),
      stop('#framed', row(10), { target: { ...stop('#framed', row(10)).target, framePath: ['#f'] } }),
    ];
    expect(outOfOrderStops(stops)).toEqual([]);
  });

  it('leaves out pinned, tiny, off-page and positive-tabindex elements', () => {
    const stops = [
      stop('#content', row(400)),
      stop('#sticky', row(0), { pinned: true }),
      stop('#tiny', { x: 0, y: 0, width: 1, height: 1 }),
      stop('#skip', { x: 0, y: -999, width: 100, height: 20 }),
      stop('#first', row(10), { tabindex: 1 }),
      stop('#nobox', null),
    ];
    expect(outOfOrderStops(stops)).toEqual([]);
  });
});

describe(forwardOrder.name, () => {
  it('keeps the first visit of each forward stop, without backward-only stops', () => {
    const stops = [stop('#a', row(0)), stop('#b', row(50)), stop('#back', row(90))];
    expect(forwardOrder(walkOf(stops, ['#a', '#b', null, '#a'])).map((s) => s.key)).toEqual(['#a', '#b']);
  });
});

describe(checkFocusOrder.name, () => {
  it('reports every positive tabindex', () => {
    const target = stop('#search', row(0)).target;
    const drafts = checkFocusOrder(walkOf([]), [{ target, tabindex: 1 }]);
    expect(drafts).toHaveLength(1);
    expect(drafts[0].rule).toBe('keyboard/focus-order');
    expect(drafts[0].message).toContain('tabindex="1"');
  });

  it('reports elements out of step with the visual order', () => {
    const stops = [stop('#send', row(330)), stop('#name', row(100)), stop('#email', row(180))];
    const drafts = checkFocusOrder(walkOf(stops), []);
    expect(drafts.map((d) => d.target.selector)).toEqual(['#send']);
    expect(drafts[0].message).toMatch(/before "name", "email", which appear above it/);
  });

  it('says "after" for an element reached late', () => {
    const stops = [stop('#a', row(100)), stop('#b', row(200)), stop('#c', row(300)), stop('#top', row(0))];
    const drafts = checkFocusOrder(walkOf(stops), []);
    expect(drafts.map((d) => d.target.selector)).toEqual(['#top']);
    expect(drafts[0].message).toMatch(/after .* which appear below it/);
  });
});
