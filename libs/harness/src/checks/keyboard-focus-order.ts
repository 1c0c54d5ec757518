import type { Box, FindingDraft } from '../types.js';
import type { FocusStop, PositiveTabindexObservation, TabWalkObservation } from './keyboard-observations.js';
import { nameForMessage } from './keyboard-trap.js';

/** Focus must jump up by at least this many CSS px, past the whole earlier element, to count. */
export const MIN_BACKWARD_JUMP = 40;
/** …and the two elements must share at least this part of the narrower one's width (one column). */
export const MIN_COLUMN_OVERLAP = 0.5;

/** `later` (focused after `earlier`) sits entirely above it, in the same column. */
export function isBackwardJump(earlier: Box, later: Box): boolean {
  const gap = earlier.y - (later.y + later.height);
  if (gap < MIN_BACKWARD_JUMP) return false;
  const overlap = Math.min(earlier.x + earlier.width, later.x + later.width) - Math.max(earlier.x, later.x);
  return overlap >= MIN_COLUMN_OVERLAP * Math.min(earlier.width, later.width);
}

/**
 * Elements whose place in the focus order contradicts where they are on screen: within one region
 * (landmark, form, fieldset, dialog) and one column, pairs where focus goes up past a whole element
 * are "inversions"; the fewest elements that explain all of them (greedy: most inversions first) are
 * out of order. Moving to the top of the next column, or to the next row of a grid, is not an
 * inversion. Fixed and sticky elements, tiny or off-screen ones and positive tabindex are left out.
 */
export function outOfOrderStops(stops: readonly FocusStop[]): { stop: FocusStop; early: boolean; partners: FocusStop[] }[] {
  const considered = stops.filter((s) => {
    const box = s.target.box;
    if (!box || box.width < 2 || box.height < 2 || s.pinned || (s.tabindex ?? 0) > 0) return false;
    return box.x + box.width > 0 && box.y + box.height > 0;
  });
  const groups = new Map<string, FocusStop[]>();
  for (const stop of considered) {
    const key = `${(stop.target.framePath ?? []).join('\u0000')}\u0001${stop.region}`;
    groups.set(key, [...(groups.get(key) ?? []), stop]);
  }
  const result: { stop: FocusStop; early: boolean; partners: FocusStop[] }[] = [];
  for (const group of groups.values()) {
    const edges: [number, number][] = [];
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        if (isBackwardJump(group[i].target.box!, group[j].target.box!)) edges.push([i, j]);
      }
    }
    let remaining = edges;
    while (remaining.length) {
      const degree = new Map<number, number>();
      for (const [i, j] of remaining) {
        degree.set(i, (degree.get(i) ?? 0) + 1);
        degree.set(j, (degree.get(j) ?? 0) + 1);
      }
      let pick = -1;
      for (const [node, d] of degree) if (pick < 0 || d > degree.get(pick)! || (d === degree.get(pick)! && node < pick)) pick = node;
      const mine = remaining.filter(([i, j]) => i === pick || j === pick);
      result.push({
        stop: group[pick],
        early: mine.some(([i]) => i === pick),
        partners: mine.map(([i, j]) => group[i === pick ? j : i]),
      });
      remaining = remaining.filter(([i, j]) => i !== pick && j !== pick);
    }
  }
  return result;
}

/** The stops of the forward walk in the order focus first reached them. */
export function forwardOrder(walk: TabWalkObservation): FocusStop[] {
  const byKey = new Map(walk.stops.map((s) => [s.key, s]));
  const seen = new Set<string>();
  const ordered: FocusStop[] = [];
  for (const key of walk.forward.sequence) {
    if (key === null || seen.has(key)) continue;
    seen.add(key);
    const stop = byKey.get(key);
    if (stop) ordered.push(stop);
  }
  return ordered;
}

/**
 * `keyboard/focus-order`: every element with a positive tabindex (it jumps the queue), and
 * elements the Tab key reaches badly out of step with the visual order (see `outOfOrderStops`).
 */
export function checkFocusOrder(walk: TabWalkObservation, positive: readonly PositiveTabindexObservation[]): FindingDraft[] {
  const drafts: FindingDraft[] = positive.map((p) => ({
    rule: 'keyboard/focus-order',
    target: p.target,
    message:
      `${nameForMessage(p.target)} has tabindex="${p.tabindex}", which makes the Tab key visit it before everything else on the page, out of step with the order people read it in. ` +
      'Keyboard and screen reader users lose their place. Use tabindex="0" (or none) and put the element where it belongs in the source order.',
  }));
  for (const { stop, early, partners } of outOfOrderStops(forwardOrder(walk))) {
    const others = partners
      .slice(0, 3)
      .map((p) => nameForMessage(p.target))
      .join(', ');
    drafts.push({
      rule: 'keyboard/focus-order',
      target: stop.target,
      message:
        (early
          ? `The Tab key reaches ${nameForMessage(stop.target)} before ${others}, which appear above it on screen`
          : `The Tab key reaches ${nameForMessage(stop.target)} after ${others}, which appear below it on screen`) +
        ', so focus jumps around and keyboard users lose their place. Make the source order match the visual order (avoid reordering with CSS order, flex-direction reverse or absolute positioning).',
    });
  }
  return drafts;
}
