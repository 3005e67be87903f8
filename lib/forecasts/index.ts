// The statistics of forecasting, framework-free: aggregation (community predictions), spread, scores
// (at close and over time), calibration with its intervals and decomposition, the ICD 203
// estimative terms, and which question a passage joins. Pages and services import them from here.
export { brierScore, logScore } from './scores';
export { aggregate, spread, type AggregationMethod } from './aggregate';
export { calibration, type CalibrationBin } from './calibration';
export { baselineScores, type Entry, peerScores, scoresOverTime, timeAveragedBrier, type OverTimeScores, type Window } from './overTime';
export { communityPrediction, extremizedMean } from './community';
export { murphyDecomposition, wilsonInterval } from './reliability';
export { estimativeTerm, termRange } from './estimative';
export { canonicalTerm, describeProbability, describeTerm, ESTIMATIVE_TERMS, termMidpoint, termMismatch } from './terms';
export { byOverlap } from './join';
