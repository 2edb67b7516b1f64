import type { EntityManager } from '@mikro-orm/postgresql';

/** Today's date (UTC) as YYYY-MM-DD. */
export const isoDate = (d: Date): string => d.toISOString().slice(0, 10);

/**
 * Whether the organisation has a report on an earlier award of the fund that is past due and
 * neither submitted nor accepted. Such an organisation cannot be awarded a new grant.
 */
export async function hasOverdueReport(em: EntityManager, organizationId: string, fundId: string, now: Date) {
  const [row] = await em.execute<{ n: string }[]>(
    `select count(*)::text as n from report r join award a on a.id = r.award_id
      where a.organization_id = ? and a.fund_id = ? and r.due_date < ?
        and r.status not in ('SUBMITTED', 'ACCEPTED')`,
    [organizationId, fundId, isoDate(now)],
  );
  return Number(row?.n ?? 0) > 0;
}
