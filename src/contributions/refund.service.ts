import { enforce } from '../auth/enforce';
import { auditActor, recordAudit } from '../audit/audit.service';
import { getByGlobalId } from '../db/find';
import type { Acting } from '../services';
import { DomainError, ErrorCode } from '../core/errors';
import { parseDecimal } from '../core/money';
import { Contribution } from './contribution.entity';
import { canRefundCardNow } from './contribution.policy';
import type { RefundCardContributionInput } from './contribution.types';

/**
 * Asks Stripe to refund (part of) a card contribution. Nothing is booked here: the ledger and
 * status change when Stripe confirms with `charge.refunded`, the single source of truth for
 * refunds whether they start here or in the Stripe dashboard.
 */
export async function refundCardContribution(ctx: Acting, input: RefundCardContributionInput): Promise<Contribution> {
  const c = await getByGlobalId(ctx.em, Contribution, 'Contribution', input.contributionId, 'contributionId');
  // Policy first: a caller who may not refund learns nothing about the server's configuration.
  const payments = ctx.app.payments;
  const role = enforce(canRefundCardNow(ctx.actor, c, !!payments));
  if (!payments || !c.stripePaymentIntentId) throw new Error('canRefundCardNow let a refund without Stripe through.');
  const amount = input.amount ? parseDecimal(input.amount, c.currency) : c.amountMinor - c.refundedMinor;
  if (amount <= 0n || amount > c.amountMinor - c.refundedMinor) {
    throw new DomainError(ErrorCode.AMOUNT_OUT_OF_RANGE, 'More than what is left to refund.', 'amount');
  }
  let refundId: string;
  try {
    const refund = await payments.stripe.refunds.create(
      {
        payment_intent: c.stripePaymentIntentId,
        amount: Number(amount),
        reason: 'requested_by_customer',
        metadata: { contributionId: c.id, requestedBy: ctx.actor.userId },
      },
      { idempotencyKey: `vtf-refund-${c.id}-${input.idempotencyKey}` },
    );
    refundId = refund.id;
  } catch (err) {
    ctx.log.error({ err, contributionId: c.id }, 'stripe refund failed');
    throw new DomainError(ErrorCode.PAYMENT_PROVIDER_ERROR, 'The payment provider did not accept the refund; retry.');
  }
  await ctx.em.transactional(async (tx) => {
    await recordAudit(tx, auditActor(ctx, role), {
      action: 'contribution.refund_requested',
      entityType: 'Contribution',
      entityId: c.id,
      fundId: c.fund.id,
      after: { refundId, amountMinor: amount.toString(), currency: c.currency, reason: input.reason },
    });
  });
  return c;
}
