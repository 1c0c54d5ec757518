/**
 * Report contract v1: the TypeScript shape of `schema/report.schema.json`, a validator for it,
 * and the pure helper that derives `summary` and `profiles` from pages and journeys.
 */
import { createRequire } from 'node:module';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { AT_PROFILES, IMPACTS, type AtProfile, type Impact, type Verdict } from './profiles.js';

/** The contract version this package describes (`schemaVersion` in every report). */
export const REPORT_SCHEMA_VERSION = 1;

/** Journey modes: how the harness drove the journey. */
export const JOURNEY_MODES = ['keyboard', 'speech'] as const;

/** One journey mode. */
export type JourneyMode = (typeof JOURNEY_MODES)[number];

/** Outcomes of one journey step. */
export const STEP_STATUSES = ['passed', 'blocked', 'failed', 'skipped', 'ambiguous'] as const;

/** One journey step outcome. */
export type StepStatus = (typeof STEP_STATUSES)[number];

/** Which AT profiles a blocked step in a journey of each mode counts against (see {@link summarise}). */
export const JOURNEY_MODE_PROFILES: Readonly<Record<JourneyMode, readonly AtProfile[]>> = {
  keyboard: ['keyboard'],
  speech: ['speech'],
};

/** The tool that produced a report; extra properties are allowed for forward compatibility. */
export interface ToolInfo {
  name: string;
  version: string;
  [extra: string]: unknown;
}

/** The system under test. */
export interface RunTarget {
  system?: string;
  release?: string;
  [extra: string]: unknown;
}

/** One harness run; extra properties are allowed for forward compatibility. */
export interface RunInfo {
  /** UUID. */
  id: string;
  /** ISO 8601 date-time with offset. */
  startedAt: string;
  /** Absent when the run was aborted. */
  finishedAt?: string;
  target?: RunTarget;
  /** e.g. `"chromium 156"`. */
  browser?: string;
  [extra: string]: unknown;
}

/** Where a finding's element was on screen, in CSS pixels. */
export interface BoundingBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One barrier found on one element (or page). */
export interface Finding {
  /**
   * A catalogue id (`keyboard/…`, `speech/…`, `zoom/…`) or `axe/<axe rule id>`. Typed as string,
   * not `RuleId`: a newer harness may emit rules this version of the catalogue does not know.
   */
  rule: string;
  impact: Impact;
  /** WCAG criteria, e.g. `['2.1.1']`; empty for advisory rules and axe best practices. */
  wcag: string[];
  /** At least one profile. */
  profiles: AtProfile[];
  selector: string;
  html: string;
  message: string;
  /** Stable across runs for the same element and rule; baselines key on it. */
  fingerprint: string;
  help?: string;
  helpUrl?: string;
  /** A `data:` URI or a path relative to the report file. */
  screenshot?: string;
  boundingBox?: BoundingBox;
}

/** The findings for one page in one state. */
export interface PageResult {
  url: string;
  title: string;
  /** e.g. `"initial"` or `"after step 3 of 'record a note'"`. */
  state: string;
  /** Present only when the page could not be audited. */
  error?: string;
  findings: Finding[];
}

/** One step of a journey. */
export interface JourneyStep {
  name: string;
  status: StepStatus;
  /** Why the step did not pass. */
  reason?: string;
  /** The keys pressed, e.g. `['Tab', 'Tab', 'Enter']`. */
  keys?: string[];
}

/** One scripted task done the way an AT user would do it. */
export interface JourneyResult {
  name: string;
  mode: JourneyMode;
  passed: boolean;
  steps: JourneyStep[];
}

/** The verdict for one AT profile. */
export interface ProfileSummary {
  verdict: Verdict;
  /** Findings that affect this profile. */
  findings: number;
}

/** Counts across the whole run. */
export interface ReportSummary {
  findings: number;
  byRule: Record<string, number>;
  byImpact: Partial<Record<Impact, number>>;
}

/** A complete report, contract v1. */
export interface AtcompatReport {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  tool: ToolInfo;
  run: RunInfo;
  pages: PageResult[];
  journeys: JourneyResult[];
  /** Keyed by profile; a missing key means the run has no verdict for that profile. */
  profiles: Partial<Record<AtProfile, ProfileSummary>>;
  summary: ReportSummary;
}

/** One validation problem: a JSON Pointer into the report (`''` is the report itself) and a plain-English message. */
export interface ReportValidationError {
  path: string;
  message: string;
}

/** Result of {@link validateReport}. */
export type ReportValidationResult =
  | { valid: true; report: AtcompatReport }
  | { valid: false; errors: ReportValidationError[] };

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

// createRequire rather than a JSON import: the schema sits outside `src` (rootDir), and
// `../schema/…` is the same relative path from `src/` (Jest) and `dist/` (Node).
const requireJson = createRequire(import.meta.url);

/** The report JSON Schema (draft-07, `$id` https://atcompat.dev/schemas/report-v1.json), parsed and frozen. */
export const reportSchema: Readonly<Record<string, unknown>> = deepFreeze(
  structuredClone(requireJson('../schema/report.schema.json') as Record<string, unknown>),
);

// ajv-formats is CommonJS: under nodenext its default import is `module.exports`, whose
// `.default` is the plugin itself, and that holds both in Node and under Jest.
const addFormats = addFormatsModule.default;

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  // Compiled on first use: importing the package for its types or rule catalogue costs nothing.
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, strict: true });
    addFormats(ajv, ['uuid', 'date-time', 'uri']);
    compiled = ajv.compile(reportSchema);
  }
  return compiled;
}

/** Check `data` against report contract v1; on failure, every problem with its JSON path in plain English. */
export function validateReport(data: unknown): ReportValidationResult {
  const validate = validator();
  if (validate(data)) return { valid: true, report: data as AtcompatReport };
  return { valid: false, errors: (validate.errors ?? []).flatMap(describeError) };
}

/** Format validation errors one per line, e.g. `/run/id: must be a UUID`. */
export function formatValidationErrors(errors: readonly ReportValidationError[]): string {
  return errors.map((e) => `${e.path || '(report)'}: ${e.message}`).join('\n');
}

function pointerSegment(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

const FORMAT_WORDS: Record<string, string> = {
  uuid: 'a UUID (e.g. 3f2b8c1e-8d4a-4c1f-9a57-2b0c6d1e4f70)',
  'date-time': 'an ISO 8601 date-time with a time zone (e.g. 2025-03-01T09:30:00Z)',
  uri: 'an absolute URL (e.g. https://example.test/cases)',
};

// Plain-English names for the schema's patterns, keyed by the pattern itself.
const PATTERN_WORDS: Record<string, string> = {
  '^(axe|keyboard|speech|zoom)/[a-z0-9-]+$': 'a rule id such as keyboard/trap or axe/button-name',
  '^[1-4]\\.[0-9]{1,2}\\.[0-9]{1,2}$': 'a WCAG success criterion number such as 2.1.1',
};

const TYPE_WORDS: Record<string, string> = {
  object: 'an object',
  array: 'a list (array)',
  string: 'text (a string)',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
};

function describeError(e: ErrorObject): ReportValidationError[] {
  const path = e.instancePath;
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return [{ path: `${path}/${pointerSegment(String(p.missingProperty))}`, message: 'is required but missing' }];
    case 'additionalProperties':
      return [
        {
          path: `${path}/${pointerSegment(String(p.additionalProperty))}`,
          message: 'is not allowed here (not part of report contract v1)',
        },
      ];
    case 'propertyNames':
      // ajv also reports the failing name's own error (e.g. `pattern`), with the same path; that
      // one is rewritten below, so this summary adds nothing.
      return [];
    case 'enum':
      return [{ path, message: `must be one of ${(p.allowedValues as unknown[]).join(', ')}` }];
    case 'const':
      return [{ path, message: `must be ${JSON.stringify(p.allowedValue)}` }];
    case 'type':
      return [{ path, message: `must be ${TYPE_WORDS[String(p.type)] ?? String(p.type)}` }];
    case 'format':
      return [{ path, message: `must be ${FORMAT_WORDS[String(p.format)] ?? `in ${String(p.format)} format`}` }];
    case 'pattern': {
      const expected = PATTERN_WORDS[String(p.pattern)] ?? `text matching ${String(p.pattern)}`;
      // A failing key of an object (propertyNames): name the key in the path.
      if (e.propertyName !== undefined) {
        return [{ path: `${path}/${pointerSegment(e.propertyName)}`, message: `is not allowed as a key: must be ${expected}` }];
      }
      return [{ path, message: `must be ${expected}` }];
    }
    case 'minimum':
      return [{ path, message: `must be ${String(p.limit)} or more` }];
    case 'minLength':
      return [{ path, message: 'must not be empty' }];
    case 'minItems':
      return [{ path, message: `must have at least ${String(p.limit)} item${p.limit === 1 ? '' : 's'}` }];
    case 'uniqueItems':
      return [{ path, message: `must not repeat items (items ${String(p.j)} and ${String(p.i)} are the same)` }];
    default:
      return [{ path, message: e.message ?? `fails the ${e.keyword} rule` }];
  }
}

/**
 * Derive `summary` and per-profile verdicts from pages and journeys.
 *
 * For each AT profile:
 * - `blocked` when any finding for that profile has impact `critical`, or any journey whose mode
 *   counts against that profile ({@link JOURNEY_MODE_PROFILES}: keyboard → keyboard,
 *   speech → speech) has a step with status `blocked`;
 * - otherwise `barriers` when any finding (of any lower impact) names that profile;
 * - otherwise `pass` — which means only that automated checks found nothing, never that the AT works.
 *
 * `findings` counts the findings that name the profile. Every profile gets an entry. Failed,
 * skipped or ambiguous steps, and pages that could not be audited (`error`), do not change a
 * verdict: they say the run is incomplete, not that the AT is blocked.
 */
export function summarise(
  pages: readonly PageResult[],
  journeys: readonly JourneyResult[],
): { summary: ReportSummary; profiles: Record<AtProfile, ProfileSummary> } {
  const byRule: Record<string, number> = {};
  const byImpact = Object.fromEntries(IMPACTS.map((i) => [i, 0])) as Record<Impact, number>;
  const profiles = Object.fromEntries(
    AT_PROFILES.map((p) => [p, { verdict: 'pass', findings: 0 }]),
  ) as Record<AtProfile, ProfileSummary>;
  let total = 0;

  const worsen = (profile: AtProfile, verdict: Exclude<Verdict, 'pass'>): void => {
    const entry = profiles[profile];
    if (entry.verdict !== 'blocked') entry.verdict = verdict;
  };

  for (const page of pages) {
    for (const finding of page.findings) {
      total += 1;
      byRule[finding.rule] = (byRule[finding.rule] ?? 0) + 1;
      byImpact[finding.impact] += 1;
      // A finding may (wrongly) repeat a profile; count it once per profile.
      for (const profile of new Set(finding.profiles)) {
        profiles[profile].findings += 1;
        worsen(profile, finding.impact === 'critical' ? 'blocked' : 'barriers');
      }
    }
  }

  for (const journey of journeys) {
    if (!journey.steps.some((s) => s.status === 'blocked')) continue;
    for (const profile of JOURNEY_MODE_PROFILES[journey.mode]) worsen(profile, 'blocked');
  }

  return { summary: { findings: total, byRule, byImpact }, profiles };
}
