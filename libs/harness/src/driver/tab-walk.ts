import type { ElementHandle, Frame, Page } from 'playwright-core';
import { FRAME_SEPARATOR } from '../checks/findings.js';
import type { EscapeMethod, FocusCycle, FocusStop, TabWalkObservation, WalkOutcome, WalkPass } from '../checks/keyboard-observations.js';
import { advertisedKeys, isCloseControlName, isHelpControlName } from '../checks/keyboard-trap.js';
import { afterNextFrame, focusDocumentEdge, focusSettled, nameOf, peekFocused, observeFocused, readActive, scrollStateOf, textNear, type ScrollState } from '../page/keyboard-observe.js';
import type { Box } from '../types.js';
import { inFrame, installInFrame, type AuditContext } from './context.js';
import { FOCUS_REACTION_TYPES, pageListensFor } from './listeners.js';

/** Where the focused element is: its key, its frame, and the iframes leading to it. */
interface FocusRead {
  key: string;
  frame: Frame;
  framePath: string[];
  /** The iframe elements on the way, outermost first (their handles, for scroll state). */
  frameElements: ElementHandle<Element>[];
}

/** A frame's scroll state, named by the frame path (so it can be restored after a reload). */
export interface FrameScroll {
  framePath: string[];
  state: ScrollState;
}

/** What the walk keeps about a stop beyond the observation: to compare screenshots later. */
export interface StopCapture {
  key: string;
  framePath: string[];
  selector: string;
  /** The element's box in the top-level viewport when it had keyboard focus. */
  viewportBox: Box | null;
  /** Within the focus-screenshot budget: its focus is to be compared. */
  measured: boolean;
  /** The screenshot clip used (viewport coordinates) and the PNG taken with keyboard focus. */
  clip: Box | null;
  focusedPng: Buffer | null;
  scroll: FrameScroll[];
}

export interface TabWalkResult {
  walk: TabWalkObservation;
  captures: StopCapture[];
  /** Tab and Shift+Tab presses spent. */
  presses: number;
}

/** Bounds on examining one loop: Shift+Tab presses, Tabs to move within it, controls tried. */
const MAX_SHIFT_TABS = 6;
const MAX_MOVES = 40;
const MAX_CONTROLS = 3;
/**
 * Walk presses, and milliseconds, between two looks at whether the page has started listening;
 * never sooner than ten times what the last look took (on a huge page a look is slow).
 */
const RECHECK_PRESSES = 25;
const RECHECK_MS = 250;

/** Margin around an element's box in focus screenshots: outlines and shadows sit outside it. */
export const FOCUS_MARGIN = 8;

const keyOf = (framePath: string[], selector: string) => [...framePath, selector].join(FRAME_SEPARATOR);
const urlWithoutHash = (url: string) => url.replace(/#.*$/, '');

/**
 * Presses Tab for real from the start of the page, recording each element that receives focus
 * (descending into iframes), until focus comes back round, a cycle with no way out is found, or the
 * budget runs out. Each cycle is examined with the ways out a user would try. When the forward
 * walk cannot finish, a Shift+Tab walk from the end of the reloaded page finds what lies beyond.
 */
export class TabWalker {
  private readonly page: Page;
  private readonly stops = new Map<string, FocusStop>();
  private readonly captures = new Map<string, StopCapture>();
  private readonly cycles: FocusCycle[] = [];
  private presses = 0;
  private screenshots = 0;
  private readonly startUrl: string;
  private readonly stepMs: number;
  /** Whether a script on the page can hear Tab or focus moving (null: not looked yet). */
  private listening: boolean | null = null;
  private checkedAt = { presses: 0, time: 0, took: 0 };
  /** A screenshot taken right after the last walk press, of the element that had focus then. */
  private early: { key: string; clip: Box; png: Buffer } | null = null;

  constructor(private readonly ctx: AuditContext) {
    this.page = ctx.page;
    this.startUrl = urlWithoutHash(ctx.page.url());
    // Long enough for scripts that move focus back on a short timer, short enough for big pages.
    this.stepMs = Math.max(20, Math.min(ctx.budget.settleMs, 60));
  }

  get pressesSpent(): number {
    return this.presses;
  }

  /** The forward walk (and the cycles it examined). */
  async forward(): Promise<WalkPass> {
    const sequence: (string | null)[] = [];
    const lastIndex = new Map<string, number>();
    const examined = new Set<string>();
    let lastLeft = -1;
    let outcome: WalkOutcome = 'budget';
    await this.page.mainFrame().evaluate(focusDocumentEdge, 'start' as const);

    const push = (key: string | null) => {
      if (key === null) lastLeft = sequence.length;
      else lastIndex.set(key, sequence.length);
      sequence.push(key);
    };

    while (this.presses < this.ctx.budget.maxTabStops) {
      await this.walkStep('Tab');
      if (this.navigated()) {
        outcome = 'aborted';
        break;
      }
      const read = await this.read();
      if (!read) {
        if (sequence.length && sequence[sequence.length - 1] === null) {
          outcome = sequence.some((k) => k !== null) ? 'complete' : 'empty';
          break;
        }
        push(null);
        continue;
      }
      const { key } = read;
      const previous = lastIndex.get(key);
      if (previous === undefined) {
        await this.record(read);
        await dispose(read);
        push(key);
        continue;
      }
      await dispose(read);
      if (lastLeft > previous) {
        // Focus left the page and came back round to where it started: the walk is done.
        sequence.push(key);
        outcome = 'complete';
        break;
      }
      const members = distinct(sequence.slice(previous).filter((k): k is string => k !== null));
      push(key);
      if (this.cycles.some((c) => c.members.includes(key)) || examined.has(signature(members))) {
        // Back in a loop already examined: forward progress needs the way out found earlier.
        outcome = 'blocked';
        break;
      }
      examined.add(signature(members));
      const cycle = await this.examineCycle(members);
      this.cycles.push(cycle);
      if (!cycle.escapedBy) {
        outcome = 'trapped';
        break;
      }
      if (this.navigated()) {
        outcome = 'aborted';
        break;
      }
      // Focus may have dropped to the page (a dialog closed): Tab goes on from where it was, so
      // that is not focus leaving the page.
      const after = await this.read();
      if (after) {
        if (!this.stops.has(after.key)) await this.record(after);
        await dispose(after);
        push(after.key);
      }
    }
    return { sequence, outcome };
  }

  /**
   * Shift+Tab from the end of the page (call on a freshly reset page). `firstForward` is the
   * element the forward walk reached first, which a wrap round the page comes from.
   */
  async backward(firstForward: string | null): Promise<WalkPass> {
    const sequence: (string | null)[] = [];
    const seen = new Map<string, number>();
    let lastLeft = -1;
    let outcome: WalkOutcome = 'budget';
    await this.page.mainFrame().evaluate(focusDocumentEdge, 'end' as const);
    while (this.presses < this.ctx.budget.maxTabStops) {
      await this.walkStep('Shift+Tab');
      if (this.navigated()) {
        outcome = 'aborted';
        break;
      }
      const read = await this.read();
      if (!read) {
        if (sequence.length && sequence[sequence.length - 1] === null) {
          outcome = sequence.some((k) => k !== null) ? 'complete' : 'empty';
          break;
        }
        lastLeft = sequence.length;
        sequence.push(null);
        continue;
      }
      const previous = seen.get(read.key);
      if (previous === undefined) {
        if (!this.stops.has(read.key)) await this.record(read);
        await dispose(read);
        seen.set(read.key, sequence.length);
        sequence.push(read.key);
        continue;
      }
      await dispose(read);
      sequence.push(read.key);
      // Chromium wraps Shift+Tab from the first element straight to the last one: a wrap comes
      // back to where the walk started, from the element the forward walk reached first.
      const before = sequence[sequence.length - 2];
      const wrapped =
        previous === firstKeyIndex(sequence) &&
        before !== read.key &&
        before !== null &&
        (firstForward === null || before === firstForward);
      outcome = wrapped || lastLeft > previous ? 'complete' : 'trapped';
      break;
    }
    return { sequence, outcome };
  }

  result(forward: WalkPass, backward?: WalkPass): TabWalkResult {
    return {
      walk: { stops: [...this.stops.values()], forward, ...(backward ? { backward } : {}), cycles: this.cycles },
      captures: [...this.captures.values()],
      presses: this.presses,
    };
  }

  /**
   * One press of the walk. When no script on the page listens for keys, focus, scrolling or
   * what a :focus style starts (see FOCUS_REACTION_TYPES), nothing can answer the press on a
   * timer, so rendering the next frame (focus fix-up, observers) is all there is to wait for;
   * otherwise focus must stay still for `stepMs`. Whether the page listens is looked at again
   * every RECHECK_PRESSES presses or RECHECK_MS (a page may start listening late), and once it
   * does, the walk waits as for a listening page to the end.
   */
  private async walkStep(key: 'Tab' | 'Shift+Tab'): Promise<void> {
    const since = performance.now() - this.checkedAt.time;
    const due = since >= 10 * this.checkedAt.took && (this.presses - this.checkedAt.presses >= RECHECK_PRESSES || since >= RECHECK_MS);
    if (this.listening === null || (!this.listening && due)) {
      const started = performance.now();
      this.listening = await pageListensFor(this.ctx, FOCUS_REACTION_TYPES);
      this.checkedAt = { presses: this.presses, time: performance.now(), took: performance.now() - started };
    }
    this.early = null;
    if (this.listening) return this.press(key);
    this.presses += 1;
    await this.page.keyboard.press(key);
    // A screenshot renders a frame before it is taken: when the element now focused is new and
    // its focus is to be measured, taking its screenshot now is the wait, and `record` uses it if
    // focus and the box are still the same once read properly.
    if (this.screenshots < this.ctx.budget.maxFocusScreenshots) {
      const peek = await this.page.mainFrame().evaluate(peekFocused).catch(() => null);
      const clip = peek && !this.stops.has(peek.selector) ? clipAround(peek.viewport, this.page.viewportSize()) : null;
      const png = clip ? await this.page.screenshot({ clip }).catch(() => null) : null;
      if (peek && clip && png) {
        this.early = { key: peek.selector, clip, png };
        return;
      }
    }
    const rendered = await this.page
      .mainFrame()
      .evaluate(afterNextFrame, this.stepMs)
      .then(() => true)
      .catch(() => false); // navigating: fall back to waiting
    if (!rendered) await this.ctx.settle(this.stepMs);
  }

  private async press(key: string, quietMs = this.stepMs): Promise<void> {
    if (key === 'Tab' || key === 'Shift+Tab') this.presses += 1;
    await this.page.keyboard.press(key);
    await this.settleFocus(quietMs);
  }

  /** Lets scripts that react to focus run: until focus has been still for `quietMs`, in the page. */
  private async settleFocus(quietMs: number): Promise<void> {
    const maxMs = Math.max(quietMs * 4, this.ctx.budget.settleMs);
    const settled = await this.page
      .mainFrame()
      .evaluate(focusSettled, { quietMs, maxMs })
      .then(() => true)
      .catch(() => false); // navigating: fall back to waiting
    if (!settled) await this.ctx.settle(quietMs);
  }

  private navigated(): boolean {
    return urlWithoutHash(this.page.url()) !== this.startUrl;
  }

  /** The focused element, looking into iframes; null when nothing on the page has focus. */
  private async read(): Promise<FocusRead | null> {
    let frame = this.page.mainFrame();
    const framePath: string[] = [];
    const frameElements: ElementHandle<Element>[] = [];
    for (let depth = 0; depth < 8; depth++) {
      let id = await frame.evaluate(readActive).catch(() => null);
      if (id === 'no-agent') id = (await installInFrame(frame)) ? await frame.evaluate(readActive).catch(() => null) : null;
      if (id === 'no-agent' || !id) {
        if (depth === 0) return null;
        // An iframe has focus but nothing in it does (its document itself): the iframe is the stop.
        frameElements.pop()?.dispose().catch(() => undefined);
        const selector = framePath.pop()!;
        return { key: keyOf(framePath, selector), frame: frame.parentFrame() ?? frame, framePath, frameElements };
      }
      if (id.isFrame) {
        const handle = (await frame.evaluateHandle(() => window.__atcompat!.activeElement()).catch(() => null))?.asElement() ?? null;
        const child = handle ? await (handle as ElementHandle<Element>).contentFrame() : null;
        if (handle && child && (await installInFrame(child))) {
          framePath.push(id.selector);
          frameElements.push(handle as ElementHandle<Element>);
          frame = child;
          continue;
        }
        await handle?.dispose();
      }
      return { key: keyOf(framePath, id.selector), frame, framePath, frameElements };
    }
    return null;
  }

  /** Observes a newly reached element: what it is, where, what covers it, how focus looks. */
  private async record(read: FocusRead): Promise<void> {
    const info = await read.frame.evaluate(observeFocused, null).catch(() => null);
    if (!info) return;
    const target = inFrame(info.ref, read.framePath);
    this.stops.set(read.key, { key: read.key, target, tabindex: info.tabindex, region: info.region, pinned: info.pinned, hit: info.hit });

    const scroll: FrameScroll[] = [];
    for (let i = 0; i < read.frameElements.length; i++) {
      const state = await read.frameElements[i].evaluate(scrollStateOf).catch(() => null);
      if (state) scroll.push({ framePath: read.framePath.slice(0, i), state });
    }
    scroll.push({ framePath: read.framePath, state: info.scroll });

    let viewportBox: Box | null = info.viewport;
    if (read.framePath.length) {
      // Inside iframes: Playwright converts the box to the top-level viewport.
      const handle = (await read.frame.evaluateHandle(() => window.__atcompat!.activeElement()).catch(() => null))?.asElement() ?? null;
      viewportBox = handle ? await handle.boundingBox().catch(() => null) : null;
      await handle?.dispose();
    }
    let clip: Box | null = null;
    let focusedPng: Buffer | null = null;
    const measured = this.screenshots < this.ctx.budget.maxFocusScreenshots;
    if (measured) {
      this.screenshots += 1;
      clip = viewportBox ? clipAround(viewportBox, this.page.viewportSize()) : null;
      if (clip) {
        const early = this.early;
        focusedPng =
          early && !read.framePath.length && early.key === read.key && sameBox(early.clip, clip)
            ? early.png
            : await this.page.screenshot({ clip }).catch(() => null);
        if (!focusedPng) clip = null;
      }
    }
    this.early = null;
    this.captures.set(read.key, {
      key: read.key,
      measured,
      framePath: read.framePath,
      selector: info.ref.selector,
      viewportBox,
      clip,
      focusedPng,
      scroll,
    });
  }

  /**
   * Tries the ways out of a loop a keyboard user would: Shift+Tab, Escape then Tab, the keys the
   * page advertises next to it, its help control (then the keys that reveals), its close control.
   */
  private async examineCycle(members: string[]): Promise<FocusCycle> {
    const inside = new Set(members);
    const settle = Math.max(this.ctx.budget.settleMs, this.stepMs);
    const tried = new Set<string>();
    const escaped = (method: EscapeMethod, key?: string): FocusCycle => ({
      members,
      escapedBy: key ? { method, key } : { method },
      advertisedKeys: [...tried],
    });
    /** Focus is somewhere the loop does not hold it (null: focus left the page). */
    const where = async (): Promise<'inside' | 'outside' | 'page'> => {
      const read = await this.read();
      if (!read) return 'page';
      await dispose(read);
      return inside.has(read.key) ? 'inside' : 'outside';
    };
    /** After pressing `key`: out, or out once Tab is pressed too. */
    const keyThenTab = async (key: string): Promise<boolean> => {
      await this.press(key, settle);
      if (this.navigated()) return true;
      const now = await where();
      if (now === 'outside') return true;
      await this.press('Tab', settle);
      if (this.navigated()) return true;
      return (await where()) !== 'inside';
    };
    const focusMember = async (key: string): Promise<boolean> => {
      for (let i = 0; i <= Math.min(members.length + 1, MAX_MOVES); i++) {
        const read = await this.read();
        const here = read?.key;
        if (read) await dispose(read);
        if (here === key) return true;
        await this.press('Tab', settle);
      }
      return false;
    };
    const backIn = async () => {
      if ((await where()) === 'inside') return true;
      for (let i = 0; i <= Math.min(members.length + 1, MAX_MOVES); i++) {
        await this.press('Tab', settle);
        if ((await where()) === 'inside') return true;
      }
      return false;
    };

    // 1. Shift+Tab. Focus is on the element where the loop was entered, so one press normally
    // says it all; a few more cover loops entered in the middle.
    for (let i = 0; i <= Math.min(members.length, MAX_SHIFT_TABS); i++) {
      await this.press('Shift+Tab', settle);
      if (this.navigated()) return escaped('shift-tab');
      if ((await where()) === 'outside') return escaped('shift-tab');
    }
    // 2. Escape, then Tab (dialogs close on Escape; editors release Tab after it).
    if (!(await backIn())) return escaped('shift-tab'); // focus never came back into the loop
    if (await keyThenTab('Escape')) return escaped('escape');

    // 3. Keys the page advertises near the loop ("Press Ctrl+M to leave").
    const tryKeys = async (text: string, method: EscapeMethod): Promise<FocusCycle | null> => {
      for (const key of advertisedKeys(text)) {
        if (tried.has(key) || key === 'Tab' || key === 'Shift+Tab') continue;
        tried.add(key);
        if (!(await backIn())) return escaped(method, key);
        if (await keyThenTab(key)) return escaped(method, key);
      }
      return null;
    };
    const memberTexts = await this.textNearMembers(members);
    const byKey = await tryKeys(memberTexts, 'advertised-key');
    if (byKey) return byKey;

    // 4. A help control in the loop ("How to leave"): activate it, then try what it says.
    // 5. A close control in the loop ("Close", "Cancel"): activate it, then Tab.
    const names = await this.memberNames(members);
    for (const [method, matches] of [
      ['help-control', isHelpControlName],
      ['close-control', isCloseControlName],
    ] as const) {
      for (const key of members.filter((k) => matches(names.get(k) ?? '')).slice(0, MAX_CONTROLS)) {
        if (!(await focusMember(key))) continue;
        if (method === 'help-control') {
          await this.press('Enter', settle);
          if (this.navigated()) return escaped(method);
          if ((await where()) === 'outside') return escaped(method);
          const found = await tryKeys(await this.textNearMembers(members), method);
          if (found) return found;
        } else if (await keyThenTab('Enter')) {
          return escaped(method);
        }
      }
    }
    return { members, escapedBy: null, advertisedKeys: [...tried] };
  }

  private async memberHandles(members: string[]): Promise<{ key: string; frame: Frame; handle: ElementHandle<Element> }[]> {
    const found: { key: string; frame: Frame; handle: ElementHandle<Element> }[] = [];
    for (const key of members) {
      const stop = this.stops.get(key);
      const capture = this.captures.get(key);
      if (!stop || !capture) continue;
      const frame = await frameByPath(this.page, capture.framePath);
      if (!frame) continue;
      const handle = (await frame.evaluateHandle((selector) => window.__atcompat?.find(selector) ?? null, capture.selector)).asElement();
      if (handle) found.push({ key, frame, handle: handle as ElementHandle<Element> });
    }
    return found;
  }

  private async textNearMembers(members: string[]): Promise<string> {
    const handles = await this.memberHandles(members);
    const texts: string[] = [];
    const frames = [...new Set(handles.map((h) => h.frame))];
    for (const frame of frames) {
      const mine = handles.filter((h) => h.frame === frame).map((h) => h.handle);
      const list = await frame.evaluateHandle((els) => els, mine);
      texts.push(await list.evaluate(textNear).catch(() => ''));
      await list.dispose();
    }
    await Promise.all(handles.map((h) => h.handle.dispose()));
    return texts.join('\n');
  }

  private async memberNames(members: string[]): Promise<Map<string, string>> {
    const handles = await this.memberHandles(members);
    const names = new Map<string, string>();
    for (const { key, handle } of handles) {
      const isControl = await handle.evaluate((el) => ['a', 'button', 'summary'].includes(el.localName) || ['button', 'link'].includes(el.getAttribute('role') ?? '') || (el.localName === 'input' && ['button', 'submit', 'reset'].includes((el as HTMLInputElement).type)));
      if (isControl) names.set(key, await handle.evaluate(nameOf));
      await handle.dispose();
    }
    return names;
  }
}

/** The frame an iframe path (selectors, outermost first) leads to, in the page as it is now. */
export async function frameByPath(page: Page, path: string[]): Promise<Frame | null> {
  let frame: Frame = page.mainFrame();
  if (!path.length) return frame;
  for (const selector of path) {
    await installInFrame(frame);
    const handle = (await frame.evaluateHandle((s) => window.__atcompat?.find(s) ?? null, selector)).asElement();
    if (!handle) return null;
    const child = await handle.contentFrame();
    await handle.dispose();
    if (!child) return null;
    frame = child;
  }
  await installInFrame(frame);
  return frame;
}

/** The box plus a margin, cut to the viewport; null when nothing of it is on screen. */
export function clipAround(box: Box, viewport: { width: number; height: number } | null, margin = FOCUS_MARGIN): Box | null {
  const width = viewport?.width ?? 1280;
  const height = viewport?.height ?? 800;
  const x0 = Math.max(0, Math.floor(box.x - margin));
  const y0 = Math.max(0, Math.floor(box.y - margin));
  const x1 = Math.min(width, Math.ceil(box.x + box.width + margin));
  const y1 = Math.min(height, Math.ceil(box.y + box.height + margin));
  if (x1 - x0 < 1 || y1 - y0 < 1) return null;
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

const sameBox = (a: Box, b: Box) => a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;

async function dispose(read: FocusRead): Promise<void> {
  await Promise.all(read.frameElements.map((h) => h.dispose().catch(() => undefined)));
}

function distinct(keys: string[]): string[] {
  return [...new Set(keys)];
}

function signature(members: string[]): string {
  return [...members].sort().join('\n');
}

function firstKeyIndex(sequence: (string | null)[]): number {
  return sequence.findIndex((k) => k !== null);
}
