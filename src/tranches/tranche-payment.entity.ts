import { Check, Entity, Index, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { Tranche } from './tranche.entity';
import { BaseEntity, Minor } from '../db/base.entity';
import { globalId, Node } from '../graphql/relay';

/**
 * One bank transfer on a tranche. A tranche is paid by one transfer of its approved amount, or by
 * documented partial transfers (each with its reason) that add up to it.
 */
@ObjectType({ implements: Node, description: 'A bank transfer recorded on a tranche.' })
@Entity({ tableName: 'tranche_payment' })
@Unique({ name: 'tranche_payment_reference_unique', properties: ['tranche', 'reference'] })
@Index({ properties: ['tranche'] })
@Check({ name: 'tranche_payment_positive', expression: 'amount_minor > 0' })
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

  constructor(init: {
    tranche: Tranche;
    amountMinor: bigint;
    valueDate: string;
    reference: string;
    paidById: string;
    partialReason: string | null;
  }) {
    super();
    if (init.amountMinor <= 0n) throw new Error('a tranche payment must be positive');
    this.tranche = init.tranche;
    this.amountMinor = init.amountMinor;
    this.valueDate = init.valueDate;
    this.reference = init.reference;
    this.paidById = init.paidById;
    this.partialReason = init.partialReason;
  }
}
