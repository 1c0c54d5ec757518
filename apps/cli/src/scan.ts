/** `atcompat scan`: parse, plan, call the harness, write reports, choose the exit code. */
import type { PageResult } from '@atcompat/contracts';
import {
  applyBaseline,
  checkBaseline,
  crawlSite,
  evaluateGate,
  formatConsole,
  scanUrls,
} from '@atcompat/harness';
import { parseScanArgs } from './args.js';
import { checkPublishReady, publishAfterRun } from './publish.js';
import { loadConfig } from './config.js';
import { EXIT } from './errors.js';
import { SCAN_HELP } from './help.js';
import { useColor, type Io } from './io.js';
import { readJsonFile } from './json.js';
import { planScan } from './plan.js';
import { reportIsValid, writeReports } from './reports.js';

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

  if (args.publish) checkPublishReady(args.publish, plan.options.target, io.env, 'scan');
  const progress = !plan.quiet && io.stderr.isTTY === true;
  const warnings: string[] = [];
  const onWarning = (warning: string) => {
    warnings.push(warning);
    if (!plan.quiet) io.stderr.write(`warning: ${warning}\n`);
  };
  let urls = plan.urls;
  if (plan.crawl) {
    const found = await crawlSite(plan.urls, { ...plan.options, ...plan.crawl, onWarning });
    urls = found.urls;
    if (progress) {
      const from = found.sitemaps.length ? ` (links and ${found.sitemaps.length === 1 ? 'a sitemap' : `${found.sitemaps.length} sitemaps`})` : '';
      io.stderr.write(`Crawled: ${urls.length} page${urls.length === 1 ? '' : 's'} to scan${from}, at most ${plan.crawl.maxPages}.\n`);
    }
  }
  let report = await scanUrls(urls, {
    ...plan.options,
    onPage: progress ? (page, done, total) => io.stderr.write(`${progressLine(page, done, total)}\n`) : undefined,
    onWarning,
  });
  if (baseline) report = applyBaseline(report, baseline, plan.baseline!.display);
  const gate = evaluateGate(report, plan.gate);

  // An invalid report is a bug in atcompat, not in the page: say so and stop without writing anything.
  if (!reportIsValid(report, io)) return EXIT.error;
  const written = writeReports(report, gate, plan.reports);

  if (!plan.quiet) io.stdout.write(formatConsole(report, gate, { color: useColor(io.stdout, io.env, plan.color), written }));
  if (args.publish && !gate.allPagesErrored) await publishAfterRun(report, args.publish, io);

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
