import type { FindingDraft } from '../types.js';
import type { ScrollableObservation } from './keyboard-observations.js';

/** It scrolls by more than its padding and has visible content to scroll to (ACT 0ssw9k). */
export function isScrollableRegion(s: ScrollableObservation): boolean {
  const horizontal = s.scrollX > s.padding.left + s.padding.right;
  const vertical = s.scrollY > s.padding.top + s.padding.bottom;
  return (horizontal || vertical) && s.hasVisibleContent && !s.inert;
}

/**
 * `keyboard/scrollable-unreachable`: a scrollable region that neither is nor contains anything in
 * the Tab order by its markup. Chromium (and Firefox) make such a region focusable on their own,
 * but Safari and older browsers do not, so keyboard users there cannot scroll it.
 */
export function checkScrollables(scrollables: readonly ScrollableObservation[]): FindingDraft[] {
  return scrollables
    .filter((s) => isScrollableRegion(s) && !s.tabbableSelfOrDescendant)
    .map((s) => ({
      rule: 'keyboard/scrollable-unreachable',
      target: s.target,
      message:
        'This region scrolls, but nothing in it can take keyboard focus, so keyboard-only users cannot scroll to the hidden part in browsers that do not make it focusable themselves (Safari, older Chrome and Edge). ' +
        'Add tabindex="0" with a role and an accessible name (for example role="region" aria-label="…"), or let the content fit without scrolling.',
    }));
}
