import type { EntityManager } from '@mikro-orm/postgresql';
import { isoDate } from '../core/clock';
import { OWING } from './report.workflow';

/**
 * The one definition of an overdue report, as SQL over `report r`: past its due date (the day
 * after it), not submitted nor accepted nor waived, on an award that was not terminated (its
 * obligations end with it). The overdue job, the tranche check and the award check use it.
 */
export const OVERDUE_SQL = `r.due_date < ? and r.status in (${OWING.map((s) => `'${s}'`).join(', ')})
  and not exists (select 1 from award ta where ta.id = r.award_id and ta.status = 'TERMINATED')`;

/**
 * Whether the organisation has a report on an earlier award of the fund that is overdue. Such an
 * organisation cannot be awarded a new grant. A terminated award's obligations end with it.
 */
export async function hasOverdueReport(em: EntityManager, organizationId: string, fundId: string, now: Date) {
  return (await overdueOrgFunds(em, [organizationId], now)).has(`${organizationId}|${fundId}`);
}

/** The "organisation|fund" pairs of these organisations with an overdue report (one statement). */
export async function overdueOrgFunds(em: EntityManager, organizationIds: readonly string[], now: Date) {
  const rows = await em.execute<{ org: string; fund: string }[]>(
    `select distinct a.organization_id as org, a.fund_id as fund from report r join award a on a.id = r.award_id
      where a.organization_id in (?) and ${OVERDUE_SQL}`,
    [[...organizationIds], isoDate(now)],
  );
  return new Set(rows.map((r) => `${r.org}|${r.fund}`));
}

/** Whether a report of this award is overdue (blocks its tranches). */
export async function awardHasOverdueReport(em: EntityManager, awardId: string, now: Date) {
  const [row] = await em.execute<{ n: string }[]>(
    `select count(*)::text as n from report r where r.award_id = ? and ${OVERDUE_SQL}`,
    [awardId, isoDate(now)],
  );
  return Number(row?.n ?? 0) > 0;
}

/** The awards among `ids` with an overdue report (the batched form of `awardHasOverdueReport`). */
export async function awardsWithOverdueReport(em: EntityManager, ids: readonly string[], now: Date) {
  if (ids.length === 0) return new Set<string>();
  const rows = await em.execute<{ award_id: string }[]>(
    `select distinct r.award_id from report r where r.award_id in (?) and ${OVERDUE_SQL}`,
    [[...ids], isoDate(now)],
  );
  return new Set(rows.map((r) => r.award_id));
}

/** Ids of the reports overdue at `now` whose stored status does not say so yet (for the job). */
export async function reportsToMarkOverdue(em: EntityManager, now: Date): Promise<string[]> {
  const rows = await em.execute<{ id: string }[]>(
    `select r.id from report r join award a on a.id = r.award_id
      where a.status = 'ACTIVE' and ${OVERDUE_SQL} and r.status <> 'OVERDUE' order by r.id`,
    [isoDate(now)],
  );
  return rows.map((r) => r.id);
}
