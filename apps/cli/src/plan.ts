/**
 * What `atcompat scan` will do: the command line merged over the config file, every value checked.
 * Command-line values win; URLs given on the command line replace the config's `urls`.
 */
import { cpus } from 'node:os';
import path from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { AT_PROFILES, FINDING_RULE_PATTERN, RULE_IDS } from '@atcompat/contracts';
import { CrawlPatternError, DEFAULT_GATE, DEFAULT_MAX_PAGES, compileExcludes, type GateOptions, type ScanOptions } from '@atcompat/harness';
import type { ScanArgs } from './args.js';
import { REPORT_KINDS, type ReportKind, type ScanConfig } from './config.js';
import { UsageError } from './errors.js';
import { planReportTargets } from './reports.js';
import { checkUrl, parseDuration, parseHeader, parseImpact, parseProfiles, parseSteps, parseViewport, parseWhole, splitList } from './values.js';

/** Where to write each requested report: the path as the user gave it, and absolute. */
export type ReportTargets = Partial<Record<ReportKind, { display: string; file: string }>>;

export interface ScanPlan {
  urls: string[];
  options: Omit<ScanOptions, 'onPage' | 'onWarning' | 'browser'>;
  gate: GateOptions;
  reports: ReportTargets;
  baseline?: { display: string; file: string };
  /** Set when the scan follows links (`--crawl` or `crawl:` in the config file). */
  crawl?: { maxPages: number; exclude: string[] };
  quiet: boolean;
  color?: boolean;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** Merges command-line arguments over a config file and checks the result. */
export function planScan(args: ScanArgs, config: ScanConfig | undefined, cwd: string): ScanPlan {
  const allowFileUrls = args.allowFileUrls ?? config?.allowFileUrls ?? false;
  const fromCli = args.urls.length > 0;
  const rawUrls = fromCli ? args.urls : (config?.urls ?? []);
  if (!rawUrls.length) {
    throw new UsageError(
      config
        ? `No addresses to scan: give them after \`atcompat scan\` or as "urls" in ${config.file}.`
        : 'No addresses to scan. Usage: atcompat scan <url…> (or --config atcompat.config.yaml). See `atcompat scan --help`.',
    );
  }
  const urls = rawUrls.map((u) => checkUrl(u, allowFileUrls, fromCli ? 'The address' : `The address in ${config!.file} (urls)`));

  if (args.axeOnly && args.steps.length) throw new UsageError('Give either --axe-only or --steps, not both (--axe-only is --steps axe).');
  const steps = args.axeOnly ? parseSteps(['axe'], '--axe-only') : args.steps.length ? parseSteps(args.steps, '--steps') : config?.steps;

  const rules: Record<string, boolean> = { ...config?.rules };
  for (const [list, on, flag] of [[args.disableRules, false, '--disable-rule'], [args.enableRules, true, '--enable-rule']] as const) {
    for (const rule of splitList(list)) {
      if (!FINDING_RULE_PATTERN.test(rule) || (!rule.startsWith('axe/') && !(RULE_IDS as readonly string[]).includes(rule))) {
        throw new UsageError(`${flag} ${rule}: not a rule id atcompat knows. Use an id such as keyboard/trap or axe/color-contrast.`);
      }
      rules[rule] = on;
    }
  }
  const disabledRules = Object.entries(rules).filter(([, on]) => !on).map(([rule]) => rule);

  const headers: Record<string, string> = { ...config?.headers };
  for (const h of args.headers) {
    const [name, value] = parseHeader(h, '--header');
    headers[name] = value;
  }

  const storageState = args.storageState ? path.resolve(cwd, args.storageState) : config?.storageState;
  if (args.storageState && !existsSync(storageState!)) {
    throw new UsageError(`--storage-state ${args.storageState}: the file does not exist. Save one with Playwright's context.storageState({ path }).`);
  }

  const reports: ReportTargets = planReportTargets(args.reports, config?.reports, cwd);

  const baseline = args.baseline
    ? { display: args.baseline, file: path.resolve(cwd, args.baseline) }
    : config?.baseline
      ? { display: path.relative(cwd, config.baseline) || config.baseline, file: config.baseline }
      : undefined;

  const viewport = args.viewport ? parseViewport(args.viewport, '--viewport') : config?.viewport;
  const timeoutMs = args.timeout !== undefined ? parseDuration(args.timeout, '--timeout') : (config?.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const concurrency = args.concurrency !== undefined ? parseWhole(args.concurrency, '--concurrency', 1, 64) : (config?.concurrency ?? Math.max(1, cpus().length));
  const failOn = args.failOn !== undefined ? parseImpact(args.failOn, '--fail-on') : (config?.failOn ?? DEFAULT_GATE.failOn);
  const profiles = args.profiles.length ? parseProfiles(args.profiles, '--profile') : (config?.profiles ?? [...AT_PROFILES]);
  // Screenshots make the HTML report useful; elsewhere they only make files bigger.
  const screenshots = args.screenshots ?? config?.screenshots ?? reports.html !== undefined;

  const target = { ...config?.target, ...(args.system ? { system: args.system } : {}), ...(args.release ? { release: args.release } : {}) };
  const crawl = planCrawl(args, config);
  const include = [...(config?.include ?? []), ...args.include];
  const exclude = [...(config?.exclude ?? []), ...args.exclude];

  return {
    urls,
    options: {
      ...(steps ? { steps } : {}),
      ...(disabledRules.length ? { disabledRules } : {}),
      ...(include.length ? { include } : {}),
      ...(exclude.length ? { exclude } : {}),
      ...(config?.budget ? { budget: config.budget } : {}),
      ...(viewport ? { viewport } : {}),
      screenshots,
      concurrency,
      timeoutMs,
      ...(Object.keys(headers).length ? { headers } : {}),
      ...(config?.cookies?.length ? { cookies: config.cookies } : {}),
      ...(storageState ? { storageState } : {}),
      ...(target.system || target.release ? { target } : {}),
    },
    gate: { failOn, profiles },
    reports,
    ...(baseline ? { baseline } : {}),
    ...(crawl ? { crawl } : {}),
    quiet: args.quiet,
    ...(args.color !== undefined ? { color: args.color } : {}),
  };
}

/** `--crawl`, `--max-pages`, `--crawl-exclude` over the config's `crawl:`; undefined when not crawling. */
function planCrawl(args: ScanArgs, config: ScanConfig | undefined): ScanPlan['crawl'] {
  const on = args.crawl ?? config?.crawl?.enabled ?? false;
  if (!on) {
    const stray = args.maxPages !== undefined ? '--max-pages' : args.crawlExclude.length ? '--crawl-exclude' : undefined;
    if (stray) throw new UsageError(`${stray} only applies when following links: add --crawl.`);
    return undefined;
  }
  const maxPages = args.maxPages !== undefined ? parseWhole(args.maxPages, '--max-pages', 1, 10_000) : (config?.crawl?.maxPages ?? DEFAULT_MAX_PAGES);
  for (const pattern of args.crawlExclude) {
    try {
      compileExcludes([pattern]);
    } catch (error) {
      if (error instanceof CrawlPatternError) throw new UsageError(`--crawl-exclude: ${error.message}`);
      throw error;
    }
  }
  return { maxPages, exclude: [...(config?.crawl?.exclude ?? []), ...args.crawlExclude.map((p) => p.trim())] };
}
