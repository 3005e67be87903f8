// Calendar dates as the API and the pages write them. Framework-free.

/** A date column (`@db.Date`, read as UTC midnight) as YYYY-MM-DD; null stays null. */
export const isoDate = (d: Date | null): string | null => (d ? d.toISOString().slice(0, 10) : null);
