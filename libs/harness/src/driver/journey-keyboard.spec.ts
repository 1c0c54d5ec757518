import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Keyboard mode must never fall back to the mouse: a journey that clicks its way past a
 * mouse-only control would pass where the person is blocked. This guards the files keyboard
 * mode runs through (speech mode's default-action click lives in journey-speech.ts on purpose).
 */
const FILES = ['journey-keyboard.ts', 'journey-actions.ts', 'journey.ts'];
const FORBIDDEN = /\.(click|dblclick|tap|fill|selectOption|check|uncheck|setChecked|hover|dragTo)\s*\(|\bpage\.mouse\b|\.dispatchEvent\s*\(/;

describe('keyboard-mode journey driver', () => {
  it.each(FILES)('%s never clicks, fills or selects (page.keyboard only)', (file) => {
    const source = readFileSync(path.resolve('libs/harness/src/driver', file), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\/\/.*$/gm, '');
    const lines = source.split('\n').filter((line) => FORBIDDEN.test(line));
    expect(lines).toEqual([]);
  });

  it('would notice a click', () => {
    expect(FORBIDDEN.test('await locator.click();')).toBe(true);
    expect(FORBIDDEN.test("await page.selectOption('#a', 'b');")).toBe(true);
    expect(FORBIDDEN.test("await page.keyboard.press('Enter');")).toBe(false);
  });
});
