// Calendar dates as the API takes and writes them. Framework-free.
import '@/lib/zod-csp';
import { z } from 'zod';

/** A date column (`@db.Date`, read as UTC midnight) as YYYY-MM-DD; null stays null. */
export const isoDate = (d: Date | null): string | null => (d ? d.toISOString().slice(0, 10) : null);

/**
 * A calendar date as inputs take it: YYYY-MM-DD, a day that exists, from year 1. ISO 8601 (and
 * zod's `iso.date`) allow year 0000, which PostgreSQL's date has no room for (it was a 500).
 */
export const calendarDate = (message: string) => z.iso.date(message).refine((d) => !d.startsWith('0000'), message);
