import type { ElementRef } from '../types.js';
import {
  AXE_TAGS,
  axeDrafts,
  axeMessage,
  axeRunOptions,
  confirmAxeNode,
  fallbackRef,
  splitAxeTarget,
  summariseFailure,
  type AxeNodeObservation,
  type AxeViolationObservation,
} from './axe.js';

const node = (target: AxeNodeObservation['target'], overrides: Partial<AxeNodeObservation> = {}): AxeNodeObservation => ({
  target,
  html: '<img src="logo.png">',
  impact: 'critical',
  failureSummary: 'Fix any of the following:\n  Element does not have an alt attribute\n  aria-label attribute does not exist or is empty',
  ...overrides,
});

const violation = (id: string, nodes: AxeNodeObservation[], overrides: Partial<AxeViolationObservation> = {}): AxeViolationObservation => ({
  id,
  impact: 'serious',
  tags: ['cat.text-alternatives', 'wcag2a', 'wcag111'],
  help: 'Images must have alternative text',
  helpUrl: 'https://dequeuniversity.com/rules/axe/4.14/image-alt',
  nodes,
  ...overrides,
});

const ref = (selector: string): ElementRef => ({ selector, html: '<img>', tag: 'img', role: 'img', text: '', box: null });

describe(axeRunOptions.name, () => {
  it('runs WCAG 2.0, 2.1 and 2.2 A and AA and switches on label-content-name-mismatch', () => {
    const options = axeRunOptions();
    expect(options.runOnly).toEqual({ type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] });
    expect(options.rules['label-content-name-mismatch']).toEqual({ enabled: true });
    expect(options.rules.region).toBeUndefined();
    expect([...AXE_TAGS]).toContain('wcag22aa');
  });
});

describe(splitAxeTarget.name, () => {
  it('separates the iframe selectors from the element selector', () => {
    expect(splitAxeTarget(['#frame', '#inner', 'button'])).toEqual({ frames: ['#frame', '#inner'], element: 'button' });
    expect(splitAxeTarget(['#save'])).toEqual({ frames: [], element: '#save' });
    expect(splitAxeTarget([['my-app', '#save']])).toEqual({ frames: [], element: ['my-app', '#save'] });
  });
});

describe(fallbackRef.name, () => {
  it('builds a reference from axe data when the element cannot be found again', () => {
    expect(fallbackRef(node(['#frame', ['my-app', 'img']]))).toEqual({
      selector: 'my-app >>> img',
      framePath: ['#frame'],
      html: '<img src="logo.png">',
      tag: 'img',
      role: null,
      text: '',
      box: null,
    });
  });
});

describe(summariseFailure.name, () => {
  it('keeps the first problem and counts the rest', () => {
    expect(summariseFailure(node(['img']).failureSummary)).toBe('Element does not have an alt attribute (and 1 more problem).');
    expect(summariseFailure('Fix all of the following:\n  Document has no main landmark')).toBe('Document has no main landmark.');
    expect(summariseFailure(undefined)).toBe('');
  });
});

describe(axeMessage.name, () => {
  it('uses the plain-English message for well-known rules', () => {
    expect(axeMessage({ id: 'image-alt', help: 'x' }, {})).toMatch(/screen reader users hear nothing/);
    expect(axeMessage({ id: 'label-content-name-mismatch', help: 'x' }, {})).toMatch(/Dragon or Voice Control/);
  });

  it("falls back to axe's help and failure summary", () => {
    expect(axeMessage({ id: 'some-new-rule', help: 'Things must be right.' }, { failureSummary: 'Fix any of the following:\n  thing is wrong' })).toBe(
      'Things must be right. axe-core found: Thing is wrong.',
    );
  });
});

describe(confirmAxeNode.name, () => {
  it('keeps violations by default and drops incomplete results by default', () => {
    expect(confirmAxeNode('image-alt', 'violation', undefined)).toBe(true);
    expect(confirmAxeNode('color-contrast', 'incomplete', { keepsFocus: true })).toBe(false);
    expect(confirmAxeNode('aria-hidden-focus', 'incomplete', undefined)).toBe(false);
  });

  it('promotes aria-hidden-focus needing review when focus stayed on hidden content', () => {
    expect(confirmAxeNode('aria-hidden-focus', 'incomplete', { keepsFocus: true })).toBe(true);
    expect(confirmAxeNode('aria-hidden-focus', 'incomplete', { keepsFocus: false })).toBe(false);
  });

  it("dismisses label-content-name-mismatch where atcompat's label-in-name algorithm finds the label", () => {
    expect(confirmAxeNode('label-content-name-mismatch', 'violation', { label: { visible: 'University Ave.', name: 'University Avenue' } })).toBe(false);
    expect(confirmAxeNode('label-content-name-mismatch', 'violation', { label: { visible: '', name: 'Find' } })).toBe(false);
    expect(confirmAxeNode('label-content-name-mismatch', 'violation', { label: { visible: 'Search', name: 'Submit' } })).toBe(true);
  });

  it('dismisses frame-focusable-content for a frame behind an open modal dialog', () => {
    expect(confirmAxeNode('frame-focusable-content', 'violation', { frameInert: true })).toBe(false);
    expect(confirmAxeNode('frame-focusable-content', 'violation', { frameInert: false })).toBe(true);
  });

  it('dismisses scrollable-region-focusable when the region scrolls no further than its padding', () => {
    expect(confirmAxeNode('scrollable-region-focusable', 'violation', { scroll: { x: 20, y: 10, paddingX: 30, paddingY: 30 } })).toBe(false);
    expect(confirmAxeNode('scrollable-region-focusable', 'violation', { scroll: { x: 0, y: 56, paddingX: 30, paddingY: 30 } })).toBe(true);
    // ACT 0ssw9k Inapplicable Example 5: 56 px of scroll against 30 px top + 30 px bottom padding.
    expect(confirmAxeNode('scrollable-region-focusable', 'violation', { scroll: { x: 0, y: 56, paddingX: 30, paddingY: 60 } })).toBe(false);
  });
});

describe(axeDrafts.name, () => {
  it('makes one draft per node, with the agent reference, axe metadata and node impact', () => {
    const drafts = axeDrafts(
      [{ violation: violation('image-alt', [node(['#logo']), node(['#frame', 'img'], { impact: null })]), outcome: 'violation' }],
      (n) => (n.target.length === 1 ? ref('#logo') : null),
    );
    expect(drafts).toHaveLength(2);
    expect(drafts[0]).toMatchObject({
      rule: 'axe/image-alt',
      target: { selector: '#logo' },
      axe: { impact: 'critical', tags: ['cat.text-alternatives', 'wcag2a', 'wcag111'], helpUrl: expect.stringContaining('image-alt') },
    });
    expect(drafts[1]).toMatchObject({ target: { selector: 'img', framePath: ['#frame'] }, axe: { impact: 'serious' } });
  });

  it('applies the facts to confirm or dismiss nodes', () => {
    const keep = node(['#a']);
    const drop = node(['#b']);
    const drafts = axeDrafts(
      [
        { violation: violation('frame-focusable-content', [keep, drop]), outcome: 'violation' },
        { violation: violation('aria-hidden-focus', [keep, drop]), outcome: 'incomplete' },
      ],
      () => null,
      (n) => (n === drop ? { frameInert: true, keepsFocus: false } : { frameInert: false, keepsFocus: true }),
    );
    expect(drafts.map((d) => `${d.rule} ${d.target.selector}`)).toEqual(['axe/frame-focusable-content #a', 'axe/aria-hidden-focus #a']);
  });
});
