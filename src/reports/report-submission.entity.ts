import { Check, Entity, Index, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { BaseEntity } from '../db/base.entity';
import { globalId, Node } from '../graphql/relay';
import { Report } from './report.entity';
import type { Beneficiaries } from './beneficiaries';

export interface SpendingLine {
  category: string;
  /** Decimal string of minor units (bigint does not survive JSON). */
  amountMinor: string;
}

/** One submitted version of a report; versions are never changed, a revision is a new row. */
@ObjectType({ implements: Node, description: 'A submitted version of a report.' })
@Entity({ tableName: 'report_submission' })
@Unique({ properties: ['report', 'version'] })
@Index({ properties: ['report'] })
@Check({ name: 'report_submission_period', expression: 'period_from <= period_to' })
export class ReportSubmission extends BaseEntity implements Node {
  get nodeId(): string {
    return globalId('ReportSubmission', this.id);
  }

  @ManyToOne(() => Report)
  report: Report;

  @Field(() => Int)
  @Property({ type: 'integer' })
  version: number;

  @Field(() => String, { description: 'YYYY-MM-DD' })
  @Property({ type: 'date' })
  periodFrom: string;

  @Field(() => String, { description: 'YYYY-MM-DD' })
  @Property({ type: 'date' })
  periodTo: string;

  @Field(() => String)
  @Property({ type: 'text' })
  narrative: string;

  @Property({ type: 'jsonb' })
  spending: SpendingLine[];

  @Property({ type: 'jsonb' })
  beneficiaries: Beneficiaries;

  @Property({ type: 'uuid' })
  submittedById: string;

  @Field(() => Date)
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  submittedAt: Date;

  @Field(() => String, {
    nullable: true,
    description: "The secretariat's comments when it accepted or sent back this version.",
  })
  @Property({ type: 'text', nullable: true })
  reviewComment: string | null = null;

  constructor(init: {
    report: Report;
    version: number;
    periodFrom: string;
    periodTo: string;
    narrative: string;
    spending: SpendingLine[];
    beneficiaries: Beneficiaries;
    submittedById: string;
    submittedAt: Date;
  }) {
    super();
    this.report = init.report;
    this.version = init.version;
    this.periodFrom = init.periodFrom;
    this.periodTo = init.periodTo;
    this.narrative = init.narrative;
    this.spending = init.spending;
    this.beneficiaries = init.beneficiaries;
    this.submittedById = init.submittedById;
    this.submittedAt = init.submittedAt;
  }
}
