import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares a presented secret (an API key, a bearer token) with the expected one in time that
 * depends on neither where they differ nor their lengths: both are hashed to 32 bytes first,
 * then compared with `timingSafeEqual`.
 */
export function secretsEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}
