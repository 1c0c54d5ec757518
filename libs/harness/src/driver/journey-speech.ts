/**
 * Speech mode: each step done the way Dragon, Windows Voice Access or Voice Control would.
 * "click Save note" is resolved from Chromium's accessibility tree (CDP `Accessibility.getFullAXTree`,
 * as the page audit's speech check reads it): visible, enabled controls whose accessible name
 * contains the spoken words. A field is reached with "move to <label>" and filled by dictation
 * (typed through the keyboard, as dictated text arrives).
 *
 * How a matched control is operated: speech software does not move a mouse to it, it asks the
 * accessibility API for the control's default action (MSAA accDoDefaultAction, UIA Invoke /
 * Toggle), and Chromium carries that out as a click on the element. `element.click()` on the
 * resolved node is the closest we can get from CDP, and it means a control that only works with
 * a mouse still works here once it can be named — which is the truth for these users.
 */
import type { CDPSession, Page } from 'playwright-core';
import { ambiguousReason, chooseTarget, resolveSpoken, spoken, type TargetIntent, type VisibleText } from '../checks/journey.js';
import type { SpeechControl } from '../checks/speech.js';
import { isSecretField, type JourneyStepSpec } from '../journeys/journey.js';
import { controlState } from '../page/journey-probe.js';
import { act, didSomething, expectOn, inPage, labelled, listenerFacts, type ActionEffect, type JourneyTiming, type StepOutcome } from './journey-actions.js';
import { fullAccessibilityTree, observeControls } from './speech.js';

export interface SpeechStepResult extends StepOutcome {
  effect?: ActionEffect;
}

/** Runs speech-mode steps on one page. */
export class SpeechDriver {
  constructor(
    private readonly page: Page,
    private readonly cdp: CDPSession,
    private readonly timing: JourneyTiming,
  ) {}

  async run(step: JourneyStepSpec): Promise<SpeechStepResult> {
    switch (step.kind) {
      case 'expect':
        return expectOn(this.page, step.expect, this.timing);
      case 'press': {
        // "press Escape": speech software sends the key.
        const effect = await act(this.page, this.timing, () => this.page.keyboard.press(step.key));
        return { status: 'passed', effect };
      }
      case 'fill':
        return this.fill(step.field, step.value);
      case 'choose':
        return this.choose(step.field, step.option);
      case 'check':
        return this.click(step.target, 'checkable');
      case 'activate':
        return this.click(step.target, 'control');
    }
  }

  /** The controls the accessibility tree has now, in the main frame, with what the page shows. */
  private async controls(): Promise<SpeechControl[]> {
    // Mark the main frame so its controls can be told from those of other frames.
    await this.page.evaluate(() => Object.defineProperty(window, '__atcompatFrameKey', { value: 0, configurable: true, writable: true }));
    const tree = await fullAccessibilityTree(this.cdp);
    try {
      return (await observeControls(this.cdp, tree)).filter((c) => c.frameKey === 0);
    } finally {
      await this.cdp.send('Runtime.releaseObjectGroup', { objectGroup: 'atcompat-speech' }).catch(() => undefined);
    }
  }

  /** Visible text matching what was said that is not on a control (for the explanation). */
  private async texts(said: string): Promise<VisibleText[]> {
    const found = (await labelled(this.page, said, 'control', this.timing)).filter((c) => c.visible && !c.interactive);
    const best = chooseTarget(found);
    if (!best) return [];
    const listener = await listenerFacts(this.page, this.cdp, best.ref.selector);
    return [{ ref: best.ref, clickable: (listener?.types.length ?? 0) > 0 }];
  }

  /** Resolves what was said to one control: `blocked` when none answers, `ambiguous` when several do. */
  private async resolve(said: string, intent: TargetIntent, command: string): Promise<{ control: SpeechControl; ambiguous?: string } | { blocked: string }> {
    await inPage(this.page, () => undefined, undefined, this.timing); // wait out a navigation in progress
    const controls = await this.controls();
    let resolution = resolveSpoken(said, intent, controls);
    if (!resolution.found) resolution = resolveSpoken(said, intent, controls, await this.texts(said));
    if (!resolution.found) return { blocked: resolution.reason };
    const [first] = resolution.matches;
    return resolution.matches.length > 1 ? { control: first!, ambiguous: ambiguousReason(said, resolution.matches, command) } : { control: first! };
  }

  private async click(said: string, intent: TargetIntent): Promise<SpeechStepResult> {
    const command = `click ${said}`;
    const resolved = await this.resolve(said, intent, command);
    if ('blocked' in resolved) return { status: 'blocked', reason: resolved.blocked };
    const selector = resolved.control.target.selector;
    const before = await inPage(this.page, controlState, selector, this.timing);
    if (intent === 'checkable' && before?.checked === true) return this.outcome(resolved.ambiguous);
    // The default action of the named control (see the note at the top of this file).
    const effect = await act(this.page, this.timing, async () => {
      await this.page.evaluate((s) => (window.__atcompat!.find(s) as HTMLElement | null)?.click(), selector);
    });
    if (intent === 'checkable') {
      const after = await inPage(this.page, controlState, selector, this.timing).catch(() => null);
      if (!effect.navigated && after?.checked !== true) return { status: 'blocked', reason: `Saying "${command}" reached the control but did not check it.`, effect };
    } else if (!didSomething(effect)) {
      return { status: 'blocked', reason: `Saying "${command}" reached the ${resolved.control.role} named '${resolved.control.name}', but nothing happened.`, effect };
    }
    return { ...this.outcome(resolved.ambiguous), effect };
  }

  private outcome(ambiguous: string | undefined): SpeechStepResult {
    return ambiguous ? { status: 'ambiguous', reason: ambiguous } : { status: 'passed' };
  }

  /** "move to <label>" (focus the named field), then dictation. */
  private async fill(field: string, value: string): Promise<SpeechStepResult> {
    const resolved = await this.resolve(field, 'field', `move to ${field}`);
    if ('blocked' in resolved) return { status: 'blocked', reason: resolved.blocked };
    const selector = resolved.control.target.selector;
    await this.page.evaluate((s) => (window.__atcompat!.find(s) as HTMLElement | null)?.focus(), selector);
    const before = await inPage(this.page, controlState, selector, this.timing);
    if (before?.readOnly) return { status: 'blocked', reason: `'${field}' is read-only, so nothing can be dictated into it.` };
    const effect = await act(this.page, this.timing, async () => {
      if (before?.value) {
        await this.page.keyboard.press('ControlOrMeta+a'); // "select all", then dictation replaces it
        await this.page.keyboard.press('Backspace');
      }
      await this.page.keyboard.type(value);
    });
    const after = await inPage(this.page, controlState, selector, this.timing).catch(() => null);
    if (after && after.value !== null && after.value !== value) {
      const shown = isSecretField(field) ? 'something else' : `"${after.value.slice(0, 60)}"`;
      return { status: 'blocked', reason: `Dictating into '${field}' did not give it the value: it holds ${shown}.`, effect };
    }
    return { ...this.outcome(resolved.ambiguous), effect };
  }

  /** "click <list>", then the option: for a native list, the arrow keys speech software sends. */
  private async choose(field: string, option: string): Promise<SpeechStepResult> {
    const resolved = await this.resolve(field, 'select', `click ${field}`);
    if ('blocked' in resolved) return { status: 'blocked', reason: resolved.blocked };
    const selector = resolved.control.target.selector;
    const state = await inPage(this.page, controlState, selector, this.timing);
    if (state?.tag !== 'select') {
      // A radio group or custom list: its options are controls of their own ("click Appeal").
      const picked = await this.click(option, state?.role === 'radiogroup' || state?.tag === 'fieldset' ? 'checkable' : 'control');
      return picked.status === 'passed' && resolved.ambiguous ? { ...picked, status: 'ambiguous', reason: resolved.ambiguous } : picked;
    }
    const wanted = spoken(option);
    let index = state.options.findIndex((o) => spoken(o) === wanted);
    if (index < 0) index = state.options.findIndex((o) => spoken(o).includes(wanted));
    if (index < 0) return { status: 'failed', reason: `'${field}' has no option '${option}'.` };
    await this.page.evaluate((s) => (window.__atcompat!.find(s) as HTMLElement | null)?.focus(), selector);
    const steps = index - state.selectedIndex;
    const effect = await act(this.page, this.timing, async () => {
      for (let i = 0; i < Math.abs(steps); i += 1) await this.page.keyboard.press(steps > 0 ? 'ArrowDown' : 'ArrowUp');
    });
    const after = await inPage(this.page, controlState, selector, this.timing);
    if (after?.selectedIndex !== index) return { status: 'blocked', reason: `'${option}' could not be chosen in '${field}'.`, effect };
    return { ...this.outcome(resolved.ambiguous), effect };
  }
}
