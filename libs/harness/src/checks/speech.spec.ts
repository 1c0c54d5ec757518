import type { ElementRef } from '../types.js';
import {
  checkAmbiguousNames,
  checkLabelInName,
  checkNoAccessibleName,
  checkNonStandardControls,
  speechDrafts,
  spokenName,
  visibleLabel,
  type ClickableElement,
  type SpeechControl,
} from './speech.js';

const ref = (selector: string, tag = 'button', text = ''): ElementRef => ({
  selector,
  html: `<${tag}>`,
  tag,
  role: null,
  text,
  box: { x: 0, y: 0, width: 10, height: 10 },
});

const control = (selector: string, overrides: Partial<SpeechControl> = {}): SpeechControl => ({
  target: ref(selector),
  role: 'button',
  name: '',
  contentText: '',
  labelText: '',
  visible: true,
  action: `element:${selector}`,
  ...overrides,
});

const clickable = (selector: string, overrides: Partial<ClickableElement> = {}): ClickableElement => ({
  target: ref(selector, 'div', 'Save case'),
  role: 'generic',
  events: ['click'],
  visible: true,
  insideControl: false,
  containsControl: false,
  ...overrides,
});

const selectors = (drafts: { target: ElementRef }[]) => drafts.map((d) => d.target.selector);

describe(checkLabelInName.name, () => {
  it('reports a button showing "Search" but named "Submit"', () => {
    const drafts = checkLabelInName([control('#search', { name: 'Submit', contentText: 'Search' })]);
    expect(drafts).toHaveLength(1);
    expect(drafts[0]).toMatchObject({ rule: 'speech/label-not-in-name', target: { selector: '#search' } });
    expect(drafts[0]!.message).toContain('"Search"');
    expect(drafts[0]!.message).toContain('"Submit"');
    expect(drafts[0]!.message).toContain('click Search');
  });

  it('reports a field whose <label> is not in its name, and not one whose label is', () => {
    const drafts = checkLabelInName([
      control('#ref', { role: 'textbox', name: 'ref', labelText: 'Case reference' }),
      control('#name', { role: 'textbox', name: 'Case reference number', labelText: 'Case reference' }),
    ]);
    expect(selectors(drafts)).toEqual(['#ref']);
    expect(drafts[0]!.message).toContain("field's label");
  });

  it('accepts names that extend the visible text', () => {
    expect(
      checkLabelInName([
        control('#more', { role: 'link', name: 'Read more about appeals', contentText: 'Read more' }),
        control('#edit', { name: 'Edit case 1', contentText: 'Edit' }),
      ]),
    ).toEqual([]);
  });

  it('leaves icon-only controls and controls with no name to other rules', () => {
    expect(
      checkLabelInName([
        control('#close', { name: 'Close the search panel', contentText: '' }),
        control('#print', { name: '', contentText: 'Print' }),
      ]),
    ).toEqual([]);
  });

  it('uses the value an input button shows', () => {
    const drafts = checkLabelInName([control('#go', { name: 'Submit form', valueText: 'Search' })]);
    expect(selectors(drafts)).toEqual(['#go']);
  });

  it('ignores roles that are not controls named by content or labelled fields', () => {
    expect(checkLabelInName([control('#nav', { role: 'navigation', name: 'main nav', contentText: 'W3C navigation' })])).toEqual([]);
    expect(checkLabelInName([control('#tip', { role: 'tooltip', name: 'OK', contentText: 'Next' })])).toEqual([]);
  });

  it('does not use a <label> for a control named by its content', () => {
    expect(visibleLabel(control('#b', { contentText: 'Save', labelText: 'Other' }))).toEqual({ text: 'Save', source: 'content' });
    expect(visibleLabel(control('#t', { role: 'textbox', contentText: 'typed value', labelText: 'Name' }))).toEqual({ text: 'Name', source: 'label' });
  });
});

describe(checkNoAccessibleName.name, () => {
  it('reports controls with an empty or blank name, naming the role as people say it', () => {
    const drafts = checkNoAccessibleName([
      control('#print', { name: '' }),
      control('#filter', { role: 'textbox', name: '  ' }),
      control('#ok', { name: 'OK' }),
    ]);
    expect(selectors(drafts)).toEqual(['#print', '#filter']);
    expect(drafts[1]!.message).toContain('text field');
    expect(drafts.every((d) => d.rule === 'speech/no-accessible-name')).toBe(true);
  });

  it('ignores elements that are not controls, and empty grid cells', () => {
    expect(checkNoAccessibleName([control('#img', { role: 'image' }), control('#p', { role: 'paragraph' }), control('#cell', { role: 'gridcell' })])).toEqual([]);
  });
});

describe(checkNonStandardControls.name, () => {
  it('reports a clickable element with no control role', () => {
    const drafts = checkNonStandardControls([clickable('#save'), clickable('#row', { role: 'row', events: ['mousedown'] })]);
    expect(selectors(drafts)).toEqual(['#save', '#row']);
    expect(drafts[0]!.message).toContain('"click Save case"');
  });

  it('reports a focusable div with a click listener but no role', () => {
    expect(selectors(checkNonStandardControls([clickable('#assign', { role: null })]))).toEqual(['#assign']);
  });

  it('does not report controls, delegating containers, handlers inside controls, hidden, document-level or backdrop elements', () => {
    expect(
      checkNonStandardControls([
        clickable('#b', { role: 'button' }),
        clickable('#l', { role: 'link' }),
        clickable('#label', { role: 'LabelText' }),
        clickable('#nav', { containsControl: true }),
        clickable('#span', { insideControl: true }),
        clickable('#hidden', { visible: false }),
        clickable('body', { documentLevel: true }),
        clickable('#backdrop', { backdrop: true }),
      ]),
    ).toEqual([]);
  });

  it('only counts click-type listeners', () => {
    expect(checkNonStandardControls([clickable('#k', { events: ['keydown', 'mouseover'] })])).toEqual([]);
  });
});

describe(checkAmbiguousNames.name, () => {
  it('reports every member of a group of same-named controls that do different things', () => {
    const drafts = checkAmbiguousNames([
      control('#edit-1', { name: 'Edit' }),
      control('#edit-2', { name: 'edit ' }),
      control('#save', { name: 'Save' }),
    ]);
    expect(selectors(drafts)).toEqual(['#edit-1', '#edit-2']);
    expect(drafts[0]!.message).toContain('2 controls');
  });

  it('does not report same-named links to one address or buttons submitting one form the same way', () => {
    expect(
      checkAmbiguousNames([
        control('#a1', { role: 'link', name: 'Read more', action: 'href:/appeals' }),
        control('#a2', { role: 'link', name: 'Read more', action: 'href:/appeals' }),
        control('#s1', { name: 'Save', action: 'submit:form:::' }),
        control('#s2', { name: 'Save', action: 'submit:form:::' }),
      ]),
    ).toEqual([]);
  });

  it('reports links with one name going to different places', () => {
    const drafts = checkAmbiguousNames([
      control('#a1', { role: 'link', name: 'Read more', action: 'href:/appeals' }),
      control('#a2', { role: 'link', name: 'Read more', action: 'href:/hearings' }),
    ]);
    expect(selectors(drafts)).toEqual(['#a1', '#a2']);
  });

  it('ignores grid cells repeating a value down a column', () => {
    expect(checkAmbiguousNames([control('#c1', { role: 'gridcell', name: 'Open' }), control('#c2', { role: 'gridcell', name: 'Open' })])).toEqual([]);
  });

  it('ignores hidden, disabled and unnamed controls', () => {
    expect(
      checkAmbiguousNames([
        control('#e1', { name: 'Edit' }),
        control('#e2', { name: 'Edit', visible: false }),
        control('#e3', { name: 'Edit', disabled: true }),
        control('#n1'),
        control('#n2'),
      ]),
    ).toEqual([]);
  });

  it('compares names as spoken: case, punctuation and spacing do not matter', () => {
    expect(spokenName('  Edit…  Case ')).toBe('edit case');
  });
});

describe(speechDrafts.name, () => {
  it('runs every speech check', () => {
    const rules = speechDrafts(
      [control('#print'), control('#search', { name: 'Submit', contentText: 'Search' })],
      [clickable('#save')],
    ).map((d) => d.rule);
    expect(rules.sort()).toEqual(['speech/label-not-in-name', 'speech/no-accessible-name', 'speech/non-standard-control']);
  });
});
