/**
 * The casework journey (a11y-tests/journeys/record-a-note.yaml) through `atcompat journey`, in
 * process, against each variant of the casework fixture app, with a real Chromium. The expected
 * outcomes are those of a11y-tests/fixtures/casework/README.md; the dialog and focus checks run
 * on the small pages in a11y-tests/journeys/fixtures/.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { validateReport, type AtcompatReport, type JourneyResult } from '@atcompat/contracts';
import { defineJourney, launchBrowser, runJourney } from '@atcompat/harness';
import type { Browser } from 'playwright-core';
import { runCli } from '../apps/cli/src/cli.js';
import { closedPort } from '../apps/cli/test/support.js';
import { serveStatic, type StaticServer } from '../test/support/static-server.js';

// Each run drives two journeys and audits every state they reach, replaying the journey for each.
const SLOW = 300_000;
const JOURNEY = 'a11y-tests/journeys/record-a-note.yaml';
const NAME = 'Record a note on a case';

let server: StaticServer;
let out: string;

beforeAll(async () => {
  server = await serveStatic('a11y-tests');
  out = mkdtempSync(path.join(tmpdir(), 'atcompat-journeys-'));
});

afterAll(async () => {
  await server?.close();
});

async function journey(variant: string, ...extra: string[]): Promise<{ code: number; stdout: string; stderr: string; report: AtcompatReport }> {
  let stdout = '';
  let stderr = '';
  const json = path.join(out, `${variant}.json`);
  const io = {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: { NO_COLOR: '1' },
    cwd: process.cwd(),
  };
  const code = await runCli(['journey', JOURNEY, '--base-url', `${server.url}/fixtures/casework/${variant}/`, '--json', json, ...extra], io);
  const report = JSON.parse(readFileSync(json, 'utf8')) as AtcompatReport;
  return { code, stdout, stderr, report };
}

const inMode = (report: AtcompatReport, mode: 'keyboard' | 'speech'): JourneyResult => {
  const found = report.journeys.filter((j) => j.mode === mode);
  expect(found).toHaveLength(1);
  return found[0]!;
};

/** Every step has a status; keyboard steps list their keys; a step that did not pass says why. */
function expectWellFormed(result: JourneyResult): void {
  expect(result.name).toBe(NAME);
  expect(result.steps).toHaveLength(13);
  for (const step of result.steps) {
    expect(['passed', 'blocked', 'failed', 'skipped', 'ambiguous']).toContain(step.status);
    if (result.mode === 'keyboard') expect(Array.isArray(step.keys)).toBe(true);
    if (step.status !== 'passed') expect(step.reason?.length).toBeGreaterThan(10);
  }
}

/** The step where the journey stopped, and that every later step was skipped. */
function stoppedAt(result: JourneyResult): number {
  const index = result.steps.findIndex((s) => s.status === 'blocked' || s.status === 'failed');
  if (index >= 0) expect(result.steps.slice(index + 1).every((s) => s.status === 'skipped')).toBe(true);
  return index;
}

describe('atcompat journey on the casework fixture app', () => {
  it('accessible/: both journeys pass, every state is audited with no findings, exit 0', async () => {
    const run = await journey('accessible');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(validateReport(run.report)).toEqual(expect.objectContaining({ valid: true }));

    const keyboard = inMode(run.report, 'keyboard');
    const speech = inMode(run.report, 'speech');
    for (const result of [keyboard, speech]) {
      expectWellFormed(result);
      expect(result.passed).toBe(true);
      expect(result.steps.map((s) => s.status)).toEqual(Array(13).fill('passed'));
    }
    // Keyboard only: Tab to reach, then type, Enter or Space — never anything else.
    const signIn = keyboard.steps[2]!;
    expect(signIn.name).toBe('activate "Sign in"');
    expect(signIn.keys?.at(-1)).toBe('Enter');
    expect(signIn.keys?.slice(0, -1).every((k) => k === 'Tab' || k === 'Shift+Tab')).toBe(true);
    expect(keyboard.steps[0]!.keys).toContain('type "a.user"');
    expect(keyboard.steps[1]!.keys).toContain('type 10 characters'); // the password is not printed
    expect(keyboard.steps[10]!.keys?.at(-1)).toBe('Space'); // check "Send a copy by email"
    expect(keyboard.steps.flatMap((s) => s.keys ?? []).every((k) => /^(Tab|Shift\+Tab|Enter|Space|Arrow\w+|type .*)$/.test(k))).toBe(true);
    expect(speech.steps.every((s) => s.keys === undefined)).toBe(true);

    // Every page of the journey, reached behind the sign-in, audited once.
    expect(run.report.pages.map((p) => [new URL(p.url).pathname, p.state])).toEqual([
      ['/fixtures/casework/accessible/login.html', `start of '${NAME}'`],
      ['/fixtures/casework/accessible/cases.html', `after step 3 of '${NAME}'`],
      ['/fixtures/casework/accessible/case.html', `after step 6 of '${NAME}'`],
      ['/fixtures/casework/accessible/note.html', `after step 8 of '${NAME}'`],
      ['/fixtures/casework/accessible/saved.html', `after step 12 of '${NAME}'`],
    ]);
    expect(run.report.pages.every((p) => p.error === undefined && p.findings.length === 0)).toBe(true);
    expect(run.stdout).toContain(`Journey 1: "${NAME}" (keyboard only): passed`);
    expect(run.stdout).toContain('Passed:');
  }, SLOW);

  it('mouse-only/: both journeys are blocked at "Save note", and the barriers behind sign-in are found, exit 1', async () => {
    const run = await journey('mouse-only');
    expect(run.code).toBe(1);
    expect(validateReport(run.report)).toEqual(expect.objectContaining({ valid: true }));

    const keyboard = inMode(run.report, 'keyboard');
    const speech = inMode(run.report, 'speech');
    for (const result of [keyboard, speech]) {
      expectWellFormed(result);
      expect(result.passed).toBe(false);
      expect(stoppedAt(result)).toBe(11);
      expect(result.steps[11]!.name).toBe('activate "Save note"');
      expect(result.steps[11]!.status).toBe('blocked');
      expect(result.steps.slice(0, 11).every((s) => s.status === 'passed')).toBe(true);
    }
    expect(keyboard.steps[11]!.reason).toMatch(/^'Save note' cannot be reached with the keyboard: it is a <div> with a click listener and no tabindex/);
    // Tab went all the way round without landing on it.
    expect(keyboard.steps[11]!.keys?.filter((k) => k === 'Tab').length).toBeGreaterThan(5);
    expect(speech.steps[11]!.reason).toMatch(/^'Save note' cannot be said: the words are on screen, but on a <div> that is not a control/);
    expect(speech.steps[12]!.reason).toBe('Not tried: the journey stopped at step 12.');

    const found = run.report.pages.flatMap((p) => p.findings.map((f) => `${new URL(p.url).pathname.split('/').pop()} ${f.rule} ${f.selector}`)).sort();
    const expected = ['login', 'cases', 'case', 'note'].flatMap((page) => {
      const file = JSON.parse(readFileSync(`a11y-tests/fixtures/casework/mouse-only/${page}.expected.json`, 'utf8')) as { findings: { rule: string; selector: string }[] };
      return file.findings.map((f) => `${page}.html ${f.rule} ${f.selector}`);
    });
    expect(found).toEqual(expected.sort());
    expect(new Set(run.report.pages.flatMap((p) => p.findings.map((f) => f.fingerprint))).size).toBe(found.length);
    expect(run.report.profiles.keyboard?.verdict).toBe('blocked');
    expect(run.report.profiles.speech?.verdict).toBe('blocked');
    expect(run.stdout).toContain('BLOCKED   activate "Save note"');
  }, SLOW);

  it('label-mismatch/: keyboard passes, speech is blocked at "Save note" (named "Submit"), exit 1; --no-audit audits nothing', async () => {
    const run = await journey('label-mismatch', '--no-audit');
    expect(run.code).toBe(1);
    expect(validateReport(run.report)).toEqual(expect.objectContaining({ valid: true }));
    const keyboard = inMode(run.report, 'keyboard');
    const speech = inMode(run.report, 'speech');
    expectWellFormed(keyboard);
    expectWellFormed(speech);
    expect(keyboard.passed).toBe(true);
    expect(stoppedAt(keyboard)).toBe(-1);
    expect(speech.passed).toBe(false);
    expect(stoppedAt(speech)).toBe(11);
    expect(speech.steps[11]!.reason).toBe(
      `'Save note' cannot be said: the button is named 'Submit', which does not contain its visible label 'Save note', so "click Save note" matches nothing.`,
    );
    expect(run.report.pages).toEqual([]);
    expect(run.report.profiles.keyboard?.verdict).toBe('pass');
    expect(run.report.profiles.speech?.verdict).toBe('blocked');
  }, SLOW);

  it('refuses a journey file with mistakes before starting a browser, naming file, line and step (exit 2)', async () => {
    const file = path.join(out, 'bad.yaml');
    writeFileSync(file, 'name: Bad\nstart: login.html\nsteps:\n  - fill: { field: Username, value: a }\n  - clik: Sign in\n');
    let stderr = '';
    const io = { stdout: { write: () => undefined }, stderr: { write: (t: string) => (stderr += t) }, env: {}, cwd: out };
    const code = await runCli(['journey', 'bad.yaml', '--base-url', `${server.url}/`], io);
    expect(code).toBe(2);
    expect(stderr).toBe('atcompat: bad.yaml line 5, step 2: unknown step "clik"; steps are fill, activate, choose, check, press, expect. Did you mean "activate"?\n');
  });

  it('exits 2 and says what to check when no journey can start', async () => {
    const port = await closedPort();
    let stderr = '';
    const io = { stdout: { write: () => undefined }, stderr: { write: (t: string) => (stderr += t) }, env: {}, cwd: process.cwd() };
    const code = await runCli(['journey', JOURNEY, '--base-url', `http://127.0.0.1:${port}/`, '--no-audit', '--timeout', '10s', '-q'], io);
    expect(code).toBe(2);
    expect(stderr).toContain(`No journey could start, so nothing was checked:\n  The start page http://127.0.0.1:${port}/login.html could not be loaded: net::ERR_CONNECTION_REFUSED`);
    expect(stderr).not.toMatch(/\n\s+at /);
  }, SLOW);

  it('needs --base-url and a known --mode (exit 2)', async () => {
    let stderr = '';
    const io = { stdout: { write: () => undefined }, stderr: { write: (t: string) => (stderr += t) }, env: {}, cwd: process.cwd() };
    expect(await runCli(['journey', JOURNEY], io)).toBe(2);
    expect(stderr).toMatch(/--base-url is needed/);
    stderr = '';
    expect(await runCli(['journey', JOURNEY, '--base-url', `${server.url}/`, '--mode', 'mouse'], io)).toBe(2);
    expect(stderr).toContain('--mode mouse: use keyboard, speech or both.');
  });
});

describe('focus after keyboard actions in a journey', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  const run = (start: string, steps: Parameters<typeof defineJourney>[0]['steps']) =>
    runJourney(defineJourney({ name: start, start, steps }), { baseUrl: `${server.url}/journeys/fixtures/`, browser, modes: ['keyboard'], audit: false });
  const rules = (pages: { findings: { rule: string; selector: string }[] }[]) => pages.flatMap((p) => p.findings.map((f) => `${f.rule} ${f.selector}`));

  it('finds nothing wrong with a modal <dialog> that takes focus, closes on Escape and gives focus back', async () => {
    const result = await run('dialog-managed.html', [{ activate: 'Delete note' }, { expect: { heading: 'Delete this note?' } }, { press: 'Escape' }, { expect: { heading: 'Notes' } }]);
    expect(result.journeys[0]!.steps.map((s) => s.status)).toEqual(['passed', 'passed', 'passed', 'passed']);
    expect(rules(result.pages)).toEqual([]);
  }, SLOW);

  it('reports keyboard/dialog-focus for a dialog that leaves focus behind, ignores Escape and drops focus on closing', async () => {
    const result = await run('dialog-unmanaged.html', [{ activate: 'Delete note' }, { activate: 'Keep it' }]);
    expect(result.journeys[0]!.passed).toBe(true);
    expect(rules(result.pages)).toEqual(['keyboard/dialog-focus #confirm']);
    const finding = result.pages[0]!.findings[0]!;
    expect(result.pages[0]!.state).toBe("after step 1 of 'dialog-unmanaged.html'");
    expect(finding.message).toContain('focus stays behind it when it opens');
    expect(finding.message).toContain('Escape does not close it');
    expect(finding.message).toContain('focus does not go back to the control that opened it');
  }, SLOW);

  it('reports keyboard/dialog-focus, and only that problem, for a dialog that Tab walks out of', async () => {
    const result = await run('dialog-no-trap.html', [{ activate: 'Delete note' }, { activate: 'Keep it' }, { expect: { heading: 'Notes' } }]);
    expect(result.journeys[0]!.steps.map((s) => s.status)).toEqual(['passed', 'passed', 'passed']);
    expect(rules(result.pages)).toEqual(['keyboard/dialog-focus #confirm']);
    const message = result.pages[0]!.findings[0]!.message;
    expect(message).toContain("Tab lets focus leave it for 'Help with notes' behind it");
    expect(message).not.toMatch(/stays behind|Escape does not|does not go back/);
  }, SLOW);

  it('reports keyboard/focus-lost when the focused button is removed', async () => {
    const result = await run('focus-lost.html', [{ activate: 'Remove first note' }, { expect: { text: 'Second note' } }]);
    expect(result.journeys[0]!.passed).toBe(true);
    expect(rules(result.pages)).toEqual(['keyboard/focus-lost #remove-1']);
    expect(result.pages[0]!.state).toBe("after step 1 of 'focus-lost.html'");
  }, SLOW);
});
