import { diffFindings } from './changes.js';
import type { StoredFinding } from './run-evidence.js';

const f = (fingerprint: string, overrides: Partial<StoredFinding> = {}): StoredFinding => ({
  rule: 'keyboard/trap',
  impact: 'serious',
  profiles: ['keyboard'],
  selector: `#${fingerprint}`,
  fingerprint,
  pageUrl: 'http://app.test/',
  pageState: 'initial',
  message: 'm',
  ...overrides,
});

describe(diffFindings.name, () => {
  it('says what is new and what was fixed, by fingerprint', () => {
    const diff = diffFindings([f('a'), f('b'), f('c')], [f('b'), f('c', { message: 'reworded' }), f('d')]);

    expect(diff.added.map((x) => x.fingerprint)).toEqual(['d']);
    expect(diff.fixed.map((x) => x.fingerprint)).toEqual(['a']);
    expect(diff.unchanged).toBe(2);
  });

  it('counts a fingerprint seen on several pages once', () => {
    const diff = diffFindings([f('a')], [f('a'), f('a', { pageState: 'after step 2' }), f('b'), f('b')]);

    expect(diff.added.map((x) => x.fingerprint)).toEqual(['b']);
    expect(diff.unchanged).toBe(1);
  });

  it('treats everything as new without a previous run', () => {
    const diff = diffFindings(null, [f('a'), f('b')]);

    expect(diff.added).toHaveLength(2);
    expect(diff.fixed).toEqual([]);
    expect(diff.unchanged).toBe(0);
  });

  it('lists the most severe first', () => {
    const diff = diffFindings([], [f('minor', { impact: 'minor' }), f('crit', { impact: 'critical' }), f('mod', { impact: 'moderate' })]);

    expect(diff.added.map((x) => x.fingerprint)).toEqual(['crit', 'mod', 'minor']);
  });
});
