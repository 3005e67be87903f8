export { brierScore, logScore } from './scores';
export { aggregate, spread, type AggregationMethod } from './aggregate';
export { calibration, type CalibrationBin } from './calibration';
export { estimativeTerm, termRange } from './estimative';
