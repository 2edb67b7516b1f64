import type { EntityManager } from '@mikro-orm/postgresql';
import { allocate } from '../core/money';
import { Account, LedgerEventKind } from '../ledger/ledger-entry.entity';
import { Line, post } from '../ledger/ledger.service';
import { divHalfUp } from '../ledger/fx';
import { Contribution, ContributionStatus, DisputeStatus } from './contribution.entity';
import { required } from '../core/required';
import { Machine } from '../core/transition';

/**
 * Support cost on a net receipt: the fund's rate of `net`, exactly (allocate gives the remainder
 * cent to the support cost). A function of the cumulative net, so any sequence of partial
 * reversals ends at zero support cost when the receipt is fully reversed.
 */
export function supportCostOf(net: bigint, rateBps: number): bigint {
  if (net === 0n) return 0n;
  return allocate(net, [rateBps, 10000 - rateBps])[0];
}

/** Base amount of the refunds so far: proportional, half-up; a full refund is exactly the base. */
export function refundedBaseOf(c: Contribution): bigint {
  if (c.refundedMinor === c.amountMinor) return c.baseAmountMinor;
  return divHalfUp(c.baseAmountMinor * c.refundedMinor, c.amountMinor);
}

/** What the ledger should hold for this contribution given everything the provider reported. */
export function targetBookedBase(c: Contribution): bigint {
  if (!c.succeeded) return 0n;
  if (c.disputeStatus === DisputeStatus.OPEN || c.disputeStatus === DisputeStatus.LOST) return 0n;
  return c.baseAmountMinor - refundedBaseOf(c);
}

/** Status follows from the facts; the table says which moves are legal. */
export function deriveStatus(c: Contribution): ContributionStatus {
  if (!c.succeeded) return c.failureReason ? ContributionStatus.FAILED : ContributionStatus.PENDING;
  if (c.disputeStatus === DisputeStatus.OPEN || c.disputeStatus === DisputeStatus.LOST) {
    return ContributionStatus.DISPUTED;
  }
  if (c.refundedMinor === c.amountMinor) return ContributionStatus.REFUNDED;
  return ContributionStatus.RECEIVED;
}

export const CONTRIBUTION_TRANSITIONS: Record<ContributionStatus, ContributionStatus[]> = {
  [ContributionStatus.PENDING]: [
    ContributionStatus.RECEIVED,
    ContributionStatus.FAILED,
    ContributionStatus.REFUNDED,
    ContributionStatus.DISPUTED,
  ],
  // A failed attempt can be followed by a successful one on the same PaymentIntent.
  [ContributionStatus.FAILED]: [ContributionStatus.RECEIVED, ContributionStatus.REFUNDED, ContributionStatus.DISPUTED],
  [ContributionStatus.RECEIVED]: [ContributionStatus.REFUNDED, ContributionStatus.DISPUTED],
  [ContributionStatus.DISPUTED]: [ContributionStatus.RECEIVED, ContributionStatus.REFUNDED],
  [ContributionStatus.REFUNDED]: [ContributionStatus.DISPUTED],
};

/** Stripe events and the secretariat's wire records move a contribution; its status follows its amounts (deriveStatus). */
export const CONTRIBUTION_MACHINE = Machine.fromTable(
  'Contribution',
  CONTRIBUTION_TRANSITIONS,
  () => ['SYSTEM', 'SECRETARIAT'],
  'contribution',
);

/**
 * Moves the contribution to the status its facts imply. Every move the facts can make is in the
 * table; one that is not means the facts are inconsistent, and fails loudly (INVALID_STATE) rather
 * than being kept silently.
 */
export function settleStatus(c: Contribution): { before: ContributionStatus; after: ContributionStatus } {
  const before = c.status;
  const next = deriveStatus(c);
  if (next !== before) {
    CONTRIBUTION_MACHINE.assert(before, next);
    c.status = next;
  }
  return { before, after: c.status };
}

/** No dispute yet (a null `disputeStatus`). */
export const NO_DISPUTE = 'NONE';
export type DisputeState = DisputeStatus | typeof NO_DISPUTE;

/**
 * A card dispute, from Stripe's events: opened, then won or lost, final once closed. A close can
 * arrive before its open (events come in any order): the open is then stale and is not a move.
 */
export const DISPUTE_MACHINE = new Machine<DisputeState>(
  'Dispute',
  [NO_DISPUTE, ...Object.values(DisputeStatus)],
  [
    { from: NO_DISPUTE, to: DisputeStatus.OPEN, who: ['SYSTEM'] },
    { from: NO_DISPUTE, to: DisputeStatus.WON, who: ['SYSTEM'] },
    { from: NO_DISPUTE, to: DisputeStatus.LOST, who: ['SYSTEM'] },
    { from: DisputeStatus.OPEN, to: DisputeStatus.WON, who: ['SYSTEM'] },
    { from: DisputeStatus.OPEN, to: DisputeStatus.LOST, who: ['SYSTEM'] },
  ],
  'dispute',
);

export type Cause = 'receipt' | 'refund' | 'dispute';

function postDelta(
  tx: EntityManager,
  c: Contribution,
  newNet: bigint,
  kind: LedgerEventKind,
  description: string,
  valueDate = required(c.valueDate, 'c.valueDate'),
) {
  const rate = c.fund.supportCostRateBps;
  const newSc = supportCostOf(newNet, rate);
  const cash = newNet - c.bookedBaseMinor;
  const sc = newSc - c.bookedSupportCostMinor;
  const income = cash - sc;
  if (cash === 0n) return;
  const side = (v: bigint, increase: boolean): Partial<Line> =>
    increase === v > 0n ? { debit: v > 0n ? v : -v } : { credit: v > 0n ? v : -v };
  // Receipts debit cash and credit income/support cost; reversals the other way round.
  const lines: Line[] = [
    { account: Account.CASH, ...side(cash, true) },
    { account: Account.CONTRIBUTIONS_INCOME, ...side(income, false) },
    { account: Account.SUPPORT_COST_PAYABLE, ...side(sc, false) },
  ].filter((l) => (l.debit ?? l.credit ?? 0n) !== 0n);
  post(tx, {
    fund: c.fund,
    kind,
    sourceType: 'Contribution',
    sourceId: c.id,
    description,
    valueDate,
    lines,
  });
  c.bookedBaseMinor = newNet;
  c.bookedSupportCostMinor = newSc;
}

/**
 * Brings the ledger to what the facts require: first the gross receipt (once), then the
 * difference to the target net, labelled by its cause. Idempotent: a second call posts nothing.
 * The caller holds the fund lock and the contribution row lock.
 */
export function syncLedger(
  tx: EntityManager,
  c: Contribution,
  cause: Cause,
  refund?: { description: string; valueDate: string },
): void {
  if (!c.succeeded) return;
  if (!c.receiptBooked) {
    postDelta(tx, c, c.baseAmountMinor, LedgerEventKind.CONTRIBUTION_RECEIVED, `Contribution received (${c.channel})`);
    c.receiptBooked = true;
  }
  const target = targetBookedBase(c);
  if (target === c.bookedBaseMinor) return;
  if (target > c.bookedBaseMinor) {
    postDelta(tx, c, target, LedgerEventKind.CONTRIBUTION_DISPUTE_WON, 'Dispute won: receipt re-booked');
  } else if (cause === 'dispute') {
    postDelta(tx, c, target, LedgerEventKind.CONTRIBUTION_DISPUTED, 'Contribution disputed: receipt reversed');
  } else {
    postDelta(
      tx,
      c,
      target,
      LedgerEventKind.CONTRIBUTION_REFUNDED,
      refund?.description ?? 'Contribution refunded',
      refund?.valueDate,
    );
  }
}
