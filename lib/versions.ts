// Optimistic concurrency: a change names the version it was made against (`If-Match`), and a
// stale one is refused with 409 instead of overwriting someone else's change.
import { AppError } from './errors';

export function parseVersion(expectedVersion: unknown): number {
  if (expectedVersion === undefined || expectedVersion === null || expectedVersion === '') {
    throw new AppError('INVALID', 'Say which version you are changing (If-Match: <version>)', {
      fields: { version: 'Required' },
    });
  }
  const version = Number(expectedVersion);
  if (!Number.isInteger(version) || version < 1) {
    throw new AppError('INVALID', 'The version is a positive integer', { fields: { version: 'Not a version' } });
  }
  return version;
}

/** For deletes, where naming the version is optional. */
export const optionalVersion = (expectedVersion: unknown): number | undefined =>
  expectedVersion === undefined || expectedVersion === null ? undefined : parseVersion(expectedVersion);
