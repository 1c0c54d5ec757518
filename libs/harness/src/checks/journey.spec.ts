import type { ElementRef } from '../types.js';
import {
  ambiguousReason,
  chooseTarget,
  headingMatches,
  judgeDialog,
  judgeFocusLost,
  nameContains,
  notOperableReason,
  resolveSpoken,
  stateKey,
  unreachableReason,
  type LabelledElement,
} from './journey.js';
import type { SpeechControl } from './speech.js';

const ref = (tag: string, selector: string, text = '', role: string | null = null): ElementRef => ({ selector, tag, role, text, html: `<${tag}>`, box: null });

const control = (over: Partial<SpeechControl> & Pick<SpeechControl, 'role' | 'name'>): SpeechControl => ({
  target: ref('button', `#${over.name.replace(/\W+/g, '-').toLowerCase() || 'x'}`),
  contentText: '',
  labelText: '',
  visible: true,
  disabled: false,
  action: `element:${over.name}`,
  ...over,
});

const labelled = (over: Partial<LabelledElement>): LabelledElement => ({
  ref: ref('button', '#save-note', 'Save note'),
  exact: true,
  interactive: true,
  visible: true,
  focusable: true,
  tabbable: true,
  disabled: false,
  tabindex: null,
  ...over,
});

describe(nameContains.name, () => {
  it('matches the spoken words inside the name, ignoring case, spacing and punctuation', () => {
    expect(nameContains('Save note', 'save  NOTE')).toBe(true);
    expect(nameContains('Save note for case CW-1001', 'Save note')).toBe(true);
    expect(nameContains('Submit', 'Save note')).toBe(false);
    expect(nameContains('note Save', 'Save note')).toBe(false);
    expect(nameContains('Anything', '  ')).toBe(false);
  });
});

describe(resolveSpoken.name, () => {
  const save = control({ role: 'button', name: 'Save note', contentText: 'Save note' });
  const cancel = control({ role: 'link', name: 'Cancel', contentText: 'Cancel' });
  const note = control({ role: 'textbox', name: 'Note', labelText: 'Note' });

  it('finds the control whose name contains what was said', () => {
    expect(resolveSpoken('save note', 'control', [cancel, save, note])).toEqual({ found: true, matches: [save] });
  });

  it('finds only fields for "move to", so a button named "Save note" does not answer to "Note"', () => {
    expect(resolveSpoken('Note', 'field', [save, note])).toEqual({ found: true, matches: [note] });
  });

  it('leaves out hidden and disabled controls, as speech software does', () => {
    const hidden = { ...save, visible: false };
    const disabled = { ...save, disabled: true };
    expect(resolveSpoken('Save note', 'control', [hidden, disabled]).found).toBe(false);
  });

  it('numbers several matches, exact names first', () => {
    const longer = control({ role: 'button', name: 'Save note and close', contentText: 'Save note and close' });
    const result = resolveSpoken('Save note', 'control', [longer, save]);
    expect(result).toEqual({ found: true, matches: [save, longer] });
    expect(ambiguousReason('Save note', [save, longer], 'click Save note')).toBe(
      `2 controls answer to "click Save note" (1: button 'Save note', 2: button 'Save note and close'), so speech software numbers them and the user has to say a number; the journey went on with number 1.`,
    );
  });

  it('explains a control whose name leaves out its visible label (label-in-name)', () => {
    const submit = control({ role: 'button', name: 'Submit', contentText: 'Save note' });
    expect(resolveSpoken('Save note', 'control', [submit])).toEqual({
      found: false,
      reason: `'Save note' cannot be said: the button is named 'Submit', which does not contain its visible label 'Save note', so "click Save note" matches nothing.`,
    });
  });

  it('explains words on screen that are not on a control', () => {
    const result = resolveSpoken('Save note', 'control', [cancel], [{ ref: ref('div', '#save-note', 'Save note'), clickable: true }]);
    expect(result.found).toBe(false);
    expect(!result.found && result.reason).toBe(
      `'Save note' cannot be said: the words are on screen, but on a <div> that is not a control (no button, link or field role), so "click Save note" matches nothing. It responds to a mouse click, but has no role a voice command can target.`,
    );
  });

  it('says when nothing is called that, and when the name belongs to another kind of control', () => {
    expect(resolveSpoken('Delete', 'control', [cancel])).toEqual({ found: false, reason: `'Delete' cannot be said: nothing on the page is a button, link or other control called 'Delete'.` });
    expect(resolveSpoken('Save note', 'field', [save])).toEqual({ found: false, reason: `'Save note' cannot be said as a field: the control called 'Save note' is a button.` });
  });
});

describe(chooseTarget.name, () => {
  it('prefers what is visible, then an exact label, then a control, then a tab stop', () => {
    const hidden = labelled({ visible: false, ref: ref('button', '#a') });
    const partial = labelled({ exact: false, ref: ref('button', '#b') });
    const text = labelled({ interactive: false, focusable: false, tabbable: false, ref: ref('span', '#c') });
    const best = labelled({ ref: ref('button', '#d') });
    expect(chooseTarget([hidden, partial, text, best])?.ref.selector).toBe('#d');
    expect(chooseTarget([hidden, partial])?.ref.selector).toBe('#b');
    expect(chooseTarget([])).toBeNull();
  });
});

describe(unreachableReason.name, () => {
  it('explains a <div> with a click listener and no tabindex, from the listener check', () => {
    const div = labelled({ ref: ref('div', '#save-note', 'Save note'), interactive: false, focusable: false, tabbable: false });
    expect(unreachableReason('Save note', 'control', div, { types: ['click'], mouseOnly: true }, 0)).toBe(
      "'Save note' cannot be reached with the keyboard: it is a <div> with a click listener and no tabindex, so Tab never stops on it. It only works with a mouse, so keyboard, switch and voice users cannot use it.",
    );
  });

  it('explains tabindex="-1", hidden and missing targets', () => {
    expect(unreachableReason('Save', 'control', labelled({ tabbable: false, tabindex: '-1' }), null, 0)).toBe(
      `'Save' cannot be reached with the keyboard: it has tabindex="-1", which takes it out of the Tab order, so Tab never stops on it.`,
    );
    expect(unreachableReason('Save', 'control', labelled({ visible: false }), null, 0)).toMatch(/it is on the page but hidden/);
    expect(unreachableReason('Save', 'field', null, null, 0)).toBe(`'Save' cannot be found on the page: no field shows that text or label.`);
    expect(unreachableReason('Save', 'control', labelled({}), null, 12)).toMatch(/went through 12 stops without reaching it/);
  });

  it('says what a reached control did not do', () => {
    expect(notOperableReason('More actions', ref('div', '#more', 'More actions', 'button'), ['Enter', 'Space'])).toBe(
      `'More actions' receives keyboard focus, but pressing Enter and Space does nothing (no new page, no change on this one). It is a <div> with role button that probably reacts only to a mouse click.`,
    );
  });
});

describe(headingMatches.name, () => {
  it('matches the whole heading or its start, ignoring case and spacing', () => {
    expect(headingMatches('Your cases', 'Your  Cases')).toBe(true);
    expect(headingMatches('Note saved', 'Note saved for CW-1001')).toBe(true);
    expect(headingMatches('Note saved', 'Note not saved')).toBe(false);
    expect(headingMatches('cases', 'Your cases')).toBe(false);
  });
});

describe(judgeDialog.name, () => {
  const base = { dialog: ref('div', '#confirm', '', 'dialog'), name: 'Delete note?', step: 'step 3 (activate "Delete")' };

  it('passes a dialog that takes focus, keeps it, closes on Escape and gives focus back', () => {
    expect(judgeDialog({ ...base, focusMovedIn: true, escapedTo: null, escapeCloses: true, focusReturned: true })).toBeNull();
  });

  it('names every way a dialog mishandles focus, in one finding', () => {
    const finding = judgeDialog({ ...base, focusMovedIn: false, escapedTo: ref('a', '#help', 'Help'), escapeCloses: false, focusReturned: false });
    expect(finding?.rule).toBe('keyboard/dialog-focus');
    expect(finding?.target.selector).toBe('#confirm');
    expect(finding?.message).toContain(
      "The dialog 'Delete note?' (opened by step 3 (activate \"Delete\")) does not manage focus: focus stays behind it when it opens, so keyboard and screen reader users do not know it is there; Tab lets focus leave it for 'Help' behind it; Escape does not close it; and when it closes, focus does not go back to the control that opened it.",
    );
  });
});

describe(judgeFocusLost.name, () => {
  it('reports focus falling back to the page when its element was removed, and only then', () => {
    const before = ref('button', '#remove-1', 'Remove');
    expect(judgeFocusLost({ step: 'step 2', before, beforeRemoved: true, afterOnBody: true })?.rule).toBe('keyboard/focus-lost');
    expect(judgeFocusLost({ step: 'step 2', before, beforeRemoved: false, afterOnBody: true })).toBeNull();
    expect(judgeFocusLost({ step: 'step 2', before, beforeRemoved: true, afterOnBody: false })).toBeNull();
    expect(judgeFocusLost({ step: 'step 2', before: null, beforeRemoved: true, afterOnBody: true })).toBeNull();
  });
});

describe(stateKey.name, () => {
  it('tells states apart by page, dialogs and tab stops, not by the query', () => {
    const a = stateKey('http://x.test/case.html?ref=1', ['#a', '#b'], []);
    expect(stateKey('http://x.test/case.html?ref=2', ['#a', '#b'], [])).toBe(a);
    expect(stateKey('http://x.test/case.html?ref=1', ['#a', '#b', '#menu-1'], [])).not.toBe(a);
    expect(stateKey('http://x.test/case.html?ref=1', ['#a', '#b'], ['#dialog'])).not.toBe(a);
    expect(stateKey('http://x.test/note.html', ['#a', '#b'], [])).not.toBe(a);
  });
});
