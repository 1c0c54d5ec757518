/** Command-line parsing (node:util parseArgs) for `atcompat scan` and `atcompat baseline`. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { BROWSER_OPTIONS, OUTPUT_OPTIONS, REPORT_OPTIONS } from './common-options.js';
import { UsageError } from './errors.js';
import { PUBLISH_OPTIONS, publishRequest, type PublishInput } from './publish-args.js';

const SCAN_OPTIONS = {
  config: { type: 'string', short: 'c' },
  ...REPORT_OPTIONS,
  'fail-on': { type: 'string' },
  profile: { type: 'string', multiple: true },
  steps: { type: 'string', multiple: true },
  'axe-only': { type: 'boolean' },
  baseline: { type: 'string' },
  screenshots: { type: 'boolean' },
  timeout: { type: 'string' },
  concurrency: { type: 'string' },
  include: { type: 'string', multiple: true },
  exclude: { type: 'string', multiple: true },
  'disable-rule': { type: 'string', multiple: true },
  'enable-rule': { type: 'string', multiple: true },
  ...BROWSER_OPTIONS,
  crawl: { type: 'boolean' },
  'max-pages': { type: 'string' },
  'crawl-exclude': { type: 'string', multiple: true },
  ...PUBLISH_OPTIONS,
  ...OUTPUT_OPTIONS,
} as const satisfies ParseArgsConfig['options'];

/** `atcompat scan` as typed, before the config file is merged in. */
export interface ScanArgs {
  urls: string[];
  config?: string;
  reports: { json?: string; junit?: string; sarif?: string; html?: string; summary?: string };
  failOn?: string;
  profiles: string[];
  steps: string[];
  axeOnly: boolean;
  baseline?: string;
  screenshots?: boolean;
  timeout?: string;
  concurrency?: string;
  include: string[];
  exclude: string[];
  disableRules: string[];
  enableRules: string[];
  viewport?: string;
  headers: string[];
  storageState?: string;
  allowFileUrls?: boolean;
  /** `--crawl` / `--no-crawl`; undefined when neither was given. */
  crawl?: boolean;
  maxPages?: string;
  crawlExclude: string[];
  system?: string;
  release?: string;
  /** Set by `--publish`: where to send the report once the scan is done. */
  publish?: PublishInput;
  quiet: boolean;
  color?: boolean;
  help: boolean;
}

/** node:util parseArgs for one command, with its own errors reworded: they name the option but read like a stack trace. */
function parse<T extends ParseArgsConfig['options']>(argv: string[], options: T, command: string) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true, allowNegative: true });
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = (error as Error).message;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const option = /'([^']+)'/.exec(message)?.[1] ?? message;
      throw new UsageError(`Unknown option ${option} for atcompat ${command}. See \`atcompat ${command} --help\`.`);
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const option = /'(-[^' ]+)/.exec(message)?.[1] ?? 'This option';
      const problem = /does not take an argument/.test(message)
        ? 'takes no value (it is on or off: use it, or --no-… where offered)'
        : 'needs a value, e.g. a file name';
      throw new UsageError(`${option} ${problem}. See \`atcompat ${command} --help\`.`);
    }
    throw new UsageError(`${message.split('\n')[0]} See \`atcompat ${command} --help\`.`);
  }
}

/** `parse` for commands that read their values by name (publish, gate): same errors, loose types. */
export function parseCommandArgs(argv: string[], options: ParseArgsConfig['options'], command: string): { values: Record<string, unknown>; positionals: string[] } {
  const { values, positionals } = parse(argv, options, command);
  return { values: values as Record<string, unknown>, positionals };
}

/** Parses `atcompat scan …` arguments (without the command word). */
export function parseScanArgs(argv: string[]): ScanArgs {
  const { values: v, positionals } = parse(argv, SCAN_OPTIONS, 'scan');
  // A value that swallowed the next flag (`--json --html x`) is almost always a mistake.
  for (const key of ['config', 'json', 'junit', 'sarif', 'html', 'summary', 'baseline', 'storage-state'] as const) {
    const value = v[key];
    if (typeof value === 'string' && (value === '' || value.startsWith('--'))) {
      throw new UsageError(`--${key} needs a file name (found "${value}").`);
    }
  }
  return {
    urls: positionals,
    config: v.config,
    reports: { json: v.json, junit: v.junit, sarif: v.sarif, html: v.html, summary: v.summary },
    failOn: v['fail-on'],
    profiles: v.profile ?? [],
    steps: v.steps ?? [],
    axeOnly: v['axe-only'] ?? false,
    baseline: v.baseline,
    screenshots: v.screenshots,
    timeout: v.timeout,
    concurrency: v.concurrency,
    include: v.include ?? [],
    exclude: v.exclude ?? [],
    disableRules: v['disable-rule'] ?? [],
    enableRules: v['enable-rule'] ?? [],
    viewport: v.viewport,
    headers: v.header ?? [],
    storageState: v['storage-state'],
    allowFileUrls: v['allow-file-urls'],
    crawl: v.crawl,
    maxPages: v['max-pages'],
    crawlExclude: v['crawl-exclude'] ?? [],
    system: v.system,
    release: v.release,
    publish: publishRequest(v, 'scan'),
    quiet: v.quiet ?? false,
    color: v.color,
    help: v.help ?? false,
  };
}

const BASELINE_OPTIONS = {
  output: { type: 'string', short: 'o' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

/** `atcompat baseline <report.json> [-o <file>]`. */
export interface BaselineArgs {
  report?: string;
  output?: string;
  help: boolean;
}

/** Parses `atcompat baseline …` arguments (without the command word). */
export function parseBaselineArgs(argv: string[]): BaselineArgs {
  const { values, positionals } = parse(argv, BASELINE_OPTIONS, 'baseline');
  if (positionals.length > 1) {
    throw new UsageError(`atcompat baseline takes one report file (found ${positionals.length}: ${positionals.join(' ')}).`);
  }
  return { report: positionals[0], output: values.output, help: values.help ?? false };
}
