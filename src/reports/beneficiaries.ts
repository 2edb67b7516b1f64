import { isISO31661Alpha2 } from 'class-validator';
import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { DomainError, ErrorCode } from '../core/errors';

/** Victims newly assisted in a period, as counts only (what the statistics in docs/transparency.md add up). */
export interface Beneficiaries {
  total: number;
  bySex: { FEMALE: number; MALE: number; OTHER_OR_UNKNOWN: number };
  byAgeGroup: { CHILD: number; ADULT: number; UNKNOWN: number };
  byExploitation: {
    SEXUAL_EXPLOITATION: number;
    FORCED_LABOUR: number;
    DOMESTIC_SERVITUDE: number;
    FORCED_MARRIAGE: number;
    ORGAN_REMOVAL: number;
    FORCED_CRIMINALITY: number;
    OTHER: number;
  };
  byNationality: Record<string, number>;
  byAssistance: {
    SHELTER: number;
    MEDICAL: number;
    PSYCHOLOGICAL: number;
    LEGAL: number;
    REINTEGRATION: number;
    OTHER: number;
  };
}

export const SEX = ['FEMALE', 'MALE', 'OTHER_OR_UNKNOWN'] as const;
export const AGE = ['CHILD', 'ADULT', 'UNKNOWN'] as const;
/** Forms of exploitation (General Assembly resolution 67/190): reports, applications and statistics. */
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

@InputType()
@ObjectType('BySex')
export class BySexInput {
  @Field(() => Int) FEMALE!: number;
  @Field(() => Int) MALE!: number;
  @Field(() => Int) OTHER_OR_UNKNOWN!: number;
}

@InputType()
@ObjectType('ByAgeGroup')
export class ByAgeGroupInput {
  @Field(() => Int) CHILD!: number;
  @Field(() => Int) ADULT!: number;
  @Field(() => Int) UNKNOWN!: number;
}

@InputType()
@ObjectType('ByExploitation', { description: 'Primary form of exploitation of each victim.' })
export class ByExploitationInput {
  @Field(() => Int) SEXUAL_EXPLOITATION!: number;
  @Field(() => Int) FORCED_LABOUR!: number;
  @Field(() => Int) DOMESTIC_SERVITUDE!: number;
  @Field(() => Int) FORCED_MARRIAGE!: number;
  @Field(() => Int) ORGAN_REMOVAL!: number;
  @Field(() => Int) FORCED_CRIMINALITY!: number;
  @Field(() => Int) OTHER!: number;
}

@InputType()
@ObjectType('ByAssistance', { description: 'A victim may receive several kinds of assistance.' })
export class ByAssistanceInput {
  @Field(() => Int) SHELTER!: number;
  @Field(() => Int) MEDICAL!: number;
  @Field(() => Int) PSYCHOLOGICAL!: number;
  @Field(() => Int) LEGAL!: number;
  @Field(() => Int) REINTEGRATION!: number;
  @Field(() => Int) OTHER!: number;
}

@InputType()
@ObjectType('NationalityCount')
export class NationalityCountInput {
  @Field(() => String, { description: 'ISO 3166-1 alpha-2.' }) country!: string;
  @Field(() => Int) count!: number;
}

@InputType({ description: 'Victims newly assisted in the period, as counts only.' })
export class BeneficiariesInput {
  @Field(() => Int) total!: number;
  @Field(() => BySexInput) bySex!: BySexInput;
  @Field(() => ByAgeGroupInput) byAgeGroup!: ByAgeGroupInput;
  @Field(() => ByExploitationInput) byExploitation!: ByExploitationInput;
  @Field(() => [NationalityCountInput]) byNationality!: NationalityCountInput[];
  @Field(() => ByAssistanceInput) byAssistance!: ByAssistanceInput;
}

@ObjectType('Beneficiaries', { description: 'Victims newly assisted in the period, as counts only.' })
export class BeneficiariesView {
  @Field(() => Int) total!: number;
  @Field(() => BySexInput) bySex!: BySexInput;
  @Field(() => ByAgeGroupInput) byAgeGroup!: ByAgeGroupInput;
  @Field(() => ByExploitationInput) byExploitation!: ByExploitationInput;
  @Field(() => [NationalityCountInput]) byNationality!: NationalityCountInput[];
  @Field(() => ByAssistanceInput) byAssistance!: ByAssistanceInput;

  static of(b: Beneficiaries): BeneficiariesView {
    return Object.assign(new BeneficiariesView(), {
      ...b,
      byNationality: Object.entries(b.byNationality)
        .sort(([a], [c]) => a.localeCompare(c))
        .map(([country, count]) => ({ country, count })),
    });
  }
}

function counts<K extends string>(keys: readonly K[], src: object, field: string): Record<K, number> {
  const out = {} as Record<K, number>;
  for (const k of keys) {
    const v = (src as Record<string, unknown>)[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
      throw new DomainError(ErrorCode.INVALID_VALUE, `Counts are non-negative integers.`, `${field}.${k}`);
    }
    out[k] = v;
  }
  return out;
}

const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);

/**
 * Validates the counts and returns them in the stored shape: non-negative integers; sex, age
 * group, primary form of exploitation and nationality each add up to the total; no kind of
 * assistance above the total (a victim may receive several).
 */
export function validateBeneficiaries(input: BeneficiariesInput, field = 'beneficiaries'): Beneficiaries {
  const total = counts(['total'] as const, input, field).total;
  const b: Beneficiaries = {
    total,
    bySex: counts(SEX, input.bySex, `${field}.bySex`),
    byAgeGroup: counts(AGE, input.byAgeGroup, `${field}.byAgeGroup`),
    byExploitation: counts(EXPLOITATION, input.byExploitation, `${field}.byExploitation`),
    byNationality: {},
    byAssistance: counts(ASSISTANCE, input.byAssistance, `${field}.byAssistance`),
  };
  input.byNationality.forEach((n, i) => {
    const f = `${field}.byNationality.${i}`;
    const code = n.country.toUpperCase();
    if (!isISO31661Alpha2(code))
      throw new DomainError(ErrorCode.INVALID_VALUE, `Unknown country code ${n.country}.`, f);
    if (code in b.byNationality) throw new DomainError(ErrorCode.INVALID_VALUE, `Country ${code} is listed twice.`, f);
    b.byNationality[code] = counts(['count'] as const, n, f).count;
  });
  for (const key of ['bySex', 'byAgeGroup', 'byExploitation', 'byNationality'] as const) {
    const s = sum(b[key]);
    if (s !== total) {
      throw new DomainError(
        ErrorCode.INCONSISTENT_COUNTS,
        `${key} adds up to ${s}, but the total is ${total}.`,
        `${field}.${key}`,
      );
    }
  }
  for (const [k, v] of Object.entries(b.byAssistance)) {
    if (v > total) {
      throw new DomainError(
        ErrorCode.INCONSISTENT_COUNTS,
        `${v} victims received ${k} assistance, more than the ${total} assisted.`,
        `${field}.byAssistance.${k}`,
      );
    }
  }
  return b;
}
