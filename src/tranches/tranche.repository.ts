import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { Award } from '../awards/award.entity';
import { DomainError, ErrorCode } from '../core/errors';
import type { Fund } from '../funds/fund.entity';
import { parseGlobalId } from '../graphql/relay';
import { lockFundOf } from '../ledger/ledger.repository';
import { Tranche } from './tranche.entity';

export interface Locked {
  tranche: Tranche;
  award: Award;
  fund: Fund;
}

/**
 * Takes the fund lock first (same order as every money writer), then the award and the tranche
 * rows, so concurrent requests on one award queue up and each sees the previous one's result.
 */
export async function lockTranche(tx: EntityManager, gid: string): Promise<Locked> {
  const { id } = parseGlobalId(gid, 'Tranche', 'trancheId');
  const fund = await lockFundOf(
    tx,
    'select a.fund_id from tranche t join award a on a.id = t.award_id where t.id = ?',
    [id],
  );
  if (!fund) throw new DomainError(ErrorCode.NOT_FOUND, 'Tranche not found.', 'trancheId');
  const award = await tx
    .createQueryBuilder(Award, 'a')
    .select('*')
    .where('a.id = (select award_id from tranche where id = ?)', [id])
    .setLockMode(LockMode.PESSIMISTIC_WRITE)
    .getSingleResult();
  if (!award) throw new DomainError(ErrorCode.NOT_FOUND, 'Tranche not found.', 'trancheId');
  const tranche = await tx.findOneOrFail(Tranche, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  return { tranche, award, fund };
}

/** A transfer the grantee has not acknowledged, past its receipt due date. */
export interface UnacknowledgedPayment {
  id: string;
  value_date: string;
  receipt_due_date: string;
  amount: string;
  currency: string;
  org: string;
  fund: string;
  award: string;
  number: number;
}

/**
 * Transfers still AWAITING the grantee's acknowledgement after their receipt due date (the day
 * after it, as for reports). The one definition the reminder job and the inbox use.
 */
export const UNACKNOWLEDGED_SQL = `p.receipt_status = 'AWAITING' and p.receipt_due_date < ?::date`;

export async function unacknowledgedPayments(em: EntityManager, today: string): Promise<UnacknowledgedPayment[]> {
  return em.execute<UnacknowledgedPayment[]>(
    `select p.id, to_char(p.value_date, 'YYYY-MM-DD') as value_date,
            to_char(p.receipt_due_date, 'YYYY-MM-DD') as receipt_due_date, p.amount_minor::text as amount,
            a.currency, a.organization_id as org, a.fund_id as fund, a.id as award, t.number
       from tranche_payment p join tranche t on t.id = p.tranche_id join award a on a.id = t.award_id
      where ${UNACKNOWLEDGED_SQL}
      order by p.receipt_due_date, p.id`,
    [today],
  );
}

/** The tranches of each award in number order, as rows for read-only views, with the award's currency. */
export async function trancheRowsOfAwards(em: EntityManager, awardIds: readonly string[]) {
  return em.execute<(Record<string, unknown> & { award_currency: string })[]>(
    `select t.*, a.currency as award_currency from tranche t join award a on a.id = t.award_id
      where t.award_id in (?) order by t.number`,
    [[...awardIds]],
  );
}
