/**
 * JUnit XML for CI test views (GitLab, Jenkins, Azure DevOps, GitHub test-report actions): one
 * <testsuite> per page, one <testcase> per finding (rule × element). A finding that fails the
 * gate is a <failure>; one that does not (below the threshold, another profile, accepted in the
 * baseline) is <skipped> with the reason, so it stays visible without failing the job. A clean
 * page has one passing testcase; a page that could not be audited has one <error>.
 *
 * Then one <testsuite> per journey, one <testcase> per step: a blocked, failed or ambiguous step
 * of a journey that fails the gate is a <failure> with the reason; a skipped step is <skipped>;
 * the steps of a journey whose mode is outside the selected profiles are <skipped> with that reason.
 */
import type { AtcompatReport, Finding, JourneyStep, PageResult } from '@atcompat/contracts';
import type { GateResult, GatedFinding, GatedJourney } from './gate.js';
import { JOURNEY_MODE_WORDS, STATUS_WORDS, STEP_STATUS_WORDS, journeyOutcome, keysPhrase, ruleTitle, stepReason } from './text.js';

/** Escapes text for XML content and attribute values, dropping characters XML 1.0 forbids. */
export function xmlEscape(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function attrs(values: Record<string, string | number | undefined>): string {
  return Object.entries(values)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`)
    .join('');
}

function seconds(report: AtcompatReport): string {
  const ms = report.run.finishedAt ? Date.parse(report.run.finishedAt) - Date.parse(report.run.startedAt) : 0;
  return (Number.isFinite(ms) && ms > 0 ? ms / 1000 : 0).toFixed(3);
}

function details(page: PageResult, finding: Finding): string {
  return [
    finding.message,
    '',
    `Rule: ${finding.rule} (${ruleTitle(finding.rule, finding)})`,
    `Impact: ${finding.impact}`,
    `Affects: ${finding.profiles.join(', ')}`,
    `WCAG: ${finding.wcag.length ? finding.wcag.join(', ') : 'advisory (no success criterion)'}`,
    `Page: ${page.url}${page.state !== 'initial' ? ` (${page.state})` : ''}`,
    `Element: ${finding.selector}`,
    `HTML: ${finding.html}`,
    ...(finding.help ? [`How to fix: ${finding.help}`] : []),
    ...(finding.helpUrl ? [`More: ${finding.helpUrl}`] : []),
    `Fingerprint: ${finding.fingerprint}`,
  ].join('\n');
}

/** JUnit XML for a report under a gate. */
export function formatJunit(report: AtcompatReport, gate: GateResult): string {
  const byPage = new Map<number, GatedFinding[]>();
  for (const f of gate.findings) byPage.set(f.pageIndex, [...(byPage.get(f.pageIndex) ?? []), f]);
  const timestamp = report.run.startedAt.replace(/Z$|[+-]\d\d:\d\d$/, '');
  let total = 0;
  let failures = 0;
  let errors = 0;
  let skipped = 0;
  const suites = report.pages.map((page, index) => {
    const classname = `atcompat.page${index + 1}`;
    const suiteName = `${page.title || page.url}${page.state !== 'initial' ? ` (${page.state})` : ''} — ${page.url}`;
    const cases: string[] = [];
    let f = 0;
    let e = 0;
    let s = 0;
    if (page.error !== undefined) {
      e += 1;
      cases.push(
        `    <testcase${attrs({ classname, name: 'page could be audited', time: '0' })}>\n` +
          `      <error${attrs({ message: page.error, type: 'page-error' })}>${xmlEscape(`${page.url}\n${page.error}`)}</error>\n` +
          '    </testcase>',
      );
    } else {
      const findings = byPage.get(index) ?? [];
      if (!findings.length) cases.push(`    <testcase${attrs({ classname, name: 'no barriers found', time: '0' })}/>`);
      for (const { finding, status } of findings) {
        const name = `${finding.rule} on ${finding.selector}`;
        if (status === 'fails') {
          f += 1;
          cases.push(
            `    <testcase${attrs({ classname, name, time: '0' })}>\n` +
              `      <failure${attrs({ message: finding.message, type: `${finding.rule} (${finding.impact})` })}>${xmlEscape(details(page, finding))}</failure>\n` +
              '    </testcase>',
          );
        } else {
          s += 1;
          cases.push(
            `    <testcase${attrs({ classname, name, time: '0' })}>\n` +
              `      <skipped${attrs({ message: `${finding.impact}, ${STATUS_WORDS[status]}: ${finding.message}` })}/>\n` +
              `      <system-out>${xmlEscape(details(page, finding))}</system-out>\n` +
              '    </testcase>',
          );
        }
      }
    }
    total += cases.length;
    failures += f;
    errors += e;
    skipped += s;
    return (
      `  <testsuite${attrs({ name: suiteName, tests: cases.length, failures: f, errors: e, skipped: s, time: '0', timestamp })}>\n` +
      `    <properties>\n      <property${attrs({ name: 'url', value: page.url })}/>\n      <property${attrs({ name: 'state', value: page.state })}/>\n    </properties>\n` +
      `${cases.join('\n')}\n  </testsuite>`
    );
  });
  for (const gated of gate.journeys ?? []) {
    const suite = journeySuite(gated, timestamp);
    suites.push(suite.xml);
    total += suite.tests;
    failures += suite.failures;
    skipped += suite.skipped;
  }
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites${attrs({ name: `atcompat (fail on ${gate.options.failOn})`, tests: total, failures, errors, skipped, time: seconds(report) })}>\n` +
    `${suites.join('\n')}\n</testsuites>\n`
  );
}

function stepDetails(gated: GatedJourney, step: JourneyStep, index: number): string {
  const { journey } = gated;
  return [
    `Step ${index + 1} of ${journey.steps.length}: ${step.name}`,
    `Result: ${STEP_STATUS_WORDS[step.status] ?? step.status}${step.status === 'passed' ? '' : `: ${stepReason(step)}`}`,
    ...(step.keys?.length ? [`Keys pressed: ${keysPhrase(step.keys)}`] : []),
    `Journey: ${journey.name} (${JOURNEY_MODE_WORDS[journey.mode] ?? journey.mode}), ${journeyOutcome(gated)}`,
  ].join('\n');
}

/** One journey as a test suite: a test case per step. */
function journeySuite(gated: GatedJourney, timestamp: string): { xml: string; tests: number; failures: number; skipped: number } {
  const { journey, journeyIndex, status } = gated;
  const classname = `atcompat.journey${journeyIndex + 1}`;
  const mode = JOURNEY_MODE_WORDS[journey.mode] ?? journey.mode;
  const cases: string[] = [];
  let f = 0;
  let s = 0;
  journey.steps.forEach((step, i) => {
    const name = `step ${i + 1}: ${step.name}`;
    const open = `    <testcase${attrs({ classname, name, time: '0' })}>\n`;
    const body = xmlEscape(stepDetails(gated, step, i));
    const problem = step.status === 'blocked' || step.status === 'failed' || step.status === 'ambiguous';
    if (step.status === 'skipped' || (problem && status === 'other-profile')) {
      s += 1;
      const why = step.status === 'skipped' ? stepReason(step) : `${STEP_STATUS_WORDS[step.status]}, not in the selected profiles: ${stepReason(step)}`;
      cases.push(`${open}      <skipped${attrs({ message: why })}/>\n      <system-out>${body}</system-out>\n    </testcase>`);
    } else if (problem && status === 'fails') {
      f += 1;
      cases.push(
        `${open}      <failure${attrs({ message: stepReason(step), type: `journey step ${STEP_STATUS_WORDS[step.status]} (${mode})` })}>${body}</failure>\n    </testcase>`,
      );
    } else {
      // Passed, or ambiguous in a journey that still passed: a passing test with the details.
      cases.push(`${open}      <system-out>${body}</system-out>\n    </testcase>`);
    }
  });
  if (status === 'fails' && f === 0) {
    // The runner said the journey did not pass though no step says why: still a failure, so the
    // test view agrees with the exit code.
    f += 1;
    cases.push(
      `    <testcase${attrs({ classname, name: 'journey passed', time: '0' })}>\n` +
        `      <failure${attrs({ message: 'The journey did not pass, though no step was blocked or failed.', type: `journey (${mode})` })}/>\n    </testcase>`,
    );
  }
  if (!cases.length) cases.push(`    <testcase${attrs({ classname, name: 'journey has no steps', time: '0' })}/>`);
  const xml =
    `  <testsuite${attrs({ name: `Journey ${journeyIndex + 1}: ${journey.name} (${mode})`, tests: cases.length, failures: f, errors: 0, skipped: s, time: '0', timestamp })}>\n` +
    `    <properties>\n      <property${attrs({ name: 'journey', value: journey.name })}/>\n      <property${attrs({ name: 'mode', value: journey.mode })}/>\n      <property${attrs({ name: 'passed', value: String(status === 'passed') })}/>\n    </properties>\n` +
    `${cases.join('\n')}\n  </testsuite>`;
  return { xml, tests: cases.length, failures: f, skipped: s };
}
