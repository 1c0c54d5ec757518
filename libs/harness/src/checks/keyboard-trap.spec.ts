import type { ElementRef } from '../types.js';
import type { FocusCycle, FocusStop, TabWalkObservation } from './keyboard-observations.js';
import { advertisedKeys, checkKeyboardTraps, isCloseControlName, isHelpControlName, nameForMessage } from './keyboard-trap.js';

const ref = (selector: string, text = ''): ElementRef => ({ selector, html: `<button>${text}</button>`, tag: 'button', role: 'button', text, box: { x: 0, y: 0, width: 80, height: 20 } });
const stop = (key: string, text = ''): FocusStop => ({ key, target: ref(key, text), tabindex: null, region: '', pinned: false, hit: null });
const walk = (cycles: FocusCycle[], stops: FocusStop[]): TabWalkObservation => ({ stops, forward: { sequence: stops.map((s) => s.key), outcome: 'trapped' }, cycles });

describe(advertisedKeys.name, () => {
  it.each([
    ['Press Ctrl+M to Exit', ['Control+m']],
    ['press ctrl + m to leave', ['Control+m']],
    ['Use Control-Shift-F6 to move out of the editor', ['Control+Shift+F6']],
    ['Alt+F6 switches panes; Ctrl+Alt+Q quits', ['Alt+F6', 'Control+Alt+q']],
    ['Press Escape to close this dialog', ['Escape']],
    ['Esc to exit full screen', ['Escape']],
    ['Hit F6 to leave the map', ['F6']],
    ['⌘+Esc releases the keyboard', ['Meta+Escape']],
  ])('finds the keys in %j', (text, keys) => {
    expect(advertisedKeys(text)).toEqual(keys);
  });

  it.each([
    'Go to the next element',
    'Upload your alt-text and control-group files', // words that contain modifier names
    'Default+settings apply',
    'Press the button to continue',
    'F6 is a planning form', // a form name, not an instruction
  ])('finds no keys in %j', (text) => {
    expect(advertisedKeys(text)).toEqual([]);
  });

  it('keeps the order of appearance, removes duplicates and caps the list', () => {
    expect(advertisedKeys('Ctrl+B bold, Ctrl+I italic, ctrl+b again, Ctrl+U, Ctrl+K, Ctrl+L', 3)).toEqual(['Control+b', 'Control+i', 'Control+u']);
  });
});

describe(isHelpControlName.name, () => {
  it('recognises help controls', () => {
    expect(isHelpControlName('How to go the next element')).toBe(true);
    expect(isHelpControlName('Keyboard help')).toBe(true);
    expect(isHelpControlName('Send message')).toBe(false);
  });
});

describe(isCloseControlName.name, () => {
  it('recognises close controls', () => {
    expect(isCloseControlName('Close')).toBe(true);
    expect(isCloseControlName('Cancel and go back')).toBe(true);
    expect(isCloseControlName('×')).toBe(true);
    expect(isCloseControlName('Accept')).toBe(false);
    expect(isCloseControlName('Closed cases')).toBe(false);
  });
});

describe(nameForMessage.name, () => {
  it('uses the text, else the role', () => {
    expect(nameForMessage(ref('#a', 'Save'))).toBe('"Save"');
    expect(nameForMessage({ ...ref('#a'), role: null, tag: 'div' })).toBe('the div element');
  });
});

describe(checkKeyboardTraps.name, () => {
  it('reports a cycle nobody could leave, on its first element, naming what was tried', () => {
    const cycle: FocusCycle = { members: ['#send', '#attach'], escapedBy: null, advertisedKeys: ['Control+m'] };
    const drafts = checkKeyboardTraps(walk([cycle], [stop('#link'), stop('#send', 'Send'), stop('#attach', 'Attach')]));
    expect(drafts).toHaveLength(1);
    expect(drafts[0].rule).toBe('keyboard/trap');
    expect(drafts[0].target.selector).toBe('#send');
    expect(drafts[0].message).toContain('2 elements ("Send", "Attach")');
    expect(drafts[0].message).toContain('Shift+Tab, Escape or Control+m');
  });

  it('says so when focus stays on one element', () => {
    const drafts = checkKeyboardTraps(walk([{ members: ['#b'], escapedBy: null, advertisedKeys: [] }], [stop('#b', 'Button1')]));
    expect(drafts[0].message).toMatch(/stuck on this element/);
  });

  it.each(['shift-tab', 'escape', 'advertised-key', 'help-control', 'close-control'] as const)('does not report a cycle left by %s', (method) => {
    const cycle: FocusCycle = { members: ['#a', '#b'], escapedBy: { method }, advertisedKeys: [] };
    expect(checkKeyboardTraps(walk([cycle], [stop('#a'), stop('#b')]))).toEqual([]);
  });

  it('reports nothing without cycles', () => {
    expect(checkKeyboardTraps(walk([], [stop('#a')]))).toEqual([]);
  });
});
