import type { EntityManager } from '@mikro-orm/postgresql';
import { Role, RoleGrant } from '../users/user.entity';

/**
 * The seated board of each fund: users holding BOARD_MEMBER on that fund or on every fund
 * (a grant without a fund). The one definition behind `Fund.boardSize`, the vote tally, the
 * decision and amendment approvals; one statement for any number of funds.
 */
export async function seatedBoards(em: EntityManager, fundIds: readonly string[]): Promise<string[][]> {
  const grants = await em.find(RoleGrant, {
    role: Role.BOARD_MEMBER,
    $or: [{ fund: { $in: [...fundIds] } }, { fund: null }],
  });
  return fundIds.map((f) => [
    ...new Set(grants.filter((g) => g.fund === null || g.fund.id === f).map((g) => g.user.id)),
  ]);
}

export async function seatedBoard(em: EntityManager, fundId: string): Promise<string[]> {
  const [seated] = await seatedBoards(em, [fundId]);
  return seated;
}
