import type { JourneyResult } from '@atcompat/contracts';
import { automatedEvidenceFor, blockingReason, findingsFor, type RunFacts, type StoredFinding } from './run-evidence.js';

const f = (overrides: Partial<StoredFinding>): StoredFinding => ({
  rule: 'keyboard/mouse-only-control',
  impact: 'critical',
  profiles: ['keyboard', 'speech'],
  selector: '#save',
  fingerprint: 'fp',
  pageUrl: 'http://casework.test/notes',
  pageState: 'initial',
  message: '"Save note" only responds to a mouse click.',
  ...overrides,
});

const saveNoteJourney: JourneyResult = {
  name: 'Record a note',
  mode: 'speech',
  passed: false,
  steps: [
    { name: 'Open the case', status: 'passed' },
    { name: 'Save note', status: 'blocked', reason: 'needs a mouse' },
    { name: 'See the confirmation', status: 'skipped', reason: 'an earlier step was blocked' },
  ],
};

const facts = (overrides: Partial<RunFacts>): RunFacts => ({
  runId: '6f1c2a8e-3b7d-4e95-a0c4-9d2e5f7b1a36',
  toolVersion: '0.1.0',
  runUrl: 'https://ci.example/pipelines/7',
  verdict: 'pass',
  journeys: [],
  findings: [],
  ...overrides,
});

describe(automatedEvidenceFor.name, () => {
  it('maps blocked to does-not-work, listing the blocked journey step and critical findings, and links the run', () => {
    const evidence = automatedEvidenceFor(
      facts({ verdict: 'blocked', journeys: [saveNoteJourney], findings: [f({}), f({ impact: 'serious', rule: 'speech/label-not-in-name', selector: '#find' })] }),
      'speech',
      null,
    );

    expect(evidence?.result).toBe('does-not-work');
    expect(evidence?.summary).toBe("Blocked (automated checks): journey 'Record a note' step 'Save note': needs a mouse");
    expect(evidence?.notes).toContain("- journey 'Record a note' step 'Save note': needs a mouse");
    expect(evidence?.notes).toContain('- keyboard/mouse-only-control at #save on http://casework.test/notes');
    // Only critical findings block; the serious one is not listed as blocking.
    expect(evidence?.notes).not.toContain('#find');
    expect(evidence?.notes).toContain('Run 6f1c2a8e-3b7d-4e95-a0c4-9d2e5f7b1a36');
    expect(evidence?.notes).toContain('https://ci.example/pipelines/7');
  });

  it('ignores journeys of another mode when listing blocked steps', () => {
    const keyboardJourney: JourneyResult = { ...saveNoteJourney, mode: 'keyboard' };

    const evidence = automatedEvidenceFor(facts({ verdict: 'blocked', journeys: [keyboardJourney], findings: [f({})] }), 'speech', null);

    expect(evidence?.notes).not.toContain('Blocked journey steps');
    expect(evidence?.summary).toContain('keyboard/mouse-only-control at #save');
  });

  it('maps barriers to partial: "barriers found by automated checks", findings most severe first', () => {
    const evidence = automatedEvidenceFor(
      facts({
        verdict: 'barriers',
        findings: [
          f({ impact: 'minor', rule: 'speech/ambiguous-name', profiles: ['speech'], fingerprint: 'a' }),
          f({ impact: 'serious', rule: 'speech/label-not-in-name', profiles: ['speech'], fingerprint: 'b' }),
          f({ impact: 'serious', rule: 'zoom/reflow', profiles: ['magnifier'], fingerprint: 'c' }),
        ],
      }),
      'speech',
      'manual',
    );

    expect(evidence?.result).toBe('partial');
    expect(evidence?.summary).toMatch(/^Barriers found by automated checks \(2 findings\), e\.g\. speech\/label-not-in-name/);
    expect(evidence?.notes.toLowerCase()).toContain('barriers found by automated checks');
    expect(evidence!.notes.indexOf('label-not-in-name')).toBeLessThan(evidence!.notes.indexOf('ambiguous-name'));
    expect(evidence?.notes).not.toContain('zoom/reflow');
  });

  it('maps pass to "no barriers found by automated checks" stating no status, so it can never set works', () => {
    for (const strongest of [null, 'manual', 'user-report', 'vendor'] as const) {
      const evidence = automatedEvidenceFor(facts({ verdict: 'pass' }), 'screen-reader', strongest);
      expect(evidence?.result).toBeNull();
      expect(evidence?.notes.toLowerCase()).toContain('no barriers found by automated checks');
    }
  });

  it('lets a pass clear a status that only earlier automated runs set (result untested, never works)', () => {
    expect(automatedEvidenceFor(facts({ verdict: 'pass' }), 'speech', 'automated')?.result).toBe('untested');
  });

  it('adds nothing for a profile the run has no verdict for', () => {
    expect(automatedEvidenceFor(facts({ verdict: undefined }), 'literacy', null)).toBeNull();
  });

  it('keeps long lists short', () => {
    const many = Array.from({ length: 25 }, (_, i) => f({ fingerprint: `fp${i}`, selector: `#c${i}` }));

    const evidence = automatedEvidenceFor(facts({ verdict: 'blocked', findings: many }), 'keyboard', null);

    expect(evidence?.notes).toContain('… and 15 more (see the run)');
    expect(evidence?.notes).not.toContain('#c10 ');
  });
});

describe(blockingReason.name, () => {
  it('prefers what a person could not do (a blocked step) over a finding, and says null when nothing blocks', () => {
    expect(blockingReason([saveNoteJourney], [f({})], 'speech')).toBe("journey 'Record a note' step 'Save note': needs a mouse");
    expect(blockingReason([], [f({})], 'keyboard')).toBe('keyboard/mouse-only-control at #save: "Save note" only responds to a mouse click.');
    expect(blockingReason([], [f({ impact: 'serious' })], 'keyboard')).toBeNull();
  });
});

describe(findingsFor.name, () => {
  it('keeps report order within an impact', () => {
    const list = [f({ fingerprint: '1', impact: 'serious' }), f({ fingerprint: '2' }), f({ fingerprint: '3', impact: 'serious' })];

    expect(findingsFor(list, 'speech').map((x) => x.fingerprint)).toEqual(['2', '1', '3']);
  });
});
