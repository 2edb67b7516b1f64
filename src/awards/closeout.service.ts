import { auditActor, recordAudit } from '../audit/audit.service';
import { move } from '../core/transition';
import { TRANCHE_MACHINE, TRANCHE_STATUS } from '../tranches/tranche.workflow';
import { AWARD_MACHINE, AWARD_STATUS } from './award.workflow';
import { authorize } from '../auth/policy';
import { Award, AwardStatus } from './award.entity';
import { Tranche, TrancheStatus } from '../tranches/tranche.entity';
import { assertValueDate } from '../core/clock';
import type { Acting } from '../services';
import { DomainError, ErrorCode } from '../core/errors';
import { assertCurrency, formatMinor, parseDecimal } from '../core/money';
import { Account, LedgerEventKind } from '../ledger/ledger-entry.entity';
import { post } from '../ledger/ledger.service';
import { lockAwardAndFund, outstandingCommitment, paidOnAward } from './award.repository';
import { releaseCommitment } from './award-money';
import { canManageDisbursements } from '../tranches/tranche.policy';
import { enforce } from '../auth/enforce';
import { canRecordGrantRefund, canTerminateAward } from './award.policy';
import type { RecordGrantRefundInput, TerminateAwardInput } from './award.types';
import { isBooked } from '../ledger/ledger.repository';

/**
 * Records the board's decision to end an award: unpaid tranches are cancelled, the remaining
 * commitment goes back to the fund (COMMITMENT_RELEASED), the award is TERMINATED. The secretariat
 * records it with the decision's reference (the board decides in session, not in this API).
 */
export async function terminateAward(ctx: Acting, input: TerminateAwardInput): Promise<Award> {
  return ctx.em.transactional(async (tx) => {
    const { fund, award } = await lockAwardAndFund(tx, input.awardId);
    const role = authorize(canManageDisbursements(ctx.actor, award));
    if (award.status === AwardStatus.TERMINATED) return award;
    enforce(canTerminateAward(ctx.actor, award));
    const now = ctx.app.clock.now();
    const open = await tx.find(Tranche, {
      award: award.id,
      status: { $in: [TrancheStatus.SCHEDULED, TrancheStatus.REQUESTED, TrancheStatus.APPROVED] },
    });
    const left = await outstandingCommitment(tx, award);
    releaseCommitment(tx, fund, award, left, `Award terminated: ${input.boardDecisionReference}`, now);
    const actor = auditActor(ctx, role);
    const cancellationReason = `Award terminated (${input.boardDecisionReference})`;
    for (const t of open) {
      await move(tx, actor, TRANCHE_MACHINE, t, TRANCHE_STATUS, TrancheStatus.CANCELLED, {
        action: 'tranche.cancel',
        fundId: fund.id,
        apply: () => (t.cancellationReason = cancellationReason),
        detail: { reason: cancellationReason },
      });
    }
    await move(tx, actor, AWARD_MACHINE, award, AWARD_STATUS, AwardStatus.TERMINATED, {
      action: 'award.terminate',
      fundId: fund.id,
      field: 'awardId',
      apply: () => {
        award.closedAt = now;
        award.terminationReference = input.boardDecisionReference;
      },
      detail: { boardDecisionReference: input.boardDecisionReference, reason: input.reason, releasedMinor: left },
    });
    return award;
  });
}

/**
 * Unspent funds the grantee sent back: cash in, grant expense down (GRANT_REFUND_RECEIVED). At
 * most what was paid and not yet refunded; a reference is booked once.
 */
export async function recordGrantRefund(ctx: Acting, input: RecordGrantRefundInput): Promise<Award> {
  return ctx.em.transactional(async (tx) => {
    const { fund, award } = await lockAwardAndFund(tx, input.awardId);
    const role = enforce(canRecordGrantRefund(ctx.actor, award));
    const c = fund.baseCurrency;
    if (assertCurrency(input.currency) !== c) {
      throw new DomainError(ErrorCode.CURRENCY_MISMATCH, `Refunds are recorded in the fund's ${c}.`, 'currency');
    }
    const amount = parseDecimal(input.amount, c, 'amount');
    if (amount <= 0n) throw new DomainError(ErrorCode.INVALID_VALUE, 'The amount must be positive.', 'amount');
    const now = ctx.app.clock.now();
    assertValueDate(input.valueDate, now);
    const description = `Refund of unspent funds, ref ${input.reference}`.slice(0, 500);
    if (await isBooked(tx, LedgerEventKind.GRANT_REFUND_RECEIVED, award.id, description)) {
      throw new DomainError(ErrorCode.DUPLICATE_REFERENCE, 'This refund reference is already recorded.', 'reference');
    }
    const refundable = (await paidOnAward(tx, award.id)) - award.refundedMinor;
    if (amount > refundable) {
      throw new DomainError(
        ErrorCode.REFUND_ABOVE_PAID,
        `At most ${formatMinor(refundable, c)} ${c} paid to the grantee can come back.`,
        'amount',
      );
    }
    award.refundedMinor += amount;
    post(tx, {
      fund,
      kind: LedgerEventKind.GRANT_REFUND_RECEIVED,
      sourceType: 'Award',
      sourceId: award.id,
      description,
      valueDate: input.valueDate,
      lines: [
        { account: Account.CASH, debit: amount },
        { account: Account.GRANT_EXPENSE, credit: amount },
      ],
    });
    await tx.flush();
    await recordAudit(tx, auditActor(ctx, role), {
      action: 'award.refund',
      entityType: 'Award',
      entityId: award.id,
      fundId: fund.id,
      after: { amountMinor: amount, reference: input.reference, valueDate: input.valueDate },
    });
    return award;
  });
}
