import { createHash } from 'node:crypto';

/** The revision of a canonical text; annotations remember the one they were made against. */
export const textHash = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
