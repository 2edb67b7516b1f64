import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { PayloadErrors, type UserError } from '../graphql/errors';
import { STATISTICS_ERRORS } from './statistics.errors';
import { StatisticsPublication } from './statistics-publication.entity';
import { Fund } from '../funds/fund.entity';
import { Money } from '../graphql/money';
import type { FundStatistics, GrantGroup } from './statistics.service';
import { publishTotal, type PublishedCell } from './suppression';

@ObjectType({ description: 'One published count: a number, or "<5" when suppressed to protect victims.' })
export class StatCell {
  @Field(() => String) key!: string;
  @Field(() => String, { description: 'A non-negative integer, or "<5".' }) value!: string;
}

@ObjectType()
export class GrantStat {
  @Field(() => String, { description: 'ISO 3166-1 alpha-2 country, or year.' }) key!: string;
  @Field(() => Int) count!: number;
  @Field(() => Money) amount!: Money;
}

@ObjectType({ description: 'Money received in one year (by value date), net of refunds to donors.' })
export class ContributionYearStat {
  @Field(() => String, { description: 'Year, YYYY.' }) year!: string;
  @Field(() => Money, { description: 'Net receipts in the base currency.' }) amount!: Money;
  @Field(() => String, {
    description: 'Donors that gave that year: a number, or "<5" so that a year of few donors singles nobody out.',
  })
  donors!: string;
}

@ObjectType({
  description:
    'Victims newly assisted, from accepted interim and final reports, as of the latest published quarter (frozen per period); small counts suppressed.',
})
export class VictimStatistics {
  @Field(() => String, {
    nullable: true,
    description: 'The published quarter (YYYY-Qn) the figures are as of; null before the first publication.',
  })
  period!: string | null;
  @Field(() => String, { nullable: true, description: 'First day of the period, YYYY-MM-DD.' }) periodStart!:
    string | null;
  @Field(() => String, { nullable: true, description: 'Last day of the period, YYYY-MM-DD.' }) periodEnd!:
    string | null;
  @Field(() => Date, { nullable: true }) publishedAt!: Date | null;
  @Field(() => Int, { description: 'Accepted reports counted (latest submission of each).' }) reportsCounted!: number;
  @Field(() => String, { description: 'A number, or "<5".' }) total!: string;
  @Field(() => [StatCell]) bySex!: StatCell[];
  @Field(() => [StatCell]) byAgeGroup!: StatCell[];
  @Field(() => [StatCell], { description: 'Primary form of exploitation.' }) byExploitation!: StatCell[];
  @Field(() => [StatCell], { description: 'A victim may receive several types of assistance.' })
  byAssistance!: StatCell[];
}

@InputType()
export class PublishStatisticsInput {
  @Field(() => String) fundId!: string;
  @Field(() => String, { description: 'A closed quarter, YYYY-Qn (e.g. 2026-Q3).' }) period!: string;
}

@ObjectType()
export class PublishStatisticsPayload {
  @Field(() => StatisticsPublication, { nullable: true }) publication?: StatisticsPublication | null;
  @PayloadErrors(STATISTICS_ERRORS) errors!: UserError[];
}

@ObjectType({ description: 'What a fund received and how it was used; public, no personal data.' })
export class PublicStatistics {
  @Field(() => Fund) fund!: Fund;
  @Field(() => Money, { description: 'Receipts less refunds to donors, in the base currency.' }) totalReceived!: Money;
  @Field(() => Int, { description: 'Donors with money received.' }) donorCount!: number;
  @Field(() => [String], { description: 'Names of the donors that agreed to be named.' }) publicDonors!: string[];
  @Field(() => Int) grantsAwarded!: number;
  @Field(() => Money) amountAwarded!: Money;
  @Field(() => [GrantStat], {
    description: 'By project country (else the NGO country); a multi-country grant counts in each, its amount split.',
  })
  grantsByCountry!: GrantStat[];
  @Field(() => [GrantStat], { description: 'By year of award.' }) grantsByYear!: GrantStat[];
  @Field(() => [ContributionYearStat], { description: 'Receipts by year of value date, oldest first.' })
  contributionsByYear!: ContributionYearStat[];
  @Field(() => Int, { description: 'Tranches paid to NGOs.' }) tranchesPaid!: number;
  @Field(() => Money, { description: 'Paid to NGOs (tranches), in the base currency.' }) amountDisbursed!: Money;
  @Field(() => VictimStatistics) victims!: VictimStatistics;
}

const cell = (c: PublishedCell) => Object.assign(new StatCell(), c);

export function toPublicStatistics(s: FundStatistics): PublicStatistics {
  const c = s.fund.baseCurrency;
  const group = (g: GrantGroup) =>
    Object.assign(new GrantStat(), { key: g.key, count: g.count, amount: Money.of(g.amountMinor, c) });
  return Object.assign(new PublicStatistics(), {
    fund: s.fund,
    totalReceived: Money.of(s.totalReceivedMinor, c),
    donorCount: s.donorCount,
    publicDonors: s.publicDonors,
    grantsAwarded: s.grantCount,
    amountAwarded: Money.of(s.grantAmountMinor, c),
    grantsByCountry: s.grantsByCountry.map(group),
    grantsByYear: s.grantsByYear.map(group),
    contributionsByYear: s.contributionsByYear.map((y) =>
      Object.assign(new ContributionYearStat(), {
        year: y.year,
        amount: Money.of(y.amountMinor, c),
        donors: publishTotal(y.donors),
      }),
    ),
    tranchesPaid: s.tranchesPaid,
    amountDisbursed: Money.of(s.disbursedMinor, c),
    victims: Object.assign(new VictimStatistics(), {
      period: s.publication?.period ?? null,
      periodStart: s.publication?.periodStart ?? null,
      periodEnd: s.publication?.periodEnd ?? null,
      publishedAt: s.publication?.publishedAt ?? null,
      reportsCounted: s.publication?.reportsCounted ?? 0,
      total: s.victims.total,
      bySex: s.victims.dimensions.bySex.cells.map(cell),
      byAgeGroup: s.victims.dimensions.byAgeGroup.cells.map(cell),
      byExploitation: s.victims.dimensions.byExploitation.cells.map(cell),
      byAssistance: s.victims.dimensions.byAssistance.cells.map(cell),
    }),
  });
}
