import { DEFAULT_GATE_ATS, gateVerdict, judgeAt, requiredAts, type GateAtFacts } from './gate.js';
import { DEMO_ATS } from '../demo/demo-data.js';

const dragon = { name: 'Dragon Professional', profile: 'speech' as const };

const facts = (overrides: Partial<GateAtFacts> = {}): GateAtFacts => ({
  slug: 'dragon-professional',
  at: dragon,
  newestVersion: '16',
  record: null,
  coveredByRun: false,
  latestRunBlockingReason: null,
  ...overrides,
});

const record = (overrides: Partial<NonNullable<GateAtFacts['record']>> = {}): NonNullable<GateAtFacts['record']> => ({
  id: 'r1',
  atVersion: '16',
  status: 'untested',
  summary: '',
  strongestEvidence: null,
  evidenceCount: 0,
  newerAtVersion: null,
  ...overrides,
});

describe(judgeAt.name, () => {
  it('fails does-not-work, giving the blocked journey step of the latest run as the reason', () => {
    const result = judgeAt(
      facts({
        record: record({ status: 'does-not-work', strongestEvidence: 'automated', evidenceCount: 1 }),
        coveredByRun: true,
        latestRunBlockingReason: "journey 'Record a note' step 'Save note': needs a mouse",
      }),
    );

    expect(result).toMatchObject({ verdict: 'fail', status: 'does-not-work', version: '16', evidence: 'automated', recordId: 'r1' });
    expect(result.reason).toBe("Dragon Professional 16: blocked — journey 'Record a note' step 'Save note': needs a mouse");
  });

  it("fails does-not-work from a person's test with the record's summary", () => {
    const result = judgeAt(facts({ record: record({ status: 'does-not-work', strongestEvidence: 'manual', summary: '"Save note" ignores "click Save note".' }) }));

    expect(result.verdict).toBe('fail');
    expect(result.reason).toBe('Dragon Professional 16: blocked — "Save note" ignores "click Save note".');
  });

  it('passes partial (barriers are not blocks) and works, saying so', () => {
    expect(judgeAt(facts({ record: record({ status: 'partial', summary: 'Needs MouseGrid for the list.' }) }))).toMatchObject({
      verdict: 'pass',
      reason: 'Dragon Professional 16: barriers, not blocked — Needs MouseGrid for the list.',
    });
    expect(judgeAt(facts({ record: record({ status: 'works', strongestEvidence: 'manual' }) })).reason).toBe(
      "Dragon Professional 16: works, according to a person's test",
    );
  });

  it("passes a person's works even when the latest run disagrees, but says so", () => {
    const result = judgeAt(
      facts({ record: record({ status: 'works', strongestEvidence: 'manual' }), coveredByRun: true, latestRunBlockingReason: 'keyboard/trap at #x: m' }),
    );

    expect(result.verdict).toBe('pass');
    expect(result.reason).toContain('the latest automated run disagrees: keyboard/trap at #x: m');
  });

  it('fails closed when nothing covered the AT: no run for its profile and no person', () => {
    const result = judgeAt(facts());

    expect(result).toMatchObject({ verdict: 'fail', status: 'untested', version: '16', recordId: null });
    expect(result.reason).toBe('Dragon Professional 16: untested — no automated run covered the speech profile and no person has tested it');
    expect(judgeAt(facts({ record: record() })).verdict).toBe('fail');
  });

  it('passes an untested AT that a run covered without blocking, with a warning in the reason', () => {
    const result = judgeAt(facts({ record: record({ strongestEvidence: 'automated', evidenceCount: 1 }), coveredByRun: true }));

    expect(result.verdict).toBe('pass');
    expect(result.reason).toBe('Dragon Professional 16: no blocking barriers found by automated checks — not yet tested by a person');
  });

  it('fails an AT the catalogue does not know, naming the slug', () => {
    const result = judgeAt(facts({ slug: 'jaws', at: null, newestVersion: null }));

    expect(result).toMatchObject({ verdict: 'fail', status: 'untested', version: null, assistiveTechnology: { slug: 'jaws', name: null, profile: null } });
    expect(result.reason).toMatch(/^jaws: untested — not in the registry's catalogue/);
  });

  it('says when the record is for an older AT version', () => {
    const result = judgeAt(facts({ record: record({ status: 'partial', atVersion: '15.6', newerAtVersion: '16' }) }));

    expect(result.reason).toContain('(recorded for 15.6; Dragon Professional 16 is newer and needs a retest)');
  });
});

describe(gateVerdict.name, () => {
  it('fails when any required AT fails, and passes an empty policy', () => {
    const pass = judgeAt(facts({ record: record({ status: 'works', strongestEvidence: 'manual' }) }));
    const fail = judgeAt(facts());

    expect(gateVerdict([pass, pass])).toBe('pass');
    expect(gateVerdict([pass, fail])).toBe('fail');
    expect(gateVerdict([])).toBe('pass');
  });
});

describe(requiredAts.name, () => {
  it('puts organisation defaults first, then the system additions, without repeats', () => {
    expect(requiredAts(['jaws', 'nvda'], true, ['zoomtext', 'jaws'])).toEqual([
      { slug: 'jaws', source: 'organisation' },
      { slug: 'nvda', source: 'organisation' },
      { slug: 'zoomtext', source: 'system' },
    ]);
    expect(requiredAts(['jaws', 'nvda'], false, ['zoomtext'])).toEqual([{ slug: 'zoomtext', source: 'system' }]);
  });

  it('defaults to the GOV.UK minimum set, every one of them in the demo catalogue', () => {
    const demoSlugs = DEMO_ATS.map((a) => a.slug);
    expect(DEFAULT_GATE_ATS).toEqual(expect.arrayContaining(['jaws', 'nvda', 'talkback', 'windows-magnifier', 'dragon-professional']));
    for (const slug of DEFAULT_GATE_ATS) expect(demoSlugs).toContain(slug);
  });
});
