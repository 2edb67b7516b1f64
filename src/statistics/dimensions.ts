/** Keys of the beneficiary breakdowns (contract with the post-award branch, wave2.md). */
export const DIMENSIONS = {
  bySex: ['FEMALE', 'MALE', 'OTHER_OR_UNKNOWN'],
  byAgeGroup: ['CHILD', 'ADULT', 'UNKNOWN'],
  byExploitation: [
    'SEXUAL_EXPLOITATION',
    'FORCED_LABOUR',
    'DOMESTIC_SERVITUDE',
    'FORCED_MARRIAGE',
    'ORGAN_REMOVAL',
    'FORCED_CRIMINALITY',
    'OTHER',
  ],
  byAssistance: ['SHELTER', 'MEDICAL', 'PSYCHOLOGICAL', 'LEGAL', 'REINTEGRATION', 'OTHER'],
} as const;
export type Dimension = keyof typeof DIMENSIONS;
