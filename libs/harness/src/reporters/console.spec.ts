import { applyBaseline, createBaseline } from '../baseline.js';
import { finding, page, report, sampleReport } from './__fixtures__/reports.js';
import { formatConsole } from './console.js';
import { evaluateGate } from './gate.js';

describe(formatConsole.name, () => {
  it('gives verdicts per profile, each page with its findings, and the outcome', () => {
    const r = sampleReport();
    const text = formatConsole(r, evaluateGate(r));
    expect(text).toMatch(/^atcompat 0\.1\.0 with chromium 156: 2 pages scanned in 72\.5 s\n/);
    expect(text).toMatch(/^ {2}keyboard +blocked +2 findings$/m);
    expect(text).toMatch(/^ {2}literacy +pass +0 findings$/m);
    expect(text).toContain('Page 1: http://localhost:4100/cases/1042 "Case 1042 – Casework": 3 findings');
    expect(text).toMatch(/CRITICAL +keyboard\/mouse-only-control +#save\n +"Save case" responds to click/);
    expect(text).toMatch(/MINOR +speech\/ambiguous-name .*\(below the threshold\)/);
    expect(text).toContain('Failed: 6 findings at or above "serious" for all AT profiles.');
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
    const original = sampleReport();
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

  it('lists at most maxFindings findings and counts the rest', () => {
    const r = report([page(Array.from({ length: 5 }, () => finding()))]);
    const text = formatConsole(r, evaluateGate(r), { maxFindings: 2 });
    expect(text.match(/CRITICAL/g)).toHaveLength(2);
    expect(text).toContain('3 more findings not listed here');
  });
});
