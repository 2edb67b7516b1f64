import { Check, Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity, Minor } from '../db/base.entity';
import { Fund } from '../funds/fund.entity';
import { Organization } from '../organizations/organization.entity';
import { globalId, Node } from '../graphql/relay';

export enum PledgeStatus {
  PLEDGED = 'PLEDGED',
  PARTIALLY_PAID = 'PARTIALLY_PAID',
  FULFILLED = 'FULFILLED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(PledgeStatus, { name: 'PledgeStatus' });

/** A donor's promise to pay: shown as receivable, never as available money. */
@ObjectType({ implements: Node, description: 'A promise of a donor to pay into a fund.' })
@Entity({ tableName: 'pledge' })
@Index({ properties: ['donorOrganization'] })
@Index({ properties: ['fund', 'status'] })
@Check({ name: 'pledge_amount_positive', expression: 'amount_minor > 0' })
@Check({ name: 'pledge_paid_not_negative', expression: 'paid_minor >= 0' })
export class Pledge extends BaseEntity implements Node {
  get nodeId(): string {
    return globalId('Pledge', this.id);
  }

  @ManyToOne(() => Fund)
  fund: Fund;

  @ManyToOne(() => Organization)
  donorOrganization: Organization;

  @Property({ type: Minor() })
  amountMinor: bigint;

  @Property({ type: 'string', length: 3 })
  currency: string;

  /** Sum of the net receipts linked to the pledge (in the pledge currency); may exceed the amount. */
  @Property({ type: Minor(), default: 0 })
  paidMinor = 0n;

  @Field(() => String, { description: 'YYYY-MM-DD' })
  @Property({ type: 'date' })
  dueDate: string;

  @Field(() => String, { nullable: true, description: 'A call (global id) or a theme the money is meant for.' })
  @Property({ type: 'string', length: 300, nullable: true })
  earmark: string | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  note: string | null = null;

  @Field(() => PledgeStatus)
  @Enum({ items: () => PledgeStatus, default: PledgeStatus.PLEDGED })
  status: PledgeStatus = PledgeStatus.PLEDGED;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  cancelReason: string | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  cancelledAt: Date | null = null;

  @Property({ type: 'uuid', nullable: true })
  cancelledById: string | null = null;

  @Property({ type: 'uuid' })
  createdById: string;

  constructor(init: {
    fund: Fund;
    donorOrganization: Organization;
    amountMinor: bigint;
    currency: string;
    dueDate: string;
    createdById: string;
  }) {
    super();
    if (init.amountMinor <= 0n) throw new Error('pledge amount must be positive');
    this.fund = init.fund;
    this.donorOrganization = init.donorOrganization;
    this.amountMinor = init.amountMinor;
    this.currency = init.currency;
    this.dueDate = init.dueDate;
    this.createdById = init.createdById;
  }
}
