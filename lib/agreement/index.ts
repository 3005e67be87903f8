export { cohensKappa, fleissKappa } from './kappa';
export { krippendorffAlpha, type MeasurementLevel } from './alpha';
export { unitizingAlpha, unitizingDisagreements, type MarkedUnit } from './unitizing';
export { formatAgreement } from './format';
