import { Check, Entity, Enum, Index, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Tranche } from './tranche.entity';
import { BaseEntity, Minor } from '../db/base.entity';
import { globalId, Node } from '../graphql/relay';

/** The grantee's acknowledgement of a transfer (issue 18): receipt.workflow.ts. */
export enum ReceiptStatus {
  AWAITING = 'AWAITING',
  CONFIRMED = 'CONFIRMED',
  DISCREPANCY = 'DISCREPANCY',
  RESOLVED = 'RESOLVED',
}
registerEnumType(ReceiptStatus, { name: 'ReceiptStatus' });

/**
 * One bank transfer on a tranche. A tranche is paid by one transfer of its approved amount, or by
 * documented partial transfers (each with its reason) that add up to it.
 */
@ObjectType({ implements: Node, description: 'A bank transfer recorded on a tranche.' })
@Entity({ tableName: 'tranche_payment' })
@Unique({ name: 'tranche_payment_reference_unique', properties: ['tranche', 'reference'] })
@Index({ properties: ['tranche'] })
@Check({ name: 'tranche_payment_positive', expression: 'amount_minor > 0' })
@Check({
  name: 'tranche_payment_receipt_facts',
  expression:
    "receipt_status = 'AWAITING' or (received_minor is not null and received_minor >= 0 and received_on is not null and acknowledged_by_id is not null)",
})
export class TranchePayment extends BaseEntity implements Node {
  get nodeId(): string {
    return globalId('TranchePayment', this.id);
  }

  @ManyToOne(() => Tranche)
  tranche: Tranche;

  @Property({ type: Minor() })
  amountMinor: bigint;

  @Field(() => String, { description: 'Value date, YYYY-MM-DD.' })
  @Property({ type: 'date' })
  valueDate: string;

  @Field(() => String, { description: 'Bank reference of the transfer.' })
  @Property({ type: 'text' })
  reference: string;

  @Property({ type: 'uuid' })
  paidById: string;

  @Field(() => String, { nullable: true, description: 'Why less than the rest of the tranche was paid.' })
  @Property({ type: 'text', nullable: true })
  partialReason: string | null;

  @Field(() => ReceiptStatus, { description: "The grantee's acknowledgement of the transfer." })
  @Enum({ items: () => ReceiptStatus, default: ReceiptStatus.AWAITING })
  receiptStatus: ReceiptStatus = ReceiptStatus.AWAITING;

  @Field(() => String, {
    description: 'YYYY-MM-DD: the grantee acknowledges receipt by this day (value date + the fund policy).',
  })
  @Property({ type: 'date' })
  receiptDueDate: string;

  /** What the grantee says arrived, in the award's currency. */
  @Property({ type: Minor(), nullable: true })
  receivedMinor: bigint | null = null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD the grantee received the money.' })
  @Property({ type: 'date', nullable: true })
  receivedOn: string | null = null;

  @Field(() => String, { nullable: true, description: "The grantee's note (required with a discrepancy)." })
  @Property({ type: 'text', nullable: true })
  receiptNote: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  acknowledgedById: string | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null = null;

  @Field(() => String, { nullable: true, description: "The secretariat's resolution of a reported discrepancy." })
  @Property({ type: 'text', nullable: true })
  discrepancyResolution: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  resolvedById: string | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  resolvedAt: Date | null = null;

  constructor(init: {
    tranche: Tranche;
    amountMinor: bigint;
    valueDate: string;
    reference: string;
    paidById: string;
    partialReason: string | null;
    receiptDueDate: string;
  }) {
    super();
    if (init.amountMinor <= 0n) throw new Error('a tranche payment must be positive');
    this.tranche = init.tranche;
    this.amountMinor = init.amountMinor;
    this.valueDate = init.valueDate;
    this.reference = init.reference;
    this.paidById = init.paidById;
    this.partialReason = init.partialReason;
    this.receiptDueDate = init.receiptDueDate;
  }
}
