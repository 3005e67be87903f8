// Optimistic concurrency: a change names the version it was made against (`If-Match`), and a
// stale one is refused with 409 instead of overwriting someone else's change.
import { AppError } from './errors';

/** The largest version a row can reach: PostgreSQL's `integer`. */
export const MAX_VERSION = 2_147_483_647;

export function parseVersion(expectedVersion: unknown): number {
  if (expectedVersion === undefined || expectedVersion === null || expectedVersion === '') {
    throw new AppError('INVALID', 'Say which version you are changing (If-Match: <version>)', {
      fields: { version: 'Required' },
    });
  }
  // Bounded: the column is a 32-bit integer, and 2147483648 must be a 400, not an overflow (500).
  const text = typeof expectedVersion === 'number' ? String(expectedVersion) : expectedVersion;
  const version = typeof text === 'string' && /^\s*\d{1,10}\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(version) || version < 1 || version > MAX_VERSION) {
    throw new AppError('INVALID', 'The version is a positive integer', { fields: { version: 'Not a version' } });
  }
  return version;
}

/** For deletes, where naming the version is optional. */
export const optionalVersion = (expectedVersion: unknown): number | undefined =>
  expectedVersion === undefined || expectedVersion === null ? undefined : parseVersion(expectedVersion);
