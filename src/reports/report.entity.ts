import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from '../db/base.entity';
import { globalId, Node } from '../graphql/relay';
import { Award } from '../awards/award.entity';
import type { ReportSubmission } from './report-submission.entity';

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
