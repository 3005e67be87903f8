export { cohensKappa, fleissKappa } from './kappa';
export { alphaOfUnits, krippendorffAlpha, type MeasurementLevel } from './alpha';
export { pairwiseAlpha, type PairAlpha } from './pairwise';
export { unitizingAlpha, unitizingDisagreements, type MarkedUnit } from './unitizing';
export { formatAgreement } from './format';
