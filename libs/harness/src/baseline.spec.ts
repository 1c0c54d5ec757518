import { validateReport } from '@atcompat/contracts';
import {
  BASELINE_VERSION,
  BaselineError,
  applyBaseline,
  checkBaseline,
  createBaseline,
  parseBaseline,
  serialiseBaseline,
  withoutSuppressed,
} from './baseline.js';
import { finding, page, report, sampleReport } from './reporters/__fixtures__/reports.js';

describe(createBaseline.name, () => {
  it('accepts every finding by fingerprint, with rule, selector and url for people reading it', () => {
    const baseline = createBaseline(sampleReport(), new Date('2025-03-05T10:00:00Z'));
    expect(baseline.version).toBe(BASELINE_VERSION);
    expect(baseline.createdAt).toBe('2025-03-05T10:00:00.000Z');
    expect(baseline.findings).toHaveLength(7);
    expect(baseline.findings).toContainEqual({
      fingerprint: '4b1d8f0c2e7a9d13',
      rule: 'keyboard/mouse-only-control',
      selector: '#save',
      url: 'http://localhost:4100/cases/1042',
    });
  });

  it('is sorted and free of duplicates, so the file diffs well', () => {
    const twice = finding({ fingerprint: 'same', selector: '#a' });
    const r = report([page([finding({ selector: '#z' }), twice], { url: 'http://b.test/' }), page([{ ...twice }], { url: 'http://a.test/' })]);
    const baseline = createBaseline(r);
    expect(baseline.findings.filter((f) => f.fingerprint === 'same')).toHaveLength(1);
    const urls = baseline.findings.map((f) => f.url);
    expect(urls).toEqual([...urls].sort());
  });
});

describe(parseBaseline.name, () => {
  const good = serialiseBaseline(createBaseline(sampleReport(), new Date('2025-03-05T10:00:00Z')));

  it('reads back what it wrote', () => {
    expect(parseBaseline(good, 'baseline.json')).toEqual(JSON.parse(good));
  });

  it.each([
    ['not JSON', '{ "version": 1,', /baseline\.json is not valid JSON/],
    ['not an object', '[]', /baseline\.json: the file must contain a JSON object/],
    ['wrong version', '{"version": 2, "createdAt": "2025-01-01T00:00:00Z", "findings": []}', /baseline\.json: version must be 1 \(found 2\)/],
    ['bad date', '{"version": 1, "createdAt": "yesterday", "findings": []}', /baseline\.json: createdAt must be an ISO 8601 date-time/],
    ['findings not a list', '{"version": 1, "createdAt": "2025-01-01T00:00:00Z", "findings": {}}', /findings must be a list/],
    [
      'entry without fingerprint',
      '{"version": 1, "createdAt": "2025-01-01T00:00:00Z", "findings": [{"rule": "axe/label", "selector": "#a", "url": "http://x/"}]}',
      /baseline\.json: findings\[0\]\.fingerprint must be non-empty text/,
    ],
  ])('names the file and the field when the file is %s', (_, text, message) => {
    expect(() => parseBaseline(text, 'baseline.json')).toThrow(BaselineError);
    expect(() => parseBaseline(text, 'baseline.json')).toThrow(message);
  });

  it('says how to make a good file', () => {
    expect(() => checkBaseline({}, 'b.json')).toThrow(/atcompat baseline <report\.json> -o b\.json/);
  });
});

describe(applyBaseline.name, () => {
  it('records which findings the baseline accepts, keeping every finding and verdict in the report', () => {
    const original = sampleReport();
    const baseline = { version: 1 as const, createdAt: '2025-01-01T00:00:00Z', findings: [
      { fingerprint: '4b1d8f0c2e7a9d13', rule: 'keyboard/mouse-only-control', selector: '#save', url: 'http://localhost:4100/cases/1042' },
      { fingerprint: 'not-in-this-run', rule: 'axe/label', selector: '#gone', url: 'http://localhost:4100/old' },
    ] };
    const applied = applyBaseline(original, baseline, 'atcompat-baseline.json');
    expect(applied.run.baseline).toEqual({ file: 'atcompat-baseline.json', accepted: 2, suppressed: ['4b1d8f0c2e7a9d13'] });
    expect(applied.pages).toEqual(original.pages);
    expect(applied.profiles).toEqual(original.profiles);
    expect(original.run.baseline).toBeUndefined();
    // run allows extra properties: the report is still contract v1.
    expect(validateReport(applied).valid).toBe(true);
  });
});

describe(withoutSuppressed.name, () => {
  it('drops the accepted findings and recomputes summary and verdicts', () => {
    const original = sampleReport();
    const accepted = applyBaseline(original, {
      version: 1,
      createdAt: '2025-01-01T00:00:00Z',
      findings: [{ fingerprint: '4b1d8f0c2e7a9d13', rule: 'keyboard/mouse-only-control', selector: '#save', url: 'x' }],
    });
    const rest = withoutSuppressed(accepted);
    expect(rest.summary.findings).toBe(6);
    // The only critical finding was accepted, so speech users are no longer "blocked" (their journey
    // passed; the keyboard journey's blocked step still blocks keyboard users).
    expect(rest.profiles.speech).toEqual({ verdict: 'barriers', findings: 2 });
    expect(rest.profiles.keyboard).toEqual({ verdict: 'blocked', findings: 1 });
    expect(validateReport(rest).valid).toBe(true);
    expect(withoutSuppressed(original)).toBe(original);
  });
});
