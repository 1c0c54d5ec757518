/**
 * Parsers for option values shared by command-line flags and the config file. Each returns the
 * value or throws a `UsageError` whose message names where the bad value came from (`what`).
 */
import { AT_PROFILES, IMPACTS, isAtProfile, isImpact, type AtProfile, type Impact } from '@atcompat/contracts';
import { AUDIT_STEPS, type AuditStepId } from '@atcompat/harness';
import { UsageError } from './errors.js';

/** Splits repeated and comma-separated values: `['a,b', 'c']` → `['a', 'b', 'c']`. */
export function splitList(values: readonly string[]): string[] {
  return values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

/** `critical | serious | moderate | minor`. */
export function parseImpact(value: string, what: string): Impact {
  const v = value.trim().toLowerCase();
  if (!isImpact(v)) throw new UsageError(`${what} must be one of ${IMPACTS.join(', ')} (found "${value}").`);
  return v;
}

/** Profile ids; `all` means every profile. */
export function parseProfiles(values: readonly string[], what: string): AtProfile[] {
  const list = splitList(values).map((v) => v.toLowerCase());
  if (list.includes('all')) return [...AT_PROFILES];
  const bad = list.filter((p) => !isAtProfile(p));
  if (bad.length) throw new UsageError(`${what}: unknown profile ${bad.map((b) => `"${b}"`).join(', ')}. Choose from ${AT_PROFILES.join(', ')} or all.`);
  return AT_PROFILES.filter((p) => list.includes(p));
}

/** Audit step ids, in the order the audit runs them. */
export function parseSteps(values: readonly string[], what: string): AuditStepId[] {
  const list = splitList(values).map((v) => v.toLowerCase());
  const bad = list.filter((s) => !(AUDIT_STEPS as readonly string[]).includes(s));
  if (bad.length) throw new UsageError(`${what}: unknown step ${bad.map((b) => `"${b}"`).join(', ')}. Choose from ${AUDIT_STEPS.join(', ')}.`);
  if (!list.length) throw new UsageError(`${what} needs at least one step (${AUDIT_STEPS.join(', ')}).`);
  return AUDIT_STEPS.filter((s) => list.includes(s));
}

/** A duration: `30` or `30s` (seconds), `500ms`, `2m`. Returns milliseconds. */
export function parseDuration(value: string | number, what: string): number {
  const text = String(value).trim();
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m)?$/i.exec(text);
  const ms = m ? Number(m[1]) * ({ ms: 1, s: 1000, m: 60_000 }[(m[2] ?? 's').toLowerCase() as 'ms' | 's' | 'm']) : NaN;
  if (!Number.isFinite(ms) || ms < 1000 || ms > 3_600_000) {
    throw new UsageError(`${what} must be a time from 1s to 60m, such as 30, 30s, 2m or 45000ms (found "${text}").`);
  }
  return Math.round(ms);
}

/** A whole number in [min, max]. */
export function parseWhole(value: string | number, what: string, min: number, max: number): number {
  const text = String(value).trim();
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${what} must be a whole number from ${min} to ${max} (found "${text}").`);
  return n;
}

/** `1280x800` → `{ width: 1280, height: 800 }`. */
export function parseViewport(value: string, what: string): { width: number; height: number } {
  const m = /^\s*(\d+)\s*[x×,]\s*(\d+)\s*$/i.exec(value);
  if (!m) throw new UsageError(`${what} must be WIDTHxHEIGHT in CSS pixels, such as 1280x800 (found "${value}").`);
  return { width: parseWhole(m[1]!, `${what} width`, 200, 10_000), height: parseWhole(m[2]!, `${what} height`, 200, 10_000) };
}

/** `Name: value` → `['Name', 'value']`. */
export function parseHeader(value: string, what: string): [string, string] {
  const i = value.indexOf(':');
  const name = i > 0 ? value.slice(0, i).trim() : '';
  if (!name || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
    throw new UsageError(`${what} must look like "Name: value", such as "Authorization: Bearer abc123" (found "${value}").`);
  }
  return [name, value.slice(i + 1).trim()];
}

/**
 * Checks an address to scan: http and https only, `file:` only when allowed. Other schemes
 * (`javascript:`, `data:` …) are refused: atcompat loads each address in a real browser.
 */
export function checkUrl(value: string, allowFileUrls: boolean, what = 'The address'): string {
  const text = value.trim();
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  const looksLikeHost = /^[\w.-]+(:\d+)?(\/|$)/.test(text) && !/^(javascript|data|file|about|blob|vbscript):/i.test(text);
  if (!url || (looksLikeHost && !/^https?:$/.test(url.protocol) && url.protocol !== 'file:')) {
    const hint = looksLikeHost ? ` Did you mean http://${text}?` : '';
    throw new UsageError(`${what} "${text}" is not a full web address; give it with http:// or https://.${hint}`);
  }
  if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
  if (url.protocol === 'file:') {
    if (allowFileUrls) return url.href;
    throw new UsageError(
      `${what} "${text}" is a file: address. atcompat scans pages served over http or https, as people use them; ` +
        'serve the folder with a web server, or pass --allow-file-urls to scan local files anyway.',
    );
  }
  throw new UsageError(`${what} "${text}" uses ${url.protocol} which atcompat does not load; only http and https addresses can be scanned.`);
}
