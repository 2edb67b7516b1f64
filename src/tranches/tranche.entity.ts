import { Check, Entity, Enum, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity, Minor } from '../db/base.entity';
import { globalId, Node } from '../graphql/relay';
import { Award } from '../awards/award.entity';
import { Report } from '../reports/report.entity';

export enum TrancheStatus {
  SCHEDULED = 'SCHEDULED',
  REQUESTED = 'REQUESTED',
  APPROVED = 'APPROVED',
  PAID = 'PAID',
  CANCELLED = 'CANCELLED',
}
registerEnumType(TrancheStatus, { name: 'TrancheStatus' });

@ObjectType({ implements: Node, description: 'A planned payment of an award.' })
@Entity({ tableName: 'tranche' })
@Unique({ properties: ['award', 'number'] })
@Check({ name: 'tranche_amount_positive', expression: 'planned_minor > 0' })
@Check({
  name: 'tranche_paid_consistent_v2',
  expression:
    "(status <> 'PAID' or paid_minor is not null) and (paid_minor is null or (paid_minor > 0 and paid_on is not null))",
})
@Check({ name: 'tranche_four_eyes', expression: 'approved_by_id is null or approved_by_id <> requested_by_id' })
export class Tranche extends BaseEntity implements Node {
  get nodeId(): string {
    return globalId('Tranche', this.id);
  }

  @ManyToOne(() => Award)
  award: Award;

  @Field(() => Int)
  @Property({ type: 'integer' })
  number: number;

  @Property({ type: Minor() })
  plannedMinor: bigint;

  @Field(() => String, { description: 'YYYY-MM-DD' })
  @Property({ type: 'date' })
  plannedDate: string;

  /** The report that must be accepted before this tranche can be requested. */
  @ManyToOne(() => Report, { nullable: true })
  conditionReport: Report | null;

  @Field(() => TrancheStatus)
  @Enum({ items: () => TrancheStatus, default: TrancheStatus.SCHEDULED })
  status: TrancheStatus = TrancheStatus.SCHEDULED;

  @Property({ type: 'uuid', nullable: true })
  requestedById: string | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  requestedAt: Date | null = null;

  @Property({ type: 'uuid', nullable: true })
  approvedById: string | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  approvedAt: Date | null = null;

  /** Paid so far on this tranche (the sum of its payments; partial payments leave the tranche APPROVED). */
  @Property({ type: Minor(), nullable: true })
  paidMinor: bigint | null = null;

  /** Who recorded the latest payment. */
  @Property({ type: 'uuid', nullable: true })
  paidById: string | null = null;

  @Field(() => String, { nullable: true, description: 'Value date of the latest payment, YYYY-MM-DD.' })
  @Property({ type: 'date', nullable: true })
  paidOn: string | null = null;

  @Field(() => String, { nullable: true, description: 'Bank reference of the latest payment.' })
  @Property({ type: 'text', nullable: true })
  paymentReference: string | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  cancellationReason: string | null = null;

  constructor(award: Award, number: number, plannedMinor: bigint, plannedDate: string, condition: Report | null) {
    super();
    this.award = award;
    this.number = number;
    this.plannedMinor = plannedMinor;
    this.plannedDate = plannedDate;
    this.conditionReport = condition;
  }
}
