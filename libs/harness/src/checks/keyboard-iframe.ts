import type { FindingDraft } from '../types.js';
import type { IframeObservation } from './keyboard-observations.js';

/** The iframe is visible, not inert, taken out of the Tab order, and has tabbable content. */
export function isExcludedInteractiveIframe(frame: IframeObservation): boolean {
  return frame.tabindex !== null && frame.tabindex < 0 && frame.visible && !frame.inert && (frame.tabbableContent ?? 0) > 0;
}

/** `keyboard/iframe-excluded`: an iframe with interactive content and a negative tabindex. */
export function checkIframeExcluded(frames: readonly IframeObservation[]): FindingDraft[] {
  return frames.filter(isExcludedInteractiveIframe).map((frame) => ({
    rule: 'keyboard/iframe-excluded',
    target: frame.target,
    message:
      `This iframe has tabindex="${frame.tabindex}", so pressing Tab skips everything inside it: ${frame.tabbableContent} link(s) or control(s) in it cannot be reached by keyboard-only and switch users. ` +
      'Remove the negative tabindex from the iframe.',
  }));
}
