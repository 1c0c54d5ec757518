import { readFileSync } from 'node:fs';
import { AT_PROFILES, IMPACTS, VERDICTS } from './profiles.js';
import { FINDING_RULE_PATTERN } from './rules.js';
import {
  JOURNEY_MODES,
  REPORT_SCHEMA_VERSION,
  STEP_STATUSES,
  formatValidationErrors,
  reportSchema,
  summarise,
  validateReport,
  type AtcompatReport,
  type BoundingBox,
  type Finding,
  type JourneyResult,
  type JourneyStep,
  type PageResult,
  type ProfileSummary,
  type ReportSummary,
  type RunInfo,
  type RunTarget,
  type ToolInfo,
} from './report.js';

// ---- Type-level agreement between the TypeScript types and the schema ----------------------
// `tsc -b` compiles this file, so a field added to a type but not to the required-key lists
// below (or the reverse) fails the build; the tests then compare the same lists with the schema.
type KnownKeys<T> = keyof { [K in keyof T as string extends K ? never : K]: T[K] };
type RequiredKnownKeys<T> = {
  [K in KnownKeys<T>]-?: object extends Pick<T, K> ? never : K;
}[KnownKeys<T>];
type Equal<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Returns `list`, and fails to compile unless it names exactly the keys `K`. */
function exactKeys<K extends PropertyKey>() {
  return <const L extends readonly K[]>(
    list: L & (Equal<L[number], K> extends true ? unknown : 'must list exactly the keys of the type'),
  ): string[] => [...list].map(String);
}
const keysOf = <T>() => ({ all: exactKeys<KnownKeys<T>>(), required: exactKeys<RequiredKnownKeys<T>>() });

const TYPE_KEYS = {
  report: {
    all: keysOf<AtcompatReport>().all(['schemaVersion', 'tool', 'run', 'pages', 'journeys', 'profiles', 'summary']),
    required: keysOf<AtcompatReport>().required([
      'schemaVersion', 'tool', 'run', 'pages', 'journeys', 'profiles', 'summary',
    ]),
  },
  tool: {
    all: keysOf<ToolInfo>().all(['name', 'version']),
    required: keysOf<ToolInfo>().required(['name', 'version']),
  },
  run: {
    all: keysOf<RunInfo>().all(['id', 'startedAt', 'finishedAt', 'target', 'browser']),
    required: keysOf<RunInfo>().required(['id', 'startedAt']),
  },
  target: {
    all: keysOf<RunTarget>().all(['system', 'release']),
    required: keysOf<RunTarget>().required([]),
  },
  page: {
    all: keysOf<PageResult>().all(['url', 'title', 'state', 'error', 'findings']),
    required: keysOf<PageResult>().required(['url', 'title', 'state', 'findings']),
  },
  finding: {
    all: keysOf<Finding>().all([
      'rule', 'impact', 'wcag', 'profiles', 'selector', 'html', 'message', 'fingerprint',
      'help', 'helpUrl', 'screenshot', 'boundingBox',
    ]),
    required: keysOf<Finding>().required([
      'rule', 'impact', 'wcag', 'profiles', 'selector', 'html', 'message', 'fingerprint',
    ]),
  },
  boundingBox: {
    all: keysOf<BoundingBox>().all(['x', 'y', 'width', 'height']),
    required: keysOf<BoundingBox>().required(['x', 'y', 'width', 'height']),
  },
  journey: {
    all: keysOf<JourneyResult>().all(['name', 'mode', 'passed', 'steps']),
    required: keysOf<JourneyResult>().required(['name', 'mode', 'passed', 'steps']),
  },
  journeyStep: {
    all: keysOf<JourneyStep>().all(['name', 'status', 'reason', 'keys']),
    required: keysOf<JourneyStep>().required(['name', 'status']),
  },
  profileSummary: {
    all: keysOf<ProfileSummary>().all(['verdict', 'findings']),
    required: keysOf<ProfileSummary>().required(['verdict', 'findings']),
  },
  summary: {
    all: keysOf<ReportSummary>().all(['findings', 'byRule', 'byImpact']),
    required: keysOf<ReportSummary>().required(['findings', 'byRule', 'byImpact']),
  },
};

interface SchemaNode {
  type?: string;
  required?: string[];
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  items?: SchemaNode;
  $ref?: string;
  propertyNames?: SchemaNode;
}
const schema = reportSchema as unknown as SchemaNode & { definitions: Record<string, SchemaNode> };
const defs = schema.definitions;
const props = (node: SchemaNode | undefined): Record<string, SchemaNode> => node?.properties ?? {};
const SCHEMA_NODES: Record<keyof typeof TYPE_KEYS, SchemaNode> = {
  report: schema,
  tool: props(schema).tool!,
  run: props(schema).run!,
  target: props(props(schema).run).target!,
  page: defs.page!,
  finding: defs.finding!,
  boundingBox: props(defs.finding).boundingBox!,
  journey: defs.journey!,
  journeyStep: defs.journeyStep!,
  profileSummary: defs.profileSummary!,
  summary: props(schema).summary!,
};

// --------------------------------------------------------------------------------------------

/** A fresh copy of the sample report, as parsed JSON (validateReport is what vouches for its shape). */
function sample(): unknown {
  return JSON.parse(readFileSync(new URL('./__fixtures__/sample-report.json', import.meta.url), 'utf8'));
}

function sampleReport(): AtcompatReport {
  const result = validateReport(sample());
  if (!result.valid) throw new Error(formatValidationErrors(result.errors));
  return result.report;
}

/** A report with every optional field set, built against the TypeScript types. */
function completeReport(): AtcompatReport {
  const finding: Required<Finding> = {
    rule: 'keyboard/trap',
    impact: 'critical',
    wcag: ['2.1.2'],
    profiles: ['keyboard', 'screen-reader'],
    selector: '#date-picker',
    html: '<div id="date-picker" tabindex="0">',
    message: 'Focus cannot leave the date picker with Tab or Shift+Tab.',
    fingerprint: 'f00dfeed',
    help: 'Let Tab move out of the date picker.',
    helpUrl: 'https://www.w3.org/WAI/WCAG22/Understanding/no-keyboard-trap.html',
    screenshot: 'data:image/png;base64,iVBORw0KGgo=',
    boundingBox: { x: -4, y: 10.5, width: 300, height: 0 },
  };
  const page: Required<PageResult> = {
    url: 'https://casework.example.test/cases/7',
    title: 'Case 7',
    state: 'initial',
    error: 'navigation timed out after 30000 ms',
    findings: [finding],
  };
  const step: Required<JourneyStep> = { name: 'leave the date picker', status: 'blocked', reason: 'trapped', keys: ['Tab'] };
  const run: Required<RunInfo> = {
    id: '0b7e2a9c-5d41-4f3e-8a6b-1c2d3e4f5a6b',
    startedAt: '2025-03-04T09:30:00+00:00',
    finishedAt: '2025-03-04T09:31:00+00:00',
    target: { system: 'casework', release: '2.3.0' } satisfies Required<RunTarget>,
    browser: 'chromium 156',
  };
  const journeys: JourneyResult[] = [{ name: 'pick a date', mode: 'keyboard', passed: false, steps: [step] }];
  const { summary, profiles } = summarise([page], journeys);
  return { schemaVersion: 1, tool: { name: 'atcompat', version: '0.1.0' }, run, pages: [page], journeys, profiles, summary };
}

function errorsFor(data: unknown) {
  const result = validateReport(data);
  if (result.valid) throw new Error('expected the report to be rejected');
  return result.errors;
}

describe('report contract v1', () => {
  it('declares the $id and version the registry and harness agree on', () => {
    expect(reportSchema.$id).toBe('https://atcompat.dev/schemas/report-v1.json');
    expect(schema.properties?.schemaVersion?.const).toBe(REPORT_SCHEMA_VERSION);
    expect(REPORT_SCHEMA_VERSION).toBe(1);
  });

  it.each(Object.keys(TYPE_KEYS) as (keyof typeof TYPE_KEYS)[])(
    'has the same properties and required properties for %s in the schema as in the types',
    (name) => {
      const node = SCHEMA_NODES[name];
      expect(Object.keys(node.properties ?? {}).sort()).toEqual([...TYPE_KEYS[name].all].sort());
      expect([...(node.required ?? [])].sort()).toEqual([...TYPE_KEYS[name].required].sort());
    },
  );

  it('is closed except where forward compatibility needs it (tool, run, run.target)', () => {
    const open = ['tool', 'run', 'target'];
    for (const [name, node] of Object.entries(SCHEMA_NODES)) {
      expect([name, node.additionalProperties]).toEqual([name, open.includes(name)]);
    }
    expect(props(schema).profiles?.additionalProperties).toBe(false);
    expect(props(props(schema).summary).byImpact?.additionalProperties).toBe(false);
  });

  it('uses the same enumerations and rule pattern as the TypeScript constants', () => {
    expect(defs.impact?.enum).toEqual([...IMPACTS]);
    expect(defs.atProfile?.enum).toEqual([...AT_PROFILES]);
    expect(props(defs.profileSummary).verdict?.enum).toEqual([...VERDICTS]);
    expect(props(defs.journey).mode?.enum).toEqual([...JOURNEY_MODES]);
    expect(props(defs.journeyStep).status?.enum).toEqual([...STEP_STATUSES]);
    expect(new RegExp(defs.ruleId!.pattern!).source).toBe(FINDING_RULE_PATTERN.source);
    expect(Object.keys(props(schema).profiles?.properties ?? {})).toEqual([...AT_PROFILES]);
    expect(Object.keys(props(props(schema).summary).byImpact?.properties ?? {})).toEqual([...IMPACTS]);
  });

  it('is frozen, so no consumer can change what the validator checks', () => {
    expect(Object.isFrozen(reportSchema)).toBe(true);
    expect(Object.isFrozen(defs.finding)).toBe(true);
  });
});

describe(validateReport.name, () => {
  it('accepts the realistic sample report', () => {
    const result = validateReport(sample());
    expect(result.valid ? [] : formatValidationErrors(result.errors)).toEqual([]);
    expect(result.valid && result.report.pages).toHaveLength(2);
  });

  it('accepts a report with every optional field the types allow', () => {
    const result = validateReport(completeReport());
    expect(result.valid ? [] : formatValidationErrors(result.errors)).toEqual([]);
  });

  it('accepts a minimal report like the one in architecture.md', () => {
    const minimal = {
      schemaVersion: 1,
      tool: { name: 'atcompat', version: '0.1.0' },
      run: { id: '6f1c2a8e-3b7d-4e95-a0c4-9d2e5f7b1a36', startedAt: '2025-03-04T09:30:00Z' },
      pages: [],
      journeys: [],
      profiles: { speech: { verdict: 'pass', findings: 0 } },
      summary: { findings: 0, byRule: {}, byImpact: {} },
    };
    expect(validateReport(minimal).valid).toBe(true);
  });

  it('allows extra properties on tool and run, for later tool versions', () => {
    const report = sampleReport();
    report.tool.node = '20.19.0';
    report.run.trigger = { kind: 'ci' };
    expect(validateReport(report).valid).toBe(true);
  });

  it('rejects a report without schemaVersion', () => {
    const { schemaVersion: _omitted, ...report } = sampleReport();
    expect(errorsFor(report)).toEqual([{ path: '/schemaVersion', message: 'is required but missing' }]);
  });

  it('rejects another schemaVersion', () => {
    expect(errorsFor({ ...sampleReport(), schemaVersion: 2 })).toEqual([
      { path: '/schemaVersion', message: 'must be 1' },
    ]);
  });

  it('rejects an unknown impact, naming the finding', () => {
    const report = sampleReport();
    (report.pages[0]!.findings[2] as { impact: string }).impact = 'blocker';
    expect(errorsFor(report)).toEqual([
      { path: '/pages/0/findings/2/impact', message: 'must be one of critical, serious, moderate, minor' },
    ]);
  });

  it('rejects an unknown profile, on a finding and as a profiles key', () => {
    const report = sampleReport();
    (report.pages[1]!.findings[0]!.profiles as string[])[1] = 'braille';
    (report.profiles as Record<string, unknown>).braille = { verdict: 'pass', findings: 0 };
    expect(errorsFor(report)).toEqual([
      {
        path: '/pages/1/findings/0/profiles/1',
        message: 'must be one of keyboard, speech, screen-reader, magnifier, literacy',
      },
      { path: '/profiles/braille', message: 'is not allowed here (not part of report contract v1)' },
    ]);
  });

  it('rejects a malformed run id and timestamp', () => {
    const report = sampleReport();
    report.run.id = 'run-42';
    report.run.startedAt = '04/03/2025 09:30';
    const errors = errorsFor(report);
    expect(errors.map((e) => e.path)).toEqual(['/run/id', '/run/startedAt']);
    expect(errors[0]!.message).toMatch(/^must be a UUID/);
    expect(errors[1]!.message).toMatch(/^must be an ISO 8601 date-time/);
  });

  it('rejects an extra property on a finding, naming the property', () => {
    const report = sampleReport();
    (report.pages[0]!.findings[1] as unknown as Record<string, unknown>).severity = 'high';
    expect(errorsFor(report)).toEqual([
      { path: '/pages/0/findings/1/severity', message: 'is not allowed here (not part of report contract v1)' },
    ]);
  });

  it('rejects a finding without its structural fields, naming each', () => {
    const report = sampleReport();
    const finding = report.pages[1]!.findings[3] as Partial<Finding>;
    delete finding.fingerprint;
    delete finding.selector;
    finding.profiles = [];
    expect(errorsFor(report)).toEqual(
      expect.arrayContaining([
        { path: '/pages/1/findings/3/selector', message: 'is required but missing' },
        { path: '/pages/1/findings/3/fingerprint', message: 'is required but missing' },
        { path: '/pages/1/findings/3/profiles', message: 'must have at least 1 item' },
      ]),
    );
  });

  it('rejects rule ids outside the axe/keyboard/speech/zoom namespaces, in findings and in byRule', () => {
    const report = sampleReport();
    report.pages[0]!.findings[0]!.rule = 'Keyboard/Trap';
    report.summary.byRule['lighthouse/tap-targets'] = 1;
    expect(errorsFor(report)).toEqual([
      { path: '/pages/0/findings/0/rule', message: 'must be a rule id such as keyboard/trap or axe/button-name' },
      {
        path: '/summary/byRule/lighthouse~1tap-targets',
        message: 'is not allowed as a key: must be a rule id such as keyboard/trap or axe/button-name',
      },
    ]);
  });

  it('rejects a WCAG reference that is not a success criterion number', () => {
    const report = sampleReport();
    report.pages[1]!.findings[0]!.wcag = ['wcag247'];
    expect(errorsFor(report)).toEqual([
      { path: '/pages/1/findings/0/wcag/0', message: 'must be a WCAG success criterion number such as 2.1.1' },
    ]);
  });

  it('rejects wrong types and negative counts in plain English', () => {
    const report = sampleReport() as unknown as Record<string, any>;
    report.journeys[0].passed = 'no';
    report.summary.findings = -1;
    report.profiles.keyboard.findings = 1.5;
    expect(errorsFor(report)).toEqual([
      { path: '/journeys/0/passed', message: 'must be true or false' },
      { path: '/profiles/keyboard/findings', message: 'must be a whole number' },
      { path: '/summary/findings', message: 'must be 0 or more' },
    ]);
  });

  it('rejects something that is not a report at all', () => {
    expect(errorsFor(null)).toEqual([{ path: '', message: 'must be an object' }]);
    expect(errorsFor('{"schemaVersion":1}')).toEqual([{ path: '', message: 'must be an object' }]);
  });
});

describe(formatValidationErrors.name, () => {
  it('prints one "path: message" line per error, naming the report itself for the root', () => {
    expect(
      formatValidationErrors([
        { path: '', message: 'must be an object' },
        { path: '/run/id', message: 'is required but missing' },
      ]),
    ).toBe('(report): must be an object\n/run/id: is required but missing');
  });
});

describe(summarise.name, () => {
  const finding = (overrides: Partial<Finding>): Finding => ({
    rule: 'keyboard/focus-order',
    impact: 'moderate',
    wcag: ['2.4.3'],
    profiles: ['keyboard', 'screen-reader'],
    selector: '#x',
    html: '<a id="x">',
    message: 'm',
    fingerprint: Math.random().toString(16).slice(2),
    ...overrides,
  });
  const page = (...findings: Finding[]): PageResult => ({ url: 'https://x.test/', title: 't', state: 'initial', findings });
  const journey = (mode: JourneyResult['mode'], ...statuses: JourneyStep['status'][]): JourneyResult => ({
    name: `${mode} journey`,
    mode,
    passed: statuses.every((s) => s === 'passed'),
    steps: statuses.map((status, i) => ({ name: `step ${i}`, status })),
  });
  const verdicts = (profiles: Record<string, ProfileSummary>) =>
    Object.fromEntries(Object.entries(profiles).map(([p, s]) => [p, s.verdict]));

  it('reproduces the summary and profiles of the sample report', () => {
    const report = sampleReport();
    expect(summarise(report.pages, report.journeys)).toEqual({ summary: report.summary, profiles: report.profiles });
  });

  it('passes every profile, with zero counts, when nothing was found', () => {
    expect(summarise([page()], [journey('keyboard', 'passed')])).toEqual({
      summary: { findings: 0, byRule: {}, byImpact: { critical: 0, serious: 0, moderate: 0, minor: 0 } },
      profiles: Object.fromEntries(AT_PROFILES.map((p) => [p, { verdict: 'pass', findings: 0 }])),
    });
  });

  it('blocks only the profiles of a critical finding', () => {
    const { profiles } = summarise([page(finding({ impact: 'critical', profiles: ['speech'] }))], []);
    expect(verdicts(profiles)).toEqual({
      keyboard: 'pass', speech: 'blocked', 'screen-reader': 'pass', magnifier: 'pass', literacy: 'pass',
    });
  });

  it('reports barriers for lower-impact findings, and never downgrades a blocked profile', () => {
    const { profiles, summary } = summarise(
      [page(finding({ impact: 'critical', profiles: ['keyboard'] })), page(finding({ impact: 'minor' }))],
      [],
    );
    expect(verdicts(profiles)).toMatchObject({ keyboard: 'blocked', 'screen-reader': 'barriers', speech: 'pass' });
    expect(profiles.keyboard.findings).toBe(2);
    expect(profiles['screen-reader'].findings).toBe(1);
    expect(summary).toEqual({
      findings: 2,
      byRule: { 'keyboard/focus-order': 2 },
      byImpact: { critical: 1, serious: 0, moderate: 0, minor: 1 },
    });
  });

  it('blocks the keyboard profile, and only that one, when a keyboard journey has a blocked step', () => {
    const { profiles } = summarise([page()], [journey('keyboard', 'passed', 'blocked', 'skipped')]);
    expect(verdicts(profiles)).toEqual({
      keyboard: 'blocked', speech: 'pass', 'screen-reader': 'pass', magnifier: 'pass', literacy: 'pass',
    });
    expect(profiles.keyboard.findings).toBe(0);
  });

  it('blocks the speech profile when a speech journey has a blocked step', () => {
    const { profiles } = summarise([], [journey('speech', 'blocked')]);
    expect(verdicts(profiles)).toMatchObject({ speech: 'blocked', keyboard: 'pass' });
  });

  it('does not let failed, skipped or ambiguous steps change a verdict', () => {
    const { profiles } = summarise([], [journey('keyboard', 'failed', 'skipped'), journey('speech', 'ambiguous')]);
    expect(new Set(Object.values(verdicts(profiles)))).toEqual(new Set(['pass']));
  });

  it('counts a finding once per profile even if it repeats one', () => {
    const { profiles } = summarise([page(finding({ profiles: ['magnifier', 'magnifier'] }))], []);
    expect(profiles.magnifier).toEqual({ verdict: 'barriers', findings: 1 });
  });

  it('produces a summary and profiles that the schema accepts', () => {
    const report = completeReport();
    const { summary, profiles } = summarise(
      [page(finding({ rule: 'axe/color-contrast', impact: 'serious', profiles: ['magnifier'], wcag: ['1.4.3'] }))],
      [journey('speech', 'blocked')],
    );
    expect(validateReport({ ...report, summary, profiles }).valid).toBe(true);
  });
});
