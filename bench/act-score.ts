/**
 * How atcompat findings answer the W3C ACT test cases: the rule mapping from
 * `shared/corpus/README.md` and the pure scoring of per-case results (no browser here).
 */

/** ACT rule id → the atcompat rule ids whose presence anywhere on the page means "failed". */
export const ACT_RULE_MAP: Readonly<Record<string, readonly string[]>> = {
  '80af7b': ['keyboard/trap'],
  a1b64e: ['keyboard/trap'],
  ebe86a: ['keyboard/trap'],
  oj04fd: ['keyboard/focus-not-visible'],
  '0ssw9k': ['keyboard/scrollable-unreachable', 'axe/scrollable-region-focusable'],
  '6cfa84': ['axe/aria-hidden-focus'],
  '2ee8b8': ['speech/label-not-in-name', 'axe/label-content-name-mismatch'],
  akn7bn: ['keyboard/iframe-excluded', 'axe/frame-focusable-content'],
  '307n5z': ['axe/nested-interactive'],
  ffbc54: ['keyboard/character-shortcut'],
  cf77f2: ['axe/bypass'],
  ye5d6e: ['axe/bypass'],
};

/** What bare axe-core scores on the same corpus (shared/corpus/README.md). */
export const AXE_BASELINE = { label: 'bare axe-core 4.14.1', caught: 28, failed: 48, falseAlarms: 3, notFailed: 121 };

export type ActExpectation = 'passed' | 'failed' | 'inapplicable';

/** One entry of `cases.json`. */
export interface ActCase {
  id: string;
  rule: string;
  rule_name?: string;
  title?: string;
  file: string;
  expected: ActExpectation;
}

/** What the audit of one case page gave. */
export interface CaseResult {
  id: string;
  rule: string;
  title: string;
  expected: ActExpectation;
  /** Every finding on the page, as `rule selector`. */
  findings: string[];
  /** The findings whose rule maps to this case's ACT rule. */
  matched: string[];
  /** Checks that could not finish (the audit went on without them). */
  warnings: string[];
  /** Requests to other hosts that were aborted (the benchmark stays offline). */
  blocked: string[];
  /** Set when the page could not be loaded or audited at all. */
  error?: string;
  ms: number;
}

export type Verdict = 'caught' | 'missed' | 'false-alarm' | 'correct-pass' | 'error';

/** A failed case is caught when a mapped finding is reported; any other case is a false alarm then. */
export function verdict(result: CaseResult): Verdict {
  if (result.error) return 'error';
  const flagged = result.matched.length > 0;
  if (result.expected === 'failed') return flagged ? 'caught' : 'missed';
  return flagged ? 'false-alarm' : 'correct-pass';
}

/** The findings (`rule selector`) that count against the case's ACT rule. */
export function matchedFindings(actRule: string, findings: readonly { rule: string; selector: string }[]): string[] {
  const mapped = ACT_RULE_MAP[actRule] ?? [];
  return findings.filter((f) => mapped.includes(f.rule)).map((f) => `${f.rule} ${f.selector}`);
}

export interface Tally {
  failed: number;
  caught: number;
  notFailed: number;
  falseAlarms: number;
  /** Cases that errored (a failed case that errored is not caught; a passing one is not a false alarm). */
  errors: number;
}

export interface RuleTally extends Tally {
  rule: string;
  name: string;
}

function emptyTally(): Tally {
  return { failed: 0, caught: 0, notFailed: 0, falseAlarms: 0, errors: 0 };
}

function add(tally: Tally, result: CaseResult): void {
  const v = verdict(result);
  if (result.expected === 'failed') tally.failed += 1;
  else tally.notFailed += 1;
  if (v === 'caught') tally.caught += 1;
  if (v === 'false-alarm') tally.falseAlarms += 1;
  if (v === 'error') tally.errors += 1;
}

/** Per ACT rule (in the order given) and overall. */
export function tally(results: readonly CaseResult[], ruleOrder: readonly string[], names: Record<string, string>) {
  const byRule = new Map<string, RuleTally>(ruleOrder.map((rule) => [rule, { rule, name: names[rule] ?? '', ...emptyTally() }]));
  const total = emptyTally();
  for (const result of results) {
    let row = byRule.get(result.rule);
    if (!row) {
      row = { rule: result.rule, name: names[result.rule] ?? '', ...emptyTally() };
      byRule.set(result.rule, row);
    }
    add(row, result);
    add(total, result);
  }
  return { rules: [...byRule.values()].filter((r) => r.failed + r.notFailed > 0), total };
}

/** A Markdown table (readable as plain text too) padded to line up in a terminal. */
export function table(header: string[], rows: string[][], align: ('l' | 'r')[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const cell = (text: string, i: number) => (align[i] === 'r' ? text.padStart(widths[i]!) : text.padEnd(widths[i]!));
  const line = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (align[i] === 'r' ? `${'-'.repeat(w + 1)}:` : `:${'-'.repeat(w + 1)}`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}
