/** Reports for reporter and baseline specs: the contracts' sample, and small ones built to order. */
import { readFileSync } from 'node:fs';
import { summarise, type AtcompatReport, type Finding, type Impact, type AtProfile, type JourneyResult, type JourneyStep, type PageResult } from '@atcompat/contracts';

/** The sample report from `libs/contracts` (7 findings on 2 pages, 2 journeys). */
export function sampleReport(): AtcompatReport {
  return JSON.parse(readFileSync(new URL('../../../../contracts/src/__fixtures__/sample-report.json', import.meta.url), 'utf8'));
}

let counter = 0;

/** A finding with sensible defaults; `fingerprint` is unique unless given. */
export function finding(overrides: Partial<Finding> & { rule?: string; impact?: Impact; profiles?: AtProfile[] } = {}): Finding {
  counter += 1;
  return {
    rule: 'keyboard/mouse-only-control',
    impact: 'critical',
    wcag: ['2.1.1'],
    profiles: ['keyboard', 'speech', 'screen-reader'],
    selector: `#el-${counter}`,
    html: `<div id="el-${counter}">Save</div>`,
    message: '"Save" responds to a mouse click but can never receive keyboard focus.',
    fingerprint: `fp-${counter}`,
    ...overrides,
  };
}

/** A page; `error` makes it a page that could not be audited. */
export function page(findings: Finding[], overrides: Partial<PageResult> = {}): PageResult {
  counter += 1;
  return { url: `http://127.0.0.1:4100/page-${counter}`, title: `Page ${counter}`, state: 'initial', findings, ...overrides };
}

/** A journey; `passed` follows from the steps unless given. */
export function journey(steps: JourneyStep[], overrides: Partial<JourneyResult> = {}): JourneyResult {
  counter += 1;
  return {
    name: `journey ${counter}`,
    mode: 'keyboard',
    passed: steps.every((s) => s.status === 'passed'),
    steps,
    ...overrides,
  };
}

/** A complete, valid report over `pages` (and `journeys`), with summary and verdicts computed. */
export function report(pages: PageResult[], journeys: JourneyResult[] = []): AtcompatReport {
  const { summary, profiles } = summarise(pages, journeys);
  return {
    schemaVersion: 1,
    tool: { name: 'atcompat', version: '0.1.0' },
    run: {
      id: '6f1c2a8e-3b7d-4e95-a0c4-9d2e5f7b1a36',
      startedAt: '2025-03-04T09:30:00Z',
      finishedAt: '2025-03-04T09:30:05.250Z',
      browser: 'chromium 156',
    },
    pages,
    journeys,
    profiles,
    summary,
  };
}
