import type { FindingDraft } from '../types.js';
import { finaliseFindings, fingerprint, reportSelector } from './findings.js';

const target = (selector: string, framePath?: string[]) => ({
  selector,
  ...(framePath ? { framePath } : {}),
  html: '<div id="save">Save</div>',
  tag: 'div',
  role: null,
  text: 'Save',
  box: { x: 1, y: 2, width: 30, height: 10 },
});

describe('fingerprint', () => {
  it('is the same for the same rule, page and selector, whatever the query string or fragment', () => {
    const a = fingerprint('keyboard/trap', 'https://x.example/cases?session=1#top', '#save');
    const b = fingerprint('keyboard/trap', 'https://x.example/cases?session=2', '#save');
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{20}$/);
  });

  it('differs when the rule, the page path or the element differs', () => {
    const base = fingerprint('keyboard/trap', 'https://x.example/cases', '#save');
    expect(fingerprint('keyboard/unreachable', 'https://x.example/cases', '#save')).not.toBe(base);
    expect(fingerprint('keyboard/trap', 'https://x.example/case', '#save')).not.toBe(base);
    expect(fingerprint('keyboard/trap', 'https://x.example/cases', '#cancel')).not.toBe(base);
  });
});

describe('finaliseFindings', () => {
  it('attaches the catalogue metadata for atcompat rules', () => {
    const [finding] = finaliseFindings(
      [{ rule: 'keyboard/mouse-only-control', target: target('#save'), message: 'Cannot be reached with Tab.' }],
      'http://localhost/note.html',
    );
    expect(finding).toMatchObject({
      rule: 'keyboard/mouse-only-control',
      impact: 'critical',
      wcag: ['2.1.1'],
      selector: '#save',
      html: '<div id="save">Save</div>',
      message: 'Cannot be reached with Tab.',
      boundingBox: { x: 1, y: 2, width: 30, height: 10 },
    });
    expect(finding!.profiles).toEqual(expect.arrayContaining(['keyboard', 'speech']));
    expect(finding!.helpUrl).toMatch(/^https:\/\/www\.w3\.org\/WAI\//);
  });

  it('takes WCAG criteria, impact and profiles for axe rules from axe', () => {
    const draft: FindingDraft & { axe: object } = {
      rule: 'axe/image-alt',
      target: target('img'),
      message: 'The image has no text alternative.',
      axe: { impact: 'critical', tags: ['wcag2a', 'wcag111', 'cat.text-alternatives'], help: 'Images must have alternative text' },
    };
    const [finding] = finaliseFindings([draft], 'http://localhost/');
    expect(finding).toMatchObject({ rule: 'axe/image-alt', impact: 'critical', wcag: ['1.1.1'], help: 'Images must have alternative text' });
    expect(finding!.profiles).toContain('screen-reader');
  });

  it('lets a check raise or lower the impact', () => {
    const [finding] = finaliseFindings(
      [{ rule: 'keyboard/trap', target: target('#editor'), message: 'm', impact: 'minor' }],
      'http://localhost/',
    );
    expect(finding!.impact).toBe('minor');
  });

  it('reports one finding per rule and element, and joins iframe paths into the selector', () => {
    const findings = finaliseFindings(
      [
        { rule: 'keyboard/trap', target: target('#a'), message: 'first' },
        { rule: 'keyboard/trap', target: target('#a'), message: 'second' },
        { rule: 'keyboard/trap', target: target('#a', ['iframe#chat']), message: 'in a frame' },
      ],
      'http://localhost/',
    );
    expect(findings.map((f) => [f.selector, f.message])).toEqual([
      ['#a', 'first'],
      ['iframe#chat >>> #a', 'in a frame'],
    ]);
    expect(reportSelector({ target: target('#b', ['#outer', '#inner']) })).toBe('#outer >>> #inner >>> #b');
  });
});
