import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { enforce } from '../auth/enforce';
import { assertValueDate } from '../core/clock';
import { DomainError, ErrorCode } from '../core/errors';
import { formatMinor, parseDecimal } from '../core/money';
import { transition } from '../core/transition';
import { parseGlobalId } from '../graphql/relay';
import type { Award } from '../awards/award.entity';
import type { Fund } from '../funds/fund.entity';
import type { Acting } from '../services';
import { Tranche } from './tranche.entity';
import { ReceiptStatus, TranchePayment } from './tranche-payment.entity';
import { canAcknowledgeReceipt, canResolveDiscrepancy } from './receipt.policy';
import { RECEIPT_MACHINE, RECEIPT_STATUS } from './receipt.workflow';
import type { AcknowledgePaymentInput, ResolvePaymentDiscrepancyInput } from './tranche.types';

export interface LockedPayment {
  payment: TranchePayment;
  tranche: Tranche;
  award: Award;
  fund: Fund;
}

/**
 * The payment row, locked: acknowledgements of one transfer queue up and each sees the one before.
 * No money moves here, so the fund lock is not needed.
 */
async function lockPayment(tx: EntityManager, gid: string): Promise<LockedPayment> {
  const { id } = parseGlobalId(gid, 'TranchePayment', 'paymentId');
  const payment = await tx.findOne(TranchePayment, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!payment) throw new DomainError(ErrorCode.NOT_FOUND, 'Payment not found.', 'paymentId');
  const tranche = await tx.findOneOrFail(Tranche, { id: payment.tranche.id }, { populate: ['award.fund'] });
  return { payment, tranche, award: tranche.award, fund: tranche.award.fund };
}

/**
 * The grantee says what arrived and when: the amount sent confirms the receipt; another amount
 * (bank charges, nothing at all) is a discrepancy the grantee explains and the secretariat
 * resolves. A repeat of the same answer changes nothing; a different answer once given is INVALID_STATE.
 */
export async function acknowledgeTranchePayment(ctx: Acting, input: AcknowledgePaymentInput): Promise<LockedPayment> {
  return ctx.em.transactional(async (tx) => {
    const l = await lockPayment(tx, input.paymentId);
    const { payment, award } = l;
    const decision = canAcknowledgeReceipt(ctx.actor, award);
    enforce(decision); // FORBIDDEN before anything about the payment is told
    const c = award.currency;
    const received = parseDecimal(input.receivedAmount, c, 'receivedAmount');
    if (received < 0n) {
      throw new DomainError(ErrorCode.INVALID_VALUE, 'The amount received cannot be negative.', 'receivedAmount');
    }
    const now = ctx.app.clock.now();
    assertValueDate(input.receivedOn, now, 'receivedOn');
    if (input.receivedOn < payment.valueDate) {
      throw new DomainError(
        ErrorCode.INVALID_VALUE,
        `The transfer left the fund on ${payment.valueDate}; it cannot have arrived before.`,
        'receivedOn',
      );
    }
    const note = input.note?.trim() || null;
    const matches = received === payment.amountMinor;
    if (!matches && !note) {
      throw new DomainError(
        ErrorCode.DISCREPANCY_NOTE_REQUIRED,
        `${formatMinor(payment.amountMinor, c)} ${c} was sent and ${formatMinor(received, c)} ${c} received: say what happened.`,
        'note',
      );
    }
    const to = matches ? ReceiptStatus.CONFIRMED : ReceiptStatus.DISCREPANCY;
    await transition(tx, ctx, RECEIPT_MACHINE, payment, RECEIPT_STATUS, to, decision, {
      action: matches ? 'tranche_payment.confirm_receipt' : 'tranche_payment.report_discrepancy',
      fundId: l.fund.id,
      field: 'paymentId',
      apply: () => {
        payment.receivedMinor = received;
        payment.receivedOn = input.receivedOn;
        payment.receiptNote = note;
        payment.acknowledgedById = ctx.actor.userId;
        payment.acknowledgedAt = now;
      },
      detail: { sentMinor: payment.amountMinor, receivedMinor: received, receivedOn: input.receivedOn, note },
    });
    return l;
  });
}

/** The secretariat records how a reported discrepancy was cleared up (bank charges, a returned transfer…). */
export async function resolvePaymentDiscrepancy(
  ctx: Acting,
  input: ResolvePaymentDiscrepancyInput,
): Promise<LockedPayment> {
  return ctx.em.transactional(async (tx) => {
    const l = await lockPayment(tx, input.paymentId);
    const { payment } = l;
    await transition(
      tx,
      ctx,
      RECEIPT_MACHINE,
      payment,
      RECEIPT_STATUS,
      ReceiptStatus.RESOLVED,
      canResolveDiscrepancy(ctx.actor, l.award),
      {
        action: 'tranche_payment.resolve_discrepancy',
        fundId: l.fund.id,
        field: 'paymentId',
        apply: () => {
          payment.discrepancyResolution = input.resolution;
          payment.resolvedById = ctx.actor.userId;
          payment.resolvedAt = ctx.app.clock.now();
        },
        detail: { resolution: input.resolution },
      },
    );
    return l;
  });
}
