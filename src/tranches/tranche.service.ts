import type { EntityManager } from '@mikro-orm/postgresql';
import { auditActor, recordAudit, type AuditActor } from '../audit/audit.service';
import { enforce } from '../auth/enforce';
import { Tranche, TrancheStatus } from './tranche.entity';
import { addDays, assertValueDate } from '../core/clock';
import type { Acting } from '../services';
import { DomainError, ErrorCode } from '../core/errors';
import { assertCurrency, formatMinor, parseDecimal } from '../core/money';
import { Account, LedgerEventKind } from '../ledger/ledger-entry.entity';
import { post } from '../ledger/ledger.service';
import type { Role } from '../users/user.entity';
import { completeIfDone, releaseCommitment } from '../awards/award-money';
import { outstandingCommitment, paymentRoom } from '../awards/award.repository';
import type { CancelTrancheInput, RecordTranchePaymentInput, TrancheActionInput } from './tranche.types';
import { TRANCHE_MACHINE, TRANCHE_STATUS } from './tranche.workflow';
import { factsInTransaction } from './tranche.facts';
import { lockTranche, type Locked } from './tranche.repository';
import { transition } from '../core/transition';
import { TranchePayment } from './tranche-payment.entity';
import { authorizeOnly, decide, type TrancheAction } from './tranche.rules';
import { ScreeningTrigger } from '../sanctions/sanctions.entity';
import { screeningDeps } from '../sanctions/sanctions.service';
import { screenOrganization, screenOrganizationById } from '../sanctions/screening.service';
import { requireStepUp, StepUpAction } from '../auth/step-up';
import { Organization } from '../organizations/organization.entity';

/** The one place a tranche changes status, through the core `transition()`: table, change, audit. */
async function move(
  tx: EntityManager,
  ctx: Acting,
  role: Role | 'SELF',
  l: Locked,
  to: TrancheStatus,
  action: string,
  apply: () => void,
  detail: Record<string, unknown> = {},
) {
  await transition(
    tx,
    ctx,
    TRANCHE_MACHINE,
    l.tranche,
    TRANCHE_STATUS,
    to,
    { allowed: true, reason: null, role },
    {
      action,
      fundId: l.fund.id,
      apply,
      detail,
      field: 'trancheId',
    },
  );
}

/**
 * Runs the action's rules (tranche.rules.ts) on the locked rows: the same list `permissions`
 * evaluates. Returns the allowing role, or throws the first refusal.
 */
async function check(tx: EntityManager, ctx: Acting, l: Locked, action: TrancheAction): Promise<Role | 'SELF'> {
  return enforce(await decide(action, factsInTransaction(tx, ctx, l)));
}

/** Who may attempt the action at all (FORBIDDEN otherwise), before a repeat is answered as done. */
async function checkRole(tx: EntityManager, ctx: Acting, l: Locked, action: TrancheAction) {
  return enforce(await authorizeOnly(action, factsInTransaction(tx, ctx, l)));
}

/** Secretariat asks for the payment of a tranche whose condition is met. */
export async function requestTranche(ctx: Acting, input: TrancheActionInput): Promise<Locked> {
  return ctx.em.transactional(async (tx) => {
    const l = await lockTranche(tx, input.trancheId);
    await checkRole(tx, ctx, l, 'request');
    if (l.tranche.status === TrancheStatus.REQUESTED) return l;
    const role = await check(tx, ctx, l, 'request');
    const userId = ctx.actor.userId;
    const now = ctx.app.clock.now();
    await move(tx, ctx, role, l, TrancheStatus.REQUESTED, 'tranche.request', () => {
      l.tranche.requestedById = userId;
      l.tranche.requestedAt = now;
    });
    return l;
  });
}

/** Second pair of eyes: someone else than the requester, with a role the fund allows. */
export async function approveTranche(ctx: Acting, input: TrancheActionInput): Promise<Locked> {
  return ctx.em.transactional(async (tx) => {
    const l = await lockTranche(tx, input.trancheId);
    await checkRole(tx, ctx, l, 'approve');
    const userId = ctx.actor.userId;
    if (l.tranche.status === TrancheStatus.APPROVED && l.tranche.approvedById === userId) return l;
    const role = await check(tx, ctx, l, 'approve');
    await requireStepUp(tx, ctx, StepUpAction.APPROVE_TRANCHE, [l.fund.id]);
    await move(tx, ctx, role, l, TrancheStatus.APPROVED, 'tranche.approve', () => {
      l.tranche.approvedById = userId;
      l.tranche.approvedAt = ctx.app.clock.now();
    });
    return l;
  });
}

/**
 * The amount of this transfer: the approved rest of the tranche, or less with a documented reason
 * (a partial payment; the rest stays payable). More than the rest needs a schedule amendment.
 */
function paymentAmount(input: RecordTranchePaymentInput, tranche: Tranche, c: string) {
  const rest = tranche.plannedMinor - (tranche.paidMinor ?? 0n);
  const amount = input.amount ? parseDecimal(input.amount, c, 'amount') : rest;
  if (amount <= 0n) throw new DomainError(ErrorCode.INVALID_VALUE, 'The amount must be positive.', 'amount');
  if (amount > rest) {
    throw new DomainError(
      ErrorCode.AMOUNT_NOT_APPROVED,
      `Tranche ${tranche.number} has ${formatMinor(rest, c)} ${c} approved and unpaid; a different amount needs a schedule amendment.`,
      'amount',
    );
  }
  const partialReason = input.partialReason?.trim() || null;
  if (amount < rest && !partialReason) {
    throw new DomainError(
      ErrorCode.PARTIAL_REASON_REQUIRED,
      `Paying ${formatMinor(amount, c)} of the ${formatMinor(rest, c)} ${c} approved is a partial payment: give its reason.`,
      'partialReason',
    );
  }
  return { amount, partialReason: amount < rest ? partialReason : null, full: amount === rest };
}

/**
 * Records a bank transfer on an approved tranche and books grants payable → cash. Under the fund
 * lock: the transfer is the approved amount (or a documented part of it), the award's paid total
 * never exceeds the award, cash never goes negative, and a repeat with the same reference returns
 * the tranche unchanged. The grantee is screened against the sanctions list in the same
 * transaction first; when the payment is then refused, the screening is recorded on its own.
 */
export async function recordTranchePayment(ctx: Acting, input: RecordTranchePaymentInput): Promise<Locked> {
  let screened: { organizationId: string; actor: AuditActor } | null = null;
  try {
    return await ctx.em.transactional((tx) =>
      pay(tx, ctx, input, (organizationId, actor) => (screened = { organizationId, actor })),
    );
  } catch (err) {
    // The screening that came before a refused payment stays in the trail: it is recorded on its own.
    if (screened) {
      const { organizationId, actor } = screened;
      await screenOrganizationById(ctx.em, screeningDeps(ctx), actor, organizationId, ScreeningTrigger.PAYMENT);
    }
    throw err;
  }
}

async function pay(
  tx: EntityManager,
  ctx: Acting,
  input: RecordTranchePaymentInput,
  onScreened: (organizationId: string, actor: AuditActor) => void,
): Promise<Locked> {
  const l = await lockTranche(tx, input.trancheId);
  const { tranche, award, fund } = l;
  const payer = await checkRole(tx, ctx, l, 'pay');
  if (await tx.count(TranchePayment, { tranche: tranche.id, reference: input.reference })) return l;
  if (tranche.status === TrancheStatus.PAID) {
    throw new DomainError(
      ErrorCode.INVALID_STATE,
      `The tranche was already paid with reference ${tranche.paymentReference}.`,
      'reference',
    );
  }
  // Every payment screens the grantee against the sanctions list first: a new match stops it (noSanctionsHold).
  const organization = await tx.findOneOrFail(Organization, { id: award.organization.id });
  await screenOrganization(tx, screeningDeps(ctx), auditActor(ctx, payer), organization, ScreeningTrigger.PAYMENT);
  onScreened(organization.id, auditActor(ctx, payer));
  const role = await check(tx, ctx, l, 'pay');
  await requireStepUp(tx, ctx, StepUpAction.RECORD_PAYMENT, [fund.id]);
  const userId = ctx.actor.userId;
  const now = ctx.app.clock.now();
  assertValueDate(input.valueDate, now);
  const c = fund.baseCurrency;
  if (input.currency && assertCurrency(input.currency) !== c) {
    throw new DomainError(ErrorCode.CURRENCY_MISMATCH, `Tranches are paid in the fund's ${c}.`, 'currency');
  }
  const { amount, partialReason, full } = paymentAmount(input, tranche, c);
  const { paidOnAward: paid, cash } = await paymentRoom(tx, award.id, fund.id);
  const payable = award.amountMinor - award.releasedMinor - paid;
  if (amount > payable) {
    throw new DomainError(
      ErrorCode.OVER_AWARD,
      `Paying ${formatMinor(amount, c)} would exceed the award: ${formatMinor(payable, c)} ${c} is left to pay.`,
      'amount',
    );
  }
  if (amount > cash) {
    throw new DomainError(
      ErrorCode.INSUFFICIENT_FUNDS,
      `The fund holds ${formatMinor(cash, c)} ${c} in cash; it cannot pay ${formatMinor(amount, c)}.`,
      'amount',
    );
  }
  const payment = new TranchePayment({
    tranche,
    amountMinor: amount,
    valueDate: input.valueDate,
    reference: input.reference,
    paidById: userId,
    partialReason,
    receiptDueDate: addDays(input.valueDate, fund.receiptAcknowledgementDays),
  });
  const book = () => {
    tx.persist(payment);
    tranche.paidMinor = (tranche.paidMinor ?? 0n) + amount;
    tranche.paidOn = input.valueDate;
    tranche.paymentReference = input.reference;
    tranche.paidById = userId;
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
  };
  const detail = {
    amountMinor: amount,
    paidMinor: (tranche.paidMinor ?? 0n) + amount,
    paidOn: input.valueDate,
    paymentReference: input.reference,
    partialReason,
  };
  if (full) {
    await move(tx, ctx, role, l, TrancheStatus.PAID, 'tranche.pay', book, detail);
  } else {
    // A partial payment: the tranche stays APPROVED with the rest payable.
    book();
    await tx.flush();
    await recordAudit(tx, auditActor(ctx, role), {
      action: 'tranche.pay_partial',
      entityType: 'Tranche',
      entityId: tranche.id,
      fundId: fund.id,
      before: { status: tranche.status },
      after: { status: tranche.status, ...detail },
    });
  }
  await completeIfDone(tx, auditActor(ctx, role), award, fund, now);
  return l;
}

/** Cancels an unpaid tranche and releases its amount from the commitment. */
export async function cancelTranche(ctx: Acting, input: CancelTrancheInput): Promise<Locked> {
  return ctx.em.transactional(async (tx) => {
    const l = await lockTranche(tx, input.trancheId);
    await checkRole(tx, ctx, l, 'cancel');
    if (l.tranche.status === TrancheStatus.CANCELLED) return l;
    const role = await check(tx, ctx, l, 'cancel');
    const now = ctx.app.clock.now();
    // A partly paid tranche: only its unpaid rest is cancelled; what was paid stays paid.
    const unpaid = l.tranche.plannedMinor - (l.tranche.paidMinor ?? 0n);
    const release = [unpaid, await outstandingCommitment(tx, l.award)].reduce((a, b) => (a < b ? a : b));
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
