/**
 * Pure rules for signing in and staying signed in, kept apart from the database so they can be
 * tested on their own.
 */

/** After this many wrong passwords in a row the account is locked… */
export const MAX_FAILED_SIGN_INS = 5;
/** …for this long. */
export const LOCKOUT_MINUTES = 15;

export interface LockoutState {
  failedSignIns: number;
  lockedUntil: Date | null;
}

/** Whether the account is locked at `now`. */
export function isLocked(state: LockoutState, now: Date): boolean {
  return state.lockedUntil !== null && state.lockedUntil.getTime() > now.getTime();
}

/**
 * The state after a wrong password. A lock that has run out starts the count again, so one more
 * mistake after a lockout does not lock the account at once.
 */
export function afterFailedSignIn(state: LockoutState, now: Date): LockoutState {
  const expired = state.lockedUntil !== null && !isLocked(state, now);
  const failedSignIns = (expired ? 0 : state.failedSignIns) + 1;
  if (failedSignIns >= MAX_FAILED_SIGN_INS) {
    return { failedSignIns, lockedUntil: new Date(now.getTime() + LOCKOUT_MINUTES * 60_000) };
  }
  return { failedSignIns, lockedUntil: expired ? null : state.lockedUntil };
}

/** The state after a right password (only reached when not locked). */
export function afterSuccessfulSignIn(): LockoutState {
  return { failedSignIns: 0, lockedUntil: null };
}

export interface SessionTimes {
  lastSeenAt: Date;
  expiresAt: Date;
}

export interface SessionLimits {
  idleMinutes: number;
  maxHours: number;
}

/** When a session started now ends at the latest (the absolute expiry). */
export function sessionExpiry(createdAt: Date, limits: SessionLimits): Date {
  return new Date(createdAt.getTime() + limits.maxHours * 3_600_000);
}

/** Whether a session is still good at `now`: not past its absolute expiry, and not idle too long. */
export function sessionIsLive(session: SessionTimes, limits: SessionLimits, now: Date): boolean {
  if (now.getTime() >= session.expiresAt.getTime()) return false;
  return now.getTime() - session.lastSeenAt.getTime() < limits.idleMinutes * 60_000;
}

/** last_seen_at is written at most once a minute, so browsing does not write on every page. */
export function shouldTouchSession(session: SessionTimes, now: Date): boolean {
  return now.getTime() - session.lastSeenAt.getTime() >= 60_000;
}

/** One leading slash, then no slash or backslash; no control characters (browsers drop tabs and newlines). */
function isSameSitePath(path: string): boolean {
  return /^\/(?![/\\])/.test(path) && !/[\u0000-\u001f\u007f\\]/.test(path);
}

/**
 * Where to go after signing in: only a path on this site ("/adjustments/new?x=1"), never another
 * site ("//evil.example", "https://…", "/\\evil.example"), else the home page.
 */
export function safeReturnTo(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2000) return '/';
  if (!isSameSitePath(raw)) return '/';
  try {
    const url = new URL(raw, 'http://atcompat.invalid');
    if (url.origin !== 'http://atcompat.invalid') return '/';
    // Normalising can make a host of a path: "/.//evil.example" and "/..//evil.example" become
    // "//evil.example", which a browser reads as another site. Check what is sent, not what came.
    const path = `${url.pathname}${url.search}`;
    return isSameSitePath(path) ? path : '/';
  } catch {
    return '/';
  }
}
