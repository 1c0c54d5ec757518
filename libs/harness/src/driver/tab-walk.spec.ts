import { clipAround, FOCUS_MARGIN } from './tab-walk.js';

describe(clipAround.name, () => {
  const viewport = { width: 1280, height: 800 };
  it('adds the margin around the box', () => {
    expect(clipAround({ x: 100, y: 100, width: 50, height: 20 }, viewport)).toEqual({
      x: 100 - FOCUS_MARGIN,
      y: 100 - FOCUS_MARGIN,
      width: 50 + 2 * FOCUS_MARGIN,
      height: 20 + 2 * FOCUS_MARGIN,
    });
  });
  it('cuts it to the viewport', () => {
    expect(clipAround({ x: -20, y: 790, width: 50, height: 40 }, viewport)).toEqual({ x: 0, y: 782, width: 38, height: 18 });
  });
  it('is null when nothing of it is on screen', () => {
    expect(clipAround({ x: 0, y: -15984, width: 100, height: 20 }, viewport)).toBeNull();
    expect(clipAround({ x: 2000, y: 10, width: 100, height: 20 }, viewport)).toBeNull();
  });
});
