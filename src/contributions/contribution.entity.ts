import { Check, Entity, Enum, Index, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity, Minor } from '../db/base.entity';
import { Fund } from '../funds/fund.entity';
import { Organization } from '../organizations/organization.entity';
import { Pledge } from '../pledges/pledge.entity';
import { globalId, Node } from '../graphql/relay';

export enum ContributionChannel {
  STRIPE = 'STRIPE',
  WIRE = 'WIRE',
}
registerEnumType(ContributionChannel, { name: 'ContributionChannel' });

export enum ContributionStatus {
  PENDING = 'PENDING',
  RECEIVED = 'RECEIVED',
  FAILED = 'FAILED',
  REFUNDED = 'REFUNDED',
  DISPUTED = 'DISPUTED',
}
registerEnumType(ContributionStatus, { name: 'ContributionStatus' });

export enum DisputeStatus {
  OPEN = 'OPEN',
  WON = 'WON',
  LOST = 'LOST',
}
registerEnumType(DisputeStatus, { name: 'DisputeStatus' });

/** How a wire's exchange rate was checked against the month's stored rate (issue 11, item 3). */
export enum RateCheck {
  /** The month's stored rate was used. */
  STORED = 'STORED',
  /** A rate was entered within the fund's tolerance of the stored rate. */
  WITHIN_TOLERANCE = 'WITHIN_TOLERANCE',
  /** No rate is stored for the month: posted with the entered rate and flagged on the statement. */
  NO_STORED_RATE = 'NO_STORED_RATE',
  /** Beyond the tolerance: not posted until a second secretariat member confirms it. */
  AWAITING_CONFIRMATION = 'AWAITING_CONFIRMATION',
  /** Beyond the tolerance and confirmed by a second secretariat member: posted. */
  CONFIRMED = 'CONFIRMED',
  /** Beyond the tolerance and rejected: never posted (status FAILED). */
  REJECTED = 'REJECTED',
}
registerEnumType(RateCheck, { name: 'RateCheck' });

/**
 * A receipt of money. The original amount, the rate and the base amount are fixed when the
 * contribution is created and never recomputed. `booked*` mirror what the ledger holds for it,
 * so each webhook posts only the difference to the state Stripe reports (order-independent).
 */
@ObjectType({ implements: Node, description: 'A receipt of money from a donor (card or wire).' })
@Entity({ tableName: 'contribution' })
@Unique({ name: 'contribution_idempotency_unique', properties: ['createdById', 'idempotencyKey'] })
@Unique({ name: 'contribution_bank_reference_unique', properties: ['bankReference'] })
@Unique({ name: 'contribution_payment_intent_unique', properties: ['stripePaymentIntentId'] })
@Index({ properties: ['donorOrganization'] })
@Index({ properties: ['fund'] })
@Index({ properties: ['pledge'] })
@Check({ name: 'contribution_amount_positive', expression: 'amount_minor > 0 and base_amount_minor > 0' })
@Check({
  name: 'contribution_refund_range',
  expression: 'refunded_minor >= 0 and refunded_minor <= amount_minor',
})
@Check({
  name: 'contribution_booked_range',
  expression: 'booked_base_minor >= 0 and booked_base_minor <= base_amount_minor and booked_support_cost_minor >= 0',
})
export class Contribution extends BaseEntity implements Node {
  get nodeId(): string {
    return globalId('Contribution', this.id);
  }

  @ManyToOne(() => Fund)
  fund: Fund;

  @ManyToOne(() => Organization)
  donorOrganization: Organization;

  @ManyToOne(() => Pledge, { nullable: true })
  pledge: Pledge | null = null;

  @Field(() => ContributionChannel)
  @Enum({ items: () => ContributionChannel })
  channel: ContributionChannel;

  @Field(() => ContributionStatus)
  @Enum({ items: () => ContributionStatus, default: ContributionStatus.PENDING })
  status: ContributionStatus = ContributionStatus.PENDING;

  @Property({ type: Minor() })
  amountMinor: bigint;

  @Property({ type: 'string', length: 3 })
  currency: string;

  /** Units of base currency per unit of `currency`, fixed scale 8 (numeric(18,8), kept as a string). */
  @Field(() => String, { description: 'Rate to the base currency used for this receipt, e.g. "1.08730000".' })
  @Property({ type: 'decimal', precision: 18, scale: 8 })
  exchangeRate: string;

  @Property({ type: Minor() })
  baseAmountMinor: bigint;

  @Property({ type: 'string', length: 3 })
  baseCurrency: string;

  /** Cumulative refunded amount in `currency`, as last reported by the payment provider. */
  @Property({ type: Minor(), default: 0 })
  refundedMinor = 0n;

  /** Net base amount currently booked as received in the ledger (gross − refunds − disputes). */
  @Property({ type: Minor(), default: 0 })
  bookedBaseMinor = 0n;

  @Property({ type: Minor(), default: 0 })
  bookedSupportCostMinor = 0n;

  /** The receipt (gross) has been posted once; later changes are deltas. */
  @Property({ type: 'boolean', default: false })
  receiptBooked = false;

  /** The provider confirmed the payment (wire: recorded by the secretariat). */
  @Property({ type: 'boolean', default: false })
  succeeded = false;

  @Field(() => DisputeStatus, { nullable: true })
  @Enum({ items: () => DisputeStatus, nullable: true })
  disputeStatus: DisputeStatus | null = null;

  @Field(() => String, { nullable: true, description: 'Date the money arrived, YYYY-MM-DD.' })
  @Property({ type: 'date', nullable: true })
  valueDate: string | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 100, nullable: true })
  bankReference: string | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 255, nullable: true })
  stripePaymentIntentId: string | null = null;

  @Property({ type: 'string', length: 255, nullable: true })
  stripeChargeId: string | null = null;

  @Field(() => String, { nullable: true, description: 'Why the payment failed, as reported by the provider.' })
  @Property({ type: 'text', nullable: true })
  failureReason: string | null = null;

  @Property({ type: 'string', length: 255, nullable: true })
  idempotencyKey: string | null = null;

  /** sha256 of the normalised request, to tell a retry from a reuse of the key with another body. */
  @Property({ type: 'string', length: 64, nullable: true })
  requestHash: string | null = null;

  @Property({ type: 'uuid' })
  createdById: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  note: string | null = null;

  @Field(() => RateCheck, { nullable: true, description: 'Wires in another currency: how the rate was checked.' })
  @Enum({ items: () => RateCheck, nullable: true })
  rateCheck: RateCheck | null = null;

  @Field(() => String, { nullable: true, description: "The month's stored rate when the wire was recorded." })
  @Property({ type: 'decimal', precision: 18, scale: 8, nullable: true })
  storedRate: string | null = null;

  /** The second secretariat member who confirmed (or rejected) a rate beyond the tolerance. */
  @Property({ type: 'uuid', nullable: true })
  rateDecidedById: string | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  rateDecidedAt: Date | null = null;

  constructor(init: {
    fund: Fund;
    donorOrganization: Organization;
    pledge: Pledge | null;
    channel: ContributionChannel;
    amountMinor: bigint;
    currency: string;
    exchangeRate: string;
    baseAmountMinor: bigint;
    createdById: string;
  }) {
    super();
    if (init.amountMinor <= 0n || init.baseAmountMinor <= 0n) throw new Error('contribution amount must be positive');
    this.fund = init.fund;
    this.donorOrganization = init.donorOrganization;
    this.pledge = init.pledge;
    this.channel = init.channel;
    this.amountMinor = init.amountMinor;
    this.currency = init.currency;
    this.exchangeRate = init.exchangeRate;
    this.baseAmountMinor = init.baseAmountMinor;
    this.baseCurrency = init.fund.baseCurrency;
    this.createdById = init.createdById;
  }
}
