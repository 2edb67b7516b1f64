import { Arg, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { authorize } from '../auth/policy';
import { Fund } from '../funds/fund.entity';
import type { Context } from '../graphql/context';
import { BadInputError } from '../graphql/errors';
import { globalId, parseGlobalId } from '../graphql/relay';
import { Role } from '../users/user.entity';
import { canReadStatement } from './statement.policy';
import { closedPeriod, fundStatement } from './statement.service';
import { FundStatement, toFundStatement } from './statement.types';

@Resolver()
export class StatementResolver {
  @Authorized(Role.SECRETARIAT, Role.ADMIN, Role.AUDITOR, Role.BOARD_MEMBER)
  @Query(() => FundStatement, {
    description: 'Financial statement of a fund for value dates from..to (inclusive), reconciled with the ledger.',
  })
  async fundStatement(
    @Arg('fundId', () => String) fundId: string,
    @Arg('from', () => String, { description: 'YYYY-MM-DD' }) from: string,
    @Arg('to', () => String, { description: 'YYYY-MM-DD' }) to: string,
    @Ctx() ctx: Context,
  ): Promise<FundStatement> {
    const fund = await ctx.loaders.byId(Fund, 'fundStatement.fund').load(parseGlobalId(fundId, 'Fund', 'fundId').id);
    if (!fund) throw new BadInputError('Fund not found.', 'fundId');
    authorize(canReadStatement(ctx.actor, fund.id));
    // A heavy read: the heavy pool, or a replica for a period that ended before this month (db/pools.ts).
    const statement = await ctx.app.pools.heavyRead(
      { staleOk: closedPeriod(to, ctx.app.clock.now()), userId: ctx.actor?.userId ?? null },
      (em) => fundStatement(em, fund, from, to),
    );
    return toFundStatement(statement, (id) => globalId('Organization', id));
  }
}
