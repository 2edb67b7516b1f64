import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { Money } from '../graphql/money';
import { Account } from './ledger-entry.entity';
import { registerEnumType } from 'type-graphql';

registerEnumType(Account, { name: 'LedgerAccount' });

@InputType()
export class SetExchangeRateInput {
  @Field(() => String, { description: 'ISO 4217 code of the foreign currency.' }) currency!: string;
  @Field(() => String, { description: 'ISO 4217 code of the base currency (e.g. USD).' }) baseCurrency!: string;
  @Field(() => String, { description: 'YYYY-MM' }) month!: string;
  @Field(() => String, { description: 'Units of base currency per unit of currency, up to 8 places.' }) rate!: string;
}

@ObjectType({ description: "A fund's money, in its base currency, derived from the ledger (pledges: from pledges)." })
export class FundBalance {
  @Field(() => Money, { description: 'Gross receipts booked (cards and wires), before refunds.' }) received!: Money;
  @Field(() => Money, { description: 'Programme support cost booked on net receipts.' }) supportCosts!: Money;
  @Field(() => Money, { description: 'Receipts reversed: refunds and open or lost disputes.' }) refunded!: Money;
  @Field(() => Money, { description: 'Cash balance.' }) cash!: Money;
  @Field(() => Money, { description: 'Outstanding award commitments.' }) committed!: Money;
  @Field(() => Money, { description: 'Tranches paid to grantees.' }) disbursed!: Money;
  @Field(() => Money, { description: 'cash − committed − support cost payable.' }) available!: Money;
  @Field(() => Money, {
    description: 'Unpaid part of open pledges, converted at the latest monthly rate; never part of available.',
  })
  pledgedUnpaid!: Money;
  @Field(() => Int, { description: 'Open pledges left out of pledgedUnpaid because no rate exists for them.' })
  pledgesWithoutRate!: number;
}

@ObjectType()
export class AccountLine {
  @Field(() => Account) account!: Account;
  @Field(() => Money) debits!: Money;
  @Field(() => Money) credits!: Money;
  @Field(() => Money, { description: 'debits − credits' }) net!: Money;
}

@ObjectType()
export class LedgerDifference {
  @Field(() => String, { description: 'What was compared.' }) item!: string;
  @Field(() => Money) ledger!: Money;
  @Field(() => Money) expected!: Money;
}

@ObjectType({ description: 'Reconciliation of a fund: balances recomputed from the lines and the sub-ledgers.' })
export class LedgerCheck {
  @Field(() => Boolean, { description: 'True when every group balances and nothing differs.' }) ok!: boolean;
  @Field(() => Int) lineCount!: number;
  @Field(() => Int) groupCount!: number;
  @Field(() => [String], { description: 'Transaction groups whose debits ≠ credits.' }) unbalancedGroups!: string[];
  @Field(() => [AccountLine]) accounts!: AccountLine[];
  @Field(() => [LedgerDifference]) differences!: LedgerDifference[];
  @Field(() => FundBalance) balance!: FundBalance;
}
