/**
 * Keyboard mode: every step done with the keyboard alone, as a keyboard-only or switch user
 * would. Targets are reached with Tab and Shift+Tab (arrow keys inside radio groups and
 * composite widgets), text is typed, controls are operated with Enter or Space.
 *
 * Never a mouse event: no `click`, `fill`, `selectOption` or `check` on pages or locators here.
 * Everything goes through `page.keyboard`, so a control that only reacts to the mouse blocks the
 * journey just as it blocks the person.
 */
import type { CDPSession, Page } from 'playwright-core';
import { chooseTarget, notOperableReason, spoken, unreachableReason, type LabelledElement, type TargetIntent } from '../checks/journey.js';
import { isSecretField, type JourneyStepSpec } from '../journeys/journey.js';
import { arrowDirection, controlState, isFocusedOn, routeTo } from '../page/journey-probe.js';
import { act, didSomething, expectOn, inPage, labelled, listenerFacts, type ActionEffect, type JourneyTiming, type StepOutcome } from './journey-actions.js';

/** A step's outcome and, for actions, what the action did (for state and dialog tracking). */
export interface KeyboardStepResult extends StepOutcome {
  effect?: ActionEffect;
}

/** Presses keys and records them. */
class Keys {
  readonly pressed: string[] = [];
  constructor(private readonly page: Page) {}
  async press(key: string): Promise<void> {
    this.pressed.push(key);
    await this.page.keyboard.press(key);
  }
  async type(text: string, secret: boolean): Promise<void> {
    this.pressed.push(secret ? `type ${[...text].length} characters` : `type "${text}"`);
    await this.page.keyboard.type(text);
  }
}

/** Runs keyboard-mode steps on one page. */
export class KeyboardDriver {
  constructor(
    private readonly page: Page,
    private readonly cdp: CDPSession,
    private readonly timing: JourneyTiming,
    private readonly maxTabStops: number,
  ) {}

  /** Does one step. `blocked` and `failed` outcomes carry the reason in plain words. */
  async run(step: JourneyStepSpec): Promise<KeyboardStepResult> {
    const keys = new Keys(this.page);
    const done = (outcome: KeyboardStepResult): KeyboardStepResult => ({ ...outcome, keys: keys.pressed });
    switch (step.kind) {
      case 'expect':
        return done(await expectOn(this.page, step.expect, this.timing));
      case 'press': {
        const effect = await act(this.page, this.timing, () => keys.press(step.key));
        return done({ status: 'passed', effect });
      }
      case 'fill':
        return done(await this.typeInto(step.field, step.value, keys));
      case 'choose':
        return done(await this.choose(step.field, step.option, keys));
      case 'check':
        return done(await this.tick(step.target, keys));
      case 'activate':
        return done(await this.activate(step.target, keys));
    }
  }

  /** Finds the element a person means by `label` and moves focus to it with the keyboard. */
  private async reach(label: string, intent: TargetIntent, keys: Keys): Promise<{ target: LabelledElement } | { blocked: string }> {
    const candidates = await labelled(this.page, label, intent, this.timing);
    const target = chooseTarget(candidates);
    // Nothing to look for: not on the page, or not shown. Anything else is tried for real with Tab
    // round the whole page, even when the page says it cannot take focus (scripts may make it
    // focusable on the way, as roving tabindex does), so the keys show what the person went through.
    if (!target || !target.visible) return { blocked: await this.whyUnreachable(label, intent, target, 0) };
    const selector = target.ref.selector;
    if (await inPage(this.page, isFocusedOn, selector, this.timing)) return { target };
    const route = await inPage(this.page, routeTo, selector, this.timing);
    // A full cycle through the tab order (and a little more for the browser's own stops) is
    // enough to reach anything Tab can reach; the budget bounds it on huge pages.
    const limit = Math.min(route.tabStops + 3, this.maxTabStops);
    const key = route.direction === 'back' ? 'Shift+Tab' : 'Tab';
    let presses = 0;
    while (presses < limit) {
      await keys.press(key);
      presses += 1;
      if (await inPage(this.page, isFocusedOn, selector, this.timing)) return { target };
      const now = await inPage(this.page, routeTo, selector, this.timing);
      if (now.arrows && (await this.arrowTo(selector, now.arrows, keys))) return { target };
    }
    return { blocked: await this.whyUnreachable(label, intent, target, presses) };
  }

  /** Inside a radio group or composite widget: arrow keys to the target, bounded. */
  private async arrowTo(selector: string, axis: 'vertical' | 'horizontal', keys: Keys): Promise<boolean> {
    const direction = await inPage(this.page, arrowDirection, selector, this.timing);
    const key = axis === 'vertical' ? (direction === 'next' ? 'ArrowDown' : 'ArrowUp') : direction === 'next' ? 'ArrowRight' : 'ArrowLeft';
    for (let i = 0; i < 50; i += 1) {
      await keys.press(key);
      if (await inPage(this.page, isFocusedOn, selector, this.timing)) return true;
      if (!(await inPage(this.page, routeTo, selector, this.timing)).arrows) return false; // left the widget
    }
    return false;
  }

  private async whyUnreachable(label: string, intent: TargetIntent, target: LabelledElement | null, presses: number): Promise<string> {
    const listener = target ? await listenerFacts(this.page, this.cdp, target.ref.selector) : null;
    return unreachableReason(label, intent, target, listener, presses);
  }

  private async typeInto(field: string, value: string, keys: Keys): Promise<KeyboardStepResult> {
    const reached = await this.reach(field, 'field', keys);
    if ('blocked' in reached) return { status: 'blocked', reason: reached.blocked };
    const selector = reached.target.ref.selector;
    const before = await inPage(this.page, controlState, selector, this.timing);
    if (before?.readOnly) return { status: 'blocked', reason: `'${field}' is read-only, so nothing can be typed into it.` };
    if (before?.value) {
      await keys.press('ControlOrMeta+a');
      await keys.press('Backspace');
    }
    const effect = await act(this.page, this.timing, () => keys.type(value, isSecretField(field) || before?.type === 'password'));
    const after = await inPage(this.page, controlState, selector, this.timing).catch(() => null);
    if (after && after.value !== null && after.value !== value) {
      return { status: 'blocked', reason: `Typing into '${field}' did not give it the value: it holds "${after.value.slice(0, 60)}" instead.`, effect };
    }
    return { status: 'passed', effect };
  }

  private async choose(field: string, option: string, keys: Keys): Promise<KeyboardStepResult> {
    const reached = await this.reach(field, 'select', keys);
    if ('blocked' in reached) return { status: 'blocked', reason: reached.blocked };
    const selector = reached.target.ref.selector;
    const state = await inPage(this.page, controlState, selector, this.timing);
    if (state?.tag === 'select') {
      const wanted = spoken(option);
      let index = state.options.findIndex((o) => spoken(o) === wanted);
      if (index < 0) index = state.options.findIndex((o) => spoken(o).includes(wanted));
      if (index < 0) {
        const list = state.options.filter((o) => o.trim()).slice(0, 8).map((o) => `'${o.trim()}'`).join(', ');
        return { status: 'failed', reason: `'${field}' has no option '${option}'; its options are ${list}.` };
      }
      // A closed <select> changes its choice with the arrow keys (Windows and Linux; on macOS they
      // open the list): one press per option between the current choice and the wanted one.
      const steps = index - state.selectedIndex;
      const effect = await act(this.page, this.timing, async () => {
        for (let i = 0; i < Math.abs(steps); i += 1) await keys.press(steps > 0 ? 'ArrowDown' : 'ArrowUp');
      });
      const after = await inPage(this.page, controlState, selector, this.timing);
      if (after?.selectedIndex !== index) {
        return { status: 'blocked', reason: `'${field}' has focus, but the arrow keys did not move its choice to '${option}' (it shows '${after?.options[after.selectedIndex] ?? ''}').`, effect };
      }
      return { status: 'passed', effect };
    }
    // A radio group or a custom list: reach the option inside it with the arrow keys.
    const options = (await labelled(this.page, option, state?.role === 'listbox' || state?.role === 'combobox' ? 'control' : 'checkable', this.timing)).filter((o) => o.visible);
    const target = chooseTarget(options);
    if (!target) return { status: 'failed', reason: `'${field}' has no option '${option}' that can be seen.` };
    if (state?.role === 'combobox') await keys.press('ArrowDown'); // opens the list
    const inside = (await inPage(this.page, isFocusedOn, target.ref.selector, this.timing)) || (await this.arrowTo(target.ref.selector, 'vertical', keys));
    if (!inside) return { status: 'blocked', reason: `'${option}' in '${field}' cannot be reached with the arrow keys.` };
    const checked = await inPage(this.page, controlState, target.ref.selector, this.timing);
    if (checked?.checked === false) {
      const effect = await act(this.page, this.timing, () => keys.press('Space'));
      return { status: 'passed', effect };
    }
    if (state?.role === 'combobox' || state?.role === 'listbox') {
      const effect = await act(this.page, this.timing, () => keys.press('Enter'));
      return { status: 'passed', effect };
    }
    return { status: 'passed' };
  }

  private async tick(label: string, keys: Keys): Promise<KeyboardStepResult> {
    const reached = await this.reach(label, 'checkable', keys);
    if ('blocked' in reached) return { status: 'blocked', reason: reached.blocked };
    const selector = reached.target.ref.selector;
    const before = await inPage(this.page, controlState, selector, this.timing);
    if (before?.checked === true) return { status: 'passed' }; // arrow keys (radio) or the page already checked it
    const effect = await act(this.page, this.timing, () => keys.press('Space'));
    const after = await inPage(this.page, controlState, selector, this.timing).catch(() => null);
    if (!effect.navigated && after?.checked !== true) {
      return { status: 'blocked', reason: notOperableReason(label, reached.target.ref, ['Space']).replace('does nothing (no new page, no change on this one)', 'does not check it'), effect };
    }
    return { status: 'passed', effect };
  }

  private async activate(label: string, keys: Keys): Promise<KeyboardStepResult> {
    const reached = await this.reach(label, 'control', keys);
    if ('blocked' in reached) return { status: 'blocked', reason: reached.blocked };
    const ref = reached.target.ref;
    const state = await inPage(this.page, controlState, ref.selector, this.timing);
    // The key a keyboard user tries first: Space for checkboxes and switches, Enter otherwise
    // (links answer only to Enter); for a button-like control, Space when Enter did nothing.
    const checkable = state?.checked !== null && state?.checked !== undefined;
    const first = checkable ? 'Space' : 'Enter';
    let effect = await act(this.page, this.timing, () => keys.press(first));
    if (didSomething(effect)) return { status: 'passed', effect };
    const isLink = ref.tag === 'a' || ref.role === 'link';
    if (!isLink && first === 'Enter') {
      effect = await act(this.page, this.timing, () => keys.press('Space'));
      if (didSomething(effect)) return { status: 'passed', effect };
    }
    return { status: 'blocked', reason: notOperableReason(label, ref, keys.pressed.filter((k) => k === 'Enter' || k === 'Space')), effect };
  }
}
