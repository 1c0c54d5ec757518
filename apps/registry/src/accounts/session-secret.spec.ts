import { csrfTokenFor, csrfTokenMatches, hashSessionId, isWellFormedSessionId, newSessionId } from './session-secret.js';

describe('session secrets', () => {
  it('makes 256-bit ids, stores only a hash, and derives a CSRF token per session', () => {
    const a = newSessionId();
    const b = newSessionId();
    expect(isWellFormedSessionId(a)).toBe(true);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(a).not.toBe(b);
    expect(hashSessionId(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(csrfTokenFor(a)).not.toBe(csrfTokenFor(b));
    expect(csrfTokenMatches(a, csrfTokenFor(a))).toBe(true);
    expect(csrfTokenMatches(a, csrfTokenFor(b))).toBe(false);
    expect(csrfTokenMatches(a, undefined)).toBe(false);
    expect(csrfTokenMatches(a, ['x'])).toBe(false);
  });

  it('refuses cookie values that are not session ids', () => {
    for (const bad of [undefined, '', 'abc', `${newSessionId()}x`, 42]) expect(isWellFormedSessionId(bad)).toBe(false);
  });
});
