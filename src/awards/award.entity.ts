import { Check, Entity, Enum, Index, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity, Minor } from '../db/base.entity';
import { Fund } from '../funds/fund.entity';
import { GrantCall } from '../calls/grant-call.entity';
import { Organization } from '../organizations/organization.entity';
import { Application } from '../applications/application.entity';
import { globalId, Node } from '../graphql/relay';
import type { ReportSubmission } from '../reports/report-submission.entity';

export enum AwardStatus {
  ACTIVE = 'ACTIVE',
  COMPLETED = 'COMPLETED',
  TERMINATED = 'TERMINATED',
}
registerEnumType(AwardStatus, { name: 'AwardStatus' });

export enum TrancheStatus {
  SCHEDULED = 'SCHEDULED',
  REQUESTED = 'REQUESTED',
  APPROVED = 'APPROVED',
  PAID = 'PAID',
  CANCELLED = 'CANCELLED',
}
registerEnumType(TrancheStatus, { name: 'TrancheStatus' });

export enum ReportKind {
  INTERIM = 'INTERIM',
  FINAL = 'FINAL',
  FINANCIAL = 'FINANCIAL',
  AUDIT = 'AUDIT',
}
registerEnumType(ReportKind, { name: 'ReportKind' });

export enum ReportStatus {
  DUE = 'DUE',
  SUBMITTED = 'SUBMITTED',
  ACCEPTED = 'ACCEPTED',
  REVISION_REQUESTED = 'REVISION_REQUESTED',
  /** Past its due date and neither submitted nor accepted (stored by the overdue job, or computed from the clock). */
  OVERDUE = 'OVERDUE',
  /** Not required any more: a recorded secretariat decision (AUDIT reports only). */
  WAIVED = 'WAIVED',
}
registerEnumType(ReportStatus, { name: 'ReportStatus' });

@ObjectType({ implements: Node, description: 'A grant made on an approved application.' })
@Entity({ tableName: 'award' })
@Unique({ name: 'award_one_per_application', properties: ['application'] })
@Index({ properties: ['fund', 'organization'] })
@Index({ properties: ['call'] })
@Check({ name: 'award_amount_positive', expression: 'amount_minor > 0' })
export class Award extends BaseEntity implements Node {
  get nodeId(): string {
    return globalId('Award', this.id);
  }

  @ManyToOne(() => Application)
  application: Application;

  @ManyToOne(() => Fund)
  fund: Fund;

  @ManyToOne(() => GrantCall)
  call: GrantCall;

  @ManyToOne(() => Organization)
  organization: Organization;

  @Property({ type: Minor() })
  amountMinor: bigint;

  @Property({ type: 'string', length: 3 })
  currency: string;

  @Field(() => AwardStatus)
  @Enum({ items: () => AwardStatus, default: AwardStatus.ACTIVE })
  status: AwardStatus = AwardStatus.ACTIVE;

  @Field(() => String, { description: 'YYYY-MM-DD' })
  @Property({ type: 'date' })
  startDate: string;

  @Field(() => String, { description: 'YYYY-MM-DD' })
  @Property({ type: 'date' })
  endDate: string;

  @Field(() => Date)
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  approvedAt: Date;

  /** Commitment given back to the fund (cancelled tranches, termination, close-out); never paid out. */
  @Property({ type: Minor(), default: 0 })
  releasedMinor = 0n;

  /** Unspent funds the grantee returned (refunds received). */
  @Property({ type: Minor(), default: 0 })
  refundedMinor = 0n;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  closedAt: Date | null = null;

  @Field(() => String, { nullable: true, description: 'Board decision reference recorded at termination.' })
  @Property({ type: 'text', nullable: true })
  terminationReference: string | null = null;

  constructor(application: Application, amountMinor: bigint, startDate: string, endDate: string, approvedAt: Date) {
    super();
    this.application = application;
    this.fund = application.fund;
    this.call = application.call;
    this.organization = application.organization;
    this.amountMinor = amountMinor;
    this.currency = application.currency;
    this.startDate = startDate;
    this.endDate = endDate;
    this.approvedAt = approvedAt;
  }
}

@ObjectType({ implements: Node, description: 'A reporting obligation of an award.' })
@Entity({ tableName: 'report' })
@Index({ properties: ['award'] })
export class Report extends BaseEntity implements Node {
  get nodeId(): string {
    return globalId('Report', this.id);
  }

  @ManyToOne(() => Award)
  award: Award;

  @Field(() => ReportKind)
  @Enum({ items: () => ReportKind })
  kind: ReportKind;

  @Field(() => String, { description: 'YYYY-MM-DD' })
  @Property({ type: 'date' })
  dueDate: string;

  /** Stored status; clients read the effective one (past due and not submitted → OVERDUE). */
  @Enum({ items: () => ReportStatus, default: ReportStatus.DUE })
  status: ReportStatus = ReportStatus.DUE;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  acceptedAt: Date | null = null;

  @Property({ type: 'uuid', nullable: true })
  acceptedById: string | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  waivedAt: Date | null = null;

  @Property({ type: 'uuid', nullable: true })
  waivedById: string | null = null;

  @Field(() => String, { nullable: true, description: 'The secretariat decision that waived the report, and why.' })
  @Property({ type: 'text', nullable: true })
  waiverReason: string | null = null;

  /** The latest submitted version. */
  @ManyToOne(() => 'ReportSubmission', { nullable: true, deleteRule: 'set null' })
  currentSubmission: ReportSubmission | null = null;

  constructor(award: Award, kind: ReportKind, dueDate: string) {
    super();
    this.award = award;
    this.kind = kind;
    this.dueDate = dueDate;
  }
}

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
