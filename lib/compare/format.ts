// An annotation's key fields in words, by kind. Short beside each analyst's kind on the compare
// page and in its CSV ("credibility 2 · by the minister"); long on the reader's annotation cards
// ("by the minister · credibility 2 (Probably true)"), which show the statement on a line of its own.
// Framework-free: the cards are a client component.
import { CREDIBILITY_LABELS, type Kind } from '@/lib/annotations/schemas';
import type { KeyFields } from './types';

export function fieldSummary(kind: Kind, fields: KeyFields | undefined, length: 'short' | 'long' = 'short'): string {
  const f = fields ?? {};
  const parts: string[] = [];
  if (kind === 'FORECAST') {
    if (length === 'long') {
      if (f.probability != null) parts.push(`${Math.round(f.probability * 1000) / 10} %`);
      if (f.hidden) parts.push('probability hidden until you give yours');
    } else if (f.hidden) parts.push('p hidden until you give yours');
    else if (f.probability != null) parts.push(`p ${Math.round(f.probability * 100)}%`);
    if (f.confidence) parts.push(`${f.confidence.toLowerCase()} confidence`);
    if (length === 'long' && f.resolveBy) parts.push(`resolves by ${f.resolveBy}`);
    if (length === 'short' && f.statement) parts.push(f.statement);
  } else if (kind === 'CLAIM') {
    if (length === 'long') {
      if (f.attributedTo) parts.push(`by ${f.attributedTo}`);
      if (f.credibility) parts.push(`credibility ${f.credibility} (${CREDIBILITY_LABELS[f.credibility]})`);
    } else {
      if (f.credibility != null) parts.push(`credibility ${f.credibility}`);
      if (f.attributedTo) parts.push(`by ${f.attributedTo}`);
    }
  } else if (f.status) {
    parts.push(f.status.toLowerCase());
  }
  return parts.join(' · ');
}
