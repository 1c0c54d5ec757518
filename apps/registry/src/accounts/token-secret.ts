import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Every token starts with this, so secret scanners (and people) can recognise one. */
export const TOKEN_PREFIX = 'atc_';
const TOKEN_PATTERN = /^atc_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

/** A new token: 8 random bytes of key id (public) and 32 of secret (256 bits, base64url). */
export function generateToken(): { token: string; keyId: string } {
  const keyId = randomBytes(8).toString('hex');
  return { token: `${TOKEN_PREFIX}${keyId}_${randomBytes(32).toString('base64url')}`, keyId };
}

/** Hex SHA-256: enough for a high-entropy random token (no salt or slow hash needed, unlike a password). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The key id of a well-formed atcompat token, or null. */
export function keyIdOf(token: string): string | null {
  return TOKEN_PATTERN.exec(token)?.[1] ?? null;
}

/** Whether `presented` hashes to `expectedHash`, in time that does not depend on where they differ. */
export function tokenMatchesHash(presented: string, expectedHash: string): boolean {
  const actual = Buffer.from(hashToken(presented), 'hex');
  const expected = Buffer.from(expectedHash, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Whether two tokens are the same, in constant time (both are hashed first, so lengths match). */
export function sameToken(presented: string, expected: string): boolean {
  return tokenMatchesHash(presented, hashToken(expected));
}

/** The token in an `Authorization: Bearer <token>` header; undefined when absent, null when malformed. */
export function bearerToken(header: string | undefined): string | null | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header.trim());
  return match ? match[1]! : null;
}
