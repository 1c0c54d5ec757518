import type { ElementRef } from '../types.js';
import { keyboardFindings } from './keyboard-findings.js';
import type { FocusStop, KeyboardScan, TabWalkObservation } from './keyboard-observations.js';

const ref = (selector: string): ElementRef => ({ selector, html: '<a>', tag: 'a', role: 'link', text: selector, box: { x: 0, y: 0, width: 50, height: 20 } });
const covered: FocusStop = { key: '#under', target: ref('#under'), tabindex: null, region: '', pinned: false, hit: { samples: Array(9).fill('other'), coveredBy: ref('#banner') } };
const emptyScan: KeyboardScan = { tabbables: [], removedControls: [], positiveTabindex: [], iframes: [], scrollables: [] };
const walk: TabWalkObservation = { stops: [covered], forward: { sequence: ['#under', null, '#under'], outcome: 'complete' }, cycles: [] };

describe(keyboardFindings.name, () => {
  it('reports a covered element once, as obscured rather than as invisible focus', () => {
    const drafts = keyboardFindings({ walk, scan: emptyScan, visibility: [{ key: '#under', target: ref('#under'), boxChanged: 0, viewportChanged: 0 }] });
    expect(drafts.map((d) => d.rule)).toEqual(['keyboard/focus-obscured']);
  });

  it('brings the findings of every keyboard check together', () => {
    const scan: KeyboardScan = {
      ...emptyScan,
      tabbables: [{ key: '#lost', target: ref('#lost'), reached: false, radioGroup: null, stillTabbable: true, insideExcludedFrame: false, ariaHidden: false }],
      positiveTabindex: [{ target: ref('#first'), tabindex: 3 }],
    };
    const rules = keyboardFindings({ walk, scan, visibility: [{ key: '#seen', target: ref('#seen'), boxChanged: 0, viewportChanged: 0 }] }).map((d) => d.rule);
    expect(rules).toEqual(['keyboard/unreachable', 'keyboard/focus-not-visible', 'keyboard/focus-obscured', 'keyboard/focus-order']);
  });
});
