import type { FindingDraft } from '../types.js';
import { checkFocusObscured, isEntirelyCovered } from './keyboard-focus-obscured.js';
import { checkFocusOrder } from './keyboard-focus-order.js';
import { checkFocusVisible } from './keyboard-focus-visible.js';
import { checkIframeExcluded } from './keyboard-iframe.js';
import type { FocusVisibilityObservation, KeyboardScan, TabWalkObservation } from './keyboard-observations.js';
import { checkScrollables } from './keyboard-scrollable.js';
import { checkKeyboardTraps } from './keyboard-trap.js';
import { checkUnreachable } from './keyboard-unreachable.js';

export interface KeyboardObservations {
  walk: TabWalkObservation;
  scan: KeyboardScan;
  visibility: FocusVisibilityObservation[];
}

/** All keyboard findings from what the keyboard step observed. */
export function keyboardFindings({ walk, scan, visibility }: KeyboardObservations): FindingDraft[] {
  return [
    ...checkKeyboardTraps(walk),
    ...checkUnreachable(walk, scan.tabbables, scan.removedControls),
    ...checkFocusVisible(visibility, new Set(walk.stops.filter(isEntirelyCovered).map((s) => s.key))),
    ...checkFocusObscured(walk.stops),
    ...checkFocusOrder(walk, scan.positiveTabindex),
    ...checkIframeExcluded(scan.iframes),
    ...checkScrollables(scan.scrollables),
  ];
}
