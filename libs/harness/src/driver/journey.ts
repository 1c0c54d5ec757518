/**
 * Runs journeys in keyboard and speech mode, then audits every distinct state they reached
 * (behind sign-in, inside dialogs), each state rebuilt by replaying the journey up to it.
 */
import { randomUUID } from 'node:crypto';
import type { AtcompatReport, Finding, JourneyMode, JourneyResult, JourneyStep, PageResult } from '@atcompat/contracts';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { finaliseFindings } from '../checks/findings.js';
import { judgeDialog, judgeFocusLost, stateKey, type DialogObservation } from '../checks/journey.js';
import { stepName, type Journey, type JourneyStepSpec } from '../journeys/journey.js';
import { focusedRef, isFocusedOn, openDialogs, refocus, tabStopSelectors } from '../page/journey-probe.js';
import { buildReport } from '../report.js';
import { DEFAULT_BUDGET, type AuditOptions, type FindingDraft } from '../types.js';
import { auditPage } from './audit.js';
import { launchBrowser, newAuditContext } from './browser.js';
import { DEFAULT_TIMING, inPage, openStart, type ActionEffect, type Dialog, type JourneyTiming, type StepOutcome } from './journey-actions.js';
import { KeyboardDriver } from './journey-keyboard.js';
import { SpeechDriver } from './journey-speech.js';
import { TOOL_VERSION } from './scan.js';

/** How to run journeys. */
export interface JourneyOptions extends AuditOptions {
  /** Where `start` pages are relative to, e.g. `http://localhost:3000/`. */
  baseUrl: string;
  /** Which modes to run each journey in (default both). */
  modes?: readonly JourneyMode[];
  /** Audit every distinct state the journeys reach (default true; a journey's `audit: false` turns it off for that journey). */
  audit?: boolean;
  /** Most states audited per journey (default 10). */
  maxStates?: number;
  timing?: Partial<JourneyTiming>;
  /** Sent with every request. */
  headers?: Record<string, string>;
  /** A Playwright storage-state file (cookies and local storage). */
  storageState?: string;
  /** What the report says is being tested. */
  target?: { system?: string; release?: string };
  /** An already running browser to use (it is left running). */
  browser?: Browser;
  /** Called as each journey finishes in each mode. */
  onJourney?: (result: JourneyResult) => void;
  /** Called with each plain-English warning. */
  onWarning?: (warning: string) => void;
}

/** One journey's results in each mode, and the pages audited along the way. */
export interface JourneyRun {
  journeys: JourneyResult[];
  pages: PageResult[];
  warnings: string[];
}

/** A state a journey reached: after which step (0: the start page), and where. */
interface ReachedState {
  afterStep: number;
  key: string;
  url: string;
  mode: JourneyMode;
}

/** What one run of a journey in one mode found. */
interface ModeRun {
  result: JourneyResult;
  states: ReachedState[];
  /** Dialog and focus findings, by the step after which they were seen. */
  drafts: { afterStep: number; url: string; drafts: FindingDraft[] }[];
  /** Every dialog the journey opened, judged once Escape has been tried on it (on a replay if need be). */
  dialogs: OpenDialog[];
}

const DEFAULT_MAX_STATES = 10;

/** A dialog the journey opened and has not yet seen close. */
interface OpenDialog {
  dialog: Dialog;
  /** The selector of what had focus before it opened. */
  opener: string | null;
  observation: DialogObservation;
  afterStep: number;
  url: string;
}

const firstLine = (error: unknown) => String((error as Error)?.message ?? error).split('\n')[0]!;

/** What the report calls the state after `afterStep` steps. */
export function stateName(journey: Journey, afterStep: number): string {
  return afterStep === 0 ? `start of '${journey.name}'` : `after step ${afterStep} of '${journey.name}'`;
}

/** The start page's address; an absolute `start` is used as it is. */
export function startUrl(journey: Journey, baseUrl: string): string {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return new URL(journey.start, base).href;
}

/** A driver for one mode on one page. */
function driverFor(mode: JourneyMode, page: Page, cdp: import('playwright-core').CDPSession, timing: JourneyTiming) {
  return mode === 'keyboard' ? new KeyboardDriver(page, cdp, timing, DEFAULT_BUDGET.maxTabStops) : new SpeechDriver(page, cdp, timing);
}

async function withPage<T>(browser: Browser, options: JourneyOptions, work: (page: Page, context: BrowserContext) => Promise<T>): Promise<T> {
  const context = await newAuditContext(browser, options);
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(options.timing?.loadTimeoutMs ?? DEFAULT_TIMING.loadTimeoutMs);
    return await work(page, context);
  } finally {
    await context.close().catch(() => undefined);
  }
}

/** Puts a fresh page into the state after `upTo` steps by doing them again in the same mode. */
async function replay(page: Page, journey: Journey, mode: JourneyMode, upTo: number, options: JourneyOptions, timing: JourneyTiming): Promise<void> {
  const problem = await openStart(page, startUrl(journey, options.baseUrl), timing);
  if (problem) throw new Error(problem);
  const cdp = await page.context().newCDPSession(page);
  try {
    const driver = driverFor(mode, page, cdp, timing);
    for (const step of journey.steps.slice(0, upTo)) {
      const outcome = await driver.run(step);
      if (outcome.status === 'blocked' || outcome.status === 'failed') throw new Error(`replaying the journey stopped at "${stepName(step)}": ${outcome.reason ?? outcome.status}`);
    }
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

async function currentStateKey(page: Page, timing: JourneyTiming): Promise<string> {
  const stops = await inPage(page, tabStopSelectors, undefined, timing).catch(() => [] as string[]);
  const dialogs = await inPage(page, openDialogs, undefined, timing).catch(() => [] as ReturnType<typeof openDialogs>);
  return stateKey(page.url(), stops, dialogs.map((d) => d.selector));
}

/** Runs one journey in one mode, recording states, and dialog and focus behaviour (keyboard mode). */
async function driveJourney(browser: Browser, journey: Journey, mode: JourneyMode, options: JourneyOptions, timing: JourneyTiming): Promise<ModeRun> {
  return withPage(browser, options, async (page) => {
    const run: ModeRun = { result: { name: journey.name, mode, passed: false, steps: [] }, states: [], drafts: [], dialogs: [] };
    const steps: JourneyStep[] = run.result.steps;
    const skip = (from: number, why: string) => {
      for (const step of journey.steps.slice(from)) steps.push({ name: stepName(step), status: 'skipped', reason: why, ...(mode === 'keyboard' ? { keys: [] } : {}) });
    };
    const problem = await openStart(page, startUrl(journey, options.baseUrl), timing);
    if (problem) {
      const [first] = journey.steps;
      steps.push({ name: stepName(first!), status: 'failed', reason: problem, ...(mode === 'keyboard' ? { keys: [] } : {}) });
      skip(1, 'Not tried: the start page could not be loaded.');
      return run;
    }
    const cdp = await page.context().newCDPSession(page);
    const seen = new Set<string>();
    const record = async (afterStep: number) => {
      const key = await currentStateKey(page, timing);
      if (seen.has(key)) return;
      seen.add(key);
      run.states.push({ afterStep, key, url: page.url(), mode });
    };
    try {
      await record(0);
      const driver = driverFor(mode, page, cdp, timing);
      const open: OpenDialog[] = [];
      for (let index = 0; index < journey.steps.length; index += 1) {
        const step = journey.steps[index]!;
        let outcome: StepOutcome & { effect?: ActionEffect };
        try {
          outcome = await driver.run(step);
        } catch (error) {
          outcome = { status: 'failed', reason: `The step could not be carried out: ${firstLine(error)}`, ...(mode === 'keyboard' ? { keys: [] } : {}) };
        }
        steps.push({
          name: stepName(step),
          status: outcome.status,
          ...(outcome.reason && outcome.status !== 'passed' ? { reason: outcome.reason } : {}),
          ...(mode === 'keyboard' ? { keys: outcome.keys ?? [] } : {}),
        });
        if (outcome.status === 'blocked' || outcome.status === 'failed') {
          skip(index + 1, `Not tried: the journey stopped at step ${index + 1}.`);
          break;
        }
        if (step.kind === 'expect') continue;
        if (mode === 'keyboard' && outcome.effect) {
          await watchFocus(page, journey, index, step, outcome.effect, open, run, timing).catch((error) =>
            options.onWarning?.(`The dialog and focus checks after step ${index + 1} of '${journey.name}' could not finish: ${firstLine(error)}`),
          );
        }
        await record(index + 1);
      }
      run.dialogs.push(...open);
      run.result.passed = steps.every((s) => s.status === 'passed' || s.status === 'ambiguous');
      return run;
    } finally {
      await cdp.detach().catch(() => undefined);
    }
  });
}

/**
 * After a keyboard action: a dialog that opened must take focus and keep it on Tab
 * (`keyboard/dialog-focus`); one that closed must give focus back to its opener; focus must not
 * fall back to <body> because its element was removed (`keyboard/focus-lost`).
 */
async function watchFocus(
  page: Page,
  journey: Journey,
  index: number,
  step: JourneyStepSpec,
  effect: ActionEffect,
  open: OpenDialog[],
  run: ModeRun,
  timing: JourneyTiming,
): Promise<void> {
  const drafts: FindingDraft[] = [];
  const name = `step ${index + 1} (${stepName(step)})`;
  if (!effect.navigated) {
    const lost = judgeFocusLost({ step: name, before: effect.focusBefore, beforeRemoved: effect.focusRemoved, afterOnBody: effect.focusAfter === null });
    if (lost) drafts.push(lost);
  }
  // Dialogs that closed: focus should be back on the control that opened them. A new page
  // takes every dialog away: nothing to learn about focus from that.
  for (let i = open.length - 1; i >= 0; i -= 1) {
    const entry = open[i]!;
    if (!effect.navigated && effect.dialogsAfter.some((d) => d.selector === entry.dialog.selector)) continue;
    if (!effect.navigated) {
      entry.observation.focusReturned = entry.opener !== null && effect.focusAfter?.selector === entry.opener;
      if (step.kind === 'press' && step.key === 'Escape') entry.observation.escapeCloses = true;
    }
    run.dialogs.push(entry);
    open.splice(i, 1);
  }
  // Dialogs that opened.
  for (const dialog of effect.dialogsAfter.filter((d) => !effect.dialogsBefore.some((b) => b.selector === d.selector))) {
    const focusMovedIn = await inPage(page, isFocusedOn, dialog.selector, timing);
    let escapedTo = null;
    if (focusMovedIn && dialog.tabStops > 0) {
      // Tab once round the dialog's own stops: focus should stay inside and come back to where it was.
      const start = await inPage(page, focusedRef, undefined, timing);
      for (let i = 0; i < dialog.tabStops + 1 && !escapedTo; i += 1) {
        await page.keyboard.press('Tab');
        if (!(await inPage(page, isFocusedOn, dialog.selector, timing))) escapedTo = await inPage(page, focusedRef, undefined, timing);
      }
      // Undo the probing presses, so the journey goes on from where the person would be.
      if (start) await inPage(page, refocus, start.selector, timing);
    }
    const observation: DialogObservation = { dialog: dialog.ref, name: dialog.name, step: name, focusMovedIn, escapedTo };
    // Judged once Escape has been tried and focus seen on closing (see runJourney).
    open.push({ dialog, opener: effect.focusBefore?.selector ?? null, observation, afterStep: index + 1, url: page.url() });
  }
  if (drafts.length) run.drafts.push({ afterStep: index + 1, url: page.url(), drafts });
}

/**
 * For a dialog the journey did not close with Escape: on a replay to the step that opened it,
 * does Escape close it, and does focus then go back to its opener (when the journey did not see)?
 */
async function checkEscape(browser: Browser, journey: Journey, check: OpenDialog, options: JourneyOptions, timing: JourneyTiming): Promise<void> {
  await withPage(browser, options, async (page) => {
    await replay(page, journey, 'keyboard', check.afterStep, options, timing);
    await page.keyboard.press('Escape');
    await page.waitForTimeout(timing.settleMs);
    const still = (await inPage(page, openDialogs, undefined, timing)).some((d) => d.selector === check.dialog.selector);
    check.observation.escapeCloses = !still;
    if (!still && check.opener && check.observation.focusReturned === undefined) {
      check.observation.focusReturned = await inPage(page, isFocusedOn, check.opener, timing);
    }
  });
}

/**
 * Runs one journey in each mode, then (unless turned off) audits each distinct state it reached,
 * replaying the journey to rebuild it. Findings already reported (same fingerprint) are left out,
 * across states and across calls that share `seen`.
 */
export async function runJourney(journey: Journey, options: JourneyOptions, seen: Set<string> = new Set()): Promise<JourneyRun> {
  const timing: JourneyTiming = { ...DEFAULT_TIMING, ...options.timing };
  const browser = options.browser ?? (await launchBrowser());
  const warnings: string[] = [];
  const warn = (w: string) => {
    warnings.push(w);
    options.onWarning?.(w);
  };
  try {
    const runs: ModeRun[] = [];
    for (const mode of options.modes ?? (['keyboard', 'speech'] as const)) {
      const run = await driveJourney(browser, journey, mode, { ...options, onWarning: warn }, timing);
      runs.push(run);
      options.onJourney?.(run.result);
    }

    // Dialog and focus findings, by state.
    const extra = new Map<number, { url: string; drafts: FindingDraft[] }>();
    const addExtra = (afterStep: number, url: string, drafts: FindingDraft[]) => {
      const entry = extra.get(afterStep) ?? { url, drafts: [] };
      entry.drafts.push(...drafts);
      extra.set(afterStep, entry);
    };
    for (const run of runs) for (const d of run.drafts) addExtra(d.afterStep, d.url, d.drafts);
    for (const run of runs) {
      for (const dialog of run.dialogs) {
        if (dialog.observation.escapeCloses === undefined) {
          try {
            await checkEscape(browser, journey, dialog, options, timing);
          } catch (error) {
            warn(`Whether Escape closes the dialog opened at step ${dialog.afterStep} of '${journey.name}' could not be checked: ${firstLine(error)}`);
          }
        }
        const finding = judgeDialog(dialog.observation);
        if (finding) addExtra(dialog.afterStep, dialog.url, [finding]);
      }
    }

    const pages: PageResult[] = [];
    const keep = (findings: Finding[]) =>
      findings.filter((f) => {
        if (seen.has(f.fingerprint)) return false;
        seen.add(f.fingerprint);
        return true;
      });
    const audited = new Set<number>();
    if (options.audit !== false && journey.audit !== false) {
      const states: ReachedState[] = [];
      const keys = new Set<string>();
      for (const run of runs) {
        for (const state of run.states) {
          if (keys.has(state.key)) continue;
          keys.add(state.key);
          states.push(state);
        }
      }
      const max = options.maxStates ?? DEFAULT_MAX_STATES;
      if (states.length > max) warn(`'${journey.name}' reached ${states.length} states; only the first ${max} were audited (raise the cap to audit more).`);
      for (const state of states.slice(0, max)) {
        const name = stateName(journey, state.afterStep);
        try {
          const result = await withPage(browser, options, async (page) => {
            const rebuild = () => replay(page, journey, state.mode, state.afterStep, options, timing);
            await rebuild();
            const audit = await auditPage(page, { ...options, reset: rebuild, state: name });
            audit.warnings.forEach(warn);
            return audit.result;
          });
          const more = extra.get(state.afterStep);
          const findings = more ? [...result.findings, ...finaliseFindings(more.drafts, result.url)] : result.findings;
          audited.add(state.afterStep);
          pages.push({ ...result, findings: keep(findings) });
        } catch (error) {
          pages.push({ url: state.url, title: '', state: name, findings: [], error: `This state could not be audited: ${firstLine(error)}` });
        }
      }
    }
    for (const [afterStep, entry] of extra) {
      if (audited.has(afterStep)) continue;
      pages.push({ url: entry.url, title: '', state: stateName(journey, afterStep), findings: keep(finaliseFindings(entry.drafts, entry.url)) });
    }
    return { journeys: runs.map((r) => r.result), pages, warnings };
  } finally {
    if (!options.browser) await browser.close().catch(() => undefined);
  }
}

/** Runs every journey (one after another, in one browser) and assembles the report. */
export async function runJourneys(journeys: readonly Journey[], options: JourneyOptions): Promise<AtcompatReport> {
  const startedAt = new Date().toISOString();
  const browser = options.browser ?? (await launchBrowser());
  try {
    const seen = new Set<string>();
    const results: JourneyResult[] = [];
    const pages: PageResult[] = [];
    for (const journey of journeys) {
      const run = await runJourney(journey, { ...options, browser }, seen);
      results.push(...run.journeys);
      pages.push(...run.pages);
    }
    return buildReport({
      runId: randomUUID(),
      startedAt,
      finishedAt: new Date().toISOString(),
      browser: `chromium ${browser.version()}`,
      toolVersion: TOOL_VERSION,
      target: options.target,
      pages,
      journeys: results,
    });
  } finally {
    if (!options.browser) await browser.close().catch(() => undefined);
  }
}
