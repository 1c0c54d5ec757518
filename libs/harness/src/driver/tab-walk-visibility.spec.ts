import { crop, MIN_SHARED, scrollGroups } from './tab-walk-visibility.js';
import type { StopCapture } from './tab-walk.js';

describe(crop.name, () => {
  // 4 × 3 pixels; each pixel's four channels hold its index.
  const image = { width: 4, height: 3, data: Buffer.from(Array.from({ length: 12 }, (_, i) => [i, i, i, i]).flat()) };
  it('cuts out the clip, placed by the origin of the image', () => {
    const part = crop(image, { x: 10, y: 20 }, { x: 11, y: 21, width: 2, height: 2 });
    expect(part).toEqual({ width: 2, height: 2, data: Buffer.from([5, 6, 9, 10].flatMap((i) => [i, i, i, i])) });
  });
  it('is null when the clip is not all inside the image', () => {
    expect(crop(image, { x: 10, y: 20 }, { x: 13, y: 21, width: 2, height: 1 })).toBeNull();
    expect(crop(image, { x: 10, y: 20 }, { x: 9, y: 20, width: 1, height: 1 })).toBeNull();
  });
});

describe(scrollGroups.name, () => {
  const png = Buffer.from('png');
  const capture = (key: string, y: number, scrollY: number, extra: Partial<StopCapture> = {}): StopCapture => ({
    key,
    framePath: [],
    selector: key,
    viewportBox: { x: 10, y, width: 50, height: 20 },
    measured: true,
    clip: { x: 2, y: y - 8, width: 66, height: 36 },
    focusedPng: png,
    scroll: [{ framePath: [], state: { x: 0, y: scrollY, scrollers: [] } }],
    ...extra,
  });

  it('groups consecutive captures with the same scroll, over the area all their clips cover', () => {
    const groups = scrollGroups([capture('a', 100, 0), capture('b', 300, 0), capture('c', 200, 0), capture('d', 100, 400)]);
    expect(MIN_SHARED).toBe(3);
    const group = groups.get('a');
    expect(group).toEqual({ area: { x: 2, y: 92, width: 66, height: 236 }, size: 3 });
    expect(groups.get('b')).toBe(group);
    expect(groups.get('c')).toBe(group);
    expect(groups.has('d')).toBe(false);
  });

  it('leaves out groups too small to share a screenshot, and breaks them at captures in frames', () => {
    const inFrame = capture('f', 150, 0, { framePath: ['iframe'] });
    const groups = scrollGroups([capture('a', 100, 0), capture('b', 120, 0), inFrame, capture('c', 140, 0), capture('d', 160, 0)]);
    expect(groups.size).toBe(0);
  });

  it('skips captures whose focus is not measured, and those without a clip', () => {
    const groups = scrollGroups([
      capture('a', 100, 0),
      capture('x', 110, 0, { measured: false }),
      capture('b', 120, 0),
      capture('y', 130, 0, { clip: null }),
      capture('c', 140, 0),
      capture('d', 160, 0),
      capture('e', 180, 0),
    ]);
    expect([...groups.keys()]).toEqual(['c', 'd', 'e']);
  });
});
