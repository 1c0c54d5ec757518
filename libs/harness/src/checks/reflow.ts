import type { ElementRef, FindingDraft } from '../types.js';

/** The width WCAG 1.4.10 asks content to fit: 1280 CSS px at 400% zoom. */
export const REFLOW_WIDTH = 320;

/** An element that reaches past the right edge of the 320 px viewport. */
export interface OverflowCandidate {
  /** Position in the page's candidate list (document order). */
  index: number;
  /** The nearest ancestor that is itself a candidate, or -1. */
  parent: number;
  /** Right edge of the element's box, or of its own text when that reaches further (CSS px). */
  right: number;
  /** Width of the element's box (CSS px). */
  width: number;
  /**
   * Inside a container that scrolls or clips sideways on its own (overflow-x other than
   * visible), so it cannot widen the page: a data table, map or code block in its own scroller.
   */
  contained: boolean;
  /** position: fixed (or inside such), which never makes the page scroll. */
  fixed: boolean;
}

/** What the driver measured at 320 CSS px. */
export interface ReflowObservation {
  /** The page's visible width (the scrolling element's clientWidth). */
  viewportWidth: number;
  /** The page's content width (the scrolling element's scrollWidth). */
  scrollWidth: number;
  candidates: OverflowCandidate[];
}

/** Tolerance for sub-pixel rounding. */
const SLACK = 1;
/** Most elements blamed per page: the widest first. */
export const MAX_REFLOW_FINDINGS = 5;

/** Does the page itself scroll sideways at this width? */
export function pageScrollsSideways(observation: Pick<ReflowObservation, 'viewportWidth' | 'scrollWidth'>): boolean {
  return observation.scrollWidth > observation.viewportWidth + SLACK;
}

/**
 * The elements responsible for sideways scrolling: those reaching past the viewport that are not
 * in their own scroller, not fixed, and not inside another responsible element (the outermost
 * one is the one to fix). Widest overflow first. Empty when the page does not scroll sideways.
 */
export function reflowCulprits(observation: ReflowObservation): OverflowCandidate[] {
  if (!pageScrollsSideways(observation)) return [];
  const limit = observation.viewportWidth + SLACK;
  const byIndex = new Map(observation.candidates.map((c) => [c.index, c]));
  const counts = (c: OverflowCandidate) => !c.contained && !c.fixed && c.right > limit;
  const culprits = observation.candidates.filter((candidate) => {
    if (!counts(candidate)) return false;
    for (let up = byIndex.get(candidate.parent); up; up = byIndex.get(up.parent)) if (counts(up)) return false;
    return true;
  });
  return culprits.sort((a, b) => b.right - a.right || a.index - b.index).slice(0, MAX_REFLOW_FINDINGS);
}

/** The plain-English message for one culprit. */
export function reflowMessage(candidate: Pick<OverflowCandidate, 'right' | 'width'>, viewportWidth: number): string {
  const excess = Math.round(candidate.right - viewportWidth);
  const wide = candidate.width > viewportWidth + SLACK ? `is ${Math.round(candidate.width)}px wide and ` : '';
  return (
    `At ${REFLOW_WIDTH} CSS pixels wide (what a 1280px screen shows at 400% zoom) this element ${wide}pushes the page ${excess}px sideways, ` +
    'so magnifier and zoom users have to scroll left and right to read each line. ' +
    'Let it shrink and wrap (max-width: 100%, flexible widths, media queries); a data table, map or code block may instead scroll inside its own container (overflow-x: auto).'
  );
}

/** `zoom/reflow` drafts, given the culprits and their element references. */
export function reflowDrafts(observation: ReflowObservation, culprits: OverflowCandidate[], refs: ElementRef[]): FindingDraft[] {
  return culprits.map((candidate, i) => ({
    rule: 'zoom/reflow',
    target: refs[i]!,
    message: reflowMessage(candidate, observation.viewportWidth),
  }));
}

/**
 * When the page scrolls sideways but no element can be blamed (content in closed shadow roots,
 * pseudo-elements), the report points at the document itself.
 */
export function unattributedReflow(observation: ReflowObservation, root: ElementRef): FindingDraft[] {
  if (!pageScrollsSideways(observation)) return [];
  return [
    {
      rule: 'zoom/reflow',
      target: root,
      message:
        `At ${REFLOW_WIDTH} CSS pixels wide the page is ${Math.round(observation.scrollWidth)}px wide, so magnifier and zoom users have to scroll left and right to read each line. ` +
        'Use flexible widths and wrapping so the content fits in one column.',
    },
  ];
}
