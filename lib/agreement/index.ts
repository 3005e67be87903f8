export { cohensKappa, fleissKappa } from './kappa';
export { krippendorffAlpha, type MeasurementLevel } from './alpha';
export { unitizingAlpha, type MarkedUnit } from './unitizing';
export { formatAgreement } from './format';
