import type { ElementRef } from '../types.js';
import { hoverCandidateSelectors, hoverSubjects, judgeHover, missingOnFocus, type HoverObservation, type RevealedContent } from './pointer-hover.js';

describe(hoverSubjects.name, () => {
  it.each([
    ['.menu:hover > ul', ['.menu']],
    ['.help:hover + .bubble', ['.help']],
    ['.help:hover ~ .bubble', ['.help']],
    ['nav li:hover > ul', ['nav li']],
    ['.a .b:hover .c', ['.a .b']],
    ['.table > tr:hover .actions', ['.table > tr']],
    ['[data-tip]:hover::after', ['[data-tip]']],
    ['.tip:hover:after', ['.tip']],
    [':hover > .x', ['*']],
    ['li:hover:not(.open) > ul', ['li:not(.open)']],
    ['.row:hover .actions, .row:focus-within .actions', ['.row']],
    ['.a:hover .x, .b:hover .y', ['.a', '.b']],
    ['a[title="x:hover y"]:hover > span', ['a[title="x:hover y"]']],
  ])('%s → %j', (selector, subjects) => {
    expect(hoverSubjects(selector)).toEqual(subjects);
  });

  it.each([
    'a:hover',
    'button:hover:not([disabled])',
    '.card:hover',
    ':is(.a:hover) .b',
    '.x:not(:hover) .y',
    '.hoverable .y',
    '.a:hovered .b',
  ])('ignores %s (styles itself, or :hover not at the top level)', (selector) => {
    expect(hoverSubjects(selector)).toEqual([]);
  });
});

describe(hoverCandidateSelectors.name, () => {
  it('keeps rules that can reveal content and drops recolouring ones, without duplicates', () => {
    expect(
      hoverCandidateSelectors([
        { selectorText: '.menu:hover > ul', properties: ['display'] },
        { selectorText: 'tr:hover td', properties: ['background-color'] },
        { selectorText: '.menu:hover > .sub', properties: ['opacity'] },
        { selectorText: '.tip:hover::after', properties: ['content', 'position'] },
        { selectorText: '.plain', properties: ['display'] },
      ]),
    ).toEqual(['.menu', '.tip']);
  });
});

const target: ElementRef = {
  selector: '#help',
  html: '<span id="help">?</span>',
  tag: 'span',
  role: null,
  text: '?',
  box: { x: 0, y: 0, width: 16, height: 16 },
};

const revealed = (selector: string, text: string, controls = 0, media = false): RevealedContent => ({ selector, text, controls, media });

describe(judgeHover.name, () => {
  it('reports content shown on hover when the element cannot take focus', () => {
    const draft = judgeHover({ target, onHover: [revealed('.bubble', 'Found on your letter')], onFocus: null });
    expect(draft).toMatchObject({ rule: 'keyboard/hover-only', target: { selector: '#help' } });
    expect(draft!.message).toContain('"Found on your letter"');
    expect(draft!.message).toContain('cannot receive keyboard focus');
  });

  it('reports content shown on hover but not on focus', () => {
    const draft = judgeHover({ target, onHover: [revealed('#panel', 'Opened 3 March')], onFocus: [] });
    expect(draft!.message).toContain('does not show the same content');
  });

  it('mentions controls that appear only on hover', () => {
    const draft = judgeHover({ target, onHover: [revealed('.actions', 'Edit Delete', 2)], onFocus: [] });
    expect(draft!.message).toContain('includes controls');
  });

  it('does not report content that focus shows too, by element or by text', () => {
    expect(judgeHover({ target, onHover: [revealed('#panel', 'Opened')], onFocus: [revealed('#panel', 'Opened')] })).toBeNull();
    // A tooltip library that creates a new element each time: same words, new selector.
    expect(judgeHover({ target, onHover: [revealed('#tip-1', 'Opened  3 March')], onFocus: [revealed('#tip-2', 'opened 3 march')] })).toBeNull();
  });

  it('does not report hover effects that reveal nothing meaningful (an empty highlight)', () => {
    expect(judgeHover({ target, onHover: [revealed('.underline', '')], onFocus: null })).toBeNull();
    expect(judgeHover({ target, onHover: [], onFocus: null })).toBeNull();
  });

  it('counts an image or a control without text as meaningful', () => {
    expect(judgeHover({ target, onHover: [revealed('.preview', '', 0, true)], onFocus: [] })).not.toBeNull();
    expect(judgeHover({ target, onHover: [revealed('.trash', '', 1)], onFocus: [] })).not.toBeNull();
  });

  it('reports a CSS ::after tooltip that focus does not show, but not one it does', () => {
    const base: HoverObservation = { target, onHover: [], pseudoOnHover: 'Found on your letter', onFocus: [] };
    expect(judgeHover(base)!.message).toContain('"Found on your letter"');
    expect(judgeHover({ ...base, pseudoOnFocus: 'Found on your letter' })).toBeNull();
    // Decoration (an arrow) is not content.
    expect(judgeHover({ ...base, pseudoOnHover: '→' })).toBeNull();
  });

  it('lists only the parts focus did not show', () => {
    const missing = missingOnFocus({
      target,
      onHover: [revealed('#a', 'Shown both ways'), revealed('#b', 'Hover only')],
      onFocus: [revealed('#a', 'Shown both ways')],
    });
    expect(missing.map((m) => m.selector)).toEqual(['#b']);
    const draft = judgeHover({ target, onHover: [revealed('#b', 'One'), revealed('#c', 'Two')], onFocus: [] });
    expect(draft!.message).toContain('(and 1 more)');
  });
});
