import type { ElementRef } from '../types.js';
import type { RemovedControlObservation, TabWalkObservation, TabbableObservation, WalkOutcome } from './keyboard-observations.js';
import { checkUnreachable, walkIsConclusive } from './keyboard-unreachable.js';

const ref = (selector: string, tag = 'input', box = { x: 10, y: 10, width: 100, height: 20 }, framePath?: string[]): ElementRef => ({
  selector,
  html: `<${tag}>`,
  tag,
  role: null,
  text: '',
  box,
  ...(framePath ? { framePath } : {}),
});
const tabbable = (selector: string, extra: Partial<TabbableObservation> = {}): TabbableObservation => ({
  key: selector,
  target: ref(selector),
  reached: false,
  radioGroup: null,
  stillTabbable: true,
  insideExcludedFrame: false,
  ariaHidden: false,
  ...extra,
});
const walk = (forward: WalkOutcome, backward?: WalkOutcome): TabWalkObservation => ({
  stops: [],
  forward: { sequence: [], outcome: forward },
  ...(backward ? { backward: { sequence: [], outcome: backward } } : {}),
  cycles: [],
});
const removed = (selector: string, extra: Partial<RemovedControlObservation> = {}): RemovedControlObservation => ({
  target: ref(selector, 'button'),
  tabindex: -1,
  inComposite: false,
  roving: false,
  hidden: false,
  ...extra,
});

describe(walkIsConclusive.name, () => {
  it('needs one walk that went all the way round', () => {
    expect(walkIsConclusive(walk('complete'))).toBe(true);
    expect(walkIsConclusive(walk('trapped', 'complete'))).toBe(true);
    expect(walkIsConclusive(walk('trapped', 'trapped'))).toBe(false);
    expect(walkIsConclusive(walk('budget'))).toBe(false);
    expect(walkIsConclusive(walk('blocked'))).toBe(false);
  });
});

describe(checkUnreachable.name, () => {
  it('reports tabbable elements the walk never reached', () => {
    const drafts = checkUnreachable(walk('complete'), [tabbable('#payer', { reached: true }), tabbable('#reference')], []);
    expect(drafts.map((d) => d.target.selector)).toEqual(['#reference']);
    expect(drafts[0].rule).toBe('keyboard/unreachable');
    expect(drafts[0].message).toMatch(/never lands on it/);
  });

  it('says nothing about unreached elements when no walk was complete', () => {
    expect(checkUnreachable(walk('trapped', 'trapped'), [tabbable('#x')], [])).toEqual([]);
    expect(checkUnreachable(walk('budget'), [tabbable('#x')], [])).toEqual([]);
  });

  it('counts a radio group as reached when one of its radios is', () => {
    const radios = [
      tabbable('#post', { reached: true, radioGroup: 'f\u0000channel' }),
      tabbable('#email', { radioGroup: 'f\u0000channel' }),
      tabbable('#other', { radioGroup: 'f\u0000other' }),
    ];
    expect(checkUnreachable(walk('complete'), radios, []).map((d) => d.target.selector)).toEqual(['#other']);
  });

  it('keeps radio groups of different frames apart', () => {
    const radios = [
      tabbable('#a', { reached: true, radioGroup: 'g' }),
      tabbable('#b', { radioGroup: 'g', target: ref('#b', 'input', undefined, ['#frame']) }),
    ];
    expect(checkUnreachable(walk('complete'), radios, []).map((d) => d.target.selector)).toEqual(['#b']);
  });

  it('leaves out iframes, elements no longer tabbable, inside excluded frames, aria-hidden or off the page', () => {
    const list = [
      tabbable('#frame', { target: ref('#frame', 'iframe') }),
      tabbable('#closed', { stillTabbable: false }),
      tabbable('#inside', { insideExcludedFrame: true }),
      tabbable('#sentinel', { ariaHidden: true }),
      tabbable('#offscreen', { target: ref('#offscreen', 'a', { x: 0, y: -15984, width: 100, height: 20 }) }),
    ];
    expect(checkUnreachable(walk('complete'), list, [])).toEqual([]);
  });

  it('reports visible controls removed with a negative tabindex, whatever the walk did', () => {
    const drafts = checkUnreachable(walk('budget'), [], [removed('#add-another')]);
    expect(drafts).toHaveLength(1);
    expect(drafts[0].message).toContain('tabindex="-1"');
  });

  it('leaves out composite widgets, roving tabindex and hidden controls', () => {
    const list = [removed('#a', { inComposite: true }), removed('#b', { roving: true }), removed('#c', { hidden: true })];
    expect(checkUnreachable(walk('complete'), [], list)).toEqual([]);
  });
});
