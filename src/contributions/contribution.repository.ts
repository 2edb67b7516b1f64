import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { DomainError, ErrorCode } from '../core/errors';
import { lockFund } from '../ledger/ledger.repository';
import { Contribution } from './contribution.entity';

/** The SQL that answers questions about contributions; services and checks call these by name. */

/** What the contributions of a fund say is booked: base amount and support cost. */
export async function bookedTotals(em: EntityManager, fundId: string): Promise<{ base: bigint; supportCost: bigint }> {
  const [row] = await em.execute<{ base: string; sc: string }[]>(
    `select coalesce(sum(booked_base_minor), 0)::text as base, coalesce(sum(booked_support_cost_minor), 0)::text as sc
       from contribution where fund_id = ?`,
    [fundId],
  );
  return { base: BigInt(row.base), supportCost: BigInt(row.sc) };
}

/**
 * Locks a contribution for a money decision: its fund first, then the row (the lock order of
 * every money writer), with the fund populated. NOT_FOUND when there is no such contribution.
 */
export async function lockContribution(tx: EntityManager, id: string): Promise<Contribution> {
  const [row] = await tx.execute<{ fund_id: string }[]>(`select fund_id from contribution where id = ?`, [id]);
  if (!row) throw new DomainError(ErrorCode.NOT_FOUND, 'Contribution not found.', 'contributionId');
  await lockFund(tx, row.fund_id);
  return tx.findOneOrFail(Contribution, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, populate: ['fund'] });
}

/**
 * The card contribution a Stripe event names, by payment intent or by our id in its metadata
 * (the payment intent wins), locked like `lockContribution`; null when none matches.
 */
export async function lockStripeContribution(
  tx: EntityManager,
  paymentIntentId: string | null,
  contributionId: string | null,
): Promise<Contribution | null> {
  const [row] = await tx.execute<{ id: string; fund_id: string }[]>(
    `select id, fund_id from contribution where channel = 'STRIPE'
        and (stripe_payment_intent_id = ? or id = ?::uuid) order by (stripe_payment_intent_id = ?) desc nulls last limit 1`,
    [paymentIntentId, contributionId, paymentIntentId],
  );
  if (!row) return null;
  await lockFund(tx, row.fund_id);
  return tx.findOneOrFail(Contribution, { id: row.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
}
