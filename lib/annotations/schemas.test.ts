import { describe, expect, it } from 'vitest';
import { fieldErrorsFrom } from '@/lib/errors';
import { createAnnotationSchema, updateAnnotationSchema } from './schemas';

const target = { start: 0, end: 5, exact: 'Minsk' };
const errors = (input: unknown) => {
  const result = createAnnotationSchema.safeParse(input);
  return result.success ? {} : fieldErrorsFrom(result.error.issues);
};

describe('annotation schemas', () => {
  it('accept each kind with its own fields', () => {
    expect(errors({ document: 'd', kind: 'CLAIM', target, claim: { attributedTo: 'Lukashenka', credibility: 6 } })).toEqual({});
    expect(errors({ document: 'd', kind: 'FACT', target, fact: { status: 'DISPUTED' } })).toEqual({});
    expect(
      errors({
        document: 'd',
        kind: 'FORECAST',
        target,
        forecast: { statement: 'x', probability: 0, confidence: 'HIGH', resolveBy: '2024-01-31', criteria: 'y' },
        sources: [{ excerpt: 'quoted', relation: 'CONTEXT' }],
      }),
    ).toEqual({});
  });

  it('reject out-of-range values per kind, naming the field', () => {
    expect(errors({ document: 'd', kind: 'CLAIM', target, claim: { credibility: 0 } })).toHaveProperty(['claim.credibility']);
    expect(errors({ document: 'd', kind: 'CLAIM', target, claim: { credibility: 2.5 } })).toHaveProperty(['claim.credibility']);
    expect(errors({ document: 'd', kind: 'FACT', target, fact: { status: 'TRUE' } })).toHaveProperty(['fact.status']);
    expect(errors({ document: 'd', kind: 'FORECAST', target, forecast: { probability: -0.1 } })).toHaveProperty(['forecast.probability']);
    expect(errors({ document: 'd', kind: 'FORECAST', target, forecast: { resolveBy: '2024-02-30' } })).toHaveProperty(['forecast.resolveBy']);
    expect(errors({ document: 'd', kind: 'FORECAST', target, forecast: { confidence: 'VERY' } })).toHaveProperty(['forecast.confidence']);
  });

  it('reject another kind’s fields, unknown fields and empty sources', () => {
    expect(errors({ document: 'd', kind: 'FACT', target, forecast: { probability: 0.5 } })).toHaveProperty(['forecast']);
    expect(Object.keys(errors({ document: 'd', kind: 'FACT', target, colour: 'red' }))).toEqual(['colour']);
    expect(errors({ document: 'd', kind: 'FACT', target, sources: [{ relation: 'SUPPORTS' }] })).toHaveProperty(['sources.0.url']);
    expect(errors({ document: 'd', kind: 'FACT', target, sources: [{ url: 'x', relation: 'SUPPORTS', reliability: 'G' }] })).toMatchObject({
      'sources.0.url': expect.any(String),
      'sources.0.reliability': expect.any(String),
    });
  });

  it('reject a malformed target', () => {
    expect(errors({ document: 'd', kind: 'FACT', target: { start: 5, end: 5, exact: 'x' } })).toHaveProperty(['target.end']);
    expect(errors({ document: 'd', kind: 'FACT', target: { start: -1, end: 5, exact: '' } })).toMatchObject({
      'target.start': expect.any(String),
      'target.exact': expect.any(String),
    });
  });

  it('treat blank form fields as absent, but a blank note in an edit as cleared', () => {
    // A given group replaces the group whole, so absent fields in it are cleared; the note is not
    // in a group, so absent would keep the old note: blank says "no note" instead.
    const result = updateAnnotationSchema.parse({ note: '  ', forecast: { statement: '', probability: '', resolveBy: '' } });
    expect(updateAnnotationSchema.parse({}).note).toBeUndefined();
    expect(result).toEqual({ note: '', forecast: { statement: undefined, probability: undefined, confidence: undefined, resolveBy: undefined, criteria: undefined } });
  });
});
