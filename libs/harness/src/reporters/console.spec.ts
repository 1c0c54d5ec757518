import { applyBaseline, createBaseline } from '../baseline.js';
import { finding, journey, page, report, sampleReport } from './__fixtures__/reports.js';
import { formatConsole } from './console.js';
import { evaluateGate } from './gate.js';

describe(formatConsole.name, () => {
  it('gives verdicts per profile, each page with its findings, and the outcome', () => {
    const r = sampleReport();
    const text = formatConsole(r, evaluateGate(r));
    expect(text).toMatch(/^atcompat 0\.1\.0 with chromium 156: 2 pages scanned and 2 journeys run in 72\.5 s\n/);
    expect(text).toMatch(/^ {2}keyboard +blocked +2 findings$/m);
    expect(text).toMatch(/^ {2}literacy +pass +0 findings$/m);
    expect(text).toContain('Page 1: http://localhost:4100/cases/1042 "Case 1042 – Casework": 3 findings');
    expect(text).toMatch(/CRITICAL +keyboard\/mouse-only-control +#save\n +"Save case" responds to click/);
    expect(text).toMatch(/MINOR +speech\/ambiguous-name .*\(below the threshold\)/);
    expect(text).toContain('Failed: 6 findings at or above "serious" for all AT profiles, and 1 journey did not pass.');
    expect(text).toContain('Not counted: 1 below the threshold.');
    expect(text).toContain('"pass" means atcompat found nothing');
  });

  it('has no colour unless asked, and colour when asked', () => {
    const r = sampleReport();
    // eslint-disable-next-line no-control-regex
    expect(formatConsole(r, evaluateGate(r))).not.toMatch(/\u001b\[/);
    expect(formatConsole(r, evaluateGate(r), { color: true })).toMatch(/\u001b\[31m/);
  });

  it('says how many findings the baseline accepted and where reports were written', () => {
    const original = { ...sampleReport(), journeys: [] };
    const r = applyBaseline(original, createBaseline(original), 'atcompat-baseline.json');
    const text = formatConsole(r, evaluateGate(r), { written: [{ label: 'HTML report', file: 'out/report.html' }] });
    expect(text).toContain('Passed: no findings at or above "serious" for all AT profiles.');
    expect(text).toContain('Not counted: 7 accepted in the baseline (atcompat-baseline.json).');
    expect(text).toContain('HTML report written to out/report.html');
  });

  it('shows pages that could not be audited with the reason', () => {
    const r = report([page([], { url: 'http://127.0.0.1:9/', title: '', error: 'The page could not be loaded: net::ERR_CONNECTION_REFUSED' })]);
    const text = formatConsole(r, evaluateGate(r));
    expect(text).toContain('1 page scanned in 5.3 s, 1 could not be audited');
    expect(text).toContain('Page 1: http://127.0.0.1:9/\n  Could not be audited: The page could not be loaded: net::ERR_CONNECTION_REFUSED');
    expect(text).toContain('No page could be audited, so nothing was checked.');
  });

  it('shows each journey: whether it passed, every step, the blocked step with its reason, and the keys pressed', () => {
    const r = sampleReport();
    const text = formatConsole(r, evaluateGate(r));
    expect(text).toContain('Journey 1: "record a note" (keyboard only): blocked at step 3 of 4\n');
    expect(text).toContain('  1.  passed    open case 1042\n                Keys pressed: Tab 3 times, Enter\n');
    expect(text).toContain(
      "  3.  BLOCKED   activate 'Save case'\n                not reachable with the keyboard: \"Save case\" (#save) never receives focus after 40 Tab presses\n",
    );
    expect(text).toContain('  4.  skipped   see the confirmation\n                an earlier step was blocked\n');
    expect(text).toContain('Journey 2: "find a case" (speech input): passed (3 steps)\n');
    // Journeys come before the pages: a task people cannot finish matters most.
    expect(text.indexOf('Journey 1:')).toBeLessThan(text.indexOf('Page 1:'));
  });

  it('explains a step without a reason, and says when a journey is outside the selected profiles', () => {
    const speech = journey([{ name: 'say "click Save"', status: 'ambiguous' }, { name: 'say "press Enter"', status: 'failed' }], { name: 'save', mode: 'speech', passed: false });
    const r = report([page([])], [speech]);
    const text = formatConsole(r, evaluateGate(r, { failOn: 'serious', profiles: ['keyboard'] }));
    expect(text).toContain('Journey 1: "save" (speech input): failed at step 2 of 2  (not in the selected profiles)');
    expect(text).toContain('more than one control answers to this name, so a voice command cannot tell which one is meant');
    expect(text).toContain('could not be run: the page or the journey script did not behave as expected');
    expect(text).toContain('Passed: no findings at or above "serious" for keyboard.');
    expect(text).toContain('Not counted: 1 journey that did not pass, in a mode outside the selected profiles.');
    const failing = formatConsole(r, evaluateGate(r));
    expect(failing).toContain('Failed: 1 journey did not pass (no findings at or above "serious" for all AT profiles).');
  });

  it('lists at most maxFindings findings and counts the rest', () => {
    const r = report([page(Array.from({ length: 5 }, () => finding()))]);
    const text = formatConsole(r, evaluateGate(r), { maxFindings: 2 });
    expect(text.match(/CRITICAL/g)).toHaveLength(2);
    expect(text).toContain('3 more findings not listed here');
  });
});
