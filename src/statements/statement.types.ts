import { Field, Int, ObjectType } from 'type-graphql';
import { Fund } from '../funds/fund.entity';
import { Money } from '../graphql/money';
import { globalId } from '../graphql/relay';
import type { Position, Statement } from './statement.service';

@ObjectType({ description: 'Balances of a fund at one instant, in its base currency.' })
export class StatementPosition {
  @Field(() => Money) cash!: Money;
  @Field(() => Money, { description: 'Outstanding award commitments (grants payable).' }) commitments!: Money;
  @Field(() => Money, { description: 'Programme support cost booked and not yet paid over.' })
  supportCostPayable!: Money;
}

@ObjectType({ description: "A donor's receipts in the period: as paid, and in the fund's base currency." })
export class DonorReceipts {
  @Field(() => String, { nullable: true, description: 'Organization global id (null: receipts with no donor).' })
  donorId!: string | null;
  @Field(() => String) donorName!: string;
  @Field(() => [Money], { description: 'Gross receipts per original currency.' }) original!: Money[];
  @Field(() => Money, { description: 'Gross receipts in base currency, as booked.' }) base!: Money;
}

@ObjectType({ description: 'A wire posted at an entered rate when its month had no stored rate.' })
export class UnverifiedRateReceipt {
  @Field(() => String, { description: 'Contribution global id.' }) contributionId!: string;
  @Field(() => String) donorName!: string;
  @Field(() => String, { description: 'YYYY-MM-DD' }) valueDate!: string;
  @Field(() => Money) amount!: Money;
  @Field(() => String) exchangeRate!: string;
  @Field(() => Money) baseAmount!: Money;
}

@ObjectType({
  description:
    'Statement of a fund for value dates from..to (inclusive), from the ledger lines. ' +
    'closing.cash = opening.cash + receipts − refundsToDonors − disbursements + grantRefundsReceived + otherCashMovements; ' +
    'closing.commitments = opening.commitments + awardsCommitted − commitmentsReleased − commitmentsDisbursed + otherCommitmentChanges.',
})
export class FundStatement {
  @Field(() => Fund) fund!: Fund;
  @Field(() => String, { description: 'YYYY-MM-DD, first value date included.' }) from!: string;
  @Field(() => String, { description: 'YYYY-MM-DD, last value date included.' }) to!: string;
  @Field(() => StatementPosition, { description: 'At the start of `from`.' }) opening!: StatementPosition;
  @Field(() => Money, { description: 'Gross receipts of contributions.' }) receipts!: Money;
  @Field(() => [DonorReceipts]) receiptsByDonor!: DonorReceipts[];
  @Field(() => Money, { description: 'Programme support cost on the net receipts of the period.' })
  supportCosts!: Money;
  @Field(() => Money, { description: 'Refunds and chargebacks to donors, net of disputes won.' })
  refundsToDonors!: Money;
  @Field(() => Money, { description: 'Tranches paid to grantees.' }) disbursements!: Money;
  @Field(() => Money, { description: 'Unspent funds returned by grantees.' }) grantRefundsReceived!: Money;
  @Field(() => Money, { description: 'Cash moved by other events (reversals); normally zero.' })
  otherCashMovements!: Money;
  @Field(() => Money) awardsCommitted!: Money;
  @Field(() => Money, { description: 'Commitments released by terminations or amendments down.' })
  commitmentsReleased!: Money;
  @Field(() => Money, { description: 'Commitments settled by tranche payments.' }) commitmentsDisbursed!: Money;
  @Field(() => Money, { description: 'Commitments changed by other events (adjustments), signed.' })
  otherCommitmentChanges!: Money;
  @Field(() => Money, { description: 'Support cost payable changed by other events, signed.' })
  otherSupportCostChanges!: Money;
  @Field(() => StatementPosition, { description: 'At the end of `to`.' }) closing!: StatementPosition;
  @Field(() => Money) outstandingCommitments!: Money;
  @Field(() => Money, {
    description:
      'Unpaid part of open pledges made up to `to` (as they stand now), at the latest rate up to that month.',
  })
  pledgesReceivable!: Money;
  @Field(() => Int, { description: 'Open pledges left out of pledgesReceivable because no rate exists for them.' })
  pledgesWithoutRate!: number;
  @Field(() => [UnverifiedRateReceipt], {
    description: 'Receipts of the period posted at an entered rate that no stored monthly rate could check (flagged).',
  })
  unverifiedRates!: UnverifiedRateReceipt[];
}

const positionOf = (p: Position, c: string): StatementPosition =>
  Object.assign(new StatementPosition(), {
    cash: Money.of(p.cash, c),
    commitments: Money.of(p.commitments, c),
    supportCostPayable: Money.of(p.supportCostPayable, c),
  });

export function toFundStatement(s: Statement, donorGlobalId: (id: string) => string): FundStatement {
  const c = s.fund.baseCurrency;
  const m = (v: bigint) => Money.of(v, c);
  return Object.assign(new FundStatement(), {
    fund: s.fund,
    from: s.from,
    to: s.to,
    opening: positionOf(s.opening, c),
    receipts: m(s.receipts),
    receiptsByDonor: s.receiptsByDonor.map((d) =>
      Object.assign(new DonorReceipts(), {
        donorId: d.donorId ? donorGlobalId(d.donorId) : null,
        donorName: d.donorName,
        original: d.original.map((o) => Money.of(o.minor, o.currency)),
        base: m(d.base),
      }),
    ),
    supportCosts: m(s.supportCosts),
    refundsToDonors: m(s.refundsToDonors),
    disbursements: m(s.disbursements),
    grantRefundsReceived: m(s.grantRefundsReceived),
    otherCashMovements: m(s.otherCashMovements),
    awardsCommitted: m(s.awardsCommitted),
    commitmentsReleased: m(s.commitmentsReleased),
    commitmentsDisbursed: m(s.commitmentsDisbursed),
    otherCommitmentChanges: m(s.otherCommitmentChanges),
    otherSupportCostChanges: m(s.otherSupportCostChanges),
    closing: positionOf(s.closing, c),
    outstandingCommitments: m(s.outstandingCommitments),
    pledgesReceivable: m(s.pledgesReceivable),
    pledgesWithoutRate: s.pledgesWithoutRate,
    unverifiedRates: s.unverifiedRates.map((u) =>
      Object.assign(new UnverifiedRateReceipt(), {
        contributionId: globalId('Contribution', u.contributionId),
        donorName: u.donorName,
        valueDate: u.valueDate,
        amount: Money.of(u.amountMinor, u.currency),
        exchangeRate: u.rate,
        baseAmount: m(u.baseMinor),
      }),
    ),
  });
}
