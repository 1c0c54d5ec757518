import {
  afterFailedSignIn,
  afterSuccessfulSignIn,
  isLocked,
  LOCKOUT_MINUTES,
  MAX_FAILED_SIGN_INS,
  safeReturnTo,
  sessionExpiry,
  sessionIsLive,
  shouldTouchSession,
} from './sign-in-policy.js';

const at = (iso: string) => new Date(iso);
const minutes = (n: number) => n * 60_000;

describe('sign-in policy', () => {
  describe('lockout', () => {
    it(`locks the account for ${LOCKOUT_MINUTES} minutes after ${MAX_FAILED_SIGN_INS} wrong passwords in a row`, () => {
      const now = at('2026-01-01T10:00:00Z');
      let state = { failedSignIns: 0, lockedUntil: null as Date | null };
      for (let i = 1; i < MAX_FAILED_SIGN_INS; i += 1) {
        state = afterFailedSignIn(state, now);
        expect(state).toEqual({ failedSignIns: i, lockedUntil: null });
        expect(isLocked(state, now)).toBe(false);
      }
      state = afterFailedSignIn(state, now);
      expect(state.lockedUntil).toEqual(new Date(now.getTime() + minutes(LOCKOUT_MINUTES)));
      expect(isLocked(state, now)).toBe(true);
      expect(isLocked(state, new Date(now.getTime() + minutes(LOCKOUT_MINUTES) - 1))).toBe(true);
      expect(isLocked(state, new Date(now.getTime() + minutes(LOCKOUT_MINUTES)))).toBe(false);
    });

    it('starts counting again once a lock has run out', () => {
      const locked = { failedSignIns: 5, lockedUntil: at('2026-01-01T10:15:00Z') };
      expect(afterFailedSignIn(locked, at('2026-01-01T10:20:00Z'))).toEqual({ failedSignIns: 1, lockedUntil: null });
    });

    it('clears the count after a right password', () => {
      expect(afterSuccessfulSignIn()).toEqual({ failedSignIns: 0, lockedUntil: null });
    });
  });

  describe('session expiry', () => {
    const limits = { idleMinutes: 30, maxHours: 8 };
    const start = at('2026-01-01T09:00:00Z');

    it('ends a session after the idle time without activity', () => {
      const session = { lastSeenAt: start, expiresAt: sessionExpiry(start, limits) };
      expect(sessionIsLive(session, limits, new Date(start.getTime() + minutes(29)))).toBe(true);
      expect(sessionIsLive(session, limits, new Date(start.getTime() + minutes(30)))).toBe(false);
    });

    it('ends an active session at its absolute expiry', () => {
      const expiresAt = sessionExpiry(start, limits);
      expect(expiresAt).toEqual(at('2026-01-01T17:00:00Z'));
      const justActive = { lastSeenAt: new Date(expiresAt.getTime() - 1000), expiresAt };
      expect(sessionIsLive(justActive, limits, new Date(expiresAt.getTime() - 1))).toBe(true);
      expect(sessionIsLive(justActive, limits, expiresAt)).toBe(false);
    });

    it('records activity at most once a minute', () => {
      const session = { lastSeenAt: start, expiresAt: sessionExpiry(start, limits) };
      expect(shouldTouchSession(session, new Date(start.getTime() + 59_000))).toBe(false);
      expect(shouldTouchSession(session, new Date(start.getTime() + 60_000))).toBe(true);
    });
  });

  describe('safeReturnTo', () => {
    it('keeps paths on this site', () => {
      expect(safeReturnTo('/adjustments/new')).toBe('/adjustments/new');
      expect(safeReturnTo('/adjustments?page=2')).toBe('/adjustments?page=2');
    });

    it('sends anything else to the home page', () => {
      for (const bad of [undefined, '', 'adjustments', '//evil.example/x', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', '/\nSet-Cookie', 42]) {
        expect(safeReturnTo(bad)).toBe('/');
      }
    });

    it('judges the path after normalising it: dot segments cannot make a host of it', () => {
      for (const bad of ['/.//evil.example/x', '/..//evil.example/x', '/a/../..//evil.example', '/./\\evil.example', '/\t/evil.example']) {
        expect(safeReturnTo(bad)).toBe('/');
      }
      expect(safeReturnTo('/%2F%2Fevil.example/x')).toBe('/%2F%2Fevil.example/x');
      expect(safeReturnTo('/systems/./casework')).toBe('/systems/casework');
    });
  });
});
