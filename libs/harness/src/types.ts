import type { Impact } from '@atcompat/contracts';

/** A rectangle in CSS pixels, relative to the top-left of the page (not the viewport). */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What every observation says about the element it concerns. Built in the page by the agent. */
export interface ElementRef {
  /** A CSS selector that matches exactly this element in its document. */
  selector: string;
  /** For an element inside iframes: the selectors of the iframes, outermost first. */
  framePath?: string[];
  /** The start tag (attributes shortened) and a little of the text, for reports. */
  html: string;
  tag: string;
  /** Explicit or implicit ARIA role, when the agent can tell. */
  role: string | null;
  /** Visible text (innerText, trimmed and shortened). */
  text: string;
  /** Where it is on the page; null when it has no layout box (display: none). */
  box: Box | null;
}

/** A finding before rule metadata is attached: what a check returns. */
export interface FindingDraft {
  rule: string;
  target: ElementRef;
  /** What a person experiences and how to fix it, in plain English. */
  message: string;
  /** Overrides the rule's default impact when the check knows better. */
  impact?: Impact;
  /** A picture of the barrier (data: URI of a PNG), when the check took one. */
  screenshot?: string;
}

/** Per-page limits that keep an audit's cost bounded. */
export interface AuditBudget {
  /** Most Tab presses in the tab walk. */
  maxTabStops: number;
  /** Most controls activated by click, Enter and Space to compare their effects. */
  maxOperabilityChecks: number;
  /** Most elements hovered to look for hover-only content. */
  maxHoverChecks: number;
  /** Most elements whose focus is compared in screenshots. */
  maxFocusScreenshots: number;
  /** Milliseconds to wait for a page to settle after an action. */
  settleMs: number;
  /** Milliseconds a child frame may take to answer before it is left out of the audit (with a warning). */
  frameTimeoutMs: number;
}

export const DEFAULT_BUDGET: AuditBudget = {
  maxTabStops: 400,
  maxOperabilityChecks: 40,
  maxHoverChecks: 40,
  maxFocusScreenshots: 150,
  settleMs: 150,
  frameTimeoutMs: 5_000,
};

/** The parts of an audit; each can be turned off. */
export const AUDIT_STEPS = ['axe', 'speech', 'listeners', 'keyboard', 'reflow', 'shortcuts', 'operability'] as const;
export type AuditStepId = (typeof AUDIT_STEPS)[number];

export interface AuditOptions {
  /** Steps to run; default all. `axe` alone is the quick mode. */
  steps?: readonly AuditStepId[];
  /** Rule ids (e.g. `keyboard/trap`, `axe/color-contrast`) not to report. */
  disabledRules?: readonly string[];
  /** Only report findings on elements inside these selectors. */
  include?: readonly string[];
  /** Never report findings on elements inside these selectors. */
  exclude?: readonly string[];
  budget?: Partial<AuditBudget>;
  /** Viewport for the audit (the reflow check resizes to 320 px wide on its own). */
  viewport?: { width: number; height: number };
  /** Take a screenshot of each barrier for reports. */
  screenshots?: boolean;
}
