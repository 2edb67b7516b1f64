import type { EntityManager } from '@mikro-orm/postgresql';

/** The SQL that answers questions about pledges; services and checks call these by name. */

/**
 * The unpaid part of open pledges per fund and currency, with how many pledges it sums; only
 * pledges made before `createdBefore` (a date) when given.
 */
export async function openPledgeRemainders(
  em: EntityManager,
  fundIds: readonly string[],
  createdBefore?: string,
): Promise<{ fundId: string; currency: string; unpaid: bigint; pledges: number }[]> {
  if (fundIds.length === 0) return [];
  const rows = await em.execute<{ fund_id: string; currency: string; unpaid: string; n: string }[]>(
    `select fund_id, currency, sum(amount_minor - paid_minor)::text as unpaid, count(*)::text as n
       from pledge where fund_id in (?) and status in ('PLEDGED', 'PARTIALLY_PAID')
        and amount_minor > paid_minor${createdBefore ? ' and created_at < ?::date' : ''} group by fund_id, currency`,
    createdBefore ? [[...fundIds], createdBefore] : [[...fundIds]],
  );
  return rows.map((r) => ({ fundId: r.fund_id, currency: r.currency, unpaid: BigInt(r.unpaid), pledges: Number(r.n) }));
}

/** What was paid on a pledge: its succeeded receipts net of refunds, without open or lost disputes. */
export async function paidOnPledge(em: EntityManager, pledgeId: string): Promise<bigint> {
  const [row] = await em.execute<{ paid: string }[]>(
    `select coalesce(sum(amount_minor - refunded_minor), 0)::text as paid from contribution
      where pledge_id = ? and succeeded and (dispute_status is null or dispute_status = 'WON')`,
    [pledgeId],
  );
  return BigInt(row?.paid ?? '0');
}
