// The statistics of forecasting, framework-free: aggregation, spread, scores, calibration, the ICD 203
// estimative terms, and which question a passage joins. Pages and services import them from here.
export { brierScore, logScore } from './scores';
export { aggregate, spread, type AggregationMethod } from './aggregate';
export { calibration, type CalibrationBin } from './calibration';
export { estimativeTerm, termRange } from './estimative';
export { canonicalTerm, describeProbability, describeTerm, ESTIMATIVE_TERMS, termMidpoint, termMismatch } from './terms';
export { byOverlap } from './join';
