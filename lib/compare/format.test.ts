import { describe, expect, it } from 'vitest';
import { fieldSummary } from './format';

describe('fieldSummary', () => {
  const claim = { attributedTo: 'the minister', credibility: 2 };
  const forecast = { statement: 'Talks resume', probability: 0.725, confidence: 'MODERATE' as const, resolveBy: '2024-06-30' };

  it('is short on the compare page and in its CSV', () => {
    expect(fieldSummary('CLAIM', claim)).toBe('credibility 2 · by the minister');
    expect(fieldSummary('FACT', { status: 'DISPUTED' })).toBe('disputed');
    expect(fieldSummary('FORECAST', forecast)).toBe('p 73% · moderate confidence · Talks resume');
    expect(fieldSummary('FORECAST', { ...forecast, probability: null, hidden: true })).toBe('p hidden until you give yours · moderate confidence · Talks resume');
    expect(fieldSummary('CLAIM', undefined)).toBe('');
  });

  it('is long on the annotation cards, without the statement (shown on its own line)', () => {
    expect(fieldSummary('CLAIM', claim, 'long')).toBe('by the minister · credibility 2 (Probably true)');
    expect(fieldSummary('FACT', { status: 'VERIFIED' }, 'long')).toBe('verified');
    expect(fieldSummary('FORECAST', forecast, 'long')).toBe('72.5 % · moderate confidence · resolves by 2024-06-30');
    expect(fieldSummary('FORECAST', { ...forecast, probability: null, hidden: true, resolveBy: null }, 'long')).toBe('probability hidden until you give yours · moderate confidence');
    expect(fieldSummary('FORECAST', { statement: null, probability: null, confidence: null, resolveBy: null }, 'long')).toBe('');
  });
});
