import type { ElementRef } from '../types.js';
import { judgeShortcuts, SHORTCUT_KEYS, shortcutInstrument, type ShortcutControl } from './shortcut.js';

const html: ElementRef = { selector: 'html', html: '<html lang="en">', tag: 'html', role: null, text: '', box: null };
const control = (role: string | null, name: string, context = ''): ShortcutControl => ({ role, name, context });

describe('SHORTCUT_KEYS', () => {
  it('holds single printable characters only: letters, digits and common punctuation', () => {
    expect(SHORTCUT_KEYS.every((k) => k.length === 1 && k.trim() === k)).toBe(true);
    expect(SHORTCUT_KEYS).toEqual(expect.arrayContaining(['a', 'z', '0', '9', '?', '/', '.', '+']));
    expect(new Set(SHORTCUT_KEYS).size).toBe(SHORTCUT_KEYS.length);
  });
});

describe(shortcutInstrument.name, () => {
  it.each([
    [control('checkbox', 'Toggle single character keyboard shortcut')],
    [control('switch', 'Hotkeys')],
    [control('checkbox', 'Use "ctrl" key together with the "+" key', 'Remap shortcut Use "ctrl" key together with the "+" key')],
    [control('checkbox', 'Use Alt with the letter keys')],
    [control('checkbox', 'Enabled', 'Keyboard shortcuts Enabled')],
    [control('combobox', 'Key bindings')],
    [control('button', 'Control shortcuts')],
    [control('link', 'Keyboard shortcut settings')],
  ])('finds a way to turn shortcuts off or remap them: %j', (found) => {
    expect(shortcutInstrument([control('textbox', 'Search'), found])).toBe(found);
  });

  it.each([
    [control('textbox', 'Add to list (press "+" to add):', 'Keyboard shortcuts')],
    [control('button', 'Open modal', 'To do list')],
    [control('button', 'Close', 'Keyboard shortcuts: press ? for help')],
    [control('checkbox', 'Urgent', 'Case options')],
    [control('checkbox', 'Press the space key to select')],
  ])('does not take %j for one', (notOne) => {
    expect(shortcutInstrument([notOne])).toBeNull();
  });
});

describe(judgeShortcuts.name, () => {
  it('reports single keys that change the page, naming each key and what it does', () => {
    const draft = judgeShortcuts({
      target: html,
      keys: [
        { key: 'a', effects: [] },
        { key: 'n', effects: ['changes the page'] },
        { key: '/', effects: ['moves focus'] },
      ],
      instrument: null,
    });
    expect(draft).toMatchObject({ rule: 'keyboard/character-shortcut', target: { selector: 'html' } });
    expect(draft!.message).toContain('"n" changes the page; "/" moves focus');
    expect(draft!.message).toContain('Dragon');
  });

  it('words a single key on its own', () => {
    const draft = judgeShortcuts({ target: html, keys: [{ key: '+', effects: ['changes the page'] }], instrument: null });
    expect(draft!.message).toMatch(/^Pressing "\+" on its own, with focus on the page rather than in a field, changes the page\./);
  });

  it('says nothing when no key did anything, or when a way to turn them off is shown', () => {
    expect(judgeShortcuts({ target: html, keys: [{ key: 'a', effects: [] }], instrument: null })).toBeNull();
    expect(
      judgeShortcuts({ target: html, keys: [{ key: 'n', effects: ['changes the page'] }], instrument: control('checkbox', 'Keyboard shortcuts') }),
    ).toBeNull();
  });
});
