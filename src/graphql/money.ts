import { Field, ObjectType } from 'type-graphql';
import { formatMinor } from '../core/money';

@ObjectType({ description: 'An exact amount of money: integer minor units and an ISO 4217 currency.' })
export class Money {
  @Field(() => String, { description: 'Decimal string with the currency precision, e.g. "1234.50".' })
  amount!: string;

  @Field(() => String, { description: 'ISO 4217 code.' })
  currency!: string;

  @Field(() => String, { description: 'Integer count of minor units, as a string (64-bit safe).' })
  minorUnits!: string;

  static of(minor: bigint, currency: string): Money {
    return Object.assign(new Money(), { amount: formatMinor(minor, currency), currency, minorUnits: minor.toString() });
  }
}
