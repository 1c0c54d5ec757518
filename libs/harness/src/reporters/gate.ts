/**
 * The CI gate: which findings of a report fail the build for a `--fail-on` threshold and a
 * `--profile` list, after a baseline, and which journeys fail it. Every reporter renders the same
 * classification, so the console, JUnit, SARIF, HTML and Markdown outputs never disagree with the
 * exit code.
 */
import {
  AT_PROFILES,
  IMPACTS,
  JOURNEY_MODE_PROFILES,
  impactAtLeast,
  type AtProfile,
  type AtcompatReport,
  type Finding,
  type Impact,
  type JourneyResult,
  type JourneyStep,
  type PageResult,
} from '@atcompat/contracts';

/**
 * What makes a run fail: findings at or above `failOn` that affect one of `profiles`, and
 * journeys that did not pass in a mode that counts for one of `profiles` (JOURNEY_MODE_PROFILES).
 */
export interface GateOptions {
  failOn: Impact;
  /** The AT profiles that count; all of them by default. */
  profiles: readonly AtProfile[];
}

/** `--fail-on serious` for every profile. */
export const DEFAULT_GATE: Readonly<GateOptions> = Object.freeze({ failOn: 'serious', profiles: AT_PROFILES });

/**
 * Why a finding does or does not fail the run:
 * - `fails`: at or above the threshold, for a selected profile, and not in the baseline;
 * - `accepted`: in the baseline (a known barrier the team has accepted for now);
 * - `other-profile`: affects none of the selected profiles;
 * - `below-threshold`: less severe than `failOn`.
 */
export type FindingStatus = 'fails' | 'accepted' | 'other-profile' | 'below-threshold';

/** One finding with the page it is on and its status under the gate. */
export interface GatedFinding {
  page: PageResult;
  /** Position of the page in `report.pages`. */
  pageIndex: number;
  finding: Finding;
  status: FindingStatus;
}

/**
 * Why a journey does or does not fail the run:
 * - `passed`: every step could be done;
 * - `fails`: it did not pass, and its mode counts for a selected profile;
 * - `other-profile`: it did not pass, but its mode counts for none of the selected profiles.
 *
 * `--fail-on` and baselines do not apply: a task people cannot finish is never "below the
 * threshold", and baselines match findings by fingerprint, which journeys do not have.
 */
export type JourneyStatus = 'passed' | 'fails' | 'other-profile';

/** One journey with its position in `report.journeys` and its status under the gate. */
export interface GatedJourney {
  journey: JourneyResult;
  /** Position of the journey in `report.journeys`. */
  journeyIndex: number;
  status: JourneyStatus;
  /** The first step that was blocked or failed (or was ambiguous), when the journey did not pass. */
  stoppedAt?: { step: JourneyStep; stepIndex: number };
}

/** True when a journey passed: the runner says so and no step was blocked or failed. */
export function journeyPassed(journey: JourneyResult): boolean {
  return journey.passed && !journey.steps.some((s) => s.status === 'blocked' || s.status === 'failed');
}

/** The step that stopped a journey: the first blocked or failed step, else the first ambiguous one. */
export function stoppingStep(journey: JourneyResult): { step: JourneyStep; stepIndex: number } | undefined {
  let stepIndex = journey.steps.findIndex((s) => s.status === 'blocked' || s.status === 'failed');
  if (stepIndex < 0) stepIndex = journey.steps.findIndex((s) => s.status === 'ambiguous');
  return stepIndex < 0 ? undefined : { step: journey.steps[stepIndex]!, stepIndex };
}

/** What the gate decided for a report. */
export interface GateResult {
  options: GateOptions;
  /** True when no finding fails and no journey fails. */
  passed: boolean;
  /** Every finding in report order, classified. */
  findings: GatedFinding[];
  /** The findings that fail the run, most severe first. */
  failing: GatedFinding[];
  counts: Record<FindingStatus, number>;
  /** Every journey in report order, classified. */
  journeys: GatedJourney[];
  /** The journeys that fail the run, in report order. */
  failingJourneys: GatedJourney[];
  /** Pages that could not be audited. */
  erroredPages: PageResult[];
  /** True when there were pages and none of them could be audited (nothing was checked). */
  allPagesErrored: boolean;
  /** The baseline applied to the report, if any (from `run.baseline`). */
  baseline?: BaselineInfo;
}

/** What `applyBaseline` records in `run.baseline` (run allows extra properties in contract v1). */
export interface BaselineInfo {
  /** The baseline file as given on the command line. */
  file?: string;
  /** How many findings the baseline accepts. */
  accepted: number;
  /** Fingerprints of the findings in this report that the baseline suppressed. */
  suppressed: string[];
}

/** The baseline recorded in a report by `applyBaseline`, if any. */
export function baselineOf(report: AtcompatReport): BaselineInfo | undefined {
  const info = report.run.baseline as BaselineInfo | undefined;
  if (!info || typeof info !== 'object' || !Array.isArray(info.suppressed)) return undefined;
  return info;
}

/** Classifies every finding of `report` under `options` (see {@link FindingStatus}). */
export function evaluateGate(report: AtcompatReport, options: GateOptions = DEFAULT_GATE): GateResult {
  const baseline = baselineOf(report);
  const suppressed = new Set(baseline?.suppressed ?? []);
  const profiles = new Set(options.profiles.length ? options.profiles : AT_PROFILES);
  const findings: GatedFinding[] = [];
  report.pages.forEach((page, pageIndex) => {
    for (const finding of page.findings) {
      let status: FindingStatus;
      if (suppressed.has(finding.fingerprint)) status = 'accepted';
      else if (!finding.profiles.some((p) => profiles.has(p))) status = 'other-profile';
      else if (!impactAtLeast(finding.impact, options.failOn)) status = 'below-threshold';
      else status = 'fails';
      findings.push({ page, pageIndex, finding, status });
    }
  });
  const counts: Record<FindingStatus, number> = { fails: 0, accepted: 0, 'other-profile': 0, 'below-threshold': 0 };
  for (const f of findings) counts[f.status] += 1;
  const failing = sortBySeverity(findings.filter((f) => f.status === 'fails'));
  const erroredPages = report.pages.filter((p) => p.error !== undefined);
  const journeys: GatedJourney[] = (report.journeys ?? []).map((journey, journeyIndex) => {
    if (journeyPassed(journey)) return { journey, journeyIndex, status: 'passed' };
    const counted = JOURNEY_MODE_PROFILES[journey.mode]?.some((p) => profiles.has(p)) ?? false;
    const stoppedAt = stoppingStep(journey);
    return { journey, journeyIndex, status: counted ? 'fails' : 'other-profile', ...(stoppedAt ? { stoppedAt } : {}) };
  });
  const failingJourneys = journeys.filter((j) => j.status === 'fails');
  return {
    options: { failOn: options.failOn, profiles: [...profiles] },
    passed: failing.length === 0 && failingJourneys.length === 0,
    findings,
    failing,
    counts,
    journeys,
    failingJourneys,
    erroredPages,
    allPagesErrored: report.pages.length > 0 && erroredPages.length === report.pages.length,
    ...(baseline ? { baseline } : {}),
  };
}

/** Most severe first; ties keep their order (pages, then findings, as reported). */
export function sortBySeverity<T extends { finding: Finding }>(list: readonly T[]): T[] {
  return list
    .map((item, i) => ({ item, i }))
    .sort((a, b) => IMPACTS.indexOf(a.item.finding.impact) - IMPACTS.indexOf(b.item.finding.impact) || a.i - b.i)
    .map(({ item }) => item);
}
