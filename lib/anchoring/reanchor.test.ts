import { describe, expect, it } from 'vitest';
import { canonicalText } from '@/lib/corpus/canonical';
import { readCorpus } from '@/lib/corpus/parse';
import { cpLength, cpSlice, utf16ToCp } from './codepoints';
import { reanchor } from './reanchor';
import { describeRange } from './selectors';

// A real document, as Hypothesis's anchoring tests use real pages.
const TEXT = canonicalText(readCorpus()[0].content);

/** The target an analyst would have made on the `nth` occurrence of `quote` in `text`. */
function target(quote: string, text = TEXT, nth = 0) {
  let at = text.indexOf(quote);
  for (let i = 0; i < nth; i++) at = text.indexOf(quote, at + 1);
  if (at < 0) throw new Error(`not in the text: ${quote}`);
  const start = utf16ToCp(text, at);
  return describeRange(text, start, start + cpLength(quote));
}

/** Where the placement lands, as text. */
const placed = (text: string, quote: string, original = TEXT) => {
  const p = reanchor(text, target(quote, original));
  return p && { method: p.method, text: cpSlice(text, p.start, p.end) };
};

const QUOTE = 'an intergovernmental agreement consisting of 31 chapters, called “roadmaps”, on economic integration';

describe('reanchor', () => {
  it('keeps the stored position when the text there is unchanged', () => {
    const t = target(QUOTE);
    expect(reanchor(TEXT, t)).toEqual({ start: t.start, end: t.end, method: 'position' });
  });

  it('finds the exact quote after a paragraph was inserted before it', () => {
    const revised = TEXT.replace('Integration Programmes', 'Editor’s note: this text was revised.\n\nIntegration Programmes');
    const t = target(QUOTE);
    const p = reanchor(revised, t)!;
    expect(p.method).toBe('exact');
    expect(p.start).toBe(t.start + cpLength('Editor’s note: this text was revised.\n\n'));
    expect(cpSlice(revised, p.start, p.end)).toBe(QUOTE);
  });

  it('puts each occurrence of a repeated quote back in its own place, by context', () => {
    const revised = `A new opening paragraph.\n\n${TEXT}`;
    const shift = cpLength('A new opening paragraph.\n\n');
    for (const quote of ['military cooperation', 'Belarusian authorities', 'integration']) {
      const count = TEXT.split(quote).length - 1;
      expect(count).toBeGreaterThan(2);
      for (let nth = 0; nth < count; nth++) {
        const t = target(quote, TEXT, nth);
        expect(reanchor(revised, t), `${quote} #${nth}`).toEqual({ start: t.start + shift, end: t.end + shift, method: 'exact' });
      }
    }
  });

  it('chooses the nearest of repeated quotes whose context is alike', () => {
    const text = 'Minsk. '.repeat(50);
    const t = describeRange(text, 7 * 25, 7 * 25 + 5);
    // The candidates now start at 7k + 3; the nearest to the old start is the 25th.
    expect(reanchor(`So ${text}`, t)).toEqual({ start: 7 * 25 + 3, end: 7 * 25 + 8, method: 'exact' });
  });

  it('finds a quote whose typo was fixed', () => {
    const withTypo = TEXT.replace('intergovernmental agreement', 'intergovermental agreemnt');
    const typo = QUOTE.replace('intergovernmental agreement', 'intergovermental agreemnt');
    expect(placed(TEXT, typo, withTypo)).toEqual({ method: 'fuzzy', text: QUOTE });
  });

  it('finds a quote with a word changed, up to the changed word at either end', () => {
    for (const [from, to] of [
      ['economic integration', 'economic union'],
      ['consisting of', 'made of'],
      ['an intergovernmental', 'a bilateral'],
    ]) {
      const revised = TEXT.replace(QUOTE, QUOTE.replace(from, to));
      expect(placed(revised, QUOTE), to).toEqual({ method: 'fuzzy', text: QUOTE.replace(from, to) });
    }
    const revised = TEXT.replace('31 chapters', 'thirty-one chapters');
    const [ending, opening] = ['an intergovernmental agreement consisting of 31 chapters', '31 chapters, called “roadmaps”'];
    expect(placed(revised, ending)).toEqual({ method: 'fuzzy', text: 'an intergovernmental agreement consisting of thirty-one chapters' });
    expect(placed(revised, opening)).toEqual({ method: 'fuzzy', text: 'thirty-one chapters, called “roadmaps”' });
    // Eight errors are more than a fifth of this quote: an orphan, not a guess.
    expect(placed(revised, 'consisting of 31 chapters')).toBeNull();
  });

  it('orphans a quote that was deleted', () => {
    const sentence = /In this case, however, partial concessions can be expected from Russia[^.]*\./;
    expect(TEXT).toMatch(sentence);
    expect(placed(TEXT.replace(sentence, ''), 'partial concessions can be expected from Russia')).toBeNull();
  });

  it('orphans a quote rewritten beyond the error budget', () => {
    const rewritten = TEXT.replace(QUOTE, 'a treaty of thirty-one parts, the so-called roadmaps, about the economy');
    expect(placed(rewritten, QUOTE)).toBeNull();
  });

  it('counts code points around emoji', () => {
    const revised = `🙂🇧🇾 ${TEXT}`.replace('31 chapters', '31 chapters 🙂');
    expect(placed(revised, 'Security Cooperation')).toEqual({ method: 'exact', text: 'Security Cooperation' });
    expect(placed(revised, 'consisting of 31 chapters, called')).toEqual({ method: 'fuzzy', text: 'consisting of 31 chapters 🙂, called' });
  });
});
