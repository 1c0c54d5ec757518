/**
 * What the keyboard step observes in the browser, as plain data. The driver gathers these (the
 * tab walk, static scans of each frame, screenshots); the pure checks in `keyboard-*.ts` turn them
 * into findings. Nothing here may depend on Playwright.
 */
import type { ElementRef } from '../types.js';

/**
 * Where one hit-test sample of a focused element's box landed:
 * - `self` / `inside`: on the element or one of its descendants (it is visible there);
 * - `ancestor`: on an element that contains it (it is not covered by *other* content);
 * - `label`: on one of its `<label>`s (custom checkboxes and radios draw over their input);
 * - `transparent`: on other content that paints nothing there (an invisible click-catcher);
 * - `other`: on other, painted content that covers it;
 * - `outside`: the point is outside the viewport, so it tells nothing.
 */
export type HitSample = 'self' | 'inside' | 'ancestor' | 'label' | 'transparent' | 'other' | 'outside';

/** Hit-test of a focused element's box, after the browser scrolled it into view. */
export interface HitTest {
  samples: HitSample[];
  /** The content found on top of the element most often, when any. */
  coveredBy: ElementRef | null;
}

/** One element that received focus during the tab walk (its first visit). */
export interface FocusStop {
  /** Report selector: frame path and selector joined (unique in the walk). */
  key: string;
  target: ElementRef;
  /** Numeric value of the tabindex attribute, or null when absent or not a number. */
  tabindex: number | null;
  /** The landmark, form, fieldset or dialog containing it (frame-local key); '' for none. */
  region: string;
  /** Fixed or sticky positioned (or inside such): it moves with the viewport, not the page. */
  pinned: boolean;
  /** Null when a hit-test could not tell (no box, tiny, pointer-events: none, transparent). */
  hit: HitTest | null;
}

/** How a keyboard user left a cycle of focus. */
export type EscapeMethod = 'shift-tab' | 'escape' | 'advertised-key' | 'help-control' | 'close-control';

/** Focus went round a closed loop of elements without leaving the page. */
export interface FocusCycle {
  /** Keys of the elements focus cycled through, in order. */
  members: string[];
  /** The way out that worked, or null when none of the ways a user would try did. */
  escapedBy: { method: EscapeMethod; key?: string } | null;
  /** Keys the page advertised near the cycle (Playwright names, e.g. `Control+m`), all tried. */
  advertisedKeys: string[];
}

/**
 * - `complete`: focus went through the page and came back round (or left it and came back);
 * - `trapped`: a cycle with no way out ended the walk;
 * - `blocked`: focus fell back into a cycle already examined, so the walk cannot go further;
 * - `budget`: the Tab budget ran out first;
 * - `empty`: nothing on the page takes focus;
 * - `aborted`: the page navigated away or broke during the walk.
 */
export type WalkOutcome = 'complete' | 'trapped' | 'blocked' | 'budget' | 'empty' | 'aborted';

export interface WalkPass {
  /** Keys in the order focus visited them; null where focus left the page. */
  sequence: (string | null)[];
  outcome: WalkOutcome;
}

/** Everything the tab walk saw. */
export interface TabWalkObservation {
  /** Each element that received focus, once, in first-visit order (forward, then backward). */
  stops: FocusStop[];
  forward: WalkPass;
  /** Shift+Tab from the end of the page, walked when the forward walk could not finish. */
  backward?: WalkPass;
  cycles: FocusCycle[];
}

/** An element that is tabbable by its semantics, and whether any walk reached it. */
export interface TabbableObservation {
  key: string;
  target: ElementRef;
  reached: boolean;
  /** `name` of a radio button group (only one radio of a group is a Tab stop). */
  radioGroup: string | null;
  /** Still connected, visible and tabbable when the walk ended (dialogs may have closed). */
  stillTabbable: boolean;
  /** Made unreachable on purpose elsewhere (inside an iframe with tabindex="-1"). */
  insideExcludedFrame: boolean;
  /** Inside aria-hidden="true": not content for anyone (a focus-trap sentinel, say). */
  ariaHidden: boolean;
}

/** A visible, enabled form control with a negative tabindex. */
export interface RemovedControlObservation {
  target: ElementRef;
  tabindex: number;
  /** Inside a composite widget (toolbar, menu, tablist, grid, listbox…) that manages focus itself. */
  inComposite: boolean;
  /** One of a group where exactly one sibling keeps tabindex="0" (a roving tabindex). */
  roving: boolean;
  /** Hidden from assistive technology, inert, or behind an open modal dialog. */
  hidden: boolean;
}

/** An element with a positive tabindex. */
export interface PositiveTabindexObservation {
  target: ElementRef;
  tabindex: number;
}

/** An iframe, with what its document offers to the keyboard. */
export interface IframeObservation {
  target: ElementRef;
  /** Numeric tabindex attribute, or null. */
  tabindex: number | null;
  visible: boolean;
  /** Inert itself or behind an open modal dialog. */
  inert: boolean;
  /** Visible tabbable elements in its document; null when it could not be read (cross-origin). */
  tabbableContent: number | null;
}

/** An element whose content scrolls (overflow auto or scroll, and more content than room). */
export interface ScrollableObservation {
  target: ElementRef;
  /** scrollWidth − clientWidth and scrollHeight − clientHeight. */
  scrollX: number;
  scrollY: number;
  /** Computed padding, CSS px. */
  padding: { top: number; right: number; bottom: number; left: number };
  /** Has visible text or media to scroll to. */
  hasVisibleContent: boolean;
  /** It, or something inside it, is in the sequential focus order by its semantics. */
  tabbableSelfOrDescendant: boolean;
  /** Inert or behind an open modal dialog. */
  inert: boolean;
}

/** Screenshot comparisons of one focused element. Changed-pixel counts; null = could not compare. */
export interface FocusVisibilityObservation {
  key: string;
  target: ElementRef;
  /** The element's box plus a margin: focused by Tab during the walk vs unfocused. */
  boxChanged: number | null;
  /** The whole viewport: focused (by script, :focus-visible) vs unfocused. */
  viewportChanged: number | null;
}

/** Per-frame static facts gathered before any key is pressed. */
export interface KeyboardScan {
  tabbables: TabbableObservation[];
  removedControls: RemovedControlObservation[];
  positiveTabindex: PositiveTabindexObservation[];
  iframes: IframeObservation[];
  scrollables: ScrollableObservation[];
}
