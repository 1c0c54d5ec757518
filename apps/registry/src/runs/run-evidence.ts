import {
  impactAtLeast,
  IMPACTS,
  JOURNEY_MODE_PROFILES,
  PROFILE_INFO,
  type AtProfile,
  type CompatibilityStatus,
  type EvidenceKind,
  type Impact,
  type JourneyResult,
} from '@atcompat/contracts';

/** A finding as the registry keeps it (one row of run_finding). */
export interface StoredFinding {
  rule: string;
  impact: Impact;
  profiles: AtProfile[];
  selector: string;
  fingerprint: string;
  pageUrl: string;
  pageState: string;
  message: string;
}

/** What one run says about one AT profile, as evidence on a compatibility record. */
export interface AutomatedEvidence {
  /** The status the evidence states; null: it states none (an automated pass proves nothing). */
  result: CompatibilityStatus | null;
  /** One line for the record's summary. */
  summary: string;
  /** The details: blocking journey steps and findings, and the run. */
  notes: string;
}

const LIST_LIMIT = 10;
const NOTES_LIMIT = 10_000;
export const SUMMARY_LIMIT = 2_000;

/** Journey steps that were blocked in journeys that count against `profile`. */
export function blockedSteps(journeys: readonly JourneyResult[], profile: AtProfile): { journey: string; step: string; reason: string }[] {
  return journeys
    .filter((j) => (JOURNEY_MODE_PROFILES[j.mode] ?? []).includes(profile))
    .flatMap((j) =>
      j.steps
        .filter((s) => s.status === 'blocked')
        .map((s) => ({ journey: j.name, step: s.name, reason: s.reason?.trim() || 'blocked' })),
    );
}

/** Findings for `profile`, most severe first (stable within an impact). */
export function findingsFor(findings: readonly StoredFinding[], profile: AtProfile, atLeast: Impact = 'minor'): StoredFinding[] {
  return findings
    .filter((f) => f.profiles.includes(profile) && impactAtLeast(f.impact, atLeast))
    .map((f, i) => ({ f, i }))
    .sort((a, b) => IMPACTS.indexOf(a.f.impact) - IMPACTS.indexOf(b.f.impact) || a.i - b.i)
    .map(({ f }) => f);
}

export const describeStep = (s: { journey: string; step: string; reason: string }) => `journey '${s.journey}' step '${s.step}': ${s.reason}`;
export const describeFinding = (f: StoredFinding) => `${f.rule} at ${f.selector} on ${f.pageUrl}: ${f.message}`;

/**
 * Why a run blocks `profile`, in one line: the first blocked journey step (what a person could
 * not do), else the first critical finding; null when the run does not block it.
 */
export function blockingReason(journeys: readonly JourneyResult[], findings: readonly StoredFinding[], profile: AtProfile): string | null {
  const step = blockedSteps(journeys, profile)[0];
  if (step) return describeStep(step);
  const finding = findingsFor(findings, profile, 'critical')[0];
  return finding ? `${finding.rule} at ${finding.selector}: ${finding.message}` : null;
}

export interface RunFacts {
  runId: string;
  toolVersion: string;
  runUrl: string | null;
  verdict: 'pass' | 'barriers' | 'blocked' | undefined;
  journeys: readonly JourneyResult[];
  findings: readonly StoredFinding[];
}

/**
 * The evidence a run adds for an AT of `profile` (README "How a status is decided"):
 * - blocked → does-not-work, with the blocked journey steps and critical findings in the notes;
 * - barriers → partial, with the findings in the notes;
 * - pass → "no barriers found by automated checks", stating no status, except that it clears a
 *   status earlier automated runs set (result untested) when nothing stronger than automated
 *   evidence is on the record: a newer run supersedes an older one, never a person.
 * Whether the result actually sets the record's status is still decided by evidenceSetsStatus.
 * No verdict for the profile: the run says nothing about it (null).
 */
export function automatedEvidenceFor(facts: RunFacts, profile: AtProfile, strongestExisting: EvidenceKind | null): AutomatedEvidence | null {
  if (!facts.verdict) return null;
  const who = `${profile} users (${PROFILE_INFO[profile].title.toLowerCase()})`;
  const footer = [`Run ${facts.runId} (atcompat ${facts.toolVersion}).`, facts.runUrl ? `Pipeline: ${facts.runUrl}` : ''].filter(Boolean);

  if (facts.verdict === 'pass') {
    const summary = 'No barriers found by automated checks.';
    return {
      result: strongestExisting === 'automated' ? 'untested' : null,
      summary,
      notes: [
        `No barriers found by automated checks for ${who}.`,
        'This does not show that someone using this assistive technology can do the job: only a test by a person can.',
        ...footer,
      ].join('\n'),
    };
  }

  const steps = blockedSteps(facts.journeys, profile);
  if (facts.verdict === 'blocked') {
    const critical = findingsFor(facts.findings, profile, 'critical');
    const reason = blockingReason(facts.journeys, facts.findings, profile);
    const lines = [`Blocked for ${who}, found by automated checks.`];
    if (steps.length) lines.push('Blocked journey steps:', ...list(steps.map(describeStep)));
    if (critical.length) lines.push('Blocking findings (critical):', ...list(critical.map(describeFinding)));
    return {
      result: 'does-not-work',
      summary: clip(`Blocked (automated checks): ${reason ?? 'a blocking barrier was found'}`, SUMMARY_LIMIT),
      notes: clip([...lines, ...footer].join('\n'), NOTES_LIMIT),
    };
  }

  const found = findingsFor(facts.findings, profile);
  const lines = [`Barriers found by automated checks for ${who}: ${found.length} finding${found.length === 1 ? '' : 's'}, none blocking.`];
  if (found.length) lines.push('Findings, most severe first:', ...list(found.map((f) => `[${f.impact}] ${describeFinding(f)}`)));
  return {
    result: 'partial',
    summary: clip(
      `Barriers found by automated checks (${found.length} finding${found.length === 1 ? '' : 's'})${found[0] ? `, e.g. ${found[0].rule}: ${found[0].message}` : ''}`,
      SUMMARY_LIMIT,
    ),
    notes: clip([...lines, ...footer].join('\n'), NOTES_LIMIT),
  };
}

function list(items: string[]): string[] {
  const shown = items.slice(0, LIST_LIMIT).map((item) => `- ${item}`);
  if (items.length > LIST_LIMIT) shown.push(`- … and ${items.length - LIST_LIMIT} more (see the run)`);
  return shown;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
