import { compareReleased } from './ordering.js';

const at = (releasedOn: string | null, createdAt: string) => ({ releasedOn, createdAt: new Date(createdAt) });

describe('compareReleased', () => {
  it('orders by release date first', () => {
    const older = at('2023-01-01', '2025-05-05T00:00:00Z');
    const newer = at('2024-01-01', '2020-01-01T00:00:00Z');
    expect([newer, older].sort(compareReleased)).toEqual([older, newer]);
  });

  it('falls back to the day it was entered when the release date is unknown', () => {
    const dated = at('2024-06-01', '2024-01-01T00:00:00Z');
    const undated = at(null, '2024-07-01T09:00:00Z');
    expect([undated, dated].sort(compareReleased)).toEqual([dated, undated]);
  });

  it('breaks ties on the same day by when each was entered', () => {
    const first = at('2024-06-01', '2024-06-01T08:00:00Z');
    const second = at('2024-06-01', '2024-06-01T09:00:00Z');
    expect(compareReleased(second, first)).toBeGreaterThan(0);
    expect(compareReleased(first, first)).toBe(0);
  });
});
