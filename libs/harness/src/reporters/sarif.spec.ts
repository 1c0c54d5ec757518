import { RULES } from '@atcompat/contracts';
import { applyBaseline } from '../baseline.js';
import { finding, page, report, sampleReport } from './__fixtures__/reports.js';
import { evaluateGate } from './gate.js';
import { SARIF_FINGERPRINT_KEY, SARIF_SCHEMA, buildSarif, formatSarif } from './sarif.js';

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
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: { snippet: { text: string } } }; logicalLocations: { fullyQualifiedName: string; kind: string }[] }[];
      partialFingerprints: Record<string, string>;
      suppressions?: { kind: string }[];
      baselineState?: string;
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
    expect(rules.map((r) => r.id)).toEqual(expect.arrayContaining(['axe/color-contrast', 'axe/link-name']));
    expect(rules).toHaveLength(RULES.length + 2);
  });

  it('gives one result per finding with level from impact, the page as location and the fingerprint', () => {
    const log = sarifOf();
    const { results } = log.runs[0]!;
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
    expect(results.filter((x) => x.baselineState === 'new')).toHaveLength(6);
  });

  it('reports pages that could not be audited as tool notifications', () => {
    const r = report([page([], { url: 'http://127.0.0.1:9/', error: 'The page could not be loaded: net::ERR_CONNECTION_REFUSED' })]);
    const run = sarifOf(r).runs[0]!;
    expect(run.results).toEqual([]);
    expect(run.invocations[0]!.executionSuccessful).toBe(false);
    expect(run.invocations[0]!.toolExecutionNotifications![0]!.message.text).toMatch(/http:\/\/127\.0\.0\.1:9\/ could not be audited/);
  });

  it('describes a rule the catalogue does not know from its finding', () => {
    const r = report([page([finding({ rule: 'axe/image-alt', help: 'Images must have alternative text', helpUrl: 'https://dequeuniversity.com/rules/axe/4.10/image-alt' })])]);
    const rule = buildSarif(r, evaluateGate(r)) as unknown as Log;
    expect(rule.runs[0]!.tool.driver.rules.at(-1)).toEqual(
      expect.objectContaining({ id: 'axe/image-alt', shortDescription: { text: 'Images must have alternative text' }, helpUri: 'https://dequeuniversity.com/rules/axe/4.10/image-alt' }),
    );
  });
});
