// The few key fields shown beside each analyst's kind on the compare page and in its CSV.
import type { Kind } from '@/lib/annotations/schemas';
import type { KeyFields } from './types';

export function fieldSummary(kind: Kind, fields: KeyFields | undefined): string {
  const f = fields ?? {};
  const parts: string[] = [];
  if (kind === 'FORECAST') {
    if (f.hidden) parts.push('p hidden until you give yours');
    else if (f.probability != null) parts.push(`p ${Math.round(f.probability * 100)}%`);
    if (f.confidence) parts.push(`${f.confidence.toLowerCase()} confidence`);
    if (f.statement) parts.push(f.statement);
  } else if (kind === 'CLAIM') {
    if (f.credibility != null) parts.push(`credibility ${f.credibility}`);
    if (f.attributedTo) parts.push(`by ${f.attributedTo}`);
  } else if (f.status) {
    parts.push(f.status.toLowerCase());
  }
  return parts.join(' · ');
}
