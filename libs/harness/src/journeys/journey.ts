/**
 * Journeys: a task written the way a person describes it ("fill Username", "activate Sign in"),
 * with targets named by their visible label or accessible name, never by CSS. This module holds
 * the model and its validation; it imports neither Node nor Playwright.
 */

/** The step kinds a journey may use, in the order the error messages list them. */
export const JOURNEY_STEP_KINDS = ['fill', 'activate', 'choose', 'check', 'press', 'expect'] as const;

/** One step kind. */
export type JourneyStepKind = (typeof JOURNEY_STEP_KINDS)[number];

/** What an `expect` step waits for (at least one of them). */
export interface JourneyExpectation {
  /** A heading (h1–h6 or role=heading) whose text is this, ignoring case and spacing. */
  heading?: string;
  /** Text anywhere on the page. */
  text?: string;
  /** Text the address must contain, e.g. `saved.html`. */
  url?: string;
}

/** One validated step. `line` is where it starts in its file (1-based), when it came from one. */
export type JourneyStepSpec =
  | { kind: 'fill'; field: string; value: string; line?: number }
  | { kind: 'activate'; target: string; line?: number }
  | { kind: 'choose'; field: string; option: string; line?: number }
  | { kind: 'check'; target: string; line?: number }
  | { kind: 'press'; key: string; line?: number }
  | { kind: 'expect'; expect: JourneyExpectation; line?: number };

/** A validated journey, ready to run. */
export interface Journey {
  name: string;
  /** The first page, relative to the base URL (or absolute). */
  start: string;
  steps: JourneyStepSpec[];
  /** Whether to audit each state the journey reaches (default true). */
  audit?: boolean;
  /** The file it came from, as given, for messages. */
  file?: string;
}

/** A step as written in a journey file or passed to {@link defineJourney}. */
export type JourneyStepSource =
  | { fill: { field: string; value: string | number } }
  | { activate: string }
  | { choose: { field: string; option: string } }
  | { check: string }
  | { press: string }
  | { expect: JourneyExpectation };

/** A journey as written in a file (YAML) or in TypeScript. */
export interface JourneySource {
  name: string;
  start: string;
  steps: JourneyStepSource[];
  audit?: boolean;
}

/** A journey that cannot be run; the message names the file, the line and the step. */
export class JourneyError extends Error {
  constructor(
    message: string,
    /** Every problem found, one plain-English line each. */
    readonly problems: string[] = [message],
  ) {
    super(message);
    this.name = 'JourneyError';
  }
}

/** Where a value is, for messages: the step (0-based) or a top-level key, and its line if known. */
export type Locate = (where: { step?: number; key?: string }) => number | undefined;

const TOP_KEYS = ['name', 'start', 'steps', 'audit'];
const EXPECT_KEYS = ['heading', 'text', 'url'] as const;

/** Key names `press` accepts: a key, optionally with modifiers (`Shift+Tab`, `Control+a`). */
const KEY_NAMES = new Set([
  'Escape', 'Enter', 'Tab', 'Space', 'Backspace', 'Delete', 'Home', 'End', 'PageUp', 'PageDown', 'Insert',
  'ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'ContextMenu',
  ...Array.from({ length: 12 }, (_, i) => `F${i + 1}`),
]);
const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'Meta', 'ControlOrMeta']);

/** True for a key `press` understands: a named key or one character, after optional modifiers. */
export function isKeyName(key: string): boolean {
  const parts = key.split('+');
  const last = parts.pop()!;
  if (!parts.every((p) => MODIFIERS.has(p))) return false;
  return KEY_NAMES.has(last) || [...last].length === 1;
}

const show = (x: unknown): string => {
  const text = JSON.stringify(x) ?? String(x);
  return text.length > 50 ? `${text.slice(0, 47)}…` : text;
};

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Non-empty text, trimmed; numbers are accepted as text (a value such as `1234`). */
function text(x: unknown, allowNumber = false): string | undefined {
  if (typeof x === 'string' && x.trim()) return x.trim();
  if (allowNumber && (typeof x === 'number' || typeof x === 'boolean')) return String(x);
  return undefined;
}

/**
 * Checks a journey as read from YAML or given in TypeScript. Collects every problem, each
 * naming the file, the line (when known) and the step, and throws them together: nothing runs.
 */
export function validateJourney(data: unknown, file: string, locate: Locate = () => undefined): Journey {
  const problems: string[] = [];
  const at = (where: { step?: number; key?: string }, problem: string) => {
    const line = locate(where);
    const parts = [file, line !== undefined ? `line ${line}` : '', where.step !== undefined ? `step ${where.step + 1}` : ''].filter(Boolean);
    const head = parts.length > 1 ? `${parts[0]} ${parts.slice(1).join(', ')}` : parts[0];
    problems.push(`${head}: ${problem}`);
  };
  if (!isObject(data)) {
    at({}, `a journey file must hold a mapping with name, start and steps (found ${Array.isArray(data) ? 'a list' : show(data ?? null)}).`);
    throw new JourneyError(problems.join('\n'), problems);
  }
  for (const key of Object.keys(data)) {
    if (!TOP_KEYS.includes(key)) at({ key }, `"${key}" is not part of a journey; a journey has ${TOP_KEYS.join(', ')}.`);
  }
  const name = text(data.name);
  if (!name) at({ key: 'name' }, `the journey needs a name, e.g. "name: Record a note on a case"${data.name === undefined ? '' : ` (found ${show(data.name)})`}.`);
  const start = text(data.start);
  if (!start) at({ key: 'start' }, `the journey needs a start page, e.g. "start: login.html" (relative to --base-url)${data.start === undefined ? '' : ` (found ${show(data.start)})`}.`);
  if (data.audit !== undefined && typeof data.audit !== 'boolean') at({ key: 'audit' }, `audit must be true or false (found ${show(data.audit)}).`);
  const steps: JourneyStepSpec[] = [];
  if (!Array.isArray(data.steps) || data.steps.length === 0) {
    at({ key: 'steps' }, `the journey needs a list of steps, e.g. "steps:" then "  - activate: Sign in"${data.steps === undefined ? '' : ` (found ${show(data.steps)})`}.`);
  } else {
    data.steps.forEach((raw, index) => {
      const step = validateStep(raw, (problem) => at({ step: index }, problem));
      if (step) {
        const line = locate({ step: index });
        steps.push(line !== undefined ? { ...step, line } : step);
      }
    });
  }
  if (problems.length) throw new JourneyError(problems.join('\n'), problems);
  return { name: name!, start: start!, steps, ...(typeof data.audit === 'boolean' ? { audit: data.audit } : {}), file };
}

const KINDS_LIST = `steps are ${JOURNEY_STEP_KINDS.join(', ')}`;

function validateStep(raw: unknown, fail: (problem: string) => void): JourneyStepSpec | undefined {
  if (!isObject(raw)) {
    const hint = typeof raw === 'string' && (JOURNEY_STEP_KINDS as readonly string[]).includes(raw) ? ` "${raw}" needs a value, e.g. "${raw}: …"` : '';
    fail(`a step must be one "kind: target" pair, e.g. "activate: Sign in" (found ${show(raw ?? null)}).${hint}`);
    return undefined;
  }
  const keys = Object.keys(raw);
  if (keys.length !== 1) {
    fail(keys.length === 0 ? `the step is empty; ${KINDS_LIST}.` : `a step does one thing, but this one has ${keys.map((k) => `"${k}"`).join(' and ')}; put each on its own "- " line.`);
    return undefined;
  }
  const kind = keys[0]!;
  const value = raw[kind];
  const fields = (expected: string[], example: string): Record<string, unknown> | undefined => {
    if (!isObject(value)) {
      fail(`${kind} needs ${expected.join(' and ')}, e.g. "${kind}: ${example}" (found ${show(value ?? null)}).`);
      return undefined;
    }
    const extra = Object.keys(value).filter((k) => !expected.includes(k));
    if (extra.length) {
      fail(`${kind} takes ${expected.join(' and ')}, not ${extra.map((k) => `"${k}"`).join(' or ')}.`);
      return undefined;
    }
    return value;
  };
  switch (kind) {
    case 'fill': {
      const v = fields(['field', 'value'], '{ field: Username, value: a.user }');
      if (!v) return undefined;
      const field = text(v.field);
      const filled = typeof v.value === 'string' ? v.value : text(v.value, true);
      if (!field) fail('fill is missing its field: the visible label of the field, e.g. "field: Username".');
      if (filled === undefined) fail('fill is missing its value: what to type, e.g. "value: a.user".');
      return field && filled !== undefined ? { kind, field, value: filled } : undefined;
    }
    case 'choose': {
      const v = fields(['field', 'option'], '{ field: Case type, option: Appeal }');
      if (!v) return undefined;
      const field = text(v.field);
      const option = text(v.option, true);
      if (!field) fail('choose is missing its field: the visible label of the list, e.g. "field: Case type".');
      if (!option) fail('choose is missing its option: the text of the option to pick, e.g. "option: Appeal".');
      return field && option ? { kind, field, option } : undefined;
    }
    case 'activate':
    case 'check': {
      const target = text(value, true);
      if (!target) {
        fail(
          kind === 'activate'
            ? `activate needs the visible name of a button, link or other control, e.g. "activate: Save note" (found ${show(value ?? null)}).`
            : `check needs the visible label of a checkbox or radio button, e.g. "check: Send a copy by email" (found ${show(value ?? null)}).`,
        );
        return undefined;
      }
      return { kind, target };
    }
    case 'press': {
      const key = text(value);
      if (!key || !isKeyName(key)) {
        fail(`press needs a key such as Escape, Enter, Tab, Space, ArrowDown or Shift+Tab (found ${show(value ?? null)}).`);
        return undefined;
      }
      return { kind, key };
    }
    case 'expect': {
      if (!isObject(value)) {
        fail(`expect needs one of ${EXPECT_KEYS.join(', ')}, e.g. "expect: { heading: Your cases }" (found ${show(value ?? null)}).`);
        return undefined;
      }
      const extra = Object.keys(value).filter((k) => !(EXPECT_KEYS as readonly string[]).includes(k));
      if (extra.length) {
        fail(`expect takes ${EXPECT_KEYS.join(', ')}, not ${extra.map((k) => `"${k}"`).join(' or ')}.`);
        return undefined;
      }
      const expect: JourneyExpectation = {};
      for (const key of EXPECT_KEYS) {
        if (value[key] === undefined) continue;
        const t = text(value[key], true);
        if (!t) fail(`expect ${key} must be non-empty text (found ${show(value[key])}).`);
        else expect[key] = t;
      }
      if (Object.keys(value).length === 0) fail(`expect needs one of ${EXPECT_KEYS.join(', ')}, e.g. "expect: { heading: Your cases }".`);
      return Object.keys(expect).length ? { kind, expect } : undefined;
    }
    default: {
      const near = ALIASES[kind.toLowerCase()] ?? JOURNEY_STEP_KINDS.find((k) => closeTo(kind, k)) ?? (closeTo(kind, 'click') ? 'activate' : undefined);
      fail(`unknown step "${kind}"; ${KINDS_LIST}.${near ? ` Did you mean "${near}"?` : ''}`);
      return undefined;
    }
  }
}

/** Words people reach for, and the step kind that does it. */
const ALIASES: Record<string, JourneyStepKind> = {
  click: 'activate',
  tap: 'activate',
  follow: 'activate',
  submit: 'activate',
  type: 'fill',
  enter: 'fill',
  select: 'choose',
  pick: 'choose',
  tick: 'check',
  key: 'press',
  assert: 'expect',
  see: 'expect',
  wait: 'expect',
};

/** A one-letter slip (an edit distance of at most 2), for "did you mean". */
function closeTo(a: string, b: string): boolean {
  const x = a.toLowerCase();
  if (x === b) return true;
  const d: number[][] = Array.from({ length: x.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (x[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[x.length]![b.length]! <= 2;
}

/** Declares a journey in TypeScript, checked the same way as a journey file (throws JourneyError). */
export function defineJourney(source: JourneySource, file = `journey "${source?.name ?? 'unnamed'}"`): Journey {
  return validateJourney(source, file);
}

/** Fields whose value must not be printed in reports. */
const SECRET = /pass(word|code|phrase)?|\bpin\b|secret|token/i;

/** What a report calls a step: the action in words, with the target as the person sees it. */
export function stepName(step: JourneyStepSpec): string {
  switch (step.kind) {
    case 'fill':
      return `fill "${step.field}" with ${SECRET.test(step.field) ? 'the secret value' : `"${step.value}"`}`;
    case 'activate':
      return `activate "${step.target}"`;
    case 'choose':
      return `choose "${step.option}" in "${step.field}"`;
    case 'check':
      return `check "${step.target}"`;
    case 'press':
      return `press ${step.key}`;
    case 'expect': {
      const parts = EXPECT_KEYS.filter((k) => step.expect[k] !== undefined).map((k) => (k === 'url' ? `the address to contain "${step.expect.url}"` : `${k === 'heading' ? 'the heading' : 'the text'} "${step.expect[k]}"`));
      return `expect ${parts.join(' and ')}`;
    }
  }
}

/** True when a step's typed value should not appear in reports. */
export function isSecretField(field: string): boolean {
  return SECRET.test(field);
}
