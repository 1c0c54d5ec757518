import { applyBaseline, createBaseline } from '../baseline.js';
import { finding, page, report, sampleReport } from './__fixtures__/reports.js';
import { DEFAULT_GATE, baselineOf, evaluateGate, sortBySeverity } from './gate.js';

describe(evaluateGate.name, () => {
  it('fails on findings at or above serious for every profile by default', () => {
    const gate = evaluateGate(sampleReport());
    expect(DEFAULT_GATE.failOn).toBe('serious');
    expect(gate.passed).toBe(false);
    // 7 findings: 1 critical, 5 serious, 1 minor.
    expect(gate.failing).toHaveLength(6);
    expect(gate.counts).toEqual({ fails: 6, accepted: 0, 'other-profile': 0, 'below-threshold': 1 });
    expect(gate.failing[0]!.finding.impact).toBe('critical');
  });

  it('counts only the selected profiles', () => {
    const gate = evaluateGate(sampleReport(), { failOn: 'serious', profiles: ['magnifier'] });
    expect(gate.failing.map((f) => f.finding.rule).sort()).toEqual(['axe/color-contrast', 'zoom/reflow']);
    expect(gate.counts['other-profile']).toBe(5);
  });

  it('passes when nothing reaches the threshold', () => {
    const gate = evaluateGate(report([page([finding({ impact: 'moderate' }), finding({ impact: 'minor' })])]), {
      failOn: 'serious',
      profiles: [],
    });
    expect(gate.passed).toBe(true);
    expect(gate.counts['below-threshold']).toBe(2);
    expect(evaluateGate(report([page([finding({ impact: 'moderate' })])]), { failOn: 'moderate', profiles: [] }).passed).toBe(false);
  });

  it('does not count findings accepted in a baseline', () => {
    const original = sampleReport();
    const accepted = applyBaseline(original, createBaseline(original), 'baseline.json');
    const gate = evaluateGate(accepted);
    expect(gate.passed).toBe(true);
    expect(gate.counts.accepted).toBe(7);
    expect(gate.baseline).toEqual(expect.objectContaining({ file: 'baseline.json', accepted: 7 }));
    expect(baselineOf(original)).toBeUndefined();
  });

  it('tells pages that could not be audited apart, and whether all of them failed', () => {
    const some = evaluateGate(report([page([], { error: 'The server answered 500.' }), page([])]));
    expect(some.erroredPages).toHaveLength(1);
    expect(some.allPagesErrored).toBe(false);
    const all = evaluateGate(report([page([], { error: 'net::ERR_CONNECTION_REFUSED' })]));
    expect(all.allPagesErrored).toBe(true);
    expect(evaluateGate(report([])).allPagesErrored).toBe(false);
  });
});

describe(sortBySeverity.name, () => {
  it('puts the most severe first and keeps the order of equals', () => {
    const list = [
      { finding: finding({ impact: 'minor', selector: 'a' }) },
      { finding: finding({ impact: 'serious', selector: 'b' }) },
      { finding: finding({ impact: 'critical', selector: 'c' }) },
      { finding: finding({ impact: 'serious', selector: 'd' }) },
    ];
    expect(sortBySeverity(list).map((x) => x.finding.selector)).toEqual(['c', 'b', 'd', 'a']);
  });
});
