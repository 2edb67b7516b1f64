import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import { authorize } from '../auth/policy';
import { Fund } from '../funds/fund.entity';
import type { Context } from '../graphql/context';
import { BadInputError } from '../graphql/errors';
import { parseGlobalId } from '../graphql/relay';
import { Role } from '../users/user.entity';
import { canReadInbox } from './inbox.policy';
import { inboxOf } from './inbox.repository';
import { SecretariatInbox } from './inbox.types';

@Resolver()
export class InboxResolver {
  @Authorized(Role.SECRETARIAT)
  @Query(() => SecretariatInbox, {
    description:
      "What waits on the fund's secretariat: organisations to vet, bank details to confirm, applications to screen " +
      'and to recommend, tranches to request, approve and pay, reports to review, amendments before the board, ' +
      'payments the grantee has not acknowledged in time or reports a discrepancy on; ' +
      'each kind with its count and its most urgent items.',
  })
  async secretariatInbox(
    @Arg('fundId', () => String) fundId: string,
    @Arg('first', () => Int, { defaultValue: 10, description: 'Items per kind, 1 to 50.' }) first: number,
    @Ctx() ctx: Context,
  ): Promise<SecretariatInbox> {
    const fund = await ctx.loaders.byId(Fund).load(parseGlobalId(fundId, 'Fund', 'fundId').id);
    if (!fund) throw new BadInputError('Fund not found.', 'fundId');
    if (!Number.isInteger(first) || first < 1 || first > 50) throw new BadInputError('first: 1 to 50.', 'first');
    authorize(canReadInbox(ctx.actor, fund.id));
    const today = ctx.app.clock.now().toISOString().slice(0, 10);
    return Object.assign(new SecretariatInbox(), { sections: await inboxOf(ctx.em, fund.id, today, first) });
  }
}
