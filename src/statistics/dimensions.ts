import { AGE, ASSISTANCE, EXPLOITATION, SEX } from '../reports/beneficiaries';

/** Keys of the beneficiary breakdowns: the reports' vocabulary (src/reports/beneficiaries.ts). */
export const DIMENSIONS = {
  bySex: SEX,
  byAgeGroup: AGE,
  byExploitation: EXPLOITATION,
  byAssistance: ASSISTANCE,
} as const;
export type Dimension = keyof typeof DIMENSIONS;
