/**
 * atcompat inside a developer's own Playwright tests (`@atcompat/harness/testing`):
 *
 *   import { expectNoBarriers } from '@atcompat/harness/testing';
 *   test('case page', async ({ page }) => {
 *     await page.goto('/cases/1042');
 *     await expectNoBarriers(page, { profiles: ['keyboard', 'speech'] });
 *   });
 *
 * It does not depend on `@playwright/test`: a failed expectation is a plain thrown Error, which
 * every test runner reports as a failure, with a message listing each barrier in plain English.
 */
import { readFileSync } from 'node:fs';
import { AT_PROFILES, getRule, impactAtLeast, type AtProfile, type Finding, type Impact } from '@atcompat/contracts';
import type { Page } from 'playwright-core';
import { BaselineError, checkBaseline, parseBaseline, type Baseline } from './baseline.js';
import { auditPage, type AuditPageOptions } from './driver/audit.js';
import { sortBySeverity } from './reporters/gate.js';
import { profilesPhrase } from './reporters/text.js';

/** What {@link audit} checks and which findings it returns. */
export interface TestAuditOptions extends Omit<AuditPageOptions, 'state'> {
  /** Only findings that affect one of these AT profiles; default all profiles. */
  profiles?: readonly AtProfile[];
  /** Only these rules: ids such as `keyboard/trap` or `axe/image-alt`, or a family such as `speech/*`. */
  rules?: readonly string[];
  /** Only findings at or above this impact; default every finding (`minor`). */
  failOn?: Impact;
  /** Findings accepted in this baseline (an object, or the path of a baseline file) are left out. */
  baseline?: Baseline | string;
}

/** What {@link expectNoBarriers} accepts: the same as {@link audit}, but `failOn` defaults to `serious`. */
export type ExpectNoBarriersOptions = TestAuditOptions;

/** Thrown by {@link expectNoBarriers}; `findings` holds the barriers its message lists. */
export class BarriersFoundError extends Error {
  readonly findings: Finding[];
  constructor(message: string, findings: Finding[]) {
    super(message);
    this.name = 'BarriersFoundError';
    this.findings = findings;
  }
}

function ruleMatches(rule: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => (p.endsWith('/*') ? rule.startsWith(p.slice(0, -1)) : rule === p));
}

function loadBaseline(baseline: Baseline | string): Baseline {
  if (typeof baseline !== 'string') return checkBaseline(baseline, 'the baseline');
  let text: string;
  try {
    text = readFileSync(baseline, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BaselineError(code === 'ENOENT' ? `The baseline file ${baseline} does not exist.` : `The baseline file ${baseline} cannot be read (${code ?? String(error)}).`);
  }
  return parseBaseline(text, baseline);
}

/** Audits the page as it is now and returns its findings, most severe first, after the filters. */
export async function audit(page: Page, options: TestAuditOptions = {}): Promise<Finding[]> {
  const { profiles, rules, failOn, baseline, ...auditOptions } = options;
  const accepted = baseline ? new Set(loadBaseline(baseline).findings.map((f) => f.fingerprint)) : undefined;
  const { result } = await auditPage(page, auditOptions);
  const wanted = new Set(profiles?.length ? profiles : AT_PROFILES);
  const kept = result.findings.filter(
    (f) =>
      f.profiles.some((p) => wanted.has(p)) &&
      (!rules?.length || ruleMatches(f.rule, rules)) &&
      impactAtLeast(f.impact, failOn ?? 'minor') &&
      !accepted?.has(f.fingerprint),
  );
  return sortBySeverity(kept.map((finding) => ({ finding }))).map(({ finding }) => finding);
}

/** One barrier in plain English: what it is, where, and what happens. */
export function describeBarrier(finding: Finding, n: number): string {
  const title = getRule(finding.rule)?.title ?? finding.help ?? '';
  return (
    `${n}. ${finding.rule}${title && title !== finding.rule ? ` (${title})` : ''}, ${finding.impact}, on ${finding.selector}:\n` +
    `   ${finding.message.replace(/\s+/g, ' ').trim()}`
  );
}

/**
 * Audits the page and throws a {@link BarriersFoundError} listing each barrier (rule, element,
 * message) when any finding at or above `failOn` (default `serious`) affects one of `profiles`.
 */
export async function expectNoBarriers(page: Page, options: ExpectNoBarriersOptions = {}): Promise<void> {
  const failOn = options.failOn ?? 'serious';
  const findings = await audit(page, { ...options, failOn });
  if (!findings.length) return;
  const scope = `at or above "${failOn}" for ${profilesPhrase(options.profiles ?? [])}`;
  const count = findings.length === 1 ? '1 barrier' : `${findings.length} barriers`;
  const message =
    `atcompat found ${count} ${scope} on ${page.url()}:\n` +
    `${findings.map((f, i) => describeBarrier(f, i + 1)).join('\n')}\n` +
    'Fix them, or accept known ones in a baseline (`atcompat baseline`) and pass it as { baseline }.';
  throw new BarriersFoundError(message, findings);
}
