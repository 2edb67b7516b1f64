import { enforce } from '../auth/enforce';
import { auditActor, recordAudit } from '../audit/audit.service';
import { isoDate } from '../core/clock';
import type { Acting } from '../services';
import { DomainError, ErrorCode } from '../core/errors';
import { assertCurrency, formatMinor, parseDecimal } from '../core/money';
import { parseGlobalId } from '../graphql/relay';
import { assertDate, pledgeStatusEvents, refreshPledge } from '../pledges/pledge.service';
import { Pledge } from '../pledges/pledge.entity';
import { Contribution } from './contribution.entity';
import { settleStatus, syncLedger } from './contribution.ledger';
import { contributionSnapshot } from './contribution.snapshot';
import { canRefundWireNow } from './contribution.policy';
import type { RefundWireContributionInput } from './contribution.types';
import { lockContribution } from './contribution.repository';
import { isBooked } from '../ledger/ledger.repository';
import { LedgerEventKind } from '../ledger/ledger-entry.entity';

/**
 * Sends (part of) a wire back to the donor: the same ledger treatment as a card refund
 * (CONTRIBUTION_REFUNDED, proportional base amount and support cost, from the cumulative refunded
 * amount) and the same audit event shape, in one transaction under the fund and contribution locks,
 * so two refunds racing see each other. A bank reference is booked once per contribution.
 */
export async function refundWireContribution(ctx: Acting, input: RefundWireContributionInput): Promise<Contribution> {
  const { id } = parseGlobalId(input.contributionId, 'Contribution', 'contributionId');
  const reference = input.reference.trim();
  return ctx.em.transactional(async (tx) => {
    const c = await lockContribution(tx, id);
    const role = enforce(canRefundWireNow(ctx.actor, c));
    const description = `Wire refund to the donor, ref ${reference}`.slice(0, 500);
    if (await isBooked(tx, LedgerEventKind.CONTRIBUTION_REFUNDED, c.id, description)) {
      throw new DomainError(
        ErrorCode.DUPLICATE_REFERENCE,
        `Refund reference ${reference} is already recorded.`,
        'reference',
      );
    }
    if (input.currency && assertCurrency(input.currency) !== c.currency) {
      throw new DomainError(ErrorCode.CURRENCY_MISMATCH, `A refund is sent in the wire's ${c.currency}.`, 'currency');
    }
    const left = c.amountMinor - c.refundedMinor;
    const amount = input.amount ? parseDecimal(input.amount, c.currency, 'amount') : left;
    if (amount <= 0n || amount > left) {
      throw new DomainError(
        ErrorCode.AMOUNT_OUT_OF_RANGE,
        `At most ${formatMinor(left, c.currency)} ${c.currency} of this wire is left to refund.`,
        'amount',
      );
    }
    const valueDate = assertDate(input.valueDate, 'valueDate');
    if (valueDate > isoDate(ctx.app.clock.now()) || (c.valueDate && valueDate < c.valueDate)) {
      throw new DomainError(
        ErrorCode.INVALID_VALUE,
        'A refund is sent after the wire arrived and not in the future.',
        'valueDate',
      );
    }
    const before = contributionSnapshot(c);
    c.refundedMinor += amount;
    syncLedger(tx, c, 'refund', { description, valueDate });
    settleStatus(c);
    await tx.flush();
    const pledge = c.pledge ? await tx.findOneOrFail(Pledge, { id: c.pledge.id }) : null;
    const pledgeMove = pledge ? await refreshPledge(tx, pledge) : null;
    await tx.flush();
    await recordAudit(tx, auditActor(ctx, role), [
      {
        action: 'contribution.refund_wire',
        entityType: 'Contribution',
        entityId: c.id,
        fundId: c.fund.id,
        before,
        after: {
          ...contributionSnapshot(c),
          refundAmountMinor: amount.toString(),
          reference,
          valueDate,
          reason: input.reason,
        },
      },
      ...pledgeStatusEvents(pledge, pledgeMove, c.fund.id),
    ]);
    return c;
  });
}
