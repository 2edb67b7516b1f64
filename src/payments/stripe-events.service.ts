import type { EntityManager } from '@mikro-orm/postgresql';
import type Stripe from 'stripe';
import type { Logger } from 'pino';
import { AuditActor, recordAudit } from '../audit/audit.service';
import { Contribution, DisputeStatus } from '../contributions/contribution.entity';
import { Cause, DISPUTE_MACHINE, NO_DISPUTE, settleStatus, syncLedger } from '../contributions/contribution.ledger';
import { contributionSnapshot } from '../contributions/contribution.snapshot';
import { Pledge } from '../pledges/pledge.entity';
import { pledgeStatusEvents, refreshPledge } from '../pledges/pledge.service';
import { StripeEvent } from './stripe-event.entity';
import { lockStripeContribution } from '../contributions/contribution.repository';

export type Outcome = 'applied' | 'ignored' | 'mismatch' | 'unmatched';

export const HANDLED_TYPES = new Set([
  'payment_intent.succeeded',
  'payment_intent.payment_failed',
  'charge.refunded',
  'charge.dispute.created',
  'charge.dispute.closed',
]);

interface Ref {
  paymentIntentId: string | null;
  contributionId: string | null;
}

const idOf = (v: string | { id: string } | null | undefined): string | null =>
  v == null ? null : typeof v === 'string' ? v : v.id;

function refOf(event: Stripe.Event): Ref {
  const o = event.data.object as unknown as Record<string, unknown>;
  const metadata = (o.metadata ?? {}) as Record<string, string>;
  if (event.type.startsWith('payment_intent.')) {
    return { paymentIntentId: o.id as string, contributionId: metadata.contributionId || null };
  }
  return {
    paymentIntentId: idOf(o.payment_intent as string | { id: string } | null),
    contributionId: metadata.contributionId || null,
  };
}

async function findContribution(tx: EntityManager, ref: Ref): Promise<Contribution | null> {
  const ids = [ref.contributionId, ref.paymentIntentId];
  if (ref.contributionId && !/^[0-9a-f-]{36}$/i.test(ref.contributionId)) ids[0] = null;
  if (!ids[0] && !ids[1]) return null;
  return lockStripeContribution(tx, ids[1], ids[0]);
}

interface Reported {
  amount: number;
  currency: string;
}

function reportedOf(event: Stripe.Event): Reported {
  const o = event.data.object as unknown as Record<string, unknown>;
  if (event.type.startsWith('payment_intent.')) {
    return { amount: Number(o.amount_received ?? o.amount), currency: String(o.currency) };
  }
  return { amount: Number(o.amount), currency: String(o.currency) };
}

/** Applies an event to its contribution; returns what happened. Caller holds the transaction. */
async function apply(
  tx: EntityManager,
  event: Stripe.Event,
  c: Contribution,
): Promise<{ outcome: Outcome; why?: string }> {
  const o = event.data.object as unknown as Record<string, unknown>;
  const reported = reportedOf(event);
  if (reported.currency.toUpperCase() !== c.currency) {
    return { outcome: 'mismatch', why: `currency ${reported.currency} ≠ ${c.currency}` };
  }
  const piId = refOf(event).paymentIntentId;
  if (c.stripePaymentIntentId && piId && piId !== c.stripePaymentIntentId) {
    return { outcome: 'mismatch', why: `payment intent ${piId} ≠ ${c.stripePaymentIntentId}` };
  }
  const valueDate = new Date(event.created * 1000).toISOString().slice(0, 10);
  let cause: Cause = 'receipt';
  const type: string = event.type;
  switch (type) {
    case 'payment_intent.succeeded': {
      if (BigInt(reported.amount) !== c.amountMinor) {
        return { outcome: 'mismatch', why: `amount ${reported.amount} ≠ ${c.amountMinor}` };
      }
      c.succeeded = true;
      c.failureReason = null;
      c.stripePaymentIntentId ??= o.id as string;
      c.stripeChargeId ??= idOf(o.latest_charge as string | { id: string } | null);
      c.valueDate ??= valueDate;
      // Refund or dispute seen earlier: `syncLedger` books the receipt, then their reversal.
      cause = c.refundedMinor > 0n ? 'refund' : c.disputeStatus ? 'dispute' : 'receipt';
      break;
    }
    case 'payment_intent.payment_failed': {
      if (c.succeeded) return { outcome: 'ignored', why: 'already succeeded' };
      const err = o.last_payment_error as { message?: string } | null;
      c.failureReason = err?.message ?? 'Payment failed.';
      break;
    }
    case 'charge.refunded': {
      const refunded = BigInt(Number(o.amount_refunded ?? 0));
      if (BigInt(reported.amount) !== c.amountMinor || refunded > c.amountMinor) {
        return { outcome: 'mismatch', why: `charge ${reported.amount}, refunded ${refunded} for ${c.amountMinor}` };
      }
      // Cumulative: an older event arriving late never lowers what was refunded.
      if (refunded > c.refundedMinor) c.refundedMinor = refunded;
      c.stripeChargeId ??= o.id as string;
      cause = 'refund';
      break;
    }
    case 'charge.dispute.created':
    case 'charge.dispute.closed': {
      if (BigInt(reported.amount) > c.amountMinor) {
        return { outcome: 'mismatch', why: `dispute ${reported.amount} for ${c.amountMinor}` };
      }
      const from = c.disputeStatus ?? NO_DISPUTE;
      const to =
        event.type === 'charge.dispute.created'
          ? DisputeStatus.OPEN
          : o.status === 'lost'
            ? DisputeStatus.LOST
            : DisputeStatus.WON;
      if (from !== to && !DISPUTE_MACHINE.allows(from, to)) {
        // A close seen before the open is final; the late open is stale. Any other move (a won
        // dispute reported lost) is refused and audited as a mismatch.
        if (to === DisputeStatus.OPEN) return { outcome: 'ignored', why: `dispute already ${from}` };
        return { outcome: 'mismatch', why: `a ${from} dispute cannot become ${to}` };
      }
      c.disputeStatus = to;
      cause = 'dispute';
      break;
    }
    default:
      return { outcome: 'ignored' };
  }
  if (c.succeeded) c.valueDate ??= valueDate;
  syncLedger(tx, c, cause);
  settleStatus(c);
  return { outcome: 'applied' };
}

/**
 * Processes one verified event in `tx`: the event row first (a duplicate delivery fails on its
 * primary key and is acknowledged by the caller), then the effects and their audit events.
 */
export async function processStripeEvent(
  tx: EntityManager,
  event: Stripe.Event,
  actor: AuditActor,
  log: Logger,
): Promise<Outcome> {
  const row = new StripeEvent(event.id, event.type, event.livemode, 'ignored');
  await tx.insert(StripeEvent, row);
  if (!HANDLED_TYPES.has(event.type)) return 'ignored';
  const c = await findContribution(tx, refOf(event));
  if (!c) {
    log.warn({ eventId: event.id, type: event.type }, 'stripe event for no known contribution');
    await tx.nativeUpdate(StripeEvent, { id: event.id }, { outcome: 'unmatched' });
    return 'unmatched';
  }
  const before = contributionSnapshot(c);
  const result = await apply(tx, event, c);
  await tx.nativeUpdate(StripeEvent, { id: event.id }, { outcome: result.outcome });
  if (result.outcome === 'mismatch') {
    log.warn({ eventId: event.id, contributionId: c.id, why: result.why }, 'stripe event refused: mismatch');
    await recordAudit(tx, actor, {
      action: 'contribution.mismatch',
      entityType: 'Contribution',
      entityId: c.id,
      fundId: c.fund.id,
      before: null,
      after: { eventId: event.id, eventType: event.type, reason: result.why ?? 'mismatch' },
    });
    return 'mismatch';
  }
  if (result.why) log.warn({ eventId: event.id, contributionId: c.id, why: result.why }, 'stripe event');
  if (result.outcome !== 'applied') return result.outcome;
  await tx.flush();
  const pledge = c.pledge ? await tx.findOneOrFail(Pledge, { id: c.pledge.id }) : null;
  const pledgeMove = pledge ? await refreshPledge(tx, pledge) : null;
  await tx.flush();
  await recordAudit(tx, actor, [
    {
      action: `contribution.stripe.${event.type}`,
      entityType: 'Contribution',
      entityId: c.id,
      fundId: c.fund.id,
      before,
      after: { ...contributionSnapshot(c), eventId: event.id },
    },
    ...pledgeStatusEvents(pledge, pledgeMove, c.fund.id),
  ]);
  return 'applied';
}
