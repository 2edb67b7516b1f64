import { Check, Entity, Enum, Index, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity, Minor } from '../db/base.entity';
import { Fund } from '../funds/fund.entity';
import { GrantCall } from '../calls/grant-call.entity';
import { Organization } from '../organizations/organization.entity';
import { Application } from '../applications/application.entity';
import { globalId, Node } from '../graphql/relay';

export enum AwardStatus {
  ACTIVE = 'ACTIVE',
  COMPLETED = 'COMPLETED',
  TERMINATED = 'TERMINATED',
}
registerEnumType(AwardStatus, { name: 'AwardStatus' });

/** Whether the grantee has accepted the award (fund policy `awardAcceptanceDays`; issue 18). */
export enum AcceptanceStatus {
  /** The fund does not ask grantees to accept: the award is in force when approved. */
  NOT_REQUIRED = 'NOT_REQUIRED',
  PENDING = 'PENDING',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
}
registerEnumType(AcceptanceStatus, { name: 'AcceptanceStatus' });

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

  @Field(() => AcceptanceStatus)
  @Enum({ items: () => AcceptanceStatus, default: AcceptanceStatus.NOT_REQUIRED })
  acceptanceStatus: AcceptanceStatus = AcceptanceStatus.NOT_REQUIRED;

  @Field(() => String, { nullable: true, description: 'Last day (YYYY-MM-DD) the grantee may accept or decline.' })
  @Property({ type: 'date', nullable: true })
  acceptanceDueDate: string | null = null;

  @Field(() => Date, { nullable: true, description: 'When the grantee accepted or declined.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  acceptanceDecidedAt: Date | null = null;

  @Property({ type: 'uuid', nullable: true })
  acceptanceDecidedById: string | null = null;

  @Field(() => String, { nullable: true, description: 'Why the grantee declined.' })
  @Property({ type: 'text', nullable: true })
  declineReason: string | null = null;

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
