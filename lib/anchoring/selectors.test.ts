import { describe, expect, it } from 'vitest';
import { CodePointIndex } from './codepoints';
import { describeRange, targetMatches } from './selectors';

describe('describeRange', () => {
  it('gives the quote and up to 32 code points of context, counting an emoji as one', () => {
    const text = `${'a'.repeat(40)}🙂 quote 🙂${'b'.repeat(40)}`;
    const target = describeRange(text, 41, 48);
    expect(target).toEqual({ start: 41, end: 48, exact: ' quote ', prefix: `${'a'.repeat(31)}🙂`, suffix: `🙂${'b'.repeat(31)}` });
  });

  it('gives shorter context at the ends of the text', () => {
    expect(describeRange('Minsk 🇧🇾 and Moscow', 0, 5)).toEqual({ start: 0, end: 5, exact: 'Minsk', prefix: '', suffix: ' 🇧🇾 and Moscow' });
    expect(describeRange('Minsk 🇧🇾 and Moscow', 13, 19)).toMatchObject({ exact: 'Moscow', prefix: 'Minsk 🇧🇾 and ', suffix: '' });
  });

  it('takes an index for a text described many times', () => {
    const text = 'Minsk 🇧🇾 and Moscow 🙂';
    expect(describeRange(new CodePointIndex(text), 13, 19)).toEqual(describeRange(text, 13, 19));
  });
});

describe('targetMatches', () => {
  const text = 'Minsk 🇧🇾 and Moscow 🙂 signed.';

  it('accepts every range it described (round trip)', () => {
    const length = [...text].length;
    for (let start = 0; start < length; start++) {
      for (let end = start + 1; end <= length; end++) expect(targetMatches(text, describeRange(text, start, end))).toBe(true);
    }
  });

  it('refuses a quote that is not the text at its position', () => {
    const target = describeRange(text, 13, 19);
    expect(targetMatches(text, { ...target, start: 12, end: 18 })).toBe(false);
    expect(targetMatches(text, { ...target, exact: 'moscow' })).toBe(false);
    expect(targetMatches(text, { start: 25, end: 99, exact: 'signed.' })).toBe(false);
    expect(targetMatches(text, { start: 3, end: 3, exact: '' })).toBe(false);
    expect(targetMatches(text, { start: -1, end: 2, exact: 'Mi' })).toBe(false);
    expect(targetMatches(text, { start: 0.5, end: 2, exact: 'Mi' })).toBe(false);
  });
});
