import {
  AT_PROFILES,
  COMPATIBILITY_STATUSES,
  EVIDENCE_KINDS,
  IMPACTS,
  PROFILE_INFO,
  VERDICTS,
  impactAtLeast,
  isAtProfile,
  isCompatibilityStatus,
  isEvidenceKind,
  isImpact,
  isVerdict,
  type Impact,
} from './profiles.js';

describe('profiles', () => {
  it('describes exactly the five AT profiles, each under its own id', () => {
    expect(Object.keys(PROFILE_INFO).sort()).toEqual([...AT_PROFILES].sort());
    for (const profile of AT_PROFILES) {
      const info = PROFILE_INFO[profile];
      expect(info.id).toBe(profile);
      expect(info.title.trim()).not.toBe('');
      expect(info.description.length).toBeGreaterThan(40);
      expect(info.examples.length).toBeGreaterThan(0);
    }
  });

  it('names the example ATs from the architecture table', () => {
    expect(PROFILE_INFO.speech.examples).toEqual(
      expect.arrayContaining(['Dragon Professional', 'Windows Voice Access', 'Apple Voice Control']),
    );
    expect(PROFILE_INFO['screen-reader'].examples).toEqual(
      expect.arrayContaining(['JAWS', 'NVDA', 'Narrator', 'VoiceOver', 'TalkBack']),
    );
    expect(PROFILE_INFO.magnifier.examples).toEqual(expect.arrayContaining(['ZoomText', 'SuperNova']));
    expect(PROFILE_INFO.literacy.examples).toEqual(expect.arrayContaining(['Read&Write', 'ClaroRead']));
  });

  it('keeps the shared registry vocabularies', () => {
    expect(COMPATIBILITY_STATUSES).toEqual(['works', 'works-with-workaround', 'partial', 'does-not-work', 'untested']);
    expect(EVIDENCE_KINDS).toEqual(['automated', 'manual', 'user-report', 'vendor']);
    expect(VERDICTS).toEqual(['pass', 'barriers', 'blocked']);
    expect(IMPACTS).toEqual(['critical', 'serious', 'moderate', 'minor']);
  });

  it.each([
    [isAtProfile.name, isAtProfile, 'screen-reader', 'screenreader'],
    [isCompatibilityStatus.name, isCompatibilityStatus, 'works-with-workaround', 'works with workaround'],
    [isEvidenceKind.name, isEvidenceKind, 'user-report', 'rumour'],
    [isVerdict.name, isVerdict, 'barriers', 'fail'],
    [isImpact.name, isImpact, 'moderate', 'Moderate'],
  ])('%s accepts a member and rejects near misses and non-strings', (_name, guard, member, nearMiss) => {
    expect(guard(member)).toBe(true);
    expect(guard(nearMiss)).toBe(false);
    expect(guard(undefined)).toBe(false);
    expect(guard(['keyboard'])).toBe(false);
    expect(guard('toString')).toBe(false);
  });

  describe(impactAtLeast.name, () => {
    it.each<[Impact, Impact, boolean]>([
      ['critical', 'serious', true],
      ['serious', 'serious', true],
      ['moderate', 'serious', false],
      ['minor', 'critical', false],
      ['minor', 'minor', true],
      ['critical', 'minor', true],
      ['serious', 'critical', false],
    ])('%s at least %s → %s', (impact, threshold, expected) => {
      expect(impactAtLeast(impact, threshold)).toBe(expected);
    });
  });
});
