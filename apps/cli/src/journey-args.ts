/**
 * `atcompat journey <file.yaml…> --base-url <url> [options]`: the command line parsed and every
 * value checked, before any browser starts.
 */
import path from 'node:path';
import { existsSync } from 'node:fs';
import { AT_PROFILES, JOURNEY_MODES, type JourneyMode } from '@atcompat/contracts';
import { DEFAULT_GATE, type GateOptions, type JourneyOptions } from '@atcompat/harness';
import type { ParseArgsConfig } from 'node:util';
import { parseCommandArgs } from './args.js';
import { BROWSER_OPTIONS, OUTPUT_OPTIONS, REPORT_OPTIONS } from './common-options.js';
import { UsageError } from './errors.js';
import { PUBLISH_OPTIONS, publishRequest, type PublishInput } from './publish-args.js';
import { planReportTargets, type ReportTargets } from './reports.js';
import { checkUrl, parseDuration, parseHeader, parseImpact, parseProfiles, parseSteps, parseViewport, parseWhole } from './values.js';

const JOURNEY_OPTIONS = {
  'base-url': { type: 'string' },
  mode: { type: 'string' },
  ...REPORT_OPTIONS,
  'fail-on': { type: 'string' },
  profile: { type: 'string', multiple: true },
  audit: { type: 'boolean' },
  'max-states': { type: 'string' },
  steps: { type: 'string', multiple: true },
  screenshots: { type: 'boolean' },
  timeout: { type: 'string' },
  'expect-timeout': { type: 'string' },
  ...BROWSER_OPTIONS,
  ...PUBLISH_OPTIONS,
  ...OUTPUT_OPTIONS,
} as const satisfies ParseArgsConfig['options'];

/** What `atcompat journey` will do. */
export interface JourneyPlan {
  help: boolean;
  files: string[];
  options: Omit<JourneyOptions, 'browser' | 'onJourney' | 'onWarning'>;
  gate: GateOptions;
  reports: ReportTargets;
  quiet: boolean;
  color?: boolean;
  /** Set by `--publish`: where to send the report once the journeys are done. */
  publish?: PublishInput;
}

const DEFAULT_MAX_STATES = 10;

/** Parses and checks `atcompat journey …` (without the command word). */
export function planJourney(argv: string[], cwd: string): JourneyPlan {
  const { values, positionals } = parseCommandArgs(argv, JOURNEY_OPTIONS, 'journey');
  const str = (key: string) => values[key] as string | undefined;
  const list = (key: string) => (values[key] as string[] | undefined) ?? [];
  const flag = (key: string) => values[key] as boolean | undefined;
  const quiet = flag('quiet') ?? false;
  const color = flag('color');
  if (flag('help')) return { help: true, files: [], options: { baseUrl: '' }, gate: DEFAULT_GATE, reports: {}, quiet, ...(color !== undefined ? { color } : {}) };

  for (const key of ['base-url', 'json', 'junit', 'sarif', 'html', 'summary', 'storage-state', 'mode']) {
    const value = str(key);
    if (typeof value === 'string' && (value === '' || value.startsWith('--'))) throw new UsageError(`--${key} needs a value (found "${value}").`);
  }
  if (!positionals.length) {
    throw new UsageError('No journey files. Usage: atcompat journey <file.yaml…> --base-url <url>. See `atcompat journey --help`.');
  }
  const baseUrlRaw = str('base-url');
  if (!baseUrlRaw) throw new UsageError('--base-url is needed: the address the journeys\' start pages are relative to, e.g. --base-url http://localhost:3000/.');
  const baseUrl = checkUrl(baseUrlRaw, flag('allow-file-urls') ?? false, '--base-url');

  const mode = str('mode') ?? 'both';
  if (mode !== 'both' && !(JOURNEY_MODES as readonly string[]).includes(mode)) {
    throw new UsageError(`--mode ${mode}: use keyboard, speech or both.`);
  }
  const modes: JourneyMode[] = mode === 'both' ? [...JOURNEY_MODES] : [mode as JourneyMode];

  const headers: Record<string, string> = {};
  for (const h of list('header')) {
    const [name, value] = parseHeader(h, '--header');
    headers[name] = value;
  }
  const storage = str('storage-state');
  const storageState = storage ? path.resolve(cwd, storage) : undefined;
  if (storage && !existsSync(storageState!)) {
    throw new UsageError(`--storage-state ${storage}: the file does not exist. Save one with Playwright's context.storageState({ path }).`);
  }
  const reports = planReportTargets({ json: str('json'), junit: str('junit'), sarif: str('sarif'), html: str('html'), summary: str('summary') }, undefined, cwd);
  const steps = list('steps').length ? parseSteps(list('steps'), '--steps') : undefined;
  const viewport = str('viewport') ? parseViewport(str('viewport')!, '--viewport') : undefined;
  const loadTimeoutMs = str('timeout') !== undefined ? parseDuration(str('timeout')!, '--timeout') : undefined;
  const expectTimeoutMs = str('expect-timeout') !== undefined ? parseDuration(str('expect-timeout')!, '--expect-timeout') : undefined;
  const maxStates = str('max-states') !== undefined ? parseWhole(str('max-states')!, '--max-states', 1, 1000) : DEFAULT_MAX_STATES;
  const failOn = str('fail-on') !== undefined ? parseImpact(str('fail-on')!, '--fail-on') : DEFAULT_GATE.failOn;
  const profiles = list('profile').length ? parseProfiles(list('profile'), '--profile') : [...AT_PROFILES];
  const target = { ...(str('system') ? { system: str('system') } : {}), ...(str('release') ? { release: str('release') } : {}) };
  const publish = publishRequest(values, 'journey');

  return {
    help: false,
    files: positionals,
    options: {
      baseUrl,
      modes,
      audit: flag('audit') ?? true,
      maxStates,
      ...(steps ? { steps } : {}),
      ...(viewport ? { viewport } : {}),
      screenshots: flag('screenshots') ?? reports.html !== undefined,
      timing: { ...(loadTimeoutMs !== undefined ? { loadTimeoutMs } : {}), ...(expectTimeoutMs !== undefined ? { expectTimeoutMs } : {}) },
      ...(Object.keys(headers).length ? { headers } : {}),
      ...(storageState ? { storageState } : {}),
      ...(target.system || target.release ? { target } : {}),
    },
    gate: { failOn, profiles },
    reports,
    quiet,
    ...(color !== undefined ? { color } : {}),
    ...(publish ? { publish } : {}),
  };
}
