// Dates as Assay writes them for people and the API: calendar days in UTC (YYYY-MM-DD).

/** The UTC calendar day of `d`, or null. */
export const isoDate = (d: Date | null): string | null => (d ? d.toISOString().slice(0, 10) : null);
