import type { ElementRef } from '../types.js';
import { classifyContainer, eventParameter, judgeMouseOnly, mouseOnlyFindings, type ListenerTarget } from './pointer-mouse-only.js';

const ref = (selector: string, tag = 'div', text = 'Save case'): ElementRef => ({
  selector,
  html: `<${tag} id="${selector.slice(1)}">${text}</${tag}>`,
  tag,
  role: null,
  text,
  box: { x: 10, y: 10, width: 80, height: 24 },
});

/** A visible, unfocusable div with a click listener and nothing focusable inside: the plain barrier. */
const target = (overrides: Partial<ListenerTarget> = {}): ListenerTarget => ({
  ref: ref('#save'),
  types: ['click'],
  rootish: false,
  visible: true,
  focusable: false,
  interactiveAncestor: null,
  labelsFocusableControl: false,
  focusableDescendants: [],
  viewportCoverage: 0.01,
  text: 'Save case',
  ...overrides,
});

const link = (href: string) => ({ tag: 'a', role: 'link', href });

describe(judgeMouseOnly.name, () => {
  it('reports a visible element with a click listener that can never take focus', () => {
    const draft = judgeMouseOnly(target());
    expect(draft).toMatchObject({ rule: 'keyboard/mouse-only-control', impact: 'critical', target: { selector: '#save' } });
    expect(draft!.message).toContain('"Save case"');
    expect(draft!.message).toContain('can never receive keyboard focus');
    expect(draft!.message).toMatch(/<button>/);
  });

  it.each(['dblclick', 'mousedown', 'mouseup', 'pointerdown', 'pointerup'])('counts a %s listener as a mouse control', (type) => {
    expect(judgeMouseOnly(target({ types: [type] }))).not.toBeNull();
  });

  it('names a press listener in the message rather than a click', () => {
    expect(judgeMouseOnly(target({ types: ['pointerdown'] }))!.message).toContain('the mouse button being pressed');
  });

  it('describes an element without text by its tag', () => {
    const draft = judgeMouseOnly(target({ text: '', ref: ref('#trash', 'span', '') }));
    expect(draft!.message).toContain('This <span> element');
  });

  it('ignores hover, key and other listeners', () => {
    expect(judgeMouseOnly(target({ types: ['mouseenter', 'mouseover', 'keydown', 'scroll'] }))).toBeNull();
  });

  it('ignores elements that can take focus (they are for the operability check)', () => {
    expect(judgeMouseOnly(target({ focusable: true }))).toBeNull();
  });

  it('ignores html and body, hidden elements, and elements whose frame cannot be named', () => {
    expect(judgeMouseOnly(target({ rootish: true }))).toBeNull();
    expect(judgeMouseOnly(target({ visible: false }))).toBeNull();
    expect(judgeMouseOnly(target({ unreachableFrame: true }))).toBeNull();
  });

  it('ignores a part of a focusable control (an icon inside a button) and a label of a focusable field', () => {
    expect(judgeMouseOnly(target({ interactiveAncestor: '#print' }))).toBeNull();
    expect(judgeMouseOnly(target({ labelsFocusableControl: true }))).toBeNull();
  });

  it('ignores a click-outside-to-close backdrop, but not a large control with text', () => {
    expect(judgeMouseOnly(target({ viewportCoverage: 1, text: '' }))).toBeNull();
    expect(judgeMouseOnly(target({ viewportCoverage: 1, text: 'Click anywhere to continue' }))).not.toBeNull();
  });

  it('does not report a list that delegates clicks to its links', () => {
    const list = target({
      ref: ref('#menu', 'ul', 'Case 1 Case 2'),
      focusableDescendants: [link('http://x/#1'), link('http://x/#2')],
      handlerSources: ["function (event) { const a = event.target.closest('a'); if (a) open(a); }"],
    });
    expect(judgeMouseOnly(list)).toBeNull();
  });

  it('does not report a card whose click follows its own link', () => {
    const card = target({
      ref: ref('#card', 'div', 'Case 9'),
      focusableDescendants: [link('http://x/#case-9')],
      handlerSources: ["function onclick(event) {\nlocation.href = this.querySelector('a').href\n}"],
    });
    expect(judgeMouseOnly(card)).toBeNull();
  });

  it('reports a row that does something of its own when its only focusable child does something else', () => {
    const row = target({
      ref: ref('#case-5678', 'tr', 'Case 5678'),
      focusableDescendants: [{ tag: 'input', role: 'checkbox' }],
      handlerSources: ['function onclick(event) {\nopenCase(5678)\n}'],
    });
    const draft = judgeMouseOnly(row);
    expect(draft).toMatchObject({ target: { selector: '#case-5678' } });
    expect(draft!.message).toContain('no substitute');
  });

  it('gives a container the benefit of the doubt when its handler cannot be read', () => {
    const root = target({ focusableDescendants: [link('http://x/')], handlerSources: ['function () { [native code] }'] });
    expect(judgeMouseOnly(root)).toBeNull();
    expect(judgeMouseOnly(target({ focusableDescendants: [link('http://x/')] }))).toBeNull();
    expect(judgeMouseOnly(target({ focusableDescendants: [link('http://x/')], handlerSources: [null] }))).toBeNull();
  });

  it('reports the shadow host of an element inside a component, naming the inner element', () => {
    const draft = judgeMouseOnly(target({ ref: ref('#picker', 'date-picker', ''), innerTag: 'div', text: '' }));
    expect(draft!.target.selector).toBe('#picker');
    expect(draft!.message).toContain('inside the <date-picker> component');
  });
});

describe(classifyContainer.name, () => {
  const kids = [link('http://x/a')];
  it.each([
    ['(e) => handle(e)', 'delegates'],
    ['function (ev) { if (ev.target.matches("a")) go(); }', 'delegates'],
    ['e => { const path = e.composedPath(); }', 'delegates'],
    ['() => this.querySelector("a").click()', 'redundant'],
    ['function () { window.location = "/case/9" }', 'redundant'],
    ['function () { select(this) }', 'own-action'],
    ['(e) => { e.preventDefault(); toggle(); }', 'own-action'],
  ])('%s → %s', (source, verdict) => {
    expect(classifyContainer({ handlerSources: [source], focusableDescendants: kids })).toBe(verdict);
  });

  it('does not take navigation for redundancy when no descendant is a link', () => {
    expect(classifyContainer({ handlerSources: ['() => { location.href = "/x" }'], focusableDescendants: [{ tag: 'input', role: 'checkbox' }] })).toBe(
      'own-action',
    );
  });
});

describe(eventParameter.name, () => {
  it.each([
    ['function onclick(event) {\nfoo()\n}', 'event'],
    ['function (e) {}', 'e'],
    ['async function named(evt, other) {}', 'evt'],
    ['(ev) => 1', 'ev'],
    ['async (x) => 1', 'x'],
    ['e => 1', 'e'],
    ['handleClick(event) { this.go(); }', 'event'],
    ['() => 1', null],
    ['function () {}', null],
  ])('%s → %s', (source, name) => {
    expect(eventParameter(source)).toBe(name);
  });
});

describe(mouseOnlyFindings.name, () => {
  it('keeps the order of the targets and drops the ones that are fine', () => {
    const drafts = mouseOnlyFindings([target({ ref: ref('#a') }), target({ ref: ref('#b'), focusable: true }), target({ ref: ref('#c') })]);
    expect(drafts.map((d) => d.target.selector)).toEqual(['#a', '#c']);
  });
});
