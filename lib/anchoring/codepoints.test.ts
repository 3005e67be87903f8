import { describe, expect, it } from 'vitest';
import { CodePointIndex, cpLength, cpSlice, cpToUtf16, utf16ToCp } from './codepoints';

const EMOJI = 'Minsk 🇧🇾 and Moscow 🙂 signed the roadmaps; 😀 the end.';

describe('code points', () => {
  it('count an emoji as one and a flag as two (two regional indicators)', () => {
    expect(cpLength('🙂')).toBe(1);
    expect(cpLength('🇧🇾')).toBe(2);
    expect(cpLength(EMOJI)).toBe([...EMOJI].length);
    expect(cpLength('')).toBe(0);
  });

  it('count a lone surrogate as one, as string iteration does', () => {
    for (const s of ['a\ud83d', '\ud83db', '\ude42x', '\ud83d\ud83d🙂']) expect(cpLength(s), JSON.stringify(s)).toBe([...s].length);
  });

  it('convert between code points and UTF-16 both ways at every offset', () => {
    const index = new CodePointIndex(EMOJI);
    const chars = [...EMOJI];
    expect(index.length).toBe(chars.length);
    let u16 = 0;
    for (let cp = 0; cp <= chars.length; cp++) {
      expect(index.toUtf16(cp)).toBe(u16);
      expect(index.toCp(u16)).toBe(cp);
      expect(cpToUtf16(EMOJI, cp)).toBe(u16);
      expect(utf16ToCp(EMOJI, u16)).toBe(cp);
      u16 += chars[cp]?.length ?? 0;
    }
  });

  it('map an offset inside a surrogate pair to the character’s start', () => {
    const at = EMOJI.indexOf('🙂');
    expect(utf16ToCp(EMOJI, at + 1)).toBe(utf16ToCp(EMOJI, at));
  });

  it('are the identity on a text without astral characters', () => {
    const text = 'Belarus’ sovereignty — “roadmaps”, vis-à-vis';
    const index = new CodePointIndex(text);
    for (let i = 0; i <= text.length; i++) {
      expect(index.toCp(i)).toBe(i);
      expect(index.toUtf16(i)).toBe(i);
    }
  });

  it('slice by code points', () => {
    const start = [...EMOJI].indexOf('M', 1);
    expect(cpSlice(EMOJI, start, start + 8)).toBe('Moscow 🙂');
    expect(cpSlice(EMOJI, 6, 8)).toBe('🇧🇾');
    expect(new CodePointIndex(EMOJI).slice(0, cpLength(EMOJI))).toBe(EMOJI);
    expect(cpSlice('plain', 1, 3)).toBe('la');
  });
});
