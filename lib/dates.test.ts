import { describe, expect, it } from 'vitest';
import { isoDate } from './dates';

describe('isoDate', () => {
  it('writes a date column as YYYY-MM-DD, and keeps null', () => {
    expect(isoDate(new Date('2023-02-01T00:00:00Z'))).toBe('2023-02-01');
    expect(isoDate(null)).toBeNull();
  });
});
