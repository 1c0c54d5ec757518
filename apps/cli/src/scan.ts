/** `atcompat scan`: parse, plan, call the harness, write reports, choose the exit code. */
import { formatValidationErrors, validateReport, type AtcompatReport, type PageResult } from '@atcompat/contracts';
import {
  applyBaseline,
  checkBaseline,
  evaluateGate,
  formatConsole,
  formatHtml,
  formatJunit,
  formatMarkdown,
  formatSarif,
  scanUrls,
  type GateResult,
} from '@atcompat/harness';
import { parseScanArgs } from './args.js';
import { loadConfig, type ReportKind } from './config.js';
import { EXIT } from './errors.js';
import { SCAN_HELP } from './help.js';
import { useColor, writeOutput, type Io } from './io.js';
import { readJsonFile } from './json.js';
import { planScan } from './plan.js';

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

/** Runs `atcompat scan` with `argv` (after the command word); resolves to the exit code. */
export async function scanCommand(argv: string[], io: Io): Promise<number> {
  const args = parseScanArgs(argv);
  if (args.help) {
    io.stdout.write(SCAN_HELP);
    return EXIT.ok;
  }
  const config = args.config ? loadConfig(args.config, io.cwd) : undefined;
  const plan = planScan(args, config, io.cwd);
  // Read the baseline before the scan: a bad file should not cost a whole scan to find out.
  const baseline = plan.baseline ? checkBaseline(readJsonFile(plan.baseline.file, plan.baseline.display, 'an atcompat baseline'), plan.baseline.display) : undefined;

  const progress = !plan.quiet && io.stderr.isTTY === true;
  const warnings: string[] = [];
  let report = await scanUrls(plan.urls, {
    ...plan.options,
    onPage: progress ? (page, done, total) => io.stderr.write(`${progressLine(page, done, total)}\n`) : undefined,
    onWarning: (warning) => {
      warnings.push(warning);
      if (!plan.quiet) io.stderr.write(`warning: ${warning}\n`);
    },
  });
  if (baseline) report = applyBaseline(report, baseline, plan.baseline!.display);
  const gate = evaluateGate(report, plan.gate);

  // The JSON report is contract v1: check it before anyone relies on it. An invalid report is a
  // bug in atcompat, not in the page, so say so and stop without writing anything.
  const validation = validateReport(report);
  if (!validation.valid) {
    io.stderr.write(
      'atcompat produced a report that does not match report contract v1. This is a bug in atcompat; please report it with these details:\n' +
        `${formatValidationErrors(validation.errors)}\n`,
    );
    return EXIT.error;
  }

  const written: { label: string; file: string }[] = [];
  for (const [kind, target] of Object.entries(plan.reports) as [ReportKind, { display: string; file: string }][]) {
    const text = kind === 'json' ? `${JSON.stringify(report, null, 2)}\n` : FORMATTERS[kind](report, gate);
    writeOutput(target.file, target.display, text);
    written.push({ label: LABELS[kind], file: target.display });
  }

  if (!plan.quiet) io.stdout.write(formatConsole(report, gate, { color: useColor(io.stdout, io.env, plan.color), written }));

  if (gate.allPagesErrored) {
    io.stderr.write(`${unreachableMessage(gate.erroredPages)}\n`);
    return EXIT.error;
  }
  if (gate.erroredPages.length && plan.quiet) {
    io.stderr.write(`${gate.erroredPages.length} of ${report.pages.length} pages could not be audited; see the report.\n`);
  }
  return gate.passed ? EXIT.ok : EXIT.findings;
}

function progressLine(page: PageResult, done: number, total: number): string {
  const what = page.error !== undefined ? `could not be audited: ${page.error}` : `${page.findings.length} finding${page.findings.length === 1 ? '' : 's'}`;
  return `[${done}/${total}] ${page.url}: ${what}`;
}

function unreachableMessage(pages: PageResult[]): string {
  const list = pages.map((p) => `  ${p.url}: ${p.error}`).join('\n');
  return (
    `No page could be audited, so nothing was checked:\n${list}\n` +
    'Check that each address is right, that the server is running and reachable from this machine ' +
    '(in CI: started before atcompat, on the same network), and that it answers without signing in ' +
    '(or give --header, cookies or --storage-state).'
  );
}
