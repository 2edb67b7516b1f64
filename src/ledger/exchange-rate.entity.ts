import { Check, Entity, Property, Unique } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity } from '../db/base.entity';
import { globalId, Node } from '../graphql/relay';

/** The UN operational rate of a month, maintained by the secretariat. */
@ObjectType({ implements: Node, description: 'Monthly operational exchange rate: 1 currency = rate baseCurrency.' })
@Entity({ tableName: 'exchange_rate' })
@Unique({ name: 'exchange_rate_month_unique', properties: ['currency', 'baseCurrency', 'month'] })
@Check({ name: 'exchange_rate_positive', expression: 'rate > 0' })
export class ExchangeRate extends BaseEntity implements Node {
  get nodeId(): string {
    return globalId('ExchangeRate', this.id);
  }

  @Field(() => String)
  @Property({ type: 'string', length: 3 })
  currency: string;

  @Field(() => String)
  @Property({ type: 'string', length: 3 })
  baseCurrency: string;

  @Field(() => String, { description: 'YYYY-MM' })
  @Property({ type: 'string', length: 7 })
  month: string;

  @Field(() => String, { description: 'Decimal with 8 places.' })
  @Property({ type: 'decimal', precision: 18, scale: 8 })
  rate: string;

  @Property({ type: 'uuid' })
  setById: string;

  constructor(currency: string, baseCurrency: string, month: string, rate: string, setById: string) {
    super();
    this.currency = currency;
    this.baseCurrency = baseCurrency;
    this.month = month;
    this.rate = rate;
    this.setById = setById;
  }
}
