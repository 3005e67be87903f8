import type { Kind } from '@/lib/annotations/schemas';

export const KIND_LABEL: Record<Kind, string> = { CLAIM: 'Claim', FORECAST: 'Forecast', FACT: 'Fact' };

/** Keys 1 / 2 / 3 tag the selection, in toolbar order. */
export const KIND_BY_KEY: Record<string, Kind> = { '1': 'CLAIM', '2': 'FORECAST', '3': 'FACT' };
