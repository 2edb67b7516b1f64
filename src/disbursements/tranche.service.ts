import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { recordAudit } from '../audit/audit.service';
import { authorize } from '../auth/policy';
import { enforce } from '../auth/enforce';
import { Award, AwardStatus, Report, ReportStatus, Tranche, TrancheStatus } from '../awards/award.entity';
import { awardHasOverdueReport, isoDate } from '../awards/overdue';
import type { Fund } from '../funds/fund.entity';
import { auditActor, type Context } from '../graphql/context';
import { DomainError, ErrorCode } from '../graphql/errors';
import { assertCurrency, formatMinor, parseDecimal } from '../graphql/money';
import { parseGlobalId } from '../graphql/relay';
import { Account, LedgerEventKind } from '../ledger/ledger-entry.entity';
import { fundFigures, lockFund, post } from '../ledger/ledger.service';
import { Organization, VettingStatus } from '../organizations/organization.entity';
import type { Role } from '../users/user.entity';
import { completeIfDone, lockAward, outstandingCommitment, paidOnAward, releaseCommitment } from './award-money';
import { canApproveTranche, canManageDisbursements } from './disbursement.policy';
import type { CancelTrancheInput, RecordTranchePaymentInput, TrancheActionInput } from './disbursement.types';
import { canMove, TRANCHE_TRANSITIONS } from './tranche.workflow';

interface Locked {
  tranche: Tranche;
  award: Award;
  fund: Fund;
}

/**
 * Takes the fund lock first (same order as every money writer), then the award and the tranche
 * rows, so concurrent requests on one award queue up and each sees the previous one's result.
 */
async function lockTranche(tx: EntityManager, gid: string): Promise<Locked> {
  const { id } = parseGlobalId(gid, 'Tranche', 'trancheId');
  const [row] = await tx.execute<{ fund_id: string; award_id: string }[]>(
    `select a.fund_id, a.id as award_id from tranche t join award a on a.id = t.award_id where t.id = ?`,
    [id],
  );
  if (!row) throw new DomainError(ErrorCode.NOT_FOUND, 'Tranche not found.', 'trancheId');
  const fund = await lockFund(tx, row.fund_id);
  const award = await lockAward(tx, row.award_id);
  const tranche = await tx.findOneOrFail(Tranche, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  return { tranche, award, fund };
}

/** The one place a tranche changes status: checks the table, applies, flushes and audits. */
async function move(
  tx: EntityManager,
  ctx: Context,
  role: Role | 'SELF' | string,
  l: Locked,
  to: TrancheStatus,
  action: string,
  apply: () => void,
  detail: Record<string, unknown> = {},
) {
  const from = l.tranche.status;
  if (!canMove(TRANCHE_TRANSITIONS, from, to)) {
    throw new DomainError(ErrorCode.INVALID_STATE, `A ${from} tranche cannot become ${to}.`, 'trancheId');
  }
  apply();
  l.tranche.status = to;
  await tx.flush();
  await recordAudit(tx, auditActor(ctx, role), {
    action,
    entityType: 'Tranche',
    entityId: l.tranche.id,
    fundId: l.fund.id,
    before: { status: from },
    after: { status: to, ...detail },
  });
}

function assertActive(award: Award) {
  if (award.status !== AwardStatus.ACTIVE) {
    throw new DomainError(ErrorCode.INVALID_STATE, `The award is ${award.status}.`, 'trancheId');
  }
}

async function assertPayee(tx: EntityManager, award: Award) {
  const org = await tx.findOneOrFail(Organization, { id: award.organization.id });
  if (org.vettingStatus !== VettingStatus.VERIFIED) {
    throw new DomainError(
      ErrorCode.ORGANIZATION_NOT_VERIFIED,
      `The grantee organisation is ${org.vettingStatus}; nothing can be disbursed to it.`,
    );
  }
  if (!org.bankAccount) {
    throw new DomainError(ErrorCode.NO_BANK_ACCOUNT, 'The grantee organisation has no bank account on file.');
  }
}

/** Secretariat asks for the payment of a tranche whose condition is met. */
export async function requestTranche(ctx: Context, input: TrancheActionInput): Promise<Locked> {
  return ctx.em.transactional(async (tx) => {
    const l = await lockTranche(tx, input.trancheId);
    const role = authorize(canManageDisbursements(ctx.actor, l.award));
    if (l.tranche.status === TrancheStatus.REQUESTED) return l;
    assertActive(l.award);
    if (l.tranche.status !== TrancheStatus.SCHEDULED) {
      throw new DomainError(ErrorCode.INVALID_STATE, `The tranche is ${l.tranche.status}.`, 'trancheId');
    }
    if (l.tranche.conditionReport) {
      const report = await tx.findOneOrFail(Report, { id: l.tranche.conditionReport.id });
      if (report.status !== ReportStatus.ACCEPTED) {
        throw new DomainError(
          ErrorCode.CONDITION_NOT_MET,
          `The ${report.kind} report due ${report.dueDate} must be accepted before this tranche.`,
          'trancheId',
        );
      }
    }
    await assertPayee(tx, l.award);
    const now = ctx.app.clock.now();
    if (await awardHasOverdueReport(tx, l.award.id, now)) {
      throw new DomainError(ErrorCode.OVERDUE_REPORT, 'A report of this award is overdue.', 'trancheId');
    }
    await move(tx, ctx, role, l, TrancheStatus.REQUESTED, 'tranche.request', () => {
      l.tranche.requestedById = ctx.actor!.userId;
      l.tranche.requestedAt = now;
    });
    return l;
  });
}

/** Second pair of eyes: someone else than the requester, with a role the fund allows. */
export async function approveTranche(ctx: Context, input: TrancheActionInput): Promise<Locked> {
  return ctx.em.transactional(async (tx) => {
    const l = await lockTranche(tx, input.trancheId);
    const role = enforce(canApproveTranche(ctx.actor, l.tranche, l.fund));
    if (l.tranche.status === TrancheStatus.APPROVED) return l;
    assertActive(l.award);
    await move(tx, ctx, role, l, TrancheStatus.APPROVED, 'tranche.approve', () => {
      l.tranche.approvedById = ctx.actor!.userId;
      l.tranche.approvedAt = ctx.app.clock.now();
    });
    return l;
  });
}

/**
 * Records the bank transfer of an approved tranche and books grants payable → cash. Under the
 * fund lock: the award's paid total never exceeds the award, cash never goes negative, and a
 * repeat with the same reference returns the tranche unchanged.
 */
export async function recordTranchePayment(ctx: Context, input: RecordTranchePaymentInput): Promise<Locked> {
  return ctx.em.transactional(async (tx) => {
    const l = await lockTranche(tx, input.trancheId);
    const { tranche, award, fund } = l;
    const role = authorize(canManageDisbursements(ctx.actor, award));
    if (tranche.status === TrancheStatus.PAID) {
      if (tranche.paymentReference === input.reference) return l;
      throw new DomainError(
        ErrorCode.INVALID_STATE,
        `The tranche was already paid with reference ${tranche.paymentReference}.`,
        'reference',
      );
    }
    assertActive(award);
    if (tranche.status !== TrancheStatus.APPROVED) {
      throw new DomainError(ErrorCode.INVALID_STATE, `Only an APPROVED tranche is paid; it is ${tranche.status}.`);
    }
    const now = ctx.app.clock.now();
    if (Number.isNaN(Date.parse(`${input.valueDate}T00:00:00Z`)) || input.valueDate > isoDate(now)) {
      throw new DomainError(
        ErrorCode.INVALID_VALUE,
        'The value date must be a real date, not in the future.',
        'valueDate',
      );
    }
    const c = fund.baseCurrency;
    if (input.currency && assertCurrency(input.currency) !== c) {
      throw new DomainError(ErrorCode.CURRENCY_MISMATCH, `Tranches are paid in the fund's ${c}.`, 'currency');
    }
    const amount = input.amount ? parseDecimal(input.amount, c, 'amount') : tranche.plannedMinor;
    if (amount <= 0n) throw new DomainError(ErrorCode.INVALID_VALUE, 'The amount must be positive.', 'amount');
    await assertPayee(tx, award);
    const paid = await paidOnAward(tx, award.id);
    const payable = award.amountMinor - award.releasedMinor - paid;
    if (amount > payable) {
      throw new DomainError(
        ErrorCode.OVER_AWARD,
        `Paying ${formatMinor(amount, c)} would exceed the award: ${formatMinor(payable, c)} ${c} is left to pay.`,
        'amount',
      );
    }
    const { cash } = await fundFigures(tx, fund.id);
    if (amount > cash) {
      throw new DomainError(
        ErrorCode.INSUFFICIENT_FUNDS,
        `The fund holds ${formatMinor(cash, c)} ${c} in cash; it cannot pay ${formatMinor(amount, c)}.`,
        'amount',
      );
    }
    await move(
      tx,
      ctx,
      role,
      l,
      TrancheStatus.PAID,
      'tranche.pay',
      () => {
        tranche.paidMinor = amount;
        tranche.paidOn = input.valueDate;
        tranche.paymentReference = input.reference;
        post(tx, {
          fund,
          kind: LedgerEventKind.TRANCHE_PAID,
          sourceType: 'Tranche',
          sourceId: tranche.id,
          description: `Tranche ${tranche.number} of award ${award.id}, ref ${input.reference}`.slice(0, 500),
          valueDate: input.valueDate,
          lines: [
            { account: Account.GRANTS_PAYABLE, debit: amount },
            { account: Account.CASH, credit: amount },
          ],
        });
      },
      { paidMinor: amount, paidOn: input.valueDate, paymentReference: input.reference },
    );
    await completeIfDone(tx, auditActor(ctx, role), award, fund, now);
    return l;
  });
}

/** Cancels an unpaid tranche and releases its amount from the commitment. */
export async function cancelTranche(ctx: Context, input: CancelTrancheInput): Promise<Locked> {
  return ctx.em.transactional(async (tx) => {
    const l = await lockTranche(tx, input.trancheId);
    const role = authorize(canManageDisbursements(ctx.actor, l.award));
    if (l.tranche.status === TrancheStatus.CANCELLED) return l;
    assertActive(l.award);
    const now = ctx.app.clock.now();
    const release = [l.tranche.plannedMinor, await outstandingCommitment(tx, l.award)].reduce((a, b) =>
      a < b ? a : b,
    );
    await move(
      tx,
      ctx,
      role,
      l,
      TrancheStatus.CANCELLED,
      'tranche.cancel',
      () => {
        l.tranche.cancellationReason = input.reason;
        releaseCommitment(tx, l.fund, l.award, release, `Tranche ${l.tranche.number} cancelled: ${input.reason}`, now);
      },
      { reason: input.reason, releasedMinor: release },
    );
    await completeIfDone(tx, auditActor(ctx, role), l.award, l.fund, now);
    return l;
  });
}
