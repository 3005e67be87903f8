import { describe, expect, it } from 'vitest';
import { nextWordEnd, previousWordEnd, snapToWords } from './snap';

/** Snaps the span between the first `from` marker and the `to` marker, written as `|` in `marked`. */
function snap(marked: string, locale?: string) {
  const cps = [...marked];
  const start = cps.indexOf('|');
  const end = cps.lastIndexOf('|') - 1;
  const text = cps.filter((c) => c !== '|').join('');
  const span = snapToWords(text, { start, end }, locale);
  return [...text].slice(span.start, span.end).join('');
}

describe('snapToWords', () => {
  it('widens a selection from mid-word to mid-word to whole words', () => {
    expect(snap('to formally app|rove the cons|titution')).toBe('approve the constitution');
    expect(snap('formally approve th|e con|stitution')).toBe('the constitution');
  });

  it('leaves a selection that already starts and ends at word boundaries alone', () => {
    expect(snap('to |formally approve| the')).toBe('formally approve');
    expect(snap('to| formally approve |the')).toBe(' formally approve ');
    expect(snap('|whole|')).toBe('whole');
  });

  it('keeps punctuation out unless it was selected, and keeps it when it was', () => {
    expect(snap('the end|. Next wo|rd, then')).toBe('. Next word');
    expect(snap('said “Mos|co|w”, and')).toBe('Moscow');
    expect(snap('said “|Moscow”|, and')).toBe('Moscow”');
    expect(snap('Belarus’ sov|er|eignty')).toBe('sovereignty');
    expect(snap('it i|sn|’t so')).toBe('isn’t');
    expect(snap('U.|S|. troops')).toBe('U.S');
  });

  it('treats hyphenated words as one word', () => {
    expect(snap('a well-kn|own| fact')).toBe('well-known');
    expect(snap('a we|ll-kn|own fact')).toBe('well-known');
    expect(snap('the Belarusian-Russian-Ukr|ain|ian border')).toBe('Belarusian-Russian-Ukrainian');
    // A dash between words is not a hyphen: the words stay apart.
    expect(snap('Belarus–Ru|ss|ia talks')).toBe('Russia');
    expect(snap('a - |b')).toBe('');
  });

  it('never splits an emoji, a flag or a family sequence', () => {
    const family = '👨‍👩‍👧';
    const text = `we ${family} ok`;
    const at = [...text].indexOf('👩');
    expect(snapToWords(text, { start: at, end: at + 1 })).toEqual({ start: 3, end: 3 + [...family].length });
    const thumbs = 'go 👍🏽 now';
    expect(snapToWords(thumbs, { start: 3, end: 4 })).toEqual({ start: 3, end: 5 });
  });

  it('works for non-Latin scripts', () => {
    expect(snap('Лукашенко при|ле|тел в Москву')).toBe('прилетел');
    expect(snap('Ο Λουκασένκο έφ|τα|σε')).toBe('έφτασε');
    expect(snap('我们在北|京|工作')).toBe('北京');
    expect(snap('ในกรุงเทพมหา|น|คร').length).toBeGreaterThan(1);
    expect(snap('وصل لوكا|ش|ينكو إلى موسكو')).toBe('لوكاشينكو');
  });

  it('counts offsets in code points, past characters outside the BMP', () => {
    const text = '𝐀𝐁 alpha beta';
    expect(snapToWords(text, { start: 5, end: 10 })).toEqual({ start: 3, end: 13 });
  });

  it('leaves an empty span alone', () => {
    expect(snapToWords('word', { start: 2, end: 2 })).toEqual({ start: 2, end: 2 });
  });
});

describe('extending and shrinking by a word', () => {
  const text = 'Russia will demand deeper military cooperation.';
  it('] moves the end to the end of the next word', () => {
    expect(text.slice(0, nextWordEnd(text, 6))).toBe('Russia will');
    expect(text.slice(0, nextWordEnd(text, 8))).toBe('Russia will');
    expect(text.slice(0, nextWordEnd(text, 40))).toBe('Russia will demand deeper military cooperation');
    expect(nextWordEnd(text, text.length)).toBe(text.length);
  });
  it('[ moves the end back to the end of the previous word, never before the start', () => {
    expect(text.slice(0, previousWordEnd(text, 18, 0))).toBe('Russia will');
    expect(text.slice(0, previousWordEnd(text, 16, 0))).toBe('Russia will');
    expect(previousWordEnd(text, 6, 0)).toBe(0);
    expect(previousWordEnd(text, 18, 12)).toBe(12);
  });
});
