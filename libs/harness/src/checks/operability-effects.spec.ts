import { describeEffect, emptyEffect, isEffective, mergeEffects, noiseFrom } from './operability-effects.js';

describe(describeEffect.name, () => {
  it('says nothing for an action that did nothing', () => {
    expect(describeEffect(emptyEffect())).toEqual([]);
    expect(isEffective(emptyEffect())).toBe(false);
    expect(isEffective(null)).toBe(false);
  });

  it('names each kind of effect in plain words', () => {
    const effect = {
      ...emptyEffect(),
      navigations: ['http://x/next'],
      popups: ['http://x/new'],
      dialogs: ['Sure?'],
      stateChanged: ['aria-expanded'],
      mutations: 2,
      mutatedTargets: ['#panel'],
      focusMoved: true,
      requests: ['http://x/api'],
    };
    expect(describeEffect(effect)).toEqual([
      'goes to http://x/next',
      'opens a new window',
      'opens a dialog box',
      'changes aria-expanded',
      'changes the page',
      'moves focus',
      'sends a request',
    ]);
  });

  it('counts scrolling only when asked to', () => {
    const scrolled = { ...emptyEffect(), scrolled: true };
    expect(isEffective(scrolled)).toBe(false);
    expect(describeEffect(scrolled, undefined, { countScroll: true })).toEqual(['scrolls']);
  });

  it('discounts mutations of elements the page changes on its own, and requests while it polls', () => {
    const noise = noiseFrom({ ...emptyEffect(), mutations: 1, mutatedTargets: ['#clock'], requests: ['http://x/poll'] });
    expect(noise).toEqual({ mutatedTargets: ['#clock'], requests: true });
    const effect = { ...emptyEffect(), mutations: 3, mutatedTargets: ['#clock'], requests: ['http://x/poll'] };
    expect(describeEffect(effect, noise)).toEqual([]);
    expect(describeEffect({ ...effect, mutatedTargets: ['#clock', '#status'] }, noise)).toEqual(['changes the page']);
  });

  it('counts mutations beyond the named targets only when the page is otherwise quiet', () => {
    const effect = { ...emptyEffect(), mutations: 5, mutatedTargets: [] };
    expect(describeEffect(effect)).toEqual(['changes the page']);
    expect(describeEffect(effect, { mutatedTargets: ['#clock'], requests: false })).toEqual([]);
  });
});

describe(mergeEffects.name, () => {
  it('adds what the browser saw to what the page saw', () => {
    const merged = mergeEffects({ ...emptyEffect(), mutations: 1, mutatedTargets: ['#a'] }, { dialogs: ['Hi'], focusMoved: true });
    expect(merged).toMatchObject({ mutations: 1, mutatedTargets: ['#a'], dialogs: ['Hi'], focusMoved: true, scrolled: false });
  });
});
