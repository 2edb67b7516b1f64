import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * One row per Stripe event id, inserted first in the transaction that applies the event: a
 * second delivery hits the primary key and is acknowledged without effect.
 */
@Entity({ tableName: 'stripe_event' })
export class StripeEvent {
  @PrimaryKey({ type: 'string', length: 255 })
  id: string;

  @Property({ type: 'string', length: 100 })
  type: string;

  @Property({ type: 'boolean' })
  livemode: boolean;

  /** applied | ignored | mismatch | unmatched */
  @Property({ type: 'string', length: 20 })
  outcome: string;

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' })
  receivedAt: Date = new Date();

  constructor(id: string, type: string, livemode: boolean, outcome: string) {
    this.id = id;
    this.type = type;
    this.livemode = livemode;
    this.outcome = outcome;
  }
}
