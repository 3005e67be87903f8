import { describe, expect, it } from 'vitest';
import { MAX_VERSION, optionalVersion, parseVersion } from './versions';

describe('versions (If-Match)', () => {
  it('reads positive 32-bit integers and refuses everything else with 400, never an overflow', () => {
    expect(parseVersion('3')).toBe(3);
    expect(parseVersion(3)).toBe(3);
    expect(parseVersion(String(MAX_VERSION))).toBe(MAX_VERSION);
    for (const bad of ['2147483648', '99999999999999999999', '0', '-1', '1.5', '1e3', '0x10', 'abc', ' ', 2 ** 31, Infinity, NaN]) {
      expect(() => parseVersion(bad), String(bad)).toThrow(expect.objectContaining({ status: 400 }));
    }
    expect(optionalVersion(undefined)).toBeUndefined();
  });
});
