/** The plain-text summary `atcompat scan` prints by default. */
import { AT_PROFILES, type AtcompatReport } from '@atcompat/contracts';
import { sortBySeverity, type GateResult, type GatedFinding } from './gate.js';
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
  plural,
  shorten,
  stepReason,
} from './text.js';

export interface ConsoleOptions {
  /** ANSI colour; off unless asked for (the CLI turns it on for a TTY without NO_COLOR). */
  color?: boolean;
  /** Most findings listed one by one; the rest are counted. Default 50. */
  maxFindings?: number;
  /** Files written, shown at the end: label → path. */
  written?: ReadonlyArray<{ label: string; file: string }>;
}

const ANSI = { bold: '\u001b[1m', red: '\u001b[31m', yellow: '\u001b[33m', green: '\u001b[32m', dim: '\u001b[2m', reset: '\u001b[0m' };

/** A readable plain-text summary of a report under a gate, ending with the outcome. */
export function formatConsole(report: AtcompatReport, gate: GateResult, options: ConsoleOptions = {}): string {
  const paint = (code: keyof typeof ANSI, text: string) => (options.color ? `${ANSI[code]}${text}${ANSI.reset}` : text);
  const max = options.maxFindings ?? 50;
  const lines: string[] = [];

  const seconds = durationSeconds(report);
  const errored = gate.erroredPages.length;
  lines.push(
    paint('bold', `atcompat ${report.tool.version}`) +
      `${report.run.browser ? ` with ${report.run.browser}` : ''}: ${plural(report.pages.length, 'page')} scanned` +
      (report.journeys?.length ? ` and ${plural(report.journeys.length, 'journey')} run` : '') +
      (seconds !== undefined ? ` in ${seconds.toFixed(1)} s` : '') +
      (errored ? `, ${errored} could not be audited` : ''),
    '',
  );

  lines.push(paint('bold', 'Verdicts per assistive-technology profile'));
  const width = Math.max(...AT_PROFILES.map((p) => p.length)) + 2;
  for (const profile of AT_PROFILES) {
    const entry = report.profiles[profile];
    if (!entry) continue;
    const verdict = entry.verdict.padEnd(9);
    const coloured = entry.verdict === 'blocked' ? paint('red', verdict) : entry.verdict === 'barriers' ? paint('yellow', verdict) : paint('green', verdict);
    lines.push(`  ${profile.padEnd(width)}${coloured} ${plural(entry.findings, 'finding')}`);
  }
  lines.push(paint('dim', AUTOMATED_CAVEAT), '');

  // Journeys first: a task people cannot finish matters more than any single finding.
  for (const gated of gate.journeys ?? []) {
    const { journey, journeyIndex, status } = gated;
    const outcome = journeyOutcome(gated);
    const tag = status === 'other-profile' ? `  (${JOURNEY_STATUS_WORDS[status]})` : '';
    lines.push(
      `${paint('bold', `Journey ${journeyIndex + 1}: "${journey.name}" (${JOURNEY_MODE_WORDS[journey.mode] ?? journey.mode})`)}: ` +
        `${status === 'passed' ? paint('green', outcome) : status === 'fails' ? paint('red', outcome) : outcome}${paint('dim', tag)}`,
    );
    journey.steps.forEach((step, i) => {
      const word = STEP_STATUS_WORDS[step.status] ?? step.status;
      const shown = step.status === 'blocked' || step.status === 'failed' ? word.toUpperCase() : word;
      const painted = step.status === 'passed' ? shown.padEnd(10) : step.status === 'skipped' ? paint('dim', shown.padEnd(10)) : paint(status === 'fails' ? 'red' : 'yellow', shown.padEnd(10));
      lines.push(`  ${`${i + 1}.`.padEnd(4)}${painted}${step.name}`);
      if (step.status !== 'passed') lines.push(`${' '.repeat(16)}${shorten(stepReason(step), 300)}`);
      if (step.keys?.length) lines.push(`${' '.repeat(16)}Keys pressed: ${shorten(keysPhrase(step.keys), 300)}`);
    });
    lines.push('');
  }

  const byPage = new Map<number, GatedFinding[]>();
  for (const f of gate.findings) byPage.set(f.pageIndex, [...(byPage.get(f.pageIndex) ?? []), f]);
  let shown = 0;
  let hidden = 0;
  report.pages.forEach((page, index) => {
    const heading = `Page ${index + 1}: ${page.url}${page.title ? ` "${page.title}"` : ''}${page.state !== 'initial' ? ` (${page.state})` : ''}`;
    if (page.error !== undefined) {
      lines.push(paint('bold', heading), `  ${paint('red', 'Could not be audited:')} ${page.error}`, '');
      return;
    }
    const findings = sortBySeverity(byPage.get(index) ?? []);
    lines.push(`${paint('bold', heading)}: ${findings.length ? plural(findings.length, 'finding') : 'no findings'}`);
    for (const { finding, status } of findings) {
      if (shown >= max) {
        hidden += 1;
        continue;
      }
      shown += 1;
      const impact = finding.impact.toUpperCase().padEnd(10);
      const tag = status === 'fails' ? '' : `  (${STATUS_WORDS[status]})`;
      lines.push(
        `  ${status === 'fails' ? paint('red', impact) : paint('dim', impact)}${finding.rule}  ${finding.selector}${paint('dim', tag)}`,
        `            ${shorten(finding.message, 300)}`,
      );
    }
    lines.push('');
  });
  if (hidden) lines.push(`${plural(hidden, 'more finding')} not listed here; write --html or --json to see every one.`, '');

  const outcome = outcomeSentence(gate);
  lines.push(gate.passed && !gate.allPagesErrored ? paint('green', outcome) : paint('red', paint('bold', outcome)));
  const notCounted = notCountedPhrase(gate);
  if (notCounted) lines.push(notCounted);
  for (const { label, file } of options.written ?? []) lines.push(`${label} written to ${file}`);
  return `${lines.join('\n')}\n`;
}

function durationSeconds(report: AtcompatReport): number | undefined {
  if (!report.run.finishedAt) return undefined;
  const ms = Date.parse(report.run.finishedAt) - Date.parse(report.run.startedAt);
  return Number.isFinite(ms) && ms >= 0 ? ms / 1000 : undefined;
}
