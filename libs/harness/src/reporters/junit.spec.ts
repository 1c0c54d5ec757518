import { applyBaseline } from '../baseline.js';
import { finding, journey, page, report, sampleReport } from './__fixtures__/reports.js';
import { all, parseXml } from './__fixtures__/xml.js';
import { evaluateGate } from './gate.js';
import { formatJunit, xmlEscape } from './junit.js';

describe(formatJunit.name, () => {
  it('is well-formed XML with one test suite per page and one test per finding', () => {
    const r = sampleReport();
    const xml = parseXml(formatJunit(r, evaluateGate(r)));
    expect(xml.name).toBe('testsuites');
    const suites = all(xml, 'testsuite');
    // Two pages, then two journeys.
    expect(suites).toHaveLength(4);
    expect(suites.map((s) => all(s, 'testcase').length)).toEqual([3, 4, 4, 3]);
    expect(xml.attrs).toEqual(expect.objectContaining({ tests: '14', failures: '7', errors: '0', skipped: '2' }));
    expect(suites[0]!.attrs.name).toContain('http://localhost:4100/cases/1042');
  });

  it('fails the findings at or above the threshold and skips the others with the reason', () => {
    const r = sampleReport();
    const xml = parseXml(formatJunit(r, evaluateGate(r, { failOn: 'critical', profiles: [] })));
    const failures = all(xml, 'failure').filter((f) => !f.attrs.type!.startsWith('journey'));
    expect(failures).toHaveLength(1);
    expect(failures[0]!.attrs.message).toBe('"Save case" responds to click but can never receive keyboard focus.');
    expect(failures[0]!.attrs.type).toBe('keyboard/mouse-only-control (critical)');
    // The body carries what a developer needs to fix it.
    expect(failures[0]!.text).toContain('Element: #save');
    expect(failures[0]!.text).toContain('HTML: <div class="btn btn-primary" id="save">Save case</div>');
    const skipped = all(xml, 'skipped').filter((x) => !/earlier step/.test(x.attrs.message!));
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

  it('gives each journey a test suite with a test per step: blocked as a failure with the reason, skipped as skipped', () => {
    const r = sampleReport();
    const xml = parseXml(formatJunit(r, evaluateGate(r)));
    const [, , note, find] = all(xml, 'testsuite');
    expect(note!.attrs).toEqual(expect.objectContaining({ name: 'Journey 1: record a note (keyboard only)', tests: '4', failures: '1', skipped: '1' }));
    const cases = all(note!, 'testcase');
    expect(cases.map((c) => c.attrs.name)).toEqual(['step 1: open case 1042', 'step 2: type the note', "step 3: activate 'Save case'", 'step 4: see the confirmation']);
    expect(cases.map((c) => c.attrs.classname)).toEqual(Array(4).fill('atcompat.journey1'));
    const failure = all(cases[2]!, 'failure')[0]!;
    expect(failure.attrs.message).toBe('not reachable with the keyboard: "Save case" (#save) never receives focus after 40 Tab presses');
    expect(failure.attrs.type).toBe('journey step blocked (keyboard only)');
    expect(failure.text).toContain("Step 3 of 4: activate 'Save case'");
    expect(all(cases[3]!, 'skipped')[0]!.attrs.message).toBe('an earlier step was blocked');
    expect(all(cases[0]!, 'system-out')[0]!.text).toContain('Keys pressed: Tab 3 times, Enter');
    expect(find!.attrs).toEqual(expect.objectContaining({ name: 'Journey 2: find a case (speech input)', tests: '3', failures: '0', skipped: '0' }));
  });

  it('skips the steps of a journey outside the selected profiles, and fails a journey marked as not passed with no failing step', () => {
    const r = report([page([])], [
      journey([{ name: 'say "click Save"', status: 'blocked', reason: 'no control named Save' }], { mode: 'speech' }),
      journey([{ name: 'open', status: 'passed' }], { mode: 'keyboard', passed: false }),
    ]);
    const xml = parseXml(formatJunit(r, evaluateGate(r, { failOn: 'serious', profiles: ['keyboard'] })));
    const [, speech, keyboard] = all(xml, 'testsuite');
    expect(all(speech!, 'skipped')[0]!.attrs.message).toBe('blocked, not in the selected profiles: no control named Save');
    expect(all(speech!, 'failure')).toEqual([]);
    expect(all(keyboard!, 'failure')[0]!.attrs.message).toBe('The journey did not pass, though no step was blocked or failed.');
    expect(xml.attrs).toEqual(expect.objectContaining({ failures: '1', skipped: '1' }));
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
