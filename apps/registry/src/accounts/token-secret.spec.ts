import { bearerToken, generateToken, hashToken, keyIdOf, sameToken, tokenMatchesHash } from './token-secret.js';

describe('token secrets', () => {
  it('makes tokens with a public key id and 256 random bits, different every time', () => {
    const a = generateToken();
    const b = generateToken();

    expect(a.token).toMatch(/^atc_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(keyIdOf(a.token)).toBe(a.keyId);
    expect(a.token).not.toBe(b.token);
    expect(a.keyId).not.toBe(b.keyId);
  });

  it('stores a SHA-256 that matches only the same token', () => {
    const { token } = generateToken();
    const hash = hashToken(token);

    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(token.slice(4, 20));
    expect(tokenMatchesHash(token, hash)).toBe(true);
    expect(tokenMatchesHash(`${token}x`, hash)).toBe(false);
    expect(tokenMatchesHash(token, 'not-hex')).toBe(false);
  });

  it('compares admin tokens of any length without throwing', () => {
    expect(sameToken('a'.repeat(30), 'a'.repeat(30))).toBe(true);
    expect(sameToken('a'.repeat(30), 'a'.repeat(31))).toBe(false);
    expect(sameToken('', 'a'.repeat(30))).toBe(false);
  });

  it('reads a Bearer header: absent is undefined, malformed is null', () => {
    expect(bearerToken(undefined)).toBeUndefined();
    expect(bearerToken('  ')).toBeUndefined();
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer  abc ')).toBe('abc');
    expect(bearerToken('Basic dXNlcjpwYXNz')).toBeNull();
    expect(bearerToken('Bearer')).toBeNull();
    expect(bearerToken('Bearer a b')).toBeNull();
  });

  it('finds no key id in something that is not an atcompat token', () => {
    expect(keyIdOf('test-admin-token-0123456789abcdef')).toBeNull();
    expect(keyIdOf('atc_xyz_abc')).toBeNull();
  });
});
