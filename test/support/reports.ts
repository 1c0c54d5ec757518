import { randomUUID } from 'node:crypto';
import {
  summarise,
  type AtcompatReport,
  type AtProfile,
  type Finding,
  type Impact,
  type JourneyResult,
  type PageResult,
} from '@atcompat/contracts';

/** A finding with sensible defaults; `fingerprint` is what runs are compared by. */
export function finding(overrides: Partial<Finding> & { fingerprint: string }): Finding {
  return {
    rule: 'keyboard/mouse-only-control',
    impact: 'critical' as Impact,
    wcag: ['2.1.1'],
    profiles: ['keyboard', 'speech'] as AtProfile[],
    selector: '#save',
    html: '<div id="save">Save note</div>',
    message: '"Save note" responds to click but can never receive keyboard focus.',
    ...overrides,
  };
}

/** A journey of one mode with one step per entry; a step with a reason is blocked. */
export function journey(name: string, mode: JourneyResult['mode'], steps: { name: string; blockedBecause?: string }[]): JourneyResult {
  return {
    name,
    mode,
    passed: steps.every((s) => !s.blockedBecause),
    steps: steps.map((s) =>
      s.blockedBecause ? { name: s.name, status: 'blocked' as const, reason: s.blockedBecause } : { name: s.name, status: 'passed' as const },
    ),
  };
}

/**
 * A valid contract v1 report whose `profiles` and `summary` are derived the way the harness
 * derives them (`summarise`). `onlyProfiles` drops the other profiles' verdicts, as a run that
 * checked only some profiles would.
 */
export function makeReport(
  options: {
    system?: string;
    release?: string;
    runId?: string;
    startedAt?: string;
    findings?: Finding[];
    pages?: PageResult[];
    journeys?: JourneyResult[];
    onlyProfiles?: AtProfile[];
  } = {},
): AtcompatReport {
  const pages: PageResult[] = options.pages ?? [
    { url: 'http://casework.test/cases/1042', title: 'Case 1042', state: 'initial', findings: options.findings ?? [] },
  ];
  const journeys = options.journeys ?? [];
  const { summary, profiles } = summarise(pages, journeys);
  const kept = options.onlyProfiles
    ? Object.fromEntries(Object.entries(profiles).filter(([p]) => options.onlyProfiles!.includes(p as AtProfile)))
    : profiles;
  const startedAt = options.startedAt ?? new Date(Date.now() - 60_000).toISOString();
  return {
    schemaVersion: 1,
    tool: { name: 'atcompat', version: '0.1.0' },
    run: {
      id: options.runId ?? randomUUID(),
      startedAt,
      finishedAt: new Date(new Date(startedAt).getTime() + 30_000).toISOString(),
      ...(options.system || options.release ? { target: { ...(options.system ? { system: options.system } : {}), ...(options.release ? { release: options.release } : {}) } } : {}),
      browser: 'chromium 156',
    },
    pages,
    journeys,
    profiles: kept,
    summary,
  };
}
