import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAudit } from '../audit/audit.service';
import { authorize } from '../auth/policy';
import { Award, AwardStatus, Tranche, TrancheStatus } from '../awards/award.entity';
import { isoDate } from '../awards/overdue';
import { auditActor, type Context } from '../graphql/context';
import { DomainError, ErrorCode } from '../graphql/errors';
import { assertCurrency, formatMinor, parseDecimal } from '../graphql/money';
import { parseGlobalId } from '../graphql/relay';
import { Account, LedgerEventKind } from '../ledger/ledger-entry.entity';
import { lockFund, post } from '../ledger/ledger.service';
import { lockAward, outstandingCommitment, paidOnAward, releaseCommitment } from './award-money';
import { canManageDisbursements } from './disbursement.policy';
import type { AmendTrancheScheduleInput, RecordGrantRefundInput, TerminateAwardInput } from './disbursement.types';

async function lockAwardAndFund(tx: EntityManager, gid: string) {
  const { id } = parseGlobalId(gid, 'Award', 'awardId');
  const [row] = await tx.execute<{ fund_id: string }[]>(`select fund_id from award where id = ?`, [id]);
  if (!row) throw new DomainError(ErrorCode.NOT_FOUND, 'Award not found.', 'awardId');
  const fund = await lockFund(tx, row.fund_id);
  return { fund, award: await lockAward(tx, id) };
}

/**
 * Records the board's decision to end an award: unpaid tranches are cancelled, the remaining
 * commitment goes back to the fund (COMMITMENT_RELEASED), the award is TERMINATED. The secretariat
 * records it with the decision's reference (the board decides in session, not in this API).
 */
export async function terminateAward(ctx: Context, input: TerminateAwardInput): Promise<Award> {
  return ctx.em.transactional(async (tx) => {
    const { fund, award } = await lockAwardAndFund(tx, input.awardId);
    const role = authorize(canManageDisbursements(ctx.actor, award));
    if (award.status === AwardStatus.TERMINATED) return award;
    if (award.status !== AwardStatus.ACTIVE) {
      throw new DomainError(ErrorCode.INVALID_STATE, `A ${award.status} award cannot be terminated.`, 'awardId');
    }
    const now = ctx.app.clock.now();
    const open = await tx.find(Tranche, {
      award: award.id,
      status: { $in: [TrancheStatus.SCHEDULED, TrancheStatus.REQUESTED, TrancheStatus.APPROVED] },
    });
    for (const t of open) {
      t.status = TrancheStatus.CANCELLED;
      t.cancellationReason = `Award terminated (${input.boardDecisionReference})`;
    }
    const left = await outstandingCommitment(tx, award);
    releaseCommitment(tx, fund, award, left, `Award terminated: ${input.boardDecisionReference}`, now);
    award.status = AwardStatus.TERMINATED;
    award.closedAt = now;
    award.terminationReference = input.boardDecisionReference;
    await tx.flush();
    const actor = auditActor(ctx, role);
    await recordAudit(tx, actor, [
      ...open.map((t) => ({
        action: 'tranche.cancel',
        entityType: 'Tranche',
        entityId: t.id,
        fundId: fund.id,
        after: { status: TrancheStatus.CANCELLED, reason: t.cancellationReason },
      })),
      {
        action: 'award.terminate',
        entityType: 'Award',
        entityId: award.id,
        fundId: fund.id,
        before: { status: AwardStatus.ACTIVE },
        after: {
          status: AwardStatus.TERMINATED,
          boardDecisionReference: input.boardDecisionReference,
          reason: input.reason,
          releasedMinor: left,
        },
      },
    ]);
    return award;
  });
}

/**
 * Unspent funds the grantee sent back: cash in, grant expense down (GRANT_REFUND_RECEIVED). At
 * most what was paid and not yet refunded; a reference is booked once.
 */
export async function recordGrantRefund(ctx: Context, input: RecordGrantRefundInput): Promise<Award> {
  return ctx.em.transactional(async (tx) => {
    const { fund, award } = await lockAwardAndFund(tx, input.awardId);
    const role = authorize(canManageDisbursements(ctx.actor, award));
    const c = fund.baseCurrency;
    if (assertCurrency(input.currency) !== c) {
      throw new DomainError(ErrorCode.CURRENCY_MISMATCH, `Refunds are recorded in the fund's ${c}.`, 'currency');
    }
    const amount = parseDecimal(input.amount, c, 'amount');
    if (amount <= 0n) throw new DomainError(ErrorCode.INVALID_VALUE, 'The amount must be positive.', 'amount');
    const now = ctx.app.clock.now();
    if (Number.isNaN(Date.parse(`${input.valueDate}T00:00:00Z`)) || input.valueDate > isoDate(now)) {
      throw new DomainError(
        ErrorCode.INVALID_VALUE,
        'The value date must be a real date, not in the future.',
        'valueDate',
      );
    }
    const description = `Refund of unspent funds, ref ${input.reference}`.slice(0, 500);
    const [dup] = await tx.execute<{ n: string }[]>(
      `select count(*)::text as n from ledger_entry where kind = 'GRANT_REFUND_RECEIVED' and source_id = ? and description = ?`,
      [award.id, description],
    );
    if (Number(dup?.n ?? 0) > 0) {
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

/**
 * Changes amounts and dates of SCHEDULED tranches. The award total must stay the same: a change
 * of the total is a new board decision, which this API does not take yet (AMENDMENT_CHANGES_TOTAL).
 */
export async function amendTrancheSchedule(ctx: Context, input: AmendTrancheScheduleInput): Promise<Award> {
  return ctx.em.transactional(async (tx) => {
    const { fund, award } = await lockAwardAndFund(tx, input.awardId);
    const role = authorize(canManageDisbursements(ctx.actor, award));
    if (award.status !== AwardStatus.ACTIVE) {
      throw new DomainError(ErrorCode.INVALID_STATE, `The award is ${award.status}.`, 'awardId');
    }
    const tranches = await tx.find(Tranche, { award: award.id }, { orderBy: { number: 'asc' } });
    const byId = new Map(tranches.map((t) => [t.id, t]));
    const before = tranches.map((t) => ({
      number: t.number,
      plannedMinor: t.plannedMinor,
      plannedDate: t.plannedDate,
    }));
    const seen = new Set<string>();
    input.tranches.forEach((ch, i) => {
      const f = `tranches.${i}`;
      const t = byId.get(parseGlobalId(ch.trancheId, 'Tranche', `${f}.trancheId`).id);
      if (!t) throw new DomainError(ErrorCode.NOT_FOUND, 'Not a tranche of this award.', `${f}.trancheId`);
      if (seen.has(t.id)) throw new DomainError(ErrorCode.INVALID_VALUE, 'Tranche listed twice.', `${f}.trancheId`);
      seen.add(t.id);
      if (t.status !== TrancheStatus.SCHEDULED) {
        throw new DomainError(ErrorCode.INVALID_STATE, `Tranche ${t.number} is ${t.status}.`, `${f}.trancheId`);
      }
      const amount = parseDecimal(ch.amount, award.currency, `${f}.amount`);
      if (amount <= 0n) throw new DomainError(ErrorCode.INVALID_VALUE, 'Amounts are positive.', `${f}.amount`);
      if (Number.isNaN(Date.parse(`${ch.plannedDate}T00:00:00Z`))) {
        throw new DomainError(ErrorCode.INVALID_VALUE, 'Not a date.', `${f}.plannedDate`);
      }
      t.plannedMinor = amount;
      t.plannedDate = ch.plannedDate;
    });
    const live = (list: { plannedMinor: bigint }[], all: Tranche[]) =>
      all.reduce((s, t, i) => (t.status === TrancheStatus.CANCELLED ? s : s + list[i]!.plannedMinor), 0n);
    const oldTotal = live(before, tranches);
    const newTotal = live(tranches, tranches);
    if (newTotal !== oldTotal) {
      throw new DomainError(
        ErrorCode.AMENDMENT_CHANGES_TOTAL,
        `The schedule totals ${formatMinor(newTotal, award.currency)} instead of ${formatMinor(oldTotal, award.currency)}; a change of the award total needs a new board decision.`,
        'tranches',
      );
    }
    await tx.flush();
    await recordAudit(tx, auditActor(ctx, role), {
      action: 'award.amend_schedule',
      entityType: 'Award',
      entityId: award.id,
      fundId: fund.id,
      before: { tranches: before },
      after: {
        tranches: tranches.map((t) => ({ number: t.number, plannedMinor: t.plannedMinor, plannedDate: t.plannedDate })),
        reason: input.reason,
      },
    });
    return award;
  });
}
