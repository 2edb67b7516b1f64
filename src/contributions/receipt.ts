import { Money } from '../graphql/money';
import type { Fund } from '../funds/fund.entity';
import type { Organization } from '../organizations/organization.entity';
import type { Contribution } from './contribution.entity';
import { ContributionReceipt } from './contribution.types';

export function receiptOf(c: Contribution, org: Organization, fund: Fund): ContributionReceipt {
  return Object.assign(new ContributionReceipt(), {
    number: c.id,
    donorName: org.legalName,
    fundName: fund.name,
    amount: Money.of(c.amountMinor, c.currency),
    baseAmount: Money.of(c.baseAmountMinor, c.baseCurrency),
    exchangeRate: c.exchangeRate,
    date: c.valueDate ?? '',
    reference: c.bankReference ?? c.stripePaymentIntentId ?? c.id,
    channel: c.channel,
    refunded: Money.of(c.refundedMinor, c.currency),
  });
}
