import type { IframeObservation } from './keyboard-observations.js';
import { checkIframeExcluded } from './keyboard-iframe.js';

const frame = (extra: Partial<IframeObservation>): IframeObservation => ({
  target: { selector: '#map', html: '<iframe>', tag: 'iframe', role: 'iframe', text: '', box: { x: 0, y: 0, width: 400, height: 200 } },
  tabindex: -1,
  visible: true,
  inert: false,
  tabbableContent: 2,
  ...extra,
});

describe(checkIframeExcluded.name, () => {
  it('reports an iframe with a negative tabindex and something to tab to inside', () => {
    const drafts = checkIframeExcluded([frame({})]);
    expect(drafts).toHaveLength(1);
    expect(drafts[0].rule).toBe('keyboard/iframe-excluded');
    expect(drafts[0].message).toContain('2 link(s) or control(s)');
  });

  it.each([
    ['no tabindex', { tabindex: null }],
    ['tabindex 0', { tabindex: 0 }],
    ['nothing tabbable inside', { tabbableContent: 0 }],
    ['unreadable content', { tabbableContent: null }],
    ['hidden or tiny', { visible: false }],
    ['inert or behind a modal', { inert: true }],
  ])('does not report an iframe with %s', (_name, extra) => {
    expect(checkIframeExcluded([frame(extra)])).toEqual([]);
  });
});
