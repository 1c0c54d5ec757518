/**
 * JUnit XML for CI test views (GitLab, Jenkins, Azure DevOps, GitHub test-report actions): one
 * <testsuite> per page, one <testcase> per finding (rule × element). A finding that fails the
 * gate is a <failure>; one that does not (below the threshold, another profile, accepted in the
 * baseline) is <skipped> with the reason, so it stays visible without failing the job. A clean
 * page has one passing testcase; a page that could not be audited has one <error>.
 */
import type { AtcompatReport, Finding, PageResult } from '@atcompat/contracts';
import type { GateResult, GatedFinding } from './gate.js';
import { STATUS_WORDS, ruleTitle } from './text.js';

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
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites${attrs({ name: `atcompat (fail on ${gate.options.failOn})`, tests: total, failures, errors, skipped, time: seconds(report) })}>\n` +
    `${suites.join('\n')}\n</testsuites>\n`
  );
}
