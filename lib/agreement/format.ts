/** Coefficients signal "undefined" with NaN; print it as a word rather than "NaN". */
export function formatAgreement(value: number, digits = 3): string {
  return Number.isNaN(value) ? 'undefined' : value.toFixed(digits);
}
