/** A Markdown summary for a CI job summary ($GITHUB_STEP_SUMMARY) or a pull-request comment. */
import { AT_PROFILES, type AtcompatReport } from '@atcompat/contracts';
import { sortBySeverity, type GateResult } from './gate.js';
import {
  AUTOMATED_CAVEAT,
  JOURNEY_MODE_WORDS,
  JOURNEY_STATUS_WORDS,
  STATUS_WORDS,
  STEP_STATUS_WORDS,
  journeyOutcome,
  keysPhrase,
  notCountedPhrase,
  outcomeSentence,
  pagesPhrase,
  profileTitle,
  ruleTitle,
  shorten,
  stepReason,
} from './text.js';

export interface MarkdownOptions {
  /** Most findings in the "top findings" table. Default 10. */
  topFindings?: number;
}

/** Escapes text for a Markdown table cell (no HTML, no emphasis, no table breaks). */
export function mdText(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|#~])/g, '\\$1')
    .trim();
}

/** Inline code safe inside a table cell; backticks inside become quotes. */
export function mdCode(text: string): string {
  const clean = text.replace(/\s+/g, ' ').replace(/`/g, "'").replace(/\|/g, '\\|').trim();
  return `\`${clean || ' '}\``;
}

function ruleLabel(rule: string, title: string): string {
  return title === rule ? mdCode(rule) : `${mdText(title)} (${mdCode(rule)})`;
}

function helpOf(report: AtcompatReport, rule: string): { help?: string } | undefined {
  for (const page of report.pages) for (const f of page.findings) if (f.rule === rule) return f;
  return undefined;
}

/** The Markdown summary: outcome, verdict table per profile, a table per journey, top findings, counts. */
export function formatMarkdown(report: AtcompatReport, gate: GateResult, options: MarkdownOptions = {}): string {
  const top = options.topFindings ?? 10;
  const out: string[] = [];
  const status = gate.allPagesErrored ? 'error' : gate.passed ? 'passed' : 'failed';
  out.push(`## atcompat: ${status}`, '');
  out.push(`**${mdText(outcomeSentence(gate))}**`);
  const notCounted = notCountedPhrase(gate);
  out.push('', `${mdText(pagesPhrase(report, gate))}${report.run.browser ? ` with ${mdText(report.run.browser)}` : ''}.${notCounted ? ` ${mdText(notCounted)}` : ''}`);
  out.push('', '| Assistive-technology profile | Verdict | Findings |', '| --- | --- | ---: |');
  for (const profile of AT_PROFILES) {
    const entry = report.profiles[profile];
    if (!entry) continue;
    const verdict = entry.verdict === 'pass' ? 'pass' : `**${entry.verdict}**`;
    out.push(`| ${mdText(profileTitle(profile))} (${mdCode(profile)}) | ${verdict} | ${entry.findings} |`);
  }
  out.push('', `_${mdText(AUTOMATED_CAVEAT)}_`);

  const journeys = gate.journeys ?? [];
  if (journeys.length) out.push('', '### Journeys');
  for (const gated of journeys) {
    const { journey, journeyIndex, status: js } = gated;
    const outcome = journeyOutcome(gated);
    out.push(
      '',
      `#### Journey ${journeyIndex + 1}: ${mdText(journey.name)} (${mdText(JOURNEY_MODE_WORDS[journey.mode] ?? journey.mode)})`,
      '',
      `Result: ${js === 'fails' ? `**${mdText(outcome)}**` : mdText(outcome)}${js === 'other-profile' ? `, ${JOURNEY_STATUS_WORDS[js]}` : ''}.`,
      '',
      '| Step | What | Result | Why | Keys pressed |',
      '| ---: | --- | --- | --- | --- |',
    );
    journey.steps.forEach((step, i) => {
      const word = STEP_STATUS_WORDS[step.status] ?? step.status;
      const result = step.status === 'blocked' || step.status === 'failed' ? `**${word}**` : word;
      const why = step.status === 'passed' ? '' : mdText(shorten(stepReason(step), 240));
      const keys = step.keys?.length ? mdText(shorten(keysPhrase(step.keys), 120)) : '';
      out.push(`| ${i + 1} | ${mdText(shorten(step.name, 120))} | ${result} | ${why} | ${keys} |`);
    });
  }

  if (gate.findings.length) {
    const ordered = [...sortBySeverity(gate.findings.filter((f) => f.status === 'fails')), ...sortBySeverity(gate.findings.filter((f) => f.status !== 'fails'))];
    const shown = ordered.slice(0, top);
    out.push('', `### Top findings (${shown.length} of ${gate.findings.length})`, '');
    out.push('| Impact | Rule | Page | Element | What happens | Status |', '| --- | --- | --- | --- | --- | --- |');
    for (const { finding, page, pageIndex, status: st } of shown) {
      const rule = ruleLabel(finding.rule, ruleTitle(finding.rule, finding));
      const where = `${pageIndex + 1}. ${mdText(shorten(page.title || page.url, 60))}`;
      out.push(
        `| ${finding.impact} | ${rule} | ${where} | ${mdCode(shorten(finding.selector, 80))} | ${mdText(shorten(finding.message, 240))} | ${STATUS_WORDS[st]} |`,
      );
    }
  }

  const rules = Object.entries(report.summary.byRule).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  if (rules.length) {
    out.push('', '### Findings by rule', '', '| Rule | Findings |', '| --- | ---: |');
    for (const [rule, n] of rules) out.push(`| ${ruleLabel(rule, ruleTitle(rule, helpOf(report, rule)))} | ${n} |`);
    const impacts = Object.entries(report.summary.byImpact).map(([impact, n]) => `${impact} ${n}`).join(', ');
    out.push('', `By impact: ${impacts}.`);
  }

  if (gate.erroredPages.length) {
    out.push('', '### Pages that could not be audited', '');
    for (const page of gate.erroredPages) out.push(`- ${mdCode(page.url)}: ${mdText(page.error ?? '')}`);
  }

  out.push('', '### Pages', '');
  report.pages.forEach((page, i) => {
    const n = page.findings.length;
    const what = page.error !== undefined ? 'could not be audited' : `${n} finding${n === 1 ? '' : 's'}`;
    out.push(`${i + 1}. ${mdCode(page.url)}${page.title ? ` ${mdText(page.title)}` : ''}: ${what}`);
  });
  return `${out.join('\n')}\n`;
}
