/**
 * ACT benchmark: runs the full atcompat page audit on the W3C ACT Rules test cases and reports,
 * per ACT rule, how many failed cases it catches and how many false alarms it raises.
 *
 *   tsc -b bench && node bench/dist/bench/act.js <act-dir> [--only 80af7b,oj04fd] [--json out.json]
 *        [--concurrency 2] [--steps axe,keyboard] [--timeout 120]
 *
 * `<act-dir>` holds `cases.json` and is served as the web root on 127.0.0.1; any request to
 * another host is aborted, so the benchmark never touches the network.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser, BrowserContext } from 'playwright-core';
import { AUDIT_STEPS, TOOL_VERSION, auditPage, launchBrowser, type AuditStepId } from '@atcompat/harness';
import {
  ACT_RULE_MAP,
  AXE_BASELINE,
  matchedFindings,
  table,
  tally,
  verdict,
  type ActCase,
  type CaseResult,
} from './act-score.js';
import { serveStatic } from '../test/support/static-server.js';

const USAGE = `Usage: node bench/dist/bench/act.js <act-dir> [options]

  <act-dir>              folder with cases.json and the ACT test-case pages (served as web root)
  --only <ids>           comma-separated ACT rule ids (e.g. 80af7b) or case ids to run
  --json <file>          also write per-case results as JSON
  --concurrency <n>      cases audited at once, each in its own browser context (default 2)
  --steps <list>         audit steps to run (default all: ${AUDIT_STEPS.join(',')})
  --timeout <seconds>    give up on one case after this long (default 120)`;

interface Options {
  dir: string;
  only: string[];
  json?: string;
  concurrency: number;
  steps: AuditStepId[];
  timeoutMs: number;
}

class UsageError extends Error {}

function options(argv: string[]): Options {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      only: { type: 'string' },
      json: { type: 'string' },
      concurrency: { type: 'string', default: '2' },
      steps: { type: 'string' },
      timeout: { type: 'string', default: '120' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (positionals.length !== 1) throw new UsageError('Give exactly one folder: the ACT corpus (with cases.json).');
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError('--concurrency must be a whole number of at least 1.');
  const timeout = Number(values.timeout);
  if (!(timeout > 0)) throw new UsageError('--timeout must be a number of seconds above 0.');
  const steps = values.steps ? values.steps.split(',').map((s) => s.trim()).filter(Boolean) : [...AUDIT_STEPS];
  const unknown = steps.filter((s) => !(AUDIT_STEPS as readonly string[]).includes(s));
  if (unknown.length) throw new UsageError(`Unknown step ${unknown.join(', ')}; the steps are ${AUDIT_STEPS.join(', ')}.`);
  return {
    dir: path.resolve(positionals[0]!),
    only: values.only ? values.only.split(',').map((s) => s.trim()).filter(Boolean) : [],
    json: values.json,
    concurrency,
    steps: steps as AuditStepId[],
    timeoutMs: timeout * 1000,
  };
}

interface Corpus {
  meta?: { source?: { repo?: string; commit?: string }; rules?: Record<string, { name?: string }> };
  cases: ActCase[];
}

function readCorpus(dir: string): Corpus {
  const file = path.join(dir, 'cases.json');
  let corpus: Corpus;
  try {
    corpus = JSON.parse(readFileSync(file, 'utf8')) as Corpus;
  } catch (error) {
    throw new UsageError(`Cannot read ${file}: ${(error as Error).message}`);
  }
  if (!Array.isArray(corpus.cases)) throw new UsageError(`${file} has no "cases" array.`);
  return corpus;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Loads one case page in a fresh context and audits it; never throws. */
async function runCase(browser: Browser, baseUrl: string, actCase: ActCase, opts: Options): Promise<CaseResult> {
  const started = Date.now();
  const result: CaseResult = {
    id: actCase.id,
    rule: actCase.rule,
    title: actCase.title ?? '',
    expected: actCase.expected,
    findings: [],
    matched: [],
    warnings: [],
    blocked: [],
    ms: 0,
  };
  let context: BrowserContext | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce', serviceWorkers: 'block' });
    // Three ACT pages load resources from the internet: the benchmark stays offline and lets them degrade.
    await context.route('**/*', (route) => {
      let host = '';
      try {
        host = new URL(route.request().url()).hostname;
      } catch {
        // not a URL with a host
      }
      if (LOOPBACK.has(host)) return route.continue();
      if (!result.blocked.includes(route.request().url())) result.blocked.push(route.request().url());
      return route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    const audit = (async () => {
      const response = await page.goto(`${baseUrl}/${actCase.file.split('/').map(encodeURIComponent).join('/')}`, { waitUntil: 'load' });
      if (response && response.status() >= 400) throw new Error(`the server answered ${response.status()} for ${actCase.file}`);
      return auditPage(page, { steps: opts.steps });
    })();
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`gave up after ${opts.timeoutMs / 1000} s`)), opts.timeoutMs);
    });
    audit.catch(() => undefined); // if the timeout wins, closing the context makes the audit reject later
    const { result: audited, warnings } = await Promise.race([audit, timeout]);
    const findings = audited.findings.map((f) => ({ rule: f.rule, selector: f.selector }));
    result.findings = findings.map((f) => `${f.rule} ${f.selector}`);
    result.matched = matchedFindings(actCase.rule, findings);
    result.warnings = warnings;
  } catch (error) {
    result.error = String((error as Error)?.message ?? error).split('\n')[0];
  } finally {
    clearTimeout(timer);
    await context?.close().catch(() => undefined);
  }
  result.ms = Date.now() - started;
  return result;
}

const SYMBOL: Record<ReturnType<typeof verdict>, string> = {
  caught: 'caught',
  missed: 'MISSED',
  'false-alarm': 'FALSE ALARM',
  'correct-pass': 'ok',
  error: 'ERROR',
};

function report(results: CaseResult[], corpus: Corpus, opts: Options, meta: { browser: string; seconds: number }): string {
  const names = Object.fromEntries(Object.entries(corpus.meta?.rules ?? {}).map(([id, r]) => [id, r.name ?? '']));
  const { rules, total } = tally(results, Object.keys(ACT_RULE_MAP), names);
  const commit = corpus.meta?.source?.commit?.slice(0, 7);
  const lines: string[] = [];
  lines.push(
    `atcompat ${TOOL_VERSION} on the W3C ACT Rules test cases${commit ? ` (${corpus.meta?.source?.repo ?? 'w3c/wcag-act-rules'} @ ${commit})` : ''}`,
    `${results.length} cases, ${rules.length} rules; steps: ${opts.steps.length === AUDIT_STEPS.length ? 'all' : opts.steps.join(', ')}; ${meta.browser}; ${meta.seconds.toFixed(0)} s`,
    '',
  );
  const ratio = (a: number, b: number) => `${a}/${b}`;
  lines.push(
    table(
      ['ACT rule', 'name', 'atcompat rule ids', 'failed cases caught', 'false alarms', 'errors'],
      [
        ...rules.map((r) => [
          r.rule,
          r.name,
          (ACT_RULE_MAP[r.rule] ?? []).join(', '),
          ratio(r.caught, r.failed),
          ratio(r.falseAlarms, r.notFailed),
          String(r.errors),
        ]),
        ['**total**', '', '', `**${ratio(total.caught, total.failed)}**`, `**${ratio(total.falseAlarms, total.notFailed)}**`, String(total.errors)],
      ],
      ['l', 'l', 'l', 'r', 'r', 'r'],
    ),
    '',
  );
  const full = opts.only.length === 0;
  lines.push(
    table(
      ['', 'failed cases caught', 'false alarms (passed + inapplicable)'],
      [
        ['atcompat (this run)', ratio(total.caught, total.failed), ratio(total.falseAlarms, total.notFailed)],
        [
          `${AXE_BASELINE.label} (all 169 cases)`,
          ratio(AXE_BASELINE.caught, AXE_BASELINE.failed),
          ratio(AXE_BASELINE.falseAlarms, AXE_BASELINE.notFailed),
        ],
      ],
      ['l', 'r', 'r'],
    ),
  );
  if (!full) lines.push(`(only ${opts.only.join(', ')}: not comparable with the baseline, which covers every case)`);

  const detail = (title: string, picked: CaseResult[], show: (r: CaseResult) => string) => {
    if (!picked.length) return;
    lines.push('', `${title} (${picked.length}):`);
    for (const r of picked) lines.push(`  ${r.id}  ${r.title}: ${show(r)}`);
  };
  detail('Missed failed cases', results.filter((r) => verdict(r) === 'missed'), (r) =>
    r.findings.length ? `reported only ${r.findings.slice(0, 4).join('; ')}${r.findings.length > 4 ? '; …' : ''}` : 'no findings',
  );
  detail('False alarms', results.filter((r) => verdict(r) === 'false-alarm'), (r) => r.matched.join('; '));
  detail('Errors', results.filter((r) => verdict(r) === 'error'), (r) => r.error ?? '');
  detail('Checks that could not finish', results.filter((r) => r.warnings.length), (r) => r.warnings.join(' / '));
  return lines.join('\n');
}

async function main(): Promise<number> {
  let opts: Options;
  let corpus: Corpus;
  try {
    opts = options(process.argv.slice(2));
    corpus = readCorpus(opts.dir);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`${(error as Error).message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
  const cases = corpus.cases.filter((c) => !opts.only.length || opts.only.includes(c.rule) || opts.only.includes(c.id));
  if (!cases.length) {
    console.error(`No case matches --only ${opts.only.join(',')}.`);
    return 2;
  }
  const started = Date.now();
  const server = await serveStatic(opts.dir);
  let browser: Browser | undefined;
  const results: CaseResult[] = new Array(cases.length);
  try {
    browser = await launchBrowser();
    const browserName = `chromium ${browser.version()}`;
    let next = 0;
    let done = 0;
    let relaunch: Promise<Browser> | undefined;
    const worker = async () => {
      while (next < cases.length) {
        const index = next++;
        // A crashed browser is started again so one bad page does not end the run.
        if (!browser!.isConnected()) {
          relaunch ??= launchBrowser().finally(() => (relaunch = undefined));
          browser = await relaunch;
        }
        const result = await runCase(browser!, server.url, cases[index]!, opts);
        results[index] = result;
        done += 1;
        process.stderr.write(`[${done}/${cases.length}] ${result.id} ${result.expected}: ${SYMBOL[verdict(result)]} (${(result.ms / 1000).toFixed(1)} s)\n`);
      }
    };
    await Promise.all(Array.from({ length: Math.min(opts.concurrency, cases.length) }, worker));
    const seconds = (Date.now() - started) / 1000;
    console.log(report(results, corpus, opts, { browser: browserName, seconds }));
    if (opts.json) {
      const names = Object.fromEntries(Object.entries(corpus.meta?.rules ?? {}).map(([id, r]) => [id, r.name ?? '']));
      const { rules, total } = tally(results, Object.keys(ACT_RULE_MAP), names);
      const out = {
        tool: { name: 'atcompat', version: TOOL_VERSION },
        corpus: { dir: opts.dir, source: corpus.meta?.source ?? null },
        browser: browserName,
        steps: opts.steps,
        only: opts.only,
        finishedAt: new Date().toISOString(),
        seconds,
        mapping: ACT_RULE_MAP,
        baseline: AXE_BASELINE,
        total,
        rules,
        cases: results.map((r) => ({ ...r, verdict: verdict(r) })),
      };
      writeFileSync(opts.json, `${JSON.stringify(out, null, 2)}\n`);
      process.stderr.write(`Per-case results written to ${opts.json}\n`);
    }
    return 0;
  } finally {
    await browser?.close().catch(() => undefined);
    await server.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`The ACT benchmark could not run: ${(error as Error)?.message ?? error}`);
    process.exit(2);
  },
);
