import type { FindingDraft } from '../types.js';
import type { FocusStop } from './keyboard-observations.js';
import { nameForMessage } from './keyboard-trap.js';

/** Every sample of the element's box that lies in the viewport lands on other, painted content. */
export function isEntirelyCovered(stop: FocusStop): boolean {
  if (!stop.hit) return false;
  const inView = stop.hit.samples.filter((s) => s !== 'outside');
  return inView.length > 0 && inView.every((s) => s === 'other');
}

/**
 * `keyboard/focus-obscured`: after the browser scrolled the focused element into view, other
 * content (a sticky header, a cookie banner) covers all of it.
 */
export function checkFocusObscured(stops: readonly FocusStop[]): FindingDraft[] {
  return stops.filter(isEntirelyCovered).map((stop) => {
    const cover = stop.hit?.coveredBy;
    const by = cover ? ` by ${cover.text ? `"${cover.text.slice(0, 40)}"` : `a <${cover.tag}>`} (${cover.selector})` : ' by other content';
    return {
      rule: 'keyboard/focus-obscured',
      target: stop.target,
      message:
        `When ${nameForMessage(stop.target)} receives keyboard focus it is completely hidden${by}, so keyboard and magnifier users cannot see what they are on. ` +
        'Keep sticky headers and banners from covering focused content (for example with scroll-padding, or by not overlaying the page).',
    };
  });
}
