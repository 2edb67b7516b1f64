import { Check, Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/core';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity, Minor } from '../db/base.entity';
import { Fund } from '../funds/fund.entity';
import { globalId, Node } from '../graphql/relay';

export enum GrantCallStatus {
  DRAFT = 'DRAFT',
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
  IN_REVIEW = 'IN_REVIEW',
  DECIDED = 'DECIDED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(GrantCallStatus, { name: 'GrantCallStatus' });

export interface RubricCriterion {
  key: string;
  label: string;
  /** Percent; the weights of a rubric sum to 100. */
  weight: number;
}

/** An applicant category of a call (first grant, small grants, ...) with its own maximum award. */
export interface CallCategory {
  key: string;
  label: string;
  /** Minor units as a decimal integer string (JSON has no bigint). */
  maxAwardMinor: string;
  /** Only organisations that never had an award of this fund may apply in it. */
  firstGrantOnly: boolean;
}

export interface EligibilityRule {
  key: string;
  label: string;
}

@ObjectType({ implements: Node, description: 'A call for proposals of a fund.' })
@Entity({ tableName: 'grant_call' })
@Index({ properties: ['fund', 'status'] })
@Check({ name: 'grant_call_award_limits', expression: 'min_award_minor > 0 and min_award_minor <= max_award_minor' })
@Check({ name: 'grant_call_window', expression: 'opens_at < closes_at' })
@Check({ name: 'grant_call_envelope_positive', expression: 'envelope_minor > 0' })
@Check({
  name: 'grant_call_concept_window',
  expression: 'concept_closes_at is null or (opens_at < concept_closes_at and concept_closes_at < closes_at)',
})
export class GrantCall extends BaseEntity implements Node {
  get nodeId(): string {
    return globalId('GrantCall', this.id);
  }

  @ManyToOne(() => Fund)
  fund: Fund;

  @Field(() => String)
  @Property({ type: 'string', length: 300 })
  title: string;

  @Field(() => String)
  @Property({ type: 'text' })
  description = '';

  @Field(() => [String])
  @Property({ type: 'json' })
  themes: string[] = [];

  @Field(() => [String], { description: 'ISO 3166-1 alpha-2 codes; empty means every country.' })
  @Property({ type: 'json' })
  eligibleCountries: string[] = [];

  @Field(() => [String], {
    description:
      'Documents an application must have attached before it is submitted: PROPOSAL, BUDGET, or a name of the call (an APPLICATION_CALL_DOCUMENT with that requirement).',
  })
  @Property({ type: 'json', default: '[]' })
  requiredDocuments: string[] = [];

  /** The fund's base currency at creation. */
  @Property({ type: 'string', length: 3 })
  currency: string;

  @Property({ type: Minor() })
  minAwardMinor = 0n;

  @Property({ type: Minor() })
  maxAwardMinor = 0n;

  @Property({ type: Minor() })
  envelopeMinor = 0n;

  @Field(() => Int)
  @Property({ type: 'integer' })
  maxDurationMonths = 12;

  @Field(() => Date)
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  opensAt: Date;

  @Field(() => Date)
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  closesAt: Date;

  @Property({ type: 'json' })
  rubric: RubricCriterion[] = [];

  @Property({ type: 'json' })
  eligibilityRules: EligibilityRule[] = [];

  @Field(() => Boolean, {
    description: 'Organisations still in vetting may apply; they must be verified by screening.',
  })
  @Property({ type: 'boolean', default: false })
  allowPendingVetting = false;

  @Field(() => Date, {
    nullable: true,
    description:
      'Two-stage call: concept notes are accepted from opensAt until this time; full proposals only from the organisations shortlisted, until closesAt. Null: a one-stage call.',
  })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  conceptClosesAt: Date | null = null;

  @Field(() => Int, { description: "Two-stage call: a concept note's summary has at most this many characters." })
  @Property({ type: 'integer', default: 3000 })
  conceptMaxChars = 3000;

  /** Applicant categories; when there are any, each application names one and its cap applies. */
  @Property({ type: 'json', default: '[]' })
  categories: CallCategory[] = [];

  @Field(() => Int, {
    nullable: true,
    description:
      "Cost share: the request is at most this many basis points of the project's total budget (6667 = two thirds); null: no rule.",
  })
  @Property({ type: 'integer', nullable: true })
  costShareMaxBps: number | null = null;

  @Field(() => Boolean, { description: 'Organisations with an active award of this fund may not apply.' })
  @Property({ type: 'boolean', default: false })
  excludeCurrentGrantees = false;

  /** Stored status; clients read the effective status (an OPEN call past its closing time is CLOSED). */
  @Enum({ items: () => GrantCallStatus, default: GrantCallStatus.DRAFT })
  status: GrantCallStatus = GrantCallStatus.DRAFT;

  @Property({ type: 'uuid' })
  createdById: string;

  constructor(fund: Fund, title: string, opensAt: Date, closesAt: Date, createdById: string) {
    super();
    this.fund = fund;
    this.currency = fund.baseCurrency;
    this.title = title;
    this.opensAt = opensAt;
    this.closesAt = closesAt;
    this.createdById = createdById;
  }

  /** The status at `now`: the call closes by itself at its closing time, whether or not a job flipped it. */
  effectiveStatus(now: Date): GrantCallStatus {
    if (this.status === GrantCallStatus.OPEN && now.getTime() >= this.closesAt.getTime()) return GrantCallStatus.CLOSED;
    return this.status;
  }

  /** Accepting submissions now: OPEN, opened and not yet closed. */
  acceptsSubmissions(now: Date): boolean {
    return this.effectiveStatus(now) === GrantCallStatus.OPEN && now.getTime() >= this.opensAt.getTime();
  }
}
