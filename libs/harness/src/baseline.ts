/**
 * Baselines: findings a team has accepted for now, by fingerprint, so that adopting atcompat on an
 * existing system fails the build only on new barriers. The fingerprint is stable across runs for
 * the same rule on the same element of the same page (see `checks/findings.ts`).
 */
import { summarise, type AtcompatReport } from '@atcompat/contracts';
import type { BaselineInfo } from './reporters/gate.js';

/** The baseline file format version this code reads and writes. */
export const BASELINE_VERSION = 1;

/** One accepted finding; rule, selector and url are there for people reading the file. */
export interface BaselineEntry {
  fingerprint: string;
  rule: string;
  selector: string;
  url: string;
}

/** A baseline file: `{ version: 1, createdAt, findings: [...] }`. */
export interface Baseline {
  version: typeof BASELINE_VERSION;
  /** ISO 8601 date-time. */
  createdAt: string;
  findings: BaselineEntry[];
}

/** A baseline file that cannot be used; the message names the file and the field. */
export class BaselineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BaselineError';
  }
}

/** A baseline accepting every finding of `report` (sorted so that the file diffs well). */
export function createBaseline(report: AtcompatReport, now: Date = new Date()): Baseline {
  const byFingerprint = new Map<string, BaselineEntry>();
  for (const page of report.pages) {
    for (const f of page.findings) {
      if (!byFingerprint.has(f.fingerprint)) {
        byFingerprint.set(f.fingerprint, { fingerprint: f.fingerprint, rule: f.rule, selector: f.selector, url: page.url });
      }
    }
  }
  const findings = [...byFingerprint.values()].sort(
    (a, b) => cmp(a.url, b.url) || cmp(a.rule, b.rule) || cmp(a.selector, b.selector) || cmp(a.fingerprint, b.fingerprint),
  );
  return { version: BASELINE_VERSION, createdAt: now.toISOString(), findings };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The baseline as file text (pretty JSON with a final newline). */
export function serialiseBaseline(baseline: Baseline): string {
  return `${JSON.stringify(baseline, null, 2)}\n`;
}

/**
 * Reads and checks a baseline file's text. `source` (the file name) is used in error messages,
 * which also name the field at fault, e.g. `baseline.json: findings[3].fingerprint must be text`.
 */
export function parseBaseline(text: string, source: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new BaselineError(`${source} is not valid JSON (${(error as Error).message}). Create it with \`atcompat baseline <report.json> -o ${source}\`.`);
  }
  return checkBaseline(data, source);
}

/** Checks already-parsed baseline data; errors name `source` and the field. */
export function checkBaseline(data: unknown, source: string): Baseline {
  const fail = (field: string, problem: string): never => {
    throw new BaselineError(`${source}: ${field} ${problem}. Create the file with \`atcompat baseline <report.json> -o ${source}\`.`);
  };
  if (!isObject(data)) return fail('the file', 'must contain a JSON object');
  if (data.version !== BASELINE_VERSION) fail('version', `must be ${BASELINE_VERSION} (found ${JSON.stringify(data.version)})`);
  if (typeof data.createdAt !== 'string' || Number.isNaN(Date.parse(data.createdAt))) {
    fail('createdAt', 'must be an ISO 8601 date-time such as 2025-03-04T09:30:00Z');
  }
  if (!Array.isArray(data.findings)) return fail('findings', 'must be a list (array)');
  const findings = data.findings.map((entry: unknown, i: number): BaselineEntry => {
    if (!isObject(entry)) return fail(`findings[${i}]`, 'must be an object');
    for (const key of ['fingerprint', 'rule', 'selector', 'url'] as const) {
      if (typeof entry[key] !== 'string' || (key === 'fingerprint' && entry[key] === '')) {
        fail(`findings[${i}].${key}`, key === 'fingerprint' ? 'must be non-empty text' : 'must be text');
      }
    }
    return {
      fingerprint: entry.fingerprint as string,
      rule: entry.rule as string,
      selector: entry.selector as string,
      url: entry.url as string,
    };
  });
  return { version: BASELINE_VERSION, createdAt: data.createdAt as string, findings };
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * Records in `run.baseline` which findings of `report` the baseline accepts. The findings stay in
 * the report (and in its verdicts): the report tells the truth about the system, the baseline only
 * changes what fails the build (see `evaluateGate`). Returns a new report.
 */
export function applyBaseline(report: AtcompatReport, baseline: Baseline, file?: string): AtcompatReport {
  const accepted = new Set(baseline.findings.map((f) => f.fingerprint));
  const suppressed = [
    ...new Set(report.pages.flatMap((p) => p.findings.filter((f) => accepted.has(f.fingerprint)).map((f) => f.fingerprint))),
  ];
  const info: BaselineInfo = { ...(file ? { file } : {}), accepted: accepted.size, suppressed };
  return { ...report, run: { ...report.run, baseline: info } };
}

/** A copy of `report` without the findings the baseline suppressed, with summary and verdicts recomputed. */
export function withoutSuppressed(report: AtcompatReport): AtcompatReport {
  const suppressed = new Set((report.run.baseline as BaselineInfo | undefined)?.suppressed ?? []);
  if (!suppressed.size) return report;
  const pages = report.pages.map((p) => ({ ...p, findings: p.findings.filter((f) => !suppressed.has(f.fingerprint)) }));
  const { summary, profiles } = summarise(pages, report.journeys);
  return { ...report, pages, summary, profiles };
}
