import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The signed-in session's cookie: a random 256-bit id (base64url); the database keeps its SHA-256. */
export const SESSION_COOKIE = 'atcompat_session';
/**
 * A random value for a browser that is not signed in, so that the sign-in form (and the single
 * sign-on round trip) has a CSRF token bound to that browser too.
 */
export const PRESESSION_COOKIE = 'atcompat_presession';
/** The form field every non-API POST carries. */
export const CSRF_FIELD = '_csrf';

const ID_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newSessionId(): string {
  return randomBytes(32).toString('base64url');
}

export function isWellFormedSessionId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}

export function hashSessionId(id: string): string {
  return createHash('sha256').update(id, 'utf8').digest('hex');
}

/**
 * The CSRF token of a session (or pre-session): an HMAC keyed by its secret id. Nothing to store,
 * it changes when the session changes (signing in rotates it), and a page on another site can
 * neither read the cookie nor work the token out.
 */
export function csrfTokenFor(sessionId: string): string {
  return createHmac('sha256', sessionId).update('atcompat-csrf-v1').digest('base64url');
}

/** Whether `presented` is the CSRF token of `sessionId`, compared in constant time. */
export function csrfTokenMatches(sessionId: string, presented: unknown): boolean {
  if (typeof presented !== 'string' || presented.length === 0 || presented.length > 200) return false;
  const expected = Buffer.from(csrfTokenFor(sessionId));
  const actual = Buffer.from(presented);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
