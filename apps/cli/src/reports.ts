/** Report files, shared by the commands that write them (`scan`, `journey`): where, check, write. */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { formatValidationErrors, validateReport, type AtcompatReport } from '@atcompat/contracts';
import { formatHtml, formatJunit, formatMarkdown, formatSarif, type GateResult } from '@atcompat/harness';
import { REPORT_KINDS, type ReportKind } from './config.js';
import { UsageError } from './errors.js';
import { writeOutput, type Io } from './io.js';

/** Where to write each requested report: the path as the user gave it, and absolute. */
export type ReportTargets = Partial<Record<ReportKind, { display: string; file: string }>>;

const LABELS: Record<ReportKind, string> = {
  json: 'JSON report',
  junit: 'JUnit report',
  sarif: 'SARIF report',
  html: 'HTML report',
  summary: 'Markdown summary',
};

const FORMATTERS: Record<Exclude<ReportKind, 'json'>, (report: AtcompatReport, gate: GateResult) => string> = {
  junit: formatJunit,
  sarif: formatSarif,
  html: formatHtml,
  summary: formatMarkdown,
};

/**
 * Resolves the report files asked for on the command line (over those of a config file, already
 * absolute): a folder or two reports on one file is a usage error.
 */
export function planReportTargets(given: Partial<Record<ReportKind, string | undefined>>, fromConfig: Partial<Record<ReportKind, string>> | undefined, cwd: string): ReportTargets {
  const reports: ReportTargets = {};
  for (const kind of REPORT_KINDS) {
    const flag = given[kind];
    const configured = fromConfig?.[kind];
    const target = flag ? { display: flag, file: path.resolve(cwd, flag) } : configured ? { display: path.relative(cwd, configured) || configured, file: configured } : undefined;
    if (!target) continue;
    if (existsSync(target.file) && statSync(target.file).isDirectory()) {
      throw new UsageError(`--${kind} ${target.display} is a folder; give a file name such as ${path.join(target.display, defaultReportName(kind))}.`);
    }
    reports[kind] = target;
  }
  const files = Object.entries(reports).map(([kind, t]) => [kind, t.file] as const);
  for (const [kind, file] of files) {
    const other = files.find(([k, f]) => k !== kind && f === file);
    if (other) throw new UsageError(`--${kind} and --${other[0]} would both write ${reports[kind as ReportKind]!.display}; give each report its own file.`);
  }
  return reports;
}

/** The file name suggested for a report kind. */
export function defaultReportName(kind: ReportKind): string {
  return { json: 'atcompat.json', junit: 'atcompat.junit.xml', sarif: 'atcompat.sarif', html: 'atcompat.html', summary: 'atcompat.md' }[kind];
}

/**
 * The JSON report is contract v1: checks it before anyone relies on it. An invalid report is a
 * bug in atcompat, not in the page, so it says so (on stderr) and returns false.
 */
export function reportIsValid(report: AtcompatReport, io: Io): boolean {
  const validation = validateReport(report);
  if (validation.valid) return true;
  io.stderr.write(
    'atcompat produced a report that does not match report contract v1. This is a bug in atcompat; please report it with these details:\n' +
      `${formatValidationErrors(validation.errors)}\n`,
  );
  return false;
}

/** Writes every requested report; returns what was written, for the console summary. */
export function writeReports(report: AtcompatReport, gate: GateResult, targets: ReportTargets): { label: string; file: string }[] {
  const written: { label: string; file: string }[] = [];
  for (const [kind, target] of Object.entries(targets) as [ReportKind, { display: string; file: string }][]) {
    const text = kind === 'json' ? `${JSON.stringify(report, null, 2)}\n` : FORMATTERS[kind](report, gate);
    writeOutput(target.file, target.display, text);
    written.push({ label: LABELS[kind], file: target.display });
  }
  return written;
}
