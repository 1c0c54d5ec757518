import { applyBaseline } from '../baseline.js';
import { finding, page, report, sampleReport } from './__fixtures__/reports.js';
import { all, parseXml } from './__fixtures__/xml.js';
import { evaluateGate } from './gate.js';
import { formatJunit, xmlEscape } from './junit.js';

describe(formatJunit.name, () => {
  it('is well-formed XML with one test suite per page and one test per finding', () => {
    const r = sampleReport();
    const xml = parseXml(formatJunit(r, evaluateGate(r)));
    expect(xml.name).toBe('testsuites');
    const suites = all(xml, 'testsuite');
    expect(suites).toHaveLength(2);
    expect(suites.map((s) => all(s, 'testcase').length)).toEqual([3, 4]);
    expect(xml.attrs).toEqual(expect.objectContaining({ tests: '7', failures: '6', errors: '0', skipped: '1' }));
    expect(suites[0]!.attrs.name).toContain('http://localhost:4100/cases/1042');
  });

  it('fails the findings at or above the threshold and skips the others with the reason', () => {
    const r = sampleReport();
    const xml = parseXml(formatJunit(r, evaluateGate(r, { failOn: 'critical', profiles: [] })));
    const failures = all(xml, 'failure');
    expect(failures).toHaveLength(1);
    expect(failures[0]!.attrs.message).toBe('"Save case" responds to click but can never receive keyboard focus.');
    expect(failures[0]!.attrs.type).toBe('keyboard/mouse-only-control (critical)');
    // The body carries what a developer needs to fix it.
    expect(failures[0]!.text).toContain('Element: #save');
    expect(failures[0]!.text).toContain('HTML: <div class="btn btn-primary" id="save">Save case</div>');
    const skipped = all(xml, 'skipped');
    expect(skipped).toHaveLength(6);
    expect(skipped[0]!.attrs.message).toMatch(/below the threshold/);
    const names = all(xml, 'testcase').map((t) => t.attrs.name);
    expect(names).toContain('keyboard/mouse-only-control on #save');
  });

  it('reports baseline findings as skipped, a clean page as one passing test and an unreachable page as an error', () => {
    const accepted = finding({ fingerprint: 'old' });
    let r = report([
      page([accepted]),
      page([]),
      page([], { error: 'The page could not be loaded: net::ERR_CONNECTION_REFUSED' }),
    ]);
    r = applyBaseline(r, { version: 1, createdAt: '2025-01-01T00:00:00Z', findings: [{ fingerprint: 'old', rule: accepted.rule, selector: accepted.selector, url: r.pages[0]!.url }] });
    const xml = parseXml(formatJunit(r, evaluateGate(r)));
    const [first, clean, broken] = all(xml, 'testsuite');
    expect(all(first!, 'skipped')[0]!.attrs.message).toMatch(/accepted in the baseline/);
    expect(all(clean!, 'testcase')).toEqual([expect.objectContaining({ attrs: expect.objectContaining({ name: 'no barriers found' }), children: [] })]);
    expect(all(broken!, 'error')[0]!.attrs.message).toMatch(/ERR_CONNECTION_REFUSED/);
    expect(xml.attrs).toEqual(expect.objectContaining({ tests: '3', failures: '0', errors: '1', skipped: '1' }));
  });

  it('escapes markup, quotes and characters XML cannot hold', () => {
    const nasty = finding({
      selector: 'a[title="<x>"]',
      html: '<a title="&amp;">]]></a>',
      message: 'Tab & "Shift+Tab" <do> nothing\u0000\u001b',
    });
    const r = report([page([nasty], { title: 'Q&A <draft>' })]);
    const text = formatJunit(r, evaluateGate(r));
    const xml = parseXml(text);
    const failure = all(xml, 'failure')[0]!;
    expect(failure.attrs.message).toBe('Tab & "Shift+Tab" <do> nothing');
    expect(failure.text).toContain('HTML: <a title="&amp;">]]></a>');
    expect(all(xml, 'testsuite')[0]!.attrs.name).toContain('Q&A <draft>');
    expect(text).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
  });
});

describe(xmlEscape.name, () => {
  it('escapes the five XML specials', () => {
    expect(xmlEscape(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&apos;y&apos;&gt;&amp;&lt;/a&gt;');
  });
});

describe('the XML parser these tests use', () => {
  it.each([
    ['unclosed tag', '<a><b></a>'],
    ['bare ampersand', '<a>Q&A</a>'],
    ['unquoted attribute', '<a x=1/>'],
    ['two roots', '<a/><b/>'],
    ['unknown entity', '<a>&nbsp;</a>'],
  ])('rejects %s', (_, text) => {
    expect(() => parseXml(text)).toThrow();
  });
});
