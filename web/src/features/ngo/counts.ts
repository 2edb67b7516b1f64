/**
 * The disaggregated counts of a report (victims newly assisted in the period), checked as the
 * user types with the rules submitReport applies: whole numbers from 0; sex, age group, form of
 * exploitation and nationality each add up to the total; no kind of assistance above the total
 * (a victim may receive several).
 */
export const SEX = ['FEMALE', 'MALE', 'OTHER_OR_UNKNOWN'] as const;
export const AGE = ['CHILD', 'ADULT', 'UNKNOWN'] as const;
export const EXPLOITATION = [
  'SEXUAL_EXPLOITATION',
  'FORCED_LABOUR',
  'DOMESTIC_SERVITUDE',
  'FORCED_MARRIAGE',
  'ORGAN_REMOVAL',
  'FORCED_CRIMINALITY',
  'OTHER',
] as const;
export const ASSISTANCE = ['SHELTER', 'MEDICAL', 'PSYCHOLOGICAL', 'LEGAL', 'REINTEGRATION', 'OTHER'] as const;

/** The dimensions that must add up to the total, in the order the form shows them. */
export const SUMMED = ['bySex', 'byAgeGroup', 'byExploitation', 'byNationality'] as const;
export type SummedDimension = (typeof SUMMED)[number];

type Cells<K extends string> = Record<K, string>;

export interface CountsDraft {
  total: string;
  bySex: Cells<(typeof SEX)[number]>;
  byAgeGroup: Cells<(typeof AGE)[number]>;
  byExploitation: Cells<(typeof EXPLOITATION)[number]>;
  byAssistance: Cells<(typeof ASSISTANCE)[number]>;
  byNationality: { country: string; count: string }[];
}

const blank = <K extends string>(keys: readonly K[]): Cells<K> =>
  Object.fromEntries(keys.map((k) => [k, ''])) as Cells<K>;

export function emptyCounts(): CountsDraft {
  return {
    total: '',
    bySex: blank(SEX),
    byAgeGroup: blank(AGE),
    byExploitation: blank(EXPLOITATION),
    byAssistance: blank(ASSISTANCE),
    byNationality: [{ country: '', count: '' }],
  };
}

export type CountProblem =
  | { kind: 'notWholeNumber' }
  | { kind: 'sumMismatch'; sum: number; total: number }
  | { kind: 'aboveTotal'; value: number; total: number }
  | { kind: 'countryMissing' }
  | { kind: 'countryTwice' };

export interface CountsCheck {
  total: number | null;
  /** What each summed dimension adds up to now. */
  sums: Record<SummedDimension, number>;
  /** Problems by the field path the API uses under `beneficiaries.` (e.g. `bySex`, `byAssistance.LEGAL`). */
  problems: Record<string, CountProblem>;
  /** The API input when there is no problem. */
  input: BeneficiariesValue | null;
}

export interface BeneficiariesValue {
  total: number;
  bySex: Record<(typeof SEX)[number], number>;
  byAgeGroup: Record<(typeof AGE)[number], number>;
  byExploitation: Record<(typeof EXPLOITATION)[number], number>;
  byAssistance: Record<(typeof ASSISTANCE)[number], number>;
  byNationality: { country: string; count: number }[];
}

/** A cell as a count: blank is 0; anything but a whole number from 0 is null. */
export function parseCount(text: string): number | null {
  const s = text.trim();
  if (s === '') return 0;
  if (!/^\d{1,9}$/.test(s)) return null;
  return Number(s);
}

export function checkCounts(d: CountsDraft): CountsCheck {
  const problems: Record<string, CountProblem> = {};
  const read = <K extends string>(name: string, keys: readonly K[], cells: Cells<K>): Record<K, number> => {
    const out = {} as Record<K, number>;
    for (const k of keys) {
      const v = parseCount(cells[k]);
      if (v === null) problems[`${name}.${k}`] = { kind: 'notWholeNumber' };
      out[k] = v ?? 0;
    }
    return out;
  };
  const total = parseCount(d.total);
  if (total === null) problems.total = { kind: 'notWholeNumber' };
  const value: BeneficiariesValue = {
    total: total ?? 0,
    bySex: read('bySex', SEX, d.bySex),
    byAgeGroup: read('byAgeGroup', AGE, d.byAgeGroup),
    byExploitation: read('byExploitation', EXPLOITATION, d.byExploitation),
    byAssistance: read('byAssistance', ASSISTANCE, d.byAssistance),
    byNationality: [],
  };
  const seen = new Set<string>();
  d.byNationality.forEach((n, i) => {
    const count = parseCount(n.count);
    const country = n.country.trim().toUpperCase();
    if (!country && !n.count.trim()) return; // an empty row
    if (count === null) problems[`byNationality.${i}`] = { kind: 'notWholeNumber' };
    else if (!country) problems[`byNationality.${i}`] = { kind: 'countryMissing' };
    else if (seen.has(country)) problems[`byNationality.${i}`] = { kind: 'countryTwice' };
    seen.add(country);
    value.byNationality.push({ country, count: count ?? 0 });
  });
  const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
  const sums: Record<SummedDimension, number> = {
    bySex: sum(value.bySex),
    byAgeGroup: sum(value.byAgeGroup),
    byExploitation: sum(value.byExploitation),
    byNationality: value.byNationality.reduce((a, n) => a + n.count, 0),
  };
  if (total !== null) {
    for (const dim of SUMMED) {
      if (sums[dim] !== total) problems[dim] ??= { kind: 'sumMismatch', sum: sums[dim], total };
    }
    for (const k of ASSISTANCE) {
      const v = value.byAssistance[k];
      if (v > total) problems[`byAssistance.${k}`] ??= { kind: 'aboveTotal', value: v, total };
    }
  }
  return { total, sums, problems, input: Object.keys(problems).length ? null : value };
}
