import { RULES } from '@atcompat/contracts';
import { applyBaseline } from '../baseline.js';
import { finding, journey, page, report, sampleReport } from './__fixtures__/reports.js';
import { evaluateGate } from './gate.js';
import { JOURNEY_SARIF_RULES, SARIF_FINGERPRINT_KEY, SARIF_JOURNEY_FINGERPRINT_KEY, SARIF_SCHEMA, buildSarif, formatSarif } from './sarif.js';

// The shape these tests read; SARIF itself is much larger.
interface Log {
  $schema: string;
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; rules: { id: string; shortDescription: { text: string }; helpUri?: string; defaultConfiguration: { level: string } }[] } };
    invocations: { executionSuccessful: boolean; toolExecutionNotifications?: { message: { text: string } }[] }[];
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: { snippet: { text: string } } }; logicalLocations: { fullyQualifiedName: string; kind?: string; name?: string }[] }[];
      partialFingerprints: Record<string, string>;
      suppressions?: { kind: string }[];
      baselineState?: string;
      properties: Record<string, unknown>;
    }[];
  }[];
}

function sarifOf(r = sampleReport(), gate = evaluateGate(r)): Log {
  return JSON.parse(formatSarif(r, gate)) as Log;
}

describe(formatSarif.name, () => {
  it('is a SARIF 2.1.0 log with unique rule ids and every result pointing at a defined rule', () => {
    const log = sarifOf();
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toBe(SARIF_SCHEMA);
    expect(log.runs).toHaveLength(1);
    const { rules } = log.runs[0]!.tool.driver;
    const ids = rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const result of log.runs[0]!.results) {
      expect(ids).toContain(result.ruleId);
      expect(rules[result.ruleIndex]!.id).toBe(result.ruleId);
    }
  });

  it('describes every catalogue rule and each axe rule the report uses', () => {
    const { rules } = sarifOf().runs[0]!.tool.driver;
    for (const rule of RULES) {
      expect(rules).toContainEqual(expect.objectContaining({ id: rule.id, shortDescription: { text: rule.title }, helpUri: rule.helpUrl }));
    }
    expect(rules.map((r) => r.id)).toEqual(expect.arrayContaining(['axe/color-contrast', 'axe/link-name', JOURNEY_SARIF_RULES.blocked]));
    // Two axe rules, and the journey rule for the sample's blocked step.
    expect(rules).toHaveLength(RULES.length + 3);
  });

  it('gives one result per finding with level from impact, the page as location and the fingerprint', () => {
    const log = sarifOf();
    const results = log.runs[0]!.results.filter((r) => !r.ruleId.startsWith('journey/'));
    expect(results).toHaveLength(7);
    const save = results.find((r) => r.ruleId === 'keyboard/mouse-only-control')!;
    expect(save.level).toBe('error');
    expect(save.message.text).toBe('"Save case" responds to click but can never receive keyboard focus.');
    expect(save.locations[0]!.physicalLocation.artifactLocation.uri).toBe('http://localhost:4100/cases/1042');
    expect(save.locations[0]!.physicalLocation.region.snippet.text).toBe('<div class="btn btn-primary" id="save">Save case</div>');
    expect(save.locations[0]!.logicalLocations[0]).toEqual({ fullyQualifiedName: '#save', kind: 'element' });
    expect(save.partialFingerprints[SARIF_FINGERPRINT_KEY]).toBe('4b1d8f0c2e7a9d13');
    expect(results.find((r) => r.ruleId === 'speech/ambiguous-name')!.level).toBe('note');
    expect(results.some((r) => r.suppressions || r.baselineState)).toBe(false);
  });

  it('maps moderate findings to warnings', () => {
    const r = report([page([finding({ impact: 'moderate', rule: 'keyboard/focus-lost', wcag: ['2.4.3'] })])]);
    expect(sarifOf(r).runs[0]!.results[0]!.level).toBe('warning');
  });

  it('marks baseline findings as suppressed and the others as new', () => {
    const original = sampleReport();
    const r = applyBaseline(original, {
      version: 1,
      createdAt: '2025-01-01T00:00:00Z',
      findings: [{ fingerprint: '4b1d8f0c2e7a9d13', rule: 'keyboard/mouse-only-control', selector: '#save', url: 'x' }],
    }, 'baseline.json');
    const { results } = sarifOf(r).runs[0]!;
    const save = results.find((x) => x.partialFingerprints[SARIF_FINGERPRINT_KEY] === '4b1d8f0c2e7a9d13')!;
    expect(save.suppressions).toEqual([expect.objectContaining({ kind: 'external' })]);
    expect(save.baselineState).toBe('unchanged');
    expect(results.filter((x) => x.baselineState === 'new' && x.partialFingerprints[SARIF_FINGERPRINT_KEY])).toHaveLength(6);
  });

  it('reports pages that could not be audited as tool notifications', () => {
    const r = report([page([], { url: 'http://127.0.0.1:9/', error: 'The page could not be loaded: net::ERR_CONNECTION_REFUSED' })]);
    const run = sarifOf(r).runs[0]!;
    expect(run.results).toEqual([]);
    expect(run.invocations[0]!.executionSuccessful).toBe(false);
    expect(run.invocations[0]!.toolExecutionNotifications![0]!.message.text).toMatch(/http:\/\/127\.0\.0\.1:9\/ could not be audited/);
  });

  it('gives a journey/step-blocked result for a blocked step, described in the driver, with the reason and the journey', () => {
    const log = sarifOf();
    const run = log.runs[0]!;
    const journeyResults = run.results.filter((r) => r.ruleId.startsWith('journey/'));
    expect(journeyResults).toHaveLength(1);
    const [blocked] = journeyResults;
    expect(blocked!.ruleId).toBe('journey/step-blocked');
    expect(run.tool.driver.rules[blocked!.ruleIndex]!).toEqual(
      expect.objectContaining({ id: 'journey/step-blocked', defaultConfiguration: { level: 'error' }, shortDescription: { text: expect.stringMatching(/journey could not be done/) } }),
    );
    expect(blocked!.level).toBe('error');
    expect(blocked!.message.text).toBe(
      'Journey "record a note" (keyboard only), step 3 "activate \'Save case\'": not reachable with the keyboard: "Save case" (#save) never receives focus after 40 Tab presses',
    );
    expect(blocked!.locations[0]!.logicalLocations[0]!.fullyQualifiedName).toBe("record a note > step 3: activate 'Save case'");
    expect(blocked!.partialFingerprints[SARIF_JOURNEY_FINGERPRINT_KEY]).toMatch(/^[0-9a-f]{20}$/);
    expect(blocked!.properties).toEqual(expect.objectContaining({ journey: 'record a note', mode: 'keyboard', step: 3, stepStatus: 'blocked', gate: 'fails' }));
    // The same step gets the same fingerprint in every run.
    expect(sarifOf().runs[0]!.results.find((r) => r.ruleId === 'journey/step-blocked')!.partialFingerprints).toEqual(blocked!.partialFingerprints);
  });

  it('gives failed steps journey/step-failed as warnings and ambiguous steps speech/ambiguous-name; passed and skipped steps give nothing', () => {
    const r = report([page([])], [
      journey([
        { name: 'open', status: 'passed' },
        { name: 'say "click Edit"', status: 'ambiguous', reason: '4 links are named Edit' },
        { name: 'say "click Save"', status: 'failed', reason: 'The page answered 500.' },
        { name: 'see it saved', status: 'skipped' },
      ], { mode: 'speech' }),
    ]);
    const run = sarifOf(r).runs[0]!;
    expect(run.results.map((x) => [x.ruleId, x.level])).toEqual([
      ['speech/ambiguous-name', 'note'],
      ['journey/step-failed', 'warning'],
    ]);
    const ids = run.tool.driver.rules.map((x) => x.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('journey/step-failed');
    expect(ids).not.toContain('journey/step-blocked');
    for (const result of run.results) expect(run.tool.driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
  });

  it('describes a rule the catalogue does not know from its finding', () => {
    const r = report([page([finding({ rule: 'axe/image-alt', help: 'Images must have alternative text', helpUrl: 'https://dequeuniversity.com/rules/axe/4.10/image-alt' })])]);
    const rule = buildSarif(r, evaluateGate(r)) as unknown as Log;
    expect(rule.runs[0]!.tool.driver.rules.at(-1)).toEqual(
      expect.objectContaining({ id: 'axe/image-alt', shortDescription: { text: 'Images must have alternative text' }, helpUri: 'https://dequeuniversity.com/rules/axe/4.10/image-alt' }),
    );
  });
});
