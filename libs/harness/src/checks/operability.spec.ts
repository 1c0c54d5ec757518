import type { ElementRef } from '../types.js';
import { emptyEffect, NO_NOISE, type ActionEffect } from './operability-effects.js';
import {
  canStopAfter,
  expectationFor,
  guaranteedByBrowser,
  isOperabilityCandidate,
  judgeOperability,
  keysToTry,
  planOperability,
  priorityOf,
  type OperabilityCandidate,
} from './operability.js';

const ref = (selector: string, text = 'Archive case'): ElementRef => ({
  selector,
  html: `<a id="${selector.slice(1)}">${text}</a>`,
  tag: 'a',
  role: null,
  text,
  box: { x: 0, y: 0, width: 80, height: 20 },
});

const candidate = (overrides: Partial<OperabilityCandidate> = {}): OperabilityCandidate => ({
  ref: ref('#archive'),
  role: 'button',
  explicitRole: true,
  native: null,
  ownClick: true,
  textEntry: false,
  ...overrides,
});

const did = (overrides: Partial<ActionEffect> = {}): ActionEffect => ({ ...emptyEffect(), mutations: 1, mutatedTargets: ['#status'], ...overrides });
const nothing = (): ActionEffect => emptyEffect();

describe(expectationFor.name, () => {
  it.each([
    ['button', { all: ['Enter', 'Space'] }],
    ['link', { all: ['Enter'] }],
    ['checkbox', { all: ['Space'] }],
    ['switch', { all: ['Space'] }],
    ['radio', { all: ['Space'] }],
    ['menuitem', { all: ['Enter'] }],
    ['tab', { any: ['Enter', 'Space'] }],
    ['menuitemcheckbox', { any: ['Enter', 'Space'] }],
  ])('a %s must answer %j', (role, expected) => {
    expect(expectationFor(candidate({ role }))).toEqual(expected);
  });

  it('asks a plain clickable element with no role to answer Enter or Space', () => {
    expect(expectationFor(candidate({ role: null, explicitRole: false }))).toEqual({ any: ['Enter', 'Space'] });
  });

  it('does not activate text fields or arrow-key widgets, nor plain elements without a click listener', () => {
    expect(expectationFor(candidate({ role: 'textbox', textEntry: true }))).toBeNull();
    expect(expectationFor(candidate({ role: 'option' }))).toBeNull();
    expect(expectationFor(candidate({ role: 'slider' }))).toBeNull();
    expect(expectationFor(candidate({ role: null, explicitRole: false, ownClick: false }))).toBeNull();
  });
});

describe(guaranteedByBrowser.name, () => {
  const nativeButton = candidate({ role: 'button', explicitRole: false, native: 'button', keyListenerInPath: false, pressListenerInPath: false });

  it('trusts a native button or link when nothing on its path can intercept the keys', () => {
    expect(guaranteedByBrowser(nativeButton)).toBe(true);
    expect(isOperabilityCandidate(nativeButton)).toBe(false);
  });

  it('tests it when a key listener could cancel the keys, or a press listener does the work', () => {
    expect(guaranteedByBrowser({ ...nativeButton, keyListenerInPath: true })).toBe(false);
    expect(guaranteedByBrowser({ ...nativeButton, pressListenerInPath: true })).toBe(false);
    expect(guaranteedByBrowser({ ...nativeButton, keyListenerInPath: undefined })).toBe(false);
  });

  it('never trusts a link given the role of a button: Space does not click a link', () => {
    const linkButton = candidate({ native: 'link', role: 'button', explicitRole: true, keyListenerInPath: false, pressListenerInPath: false });
    expect(guaranteedByBrowser(linkButton)).toBe(false);
    expect(isOperabilityCandidate(linkButton)).toBe(true);
  });
});

describe(planOperability.name, () => {
  it('puts custom controls first, then native ones with listeners, then the rest, each in DOM order, within the budget', () => {
    const list = [
      candidate({ ref: ref('#nav-link'), native: 'link', role: 'link', explicitRole: false, ownClick: false }),
      candidate({ ref: ref('#save'), native: 'button', role: 'button', explicitRole: false, ownClick: true }),
      candidate({ ref: ref('#div-button'), native: null }),
      candidate({ ref: ref('#field'), role: 'textbox', textEntry: true }),
      candidate({ ref: ref('#link-button'), native: 'link', role: 'button', explicitRole: true }),
    ];
    expect(planOperability(list, 10).map((c) => c.ref.selector)).toEqual(['#div-button', '#link-button', '#save', '#nav-link']);
    expect(planOperability(list, 2).map((c) => c.ref.selector)).toEqual(['#div-button', '#link-button']);
    expect(planOperability(list, 0)).toEqual([]);
    expect(list.map(priorityOf)).toEqual([2, 1, 0, 0, 0]);
  });
});

describe(keysToTry.name, () => {
  it('tries every required key, or the alternatives until one works', () => {
    expect(keysToTry({ all: ['Enter', 'Space'] })).toEqual(['Enter', 'Space']);
    expect(keysToTry({ any: ['Enter', 'Space'] })).toEqual(['Enter', 'Space']);
    expect(canStopAfter({ any: ['Enter', 'Space'] }, 'Enter', true)).toBe(true);
    expect(canStopAfter({ any: ['Enter', 'Space'] }, 'Enter', false)).toBe(false);
    expect(canStopAfter({ all: ['Enter', 'Space'] }, 'Enter', true)).toBe(false);
  });
});

describe(judgeOperability.name, () => {
  it('reports a role=button link whose click and Enter work but Space does nothing', () => {
    const draft = judgeOperability(
      { candidate: candidate({ native: 'link' }), click: did(), keys: { Enter: did(), Space: nothing() } },
      NO_NOISE,
    );
    expect(draft).toMatchObject({ rule: 'keyboard/not-operable', target: { selector: '#archive' } });
    expect(draft!.impact).toBeUndefined();
    expect(draft!.message).toContain('pressing Space');
    expect(draft!.message).toContain('Enter does work');
    expect(draft!.message).toContain('"Archive case"');
  });

  it('rates a control that no key operates as critical', () => {
    const draft = judgeOperability({ candidate: candidate(), click: did(), keys: { Enter: nothing(), Space: nothing() } }, NO_NOISE);
    expect(draft!.impact).toBe('critical');
    expect(draft!.message).toContain('Enter or Space');
  });

  it('does not ask a link to answer Space', () => {
    const link = candidate({ role: 'link', explicitRole: false, native: 'link' });
    expect(judgeOperability({ candidate: link, click: did({ navigations: ['http://x/next'] }), keys: { Enter: did() } }, NO_NOISE)).toBeNull();
  });

  it('accepts either key for a plain clickable element', () => {
    const plain = candidate({ role: null, explicitRole: false });
    expect(judgeOperability({ candidate: plain, click: did(), keys: { Enter: nothing(), Space: did() } }, NO_NOISE)).toBeNull();
    expect(judgeOperability({ candidate: plain, click: did(), keys: { Enter: nothing(), Space: nothing() } }, NO_NOISE)).not.toBeNull();
  });

  it('reports a custom checkbox that toggles on click but not on Space', () => {
    const box = candidate({ role: 'checkbox', ref: ref('#urgent', 'Urgent') });
    const draft = judgeOperability({ candidate: box, click: did({ stateChanged: ['aria-checked'] }), keys: { Space: nothing() } }, NO_NOISE);
    expect(draft!.message).toContain('checkbox');
    expect(draft!.message).toContain('aria-checked');
  });

  it('says nothing when the click did nothing, or could not be made, or no key was pressed', () => {
    expect(judgeOperability({ candidate: candidate(), click: nothing(), keys: { Enter: nothing() } }, NO_NOISE)).toBeNull();
    expect(judgeOperability({ candidate: candidate(), click: null, keys: {} }, NO_NOISE)).toBeNull();
    expect(judgeOperability({ candidate: candidate(), click: did(), keys: { Enter: null, Space: null } }, NO_NOISE)).toBeNull();
  });

  it('does not count what the page changes on its own as the click doing something', () => {
    const noise = { mutatedTargets: ['#clock'], requests: true };
    const clock = did({ mutatedTargets: ['#clock'], requests: ['http://x/poll'] });
    expect(judgeOperability({ candidate: candidate(), click: clock, keys: { Enter: nothing(), Space: nothing() } }, noise)).toBeNull();
  });

  it('counts a key that only moves focus, opens a dialog or navigates as working', () => {
    for (const effect of [did({ mutations: 0, mutatedTargets: [], focusMoved: true }), did({ mutations: 0, mutatedTargets: [], dialogs: ['Sure?'] })]) {
      expect(judgeOperability({ candidate: candidate(), click: did(), keys: { Enter: effect, Space: effect } }, NO_NOISE)).toBeNull();
    }
  });

  it('does not count scrolling as Space doing something (Space scrolls the page by default)', () => {
    const scrolled = { ...emptyEffect(), scrolled: true };
    expect(judgeOperability({ candidate: candidate(), click: did(), keys: { Enter: did(), Space: scrolled } }, NO_NOISE)).not.toBeNull();
  });
});
