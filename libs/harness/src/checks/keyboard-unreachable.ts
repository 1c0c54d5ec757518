import type { FindingDraft } from '../types.js';
import type { RemovedControlObservation, TabWalkObservation, TabbableObservation } from './keyboard-observations.js';
import { nameForMessage } from './keyboard-trap.js';

/** The walk saw the whole Tab order in at least one direction, so "never reached" means something. */
export function walkIsConclusive(walk: TabWalkObservation): boolean {
  return walk.forward.outcome === 'complete' || walk.backward?.outcome === 'complete';
}

/**
 * `keyboard/unreachable`, two ways:
 * - an element that is tabbable by its markup but that no Tab or Shift+Tab walk reached (only when
 *   a walk went all the way round; a radio group counts as reached when any of its radios is;
 *   focus sentinels — aria-hidden or placed off the page — are not content anyone reaches for;
 *   iframes are judged by their content, and content of an iframe taken out of the Tab order is
 *   reported once, on the iframe, by `keyboard/iframe-excluded`);
 * - a visible, enabled form control taken out of the Tab order with a negative tabindex, unless it
 *   belongs to a composite widget or a roving-tabindex group that moves focus with arrow keys.
 */
export function checkUnreachable(
  walk: TabWalkObservation,
  tabbables: readonly TabbableObservation[],
  removed: readonly RemovedControlObservation[],
): FindingDraft[] {
  const drafts: FindingDraft[] = [];
  if (walkIsConclusive(walk)) {
    const reachedGroups = new Set(tabbables.filter((t) => t.reached && t.radioGroup !== null).map((t) => groupKey(t)));
    for (const tabbable of tabbables) {
      if (tabbable.reached || !tabbable.stillTabbable || tabbable.insideExcludedFrame || tabbable.ariaHidden) continue;
      if (isOffPage(tabbable)) continue;
      if (tabbable.target.tag === 'iframe' || tabbable.target.tag === 'frame') continue;
      if (tabbable.radioGroup !== null && reachedGroups.has(groupKey(tabbable))) continue;
      drafts.push({
        rule: 'keyboard/unreachable',
        target: tabbable.target,
        message:
          `${capitalise(nameForMessage(tabbable.target))} should be reachable with the Tab key, but tabbing through the whole page never lands on it: ` +
          'a script moves focus past it or takes it away. Keyboard-only and switch users cannot get to it. ' +
          'Do not move focus away in focus handlers; let it stay in the normal Tab order.',
      });
    }
  }
  for (const control of removed) {
    if (control.inComposite || control.roving || control.hidden) continue;
    drafts.push({
      rule: 'keyboard/unreachable',
      target: control.target,
      message:
        `This ${control.target.tag === 'button' ? 'button' : 'form field'} (${nameForMessage(control.target)}) is visible and enabled but has tabindex="${control.tabindex}", ` +
        'so pressing Tab skips it and keyboard-only and switch users cannot reach it. Remove the negative tabindex.',
    });
  }
  return drafts;
}

/** Placed entirely above or left of the page (top: -999em): nobody can see it, reached or not. */
function isOffPage(tabbable: TabbableObservation): boolean {
  const box = tabbable.target.box;
  return box !== null && (box.x + box.width <= 0 || box.y + box.height <= 0);
}

function groupKey(tabbable: TabbableObservation): string {
  return `${(tabbable.target.framePath ?? []).join('\u0000')}\u0001${tabbable.radioGroup}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
