import { applyBaseline, createBaseline } from '../baseline.js';
import { finding, journey, page, report, sampleReport } from './__fixtures__/reports.js';
import { DEFAULT_GATE, baselineOf, evaluateGate, journeyPassed, sortBySeverity } from './gate.js';

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
    expect(gate.failing).toEqual([]);
    // The blocked keyboard journey still fails: a baseline accepts findings, not journeys.
    expect(gate.failingJourneys.map((j) => j.journey.name)).toEqual(['record a note']);
    expect(gate.passed).toBe(false);
    expect(evaluateGate({ ...accepted, journeys: [] }).passed).toBe(true);
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

describe(`${evaluateGate.name} with journeys`, () => {
  const blocked = () =>
    journey([
      { name: 'open the case', status: 'passed', keys: ['Tab', 'Enter'] },
      { name: "activate 'Save'", status: 'blocked', reason: 'not reachable with the keyboard' },
      { name: 'see the confirmation', status: 'skipped' },
    ], { name: 'record a note', mode: 'keyboard' });

  it('fails on a keyboard journey that did not pass, naming the step that stopped it', () => {
    const gate = evaluateGate(report([page([])], [blocked()]));
    expect(gate.passed).toBe(false);
    expect(gate.failing).toEqual([]);
    expect(gate.failingJourneys).toHaveLength(1);
    expect(gate.failingJourneys[0]).toEqual(
      expect.objectContaining({ journeyIndex: 0, status: 'fails', stoppedAt: expect.objectContaining({ stepIndex: 1 }) }),
    );
  });

  it('counts keyboard journeys only for the keyboard profile, speech journeys only for speech', () => {
    const speech = journey([{ name: 'say "click Save"', status: 'blocked', reason: 'no control is named Save' }], { mode: 'speech' });
    const r = report([page([])], [blocked(), speech]);
    const statuses = (profiles: Parameters<typeof evaluateGate>[1]) => evaluateGate(r, profiles).journeys.map((j) => j.status);
    expect(statuses({ failOn: 'serious', profiles: ['keyboard'] })).toEqual(['fails', 'other-profile']);
    expect(statuses({ failOn: 'serious', profiles: ['speech'] })).toEqual(['other-profile', 'fails']);
    const magnifier = evaluateGate(r, { failOn: 'serious', profiles: ['magnifier'] });
    expect(magnifier.journeys.map((j) => j.status)).toEqual(['other-profile', 'other-profile']);
    expect(magnifier.passed).toBe(true);
    // --fail-on does not apply to journeys: a task people cannot finish always counts.
    expect(evaluateGate(r, { failOn: 'critical', profiles: ['keyboard'] }).passed).toBe(false);
  });

  it('passes with journeys that passed, and fails on a failed step or a journey the runner marked as not passed', () => {
    const ok = journey([{ name: 'open', status: 'passed' }]);
    expect(evaluateGate(report([page([])], [ok])).journeys[0]!.status).toBe('passed');
    expect(evaluateGate(report([page([])], [ok])).passed).toBe(true);
    const failedStep = journey([{ name: 'open', status: 'failed', reason: 'The page answered 500.' }]);
    expect(evaluateGate(report([page([])], [failedStep])).passed).toBe(false);
    const marked = journey([{ name: 'open', status: 'passed' }], { passed: false });
    const gate = evaluateGate(report([page([])], [marked]));
    expect(gate.journeys[0]!.status).toBe('fails');
    expect(gate.journeys[0]!.stoppedAt).toBeUndefined();
  });

  it('checks the sample report: its keyboard journey is blocked, its speech journey passed', () => {
    const gate = evaluateGate(sampleReport(), { failOn: 'critical', profiles: ['speech'] });
    expect(gate.journeys.map((j) => j.status)).toEqual(['other-profile', 'passed']);
    // The one critical finding affects speech users too.
    expect(gate.passed).toBe(false);
    expect(evaluateGate(sampleReport(), { failOn: 'critical', profiles: ['literacy'] }).passed).toBe(true);
  });
});

describe(journeyPassed.name, () => {
  it('needs the runner to say passed and no blocked or failed step', () => {
    expect(journeyPassed(journey([{ name: 'a', status: 'passed' }, { name: 'b', status: 'ambiguous' }], { passed: true }))).toBe(true);
    expect(journeyPassed(journey([{ name: 'a', status: 'blocked' }], { passed: true }))).toBe(false);
    expect(journeyPassed(journey([{ name: 'a', status: 'passed' }], { passed: false }))).toBe(false);
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
