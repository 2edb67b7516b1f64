import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import type { Award } from '../awards/award.entity';
import { lockAward } from '../awards/award.repository';
import { DomainError, ErrorCode } from '../core/errors';
import type { Fund } from '../funds/fund.entity';
import { parseGlobalId } from '../graphql/relay';
import { lockFund } from '../ledger/ledger.repository';
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
