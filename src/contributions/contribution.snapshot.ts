import type { Contribution } from './contribution.entity';

/** Audit view of a contribution (no secrets: Stripe client secrets are never stored). */
export function contributionSnapshot(c: Contribution): Record<string, unknown> {
  return {
    fundId: c.fund.id,
    donorOrganizationId: c.donorOrganization.id,
    pledgeId: c.pledge?.id ?? null,
    channel: c.channel,
    status: c.status,
    amountMinor: c.amountMinor.toString(),
    currency: c.currency,
    exchangeRate: c.exchangeRate,
    baseAmountMinor: c.baseAmountMinor.toString(),
    baseCurrency: c.baseCurrency,
    refundedMinor: c.refundedMinor.toString(),
    bookedBaseMinor: c.bookedBaseMinor.toString(),
    bookedSupportCostMinor: c.bookedSupportCostMinor.toString(),
    disputeStatus: c.disputeStatus,
    valueDate: c.valueDate,
    bankReference: c.bankReference,
    stripePaymentIntentId: c.stripePaymentIntentId,
    rateCheck: c.rateCheck,
    storedRate: c.storedRate,
  };
}
