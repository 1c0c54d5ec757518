/**
 * `atcompat.config.json` / `.yaml`: what to scan and how, for teams that keep it in the repository.
 * Errors name the file, the line and column, and the field, e.g.
 * `atcompat.config.yaml:4:10: viewport.width must be a whole number from 200 to 10000 (found "wide").`
 * Relative paths in the file are relative to the file's folder.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { FINDING_RULE_PATTERN, RULE_IDS, type AtProfile, type Impact } from '@atcompat/contracts';
import { CrawlPatternError, DEFAULT_BUDGET, compileExcludes, type AuditBudget, type AuditStepId, type ScanOptions } from '@atcompat/harness';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { UsageError } from './errors.js';
import { excerpt, jsonErrorOffset, jsonErrorWhat, lineCol } from './json.js';
import { parseDuration, parseHeader, parseImpact, parseProfiles, parseSteps, parseWhole } from './values.js';

/** A cookie as the scan needs it (Playwright's storage-state cookie). */
export type ScanCookie = NonNullable<ScanOptions['cookies']>[number];

/** The report files a config can ask for. */
export const REPORT_KINDS = ['json', 'junit', 'sarif', 'html', 'summary'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** A validated config file; paths are absolute. */
export interface ScanConfig {
  /** The file it came from, as given. */
  file: string;
  urls?: string[];
  include?: string[];
  exclude?: string[];
  /** Rule id → enabled. */
  rules?: Record<string, boolean>;
  steps?: AuditStepId[];
  viewport?: { width: number; height: number };
  budget?: Partial<AuditBudget>;
  headers?: Record<string, string>;
  cookies?: ScanCookie[];
  storageState?: string;
  concurrency?: number;
  /** Page load timeout in milliseconds. */
  timeoutMs?: number;
  failOn?: Impact;
  profiles?: AtProfile[];
  baseline?: string;
  screenshots?: boolean;
  allowFileUrls?: boolean;
  /** `crawl: true`, or `crawl: { maxPages, exclude }` (on); `crawl: false` is off. */
  crawl?: { enabled: boolean; maxPages?: number; exclude?: string[] };
  target?: { system?: string; release?: string };
  reports?: Partial<Record<ReportKind, string>>;
}

/** A config file that cannot be used (subclass of UsageError: exit 2). */
export class ConfigError extends UsageError {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const KEYS = [
  'urls', 'include', 'exclude', 'rules', 'steps', 'viewport', 'budget', 'headers', 'cookies', 'storageState',
  'concurrency', 'timeout', 'failOn', 'profiles', 'baseline', 'screenshots', 'allowFileUrls', 'crawl', 'target', 'reports',
] as const;

/** Reads and validates a config file. `file` is as the user gave it; `cwd` resolves it. */
export function loadConfig(file: string, cwd: string = process.cwd()): ScanConfig {
  const full = path.resolve(cwd, file);
  let text: string;
  try {
    if (statSync(full).isDirectory()) throw new ConfigError(`The config file ${file} is a folder; give the path of atcompat.config.json or .yaml.`);
    text = readFileSync(full, 'utf8');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(code === 'ENOENT' ? `The config file ${file} does not exist.` : `The config file ${file} cannot be read (${code ?? (error as Error).message}).`);
  }
  return parseConfig(text, file, path.dirname(full));
}

/** Parses and validates config text. `dir` resolves relative paths inside it. */
export function parseConfig(source: string, file: string, dir: string): ScanConfig {
  const text = source.replace(/^\uFEFF/, '');
  const isJson = /\.json$/i.test(file) || (!/\.ya?ml$/i.test(file) && /^\s*[{[]/.test(text));
  const lineCounter = new LineCounter();
  let doc: Document | undefined;
  let data: unknown;
  if (isJson) {
    try {
      data = JSON.parse(text);
    } catch (error) {
      const offset = jsonErrorOffset(text);
      const { line, col } = lineCol(text, offset);
      const what = jsonErrorWhat(error);
      throw new ConfigError(`${file}:${line}:${col}: this is not valid JSON: ${what}.${excerpt(text, line, col)}`);
    }
    // Parsed again (JSON is YAML) only to know where each field is, for error messages.
    const located = parseDocument(text, { lineCounter, uniqueKeys: false });
    doc = located.errors.length ? undefined : located;
  } else {
    doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
    const syntax = doc.errors[0];
    if (syntax) {
      const pos = syntax.linePos?.[0] ?? { line: 1, col: 1 };
      const what = syntax.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      throw new ConfigError(`${file}:${pos.line}:${pos.col}: this is not valid YAML: ${what}.${excerpt(text, pos.line, pos.col)}`);
    }
    data = doc.toJS();
  }

  const where = (fieldPath: (string | number)[], key = false): string => {
    if (!doc) return file;
    const node = fieldPath.length === 0 ? doc.contents : key ? keyNode(doc, fieldPath) : doc.getIn(fieldPath, true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (!range) return file;
    const { line, col } = lineCounter.linePos(range[0]);
    return `${file}:${line}:${col}`;
  };
  return validate(data ?? {}, file, dir, where);
}

function keyNode(doc: Document, fieldPath: (string | number)[]): unknown {
  const parent = fieldPath.length > 1 ? doc.getIn(fieldPath.slice(0, -1), true) : doc.contents;
  const items = (parent as { items?: { key?: { value?: unknown; range?: unknown } }[] } | null)?.items ?? [];
  return items.find((pair) => pair.key?.value === fieldPath[fieldPath.length - 1])?.key;
}

type Where = (fieldPath: (string | number)[], key?: boolean) => string;

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function show(x: unknown): string {
  const text = JSON.stringify(x) ?? String(x);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function validate(data: unknown, file: string, dir: string, where: Where): ScanConfig {
  const fail = (fieldPath: (string | number)[], problem: string, key = false): never => {
    const name = fieldPath.map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${p}` : p)).join('');
    throw new ConfigError(`${where(fieldPath, key)}: ${name ? `${name} ` : ''}${problem}`);
  };
  // Re-raise a value parser's UsageError with the field's location.
  const field = <T>(fieldPath: (string | number)[], parse: () => T): T => {
    try {
      return parse();
    } catch (error) {
      if (error instanceof UsageError) throw new ConfigError(`${where(fieldPath)}: ${error.message}`);
      throw error;
    }
  };

  if (!isObject(data)) return fail([], `must hold a mapping of settings such as "urls:" (found ${Array.isArray(data) ? 'a list' : show(data)}).`);
  for (const key of Object.keys(data)) {
    if (!(KEYS as readonly string[]).includes(key)) {
      const near = KEYS.find((k) => k.toLowerCase() === key.replace(/[-_]/g, '').toLowerCase());
      fail([key], `is not a setting atcompat knows.${near ? ` Did you mean ${near}?` : ` Settings: ${KEYS.join(', ')}.`}`, true);
    }
  }
  const strings = (key: string): string[] | undefined => {
    const v = data[key];
    if (v === undefined || v === null) return undefined;
    const list = typeof v === 'string' ? [v] : v;
    if (!Array.isArray(list)) return fail([key], `must be a list of text (found ${show(v)}).`);
    return list.map((item, i) => {
      if (typeof item !== 'string' || !item.trim()) fail([key, i], `must be non-empty text (found ${show(item)}).`);
      return (item as string).trim();
    });
  };
  const whole = (fieldPath: (string | number)[], v: unknown, min: number, max: number): number => {
    const label = fieldPath.map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${p}` : p)).join('');
    if (typeof v !== 'number' && typeof v !== 'string') return fail(fieldPath, `must be a whole number from ${min} to ${max} (found ${show(v)}).`);
    return field(fieldPath, () => parseWhole(v, label, min, max));
  };
  const bool = (key: string): boolean | undefined => {
    const v = data[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') fail([key], `must be true or false (found ${show(v)}).`);
    return v as boolean;
  };
  const filePath = (fieldPath: (string | number)[], v: unknown, mustExist: boolean): string => {
    if (typeof v !== 'string' || !v.trim()) return fail(fieldPath, `must be a file path (found ${show(v)}).`);
    const full = path.resolve(dir, v);
    if (mustExist && !existsSync(full)) fail(fieldPath, `names a file that does not exist: ${full}`);
    return full;
  };

  const config: ScanConfig = { file };
  const urls = strings('urls');
  if (urls) config.urls = urls;
  const include = strings('include');
  if (include) config.include = include;
  const exclude = strings('exclude');
  if (exclude) config.exclude = exclude;

  if (data.rules !== undefined && data.rules !== null) {
    if (!isObject(data.rules)) fail(['rules'], `must map rule ids to on or off, e.g. "axe/color-contrast: off" (found ${show(data.rules)}).`);
    config.rules = {};
    for (const [rule, value] of Object.entries(data.rules as Record<string, unknown>)) {
      if (!FINDING_RULE_PATTERN.test(rule) || (!rule.startsWith('axe/') && !(RULE_IDS as readonly string[]).includes(rule))) {
        fail(['rules', rule], `is not a rule id atcompat knows. Use an id from the catalogue (such as keyboard/trap) or axe/<axe rule id>.`, true);
      }
      const on = value === true || value === 'on' ? true : value === false || value === 'off' ? false : undefined;
      if (on === undefined) fail(['rules', rule], `must be on or off (found ${show(value)}).`);
      config.rules[rule] = on!;
    }
  }

  if (data.steps !== undefined && data.steps !== null) {
    const raw = strings('steps')!;
    config.steps = field(['steps'], () => parseSteps(raw, 'steps'));
  }

  if (data.viewport !== undefined && data.viewport !== null) {
    const v = data.viewport;
    if (!isObject(v)) fail(['viewport'], `must have a width and a height, e.g. "viewport: { width: 1280, height: 800 }" (found ${show(v)}).`);
    const vp = v as Record<string, unknown>;
    for (const key of Object.keys(vp)) if (key !== 'width' && key !== 'height') fail(['viewport', key], 'is not a viewport setting (width, height).', true);
    const size = (key: 'width' | 'height') => {
      if (vp[key] === undefined) return fail(['viewport'], `needs a ${key}.`);
      return whole(['viewport', key], vp[key], 200, 10_000);
    };
    config.viewport = { width: size('width'), height: size('height') };
  }

  if (data.budget !== undefined && data.budget !== null) {
    if (!isObject(data.budget)) fail(['budget'], `must be a mapping such as "budget: { maxTabStops: 200 }" (found ${show(data.budget)}).`);
    config.budget = {};
    for (const [key, value] of Object.entries(data.budget as Record<string, unknown>)) {
      if (!(key in DEFAULT_BUDGET)) fail(['budget', key], `is not a budget setting (${Object.keys(DEFAULT_BUDGET).join(', ')}).`, true);
      config.budget[key as keyof AuditBudget] = whole(['budget', key], value, 0, 100_000);
    }
  }

  if (data.headers !== undefined && data.headers !== null) {
    if (!isObject(data.headers)) fail(['headers'], `must map header names to values, e.g. "headers: { Authorization: Bearer abc }" (found ${show(data.headers)}).`);
    config.headers = {};
    for (const [key, value] of Object.entries(data.headers as Record<string, unknown>)) {
      if (typeof value !== 'string' && typeof value !== 'number') fail(['headers', key], `must be text (found ${show(value)}).`);
      const [h, v] = field(['headers', key], () => parseHeader(`${key}: ${String(value)}`, `headers.${key}`));
      config.headers[h] = v;
    }
  }

  if (data.cookies !== undefined && data.cookies !== null) {
    if (!Array.isArray(data.cookies)) fail(['cookies'], `must be a list of cookies, each with name, value and url (or domain) (found ${show(data.cookies)}).`);
    config.cookies = (data.cookies as unknown[]).map((c, i) => cookie(c, i, fail));
  }

  if (data.storageState !== undefined && data.storageState !== null) config.storageState = filePath(['storageState'], data.storageState, true);

  if (data.concurrency !== undefined && data.concurrency !== null) {
    config.concurrency = whole(['concurrency'], data.concurrency, 1, 64);
  }
  if (data.timeout !== undefined && data.timeout !== null) {
    const v = data.timeout;
    if (typeof v !== 'number' && typeof v !== 'string') fail(['timeout'], `must be a time such as 30, 30s or 2m (found ${show(v)}).`);
    config.timeoutMs = field(['timeout'], () => parseDuration(v as number | string, 'timeout'));
  }
  if (data.failOn !== undefined && data.failOn !== null) {
    if (typeof data.failOn !== 'string') fail(['failOn'], `must be one of critical, serious, moderate, minor (found ${show(data.failOn)}).`);
    config.failOn = field(['failOn'], () => parseImpact(data.failOn as string, 'failOn'));
  }
  if (data.profiles !== undefined && data.profiles !== null) {
    const raw = strings('profiles')!;
    config.profiles = field(['profiles'], () => parseProfiles(raw, 'profiles'));
  }
  if (data.baseline !== undefined && data.baseline !== null) config.baseline = filePath(['baseline'], data.baseline, false);
  const screenshots = bool('screenshots');
  if (screenshots !== undefined) config.screenshots = screenshots;
  const allowFileUrls = bool('allowFileUrls');
  if (allowFileUrls !== undefined) config.allowFileUrls = allowFileUrls;

  if (data.crawl !== undefined && data.crawl !== null) {
    const c = data.crawl;
    if (typeof c === 'boolean') config.crawl = { enabled: c };
    else if (!isObject(c)) fail(['crawl'], `must be true, false, or a mapping such as "crawl: { maxPages: 50, exclude: [/admin/**] }" (found ${show(c)}).`);
    else {
      for (const key of Object.keys(c)) if (key !== 'maxPages' && key !== 'exclude') fail(['crawl', key], 'is not a crawl setting (maxPages, exclude).', true);
      config.crawl = { enabled: true };
      if (c.maxPages !== undefined && c.maxPages !== null) config.crawl.maxPages = whole(['crawl', 'maxPages'], c.maxPages, 1, 10_000);
      if (c.exclude !== undefined && c.exclude !== null) {
        const list = typeof c.exclude === 'string' ? [c.exclude] : c.exclude;
        if (!Array.isArray(list)) fail(['crawl', 'exclude'], `must be a list of patterns such as /admin/** (found ${show(c.exclude)}).`);
        config.crawl.exclude = (list as unknown[]).map((item, i) => {
          if (typeof item !== 'string' || !item.trim()) return fail(['crawl', 'exclude', i], `must be a non-empty pattern (found ${show(item)}).`);
          try {
            compileExcludes([item]);
          } catch (error) {
            if (error instanceof CrawlPatternError) fail(['crawl', 'exclude', i], `${error.message.replace(/^The exclude pattern \S+ is/, 'is')}`);
            throw error;
          }
          return item.trim();
        });
      }
    }
  }

  if (data.target !== undefined && data.target !== null) {
    if (!isObject(data.target)) fail(['target'], `must be a mapping such as "target: { system: casework, release: 2.3.0 }" (found ${show(data.target)}).`);
    const t = data.target as Record<string, unknown>;
    config.target = {};
    for (const [key, value] of Object.entries(t)) {
      if (key !== 'system' && key !== 'release') fail(['target', key], 'is not a target setting (system, release).', true);
      if (typeof value !== 'string' && typeof value !== 'number') fail(['target', key], `must be text (found ${show(value)}).`);
      if (String(value).trim()) config.target[key as 'system' | 'release'] = String(value).trim();
    }
  }

  if (data.reports !== undefined && data.reports !== null) {
    if (!isObject(data.reports)) fail(['reports'], `must map report kinds (${REPORT_KINDS.join(', ')}) to file paths (found ${show(data.reports)}).`);
    config.reports = {};
    for (const [key, value] of Object.entries(data.reports as Record<string, unknown>)) {
      if (!(REPORT_KINDS as readonly string[]).includes(key)) fail(['reports', key], `is not a report kind (${REPORT_KINDS.join(', ')}).`, true);
      config.reports[key as ReportKind] = filePath(['reports', key], value, false);
    }
  }
  return config;
}

function cookie(c: unknown, i: number, fail: (p: (string | number)[], problem: string, key?: boolean) => never): ScanCookie {
  const at = ['cookies', i];
  if (!isObject(c)) return fail(at, `must be a cookie with name, value and url (or domain) (found ${show(c)}).`);
  const allowed = ['name', 'value', 'url', 'domain', 'path', 'expires', 'httpOnly', 'secure', 'sameSite'];
  for (const key of Object.keys(c)) if (!allowed.includes(key)) fail([...at, key], `is not a cookie field (${allowed.join(', ')}).`, true);
  if (typeof c.name !== 'string' || !c.name) fail([...at, 'name'], 'must be non-empty text.');
  if (typeof c.value !== 'string') fail([...at, 'value'], 'must be text.');
  let domain = c.domain;
  let cookiePath = c.path ?? '/';
  let secure = c.secure;
  if (c.url !== undefined) {
    let url: URL | undefined;
    try {
      url = typeof c.url === 'string' ? new URL(c.url) : undefined;
    } catch {
      url = undefined;
    }
    if (!url || !/^https?:$/.test(url.protocol)) return fail([...at, 'url'], `must be an http or https address (found ${show(c.url)}).`);
    domain ??= url.hostname;
    if (c.path === undefined) cookiePath = '/';
    secure ??= url.protocol === 'https:';
  }
  if (typeof domain !== 'string' || !domain) return fail(at, 'needs a url or a domain, so the browser knows which site the cookie is for.');
  if (typeof cookiePath !== 'string' || !cookiePath.startsWith('/')) fail([...at, 'path'], 'must start with /.');
  if (c.expires !== undefined && typeof c.expires !== 'number') fail([...at, 'expires'], 'must be a Unix time in seconds (a number).');
  for (const key of ['httpOnly', 'secure'] as const) if (c[key] !== undefined && typeof c[key] !== 'boolean') fail([...at, key], 'must be true or false.');
  if (c.sameSite !== undefined && !['Strict', 'Lax', 'None'].includes(c.sameSite as string)) fail([...at, 'sameSite'], 'must be Strict, Lax or None.');
  return {
    name: c.name as string,
    value: c.value as string,
    domain,
    path: cookiePath as string,
    expires: (c.expires as number | undefined) ?? -1,
    httpOnly: (c.httpOnly as boolean | undefined) ?? false,
    secure: (secure as boolean | undefined) ?? false,
    sameSite: (c.sameSite as ScanCookie['sameSite'] | undefined) ?? 'Lax',
  };
}
