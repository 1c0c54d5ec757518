import { REPORT_SCHEMA_VERSION, summarise, type AtcompatReport, type JourneyResult, type PageResult } from '@atcompat/contracts';

export interface ReportInput {
  runId: string;
  startedAt: string;
  finishedAt: string;
  browser: string;
  toolVersion: string;
  target?: { system?: string; release?: string };
  pages: PageResult[];
  journeys: JourneyResult[];
}

/** Assembles report contract v1 from audited pages and journeys, with verdicts per profile. */
export function buildReport(input: ReportInput): AtcompatReport {
  const { summary, profiles } = summarise(input.pages, input.journeys);
  return cleanStrings({
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'atcompat', version: input.toolVersion },
    run: {
      id: input.runId,
      startedAt: input.startedAt,
      finishedAt: input.finishedAt,
      ...(input.target && (input.target.system || input.target.release) ? { target: input.target } : {}),
      browser: input.browser,
    },
    pages: input.pages,
    journeys: input.journeys,
    profiles,
    summary,
  });
}

// C0 controls (but tab and line feed, which text may hold), DEL, and UTF-16 surrogates that are not
// part of a pair.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Makes a string safe to report. Everything in a report comes from the page under test (titles,
 * markup, names), and a page can hold characters no JSON database stores (PostgreSQL refuses
 * `\u0000` in jsonb) and no XML report may contain: such a report could never be published or
 * read. Controls become their visible Unicode "control picture" (U+0000 → ␀), so the finding
 * still shows that something was there; a carriage return becomes a line feed; a lone surrogate
 * becomes U+FFFD.
 */
export function cleanText(text: string): string {
  return text.replace(UNSAFE, (ch) => {
    const code = ch.charCodeAt(0);
    if (code === 0x0d) return '\n';
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    return '\ufffd';
  });
}

/** A deep copy of `value` with every string (keys too) passed through cleanText. */
export function cleanStrings<T>(value: T): T {
  if (typeof value === 'string') return cleanText(value) as T;
  if (Array.isArray(value)) return value.map((item) => cleanStrings(item)) as T;
  if (value && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[cleanText(key)] = cleanStrings(item);
    return copy as T;
  }
  return value;
}
