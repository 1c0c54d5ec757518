import type { FocusVisibilityObservation } from './keyboard-observations.js';
import { checkFocusVisible, countChangedPixels, MIN_CHANGED_PIXELS, type RgbaImage } from './keyboard-focus-visible.js';

const image = (width: number, height: number, rgba: [number, number, number, number] = [255, 255, 255, 255]): RgbaImage => {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < data.length; i += 4) data.set(rgba, i);
  return { width, height, data };
};
const paint = (img: RgbaImage, pixels: number, rgba: [number, number, number, number]) => {
  const copy = { ...img, data: new Uint8Array(img.data) };
  for (let p = 0; p < pixels; p++) copy.data.set(rgba, p * 4);
  return copy;
};
const obs = (key: string, boxChanged: number | null, viewportChanged: number | null): FocusVisibilityObservation => ({
  key,
  target: { selector: key, html: '<a>', tag: 'a', role: 'link', text: 'Read', box: null },
  boxChanged,
  viewportChanged,
});

describe(countChangedPixels.name, () => {
  it('counts pixels that differ beyond the tolerance', () => {
    const a = image(10, 10);
    expect(countChangedPixels(a, a)).toBe(0);
    expect(countChangedPixels(a, paint(a, 7, [0, 0, 128, 255]))).toBe(7);
  });

  it('ignores differences within the tolerance (antialiasing noise)', () => {
    const a = image(4, 4);
    expect(countChangedPixels(a, paint(a, 16, [250, 247, 255, 255]))).toBe(0);
    expect(countChangedPixels(a, paint(a, 16, [250, 247, 255, 255]), 2)).toBe(16);
  });

  it('cannot compare images of different sizes', () => {
    expect(countChangedPixels(image(4, 4), image(4, 5))).toBeNull();
  });

  it('stops counting once it knows enough', () => {
    const a = image(10, 10);
    expect(countChangedPixels(a, paint(a, 50, [0, 0, 0, 255]), undefined, 4)).toBe(4);
  });

  it('works on unaligned buffers too', () => {
    const backing = new Uint8Array(4 * 4 + 1);
    const a: RgbaImage = { width: 2, height: 2, data: backing.subarray(1) };
    const b = image(2, 2, [0, 0, 0, 0]);
    expect(countChangedPixels(a, b)).toBe(0);
    a.data[0] = 200;
    expect(countChangedPixels(a, b)).toBe(1);
  });
});

describe(checkFocusVisible.name, () => {
  it('reports an element when neither its box nor the viewport changed', () => {
    const drafts = checkFocusVisible([obs('#a', 0, 0), obs('#b', null, MIN_CHANGED_PIXELS - 1)]);
    expect(drafts.map((d) => d.target.selector)).toEqual(['#a', '#b']);
    expect(drafts[0].rule).toBe('keyboard/focus-not-visible');
    expect(drafts[0].message).toMatch(/Nothing on screen changes/);
  });

  it('does not report a visible change in the box or anywhere in the viewport', () => {
    expect(checkFocusVisible([obs('#a', 120, null), obs('#b', 0, 40), obs('#c', null, 300)])).toEqual([]);
  });

  it('does not report when the viewport could not be compared', () => {
    expect(checkFocusVisible([obs('#a', 0, null), obs('#b', null, null)])).toEqual([]);
  });

  it('leaves elements hidden by other content to keyboard/focus-obscured', () => {
    expect(checkFocusVisible([obs('#a', 0, 0)], new Set(['#a']))).toEqual([]);
  });
});
