import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { authorize } from '../auth/policy';
import { getByGlobalId } from '../db/find';
import { Fund } from '../funds/fund.entity';
import { auditActor } from '../audit/audit.service';
import { type Context } from '../graphql/context';
import { BadInputError, payload } from '../graphql/errors';
import { parseQuarter, publishStatistics } from './publication.service';
import { canPublishStatistics } from './statistics.policy';
import { fundStatistics } from './statistics.service';
import {
  PublicStatistics,
  PublishStatisticsInput,
  PublishStatisticsPayload,
  toPublicStatistics,
} from './statistics.types';

@Resolver()
export class StatisticsResolver {
  // Public on purpose: donors and the public see how the fund used the money (no login).
  @Query(() => PublicStatistics, {
    description: 'Public statistics of a fund; victims as of the latest published quarter, counts below 5 suppressed.',
  })
  async publicStatistics(
    @Arg('fundCode', () => String) fundCode: string,
    @Ctx() ctx: Context,
  ): Promise<PublicStatistics> {
    const fund = await ctx.em.findOne(Fund, { code: fundCode });
    if (!fund) throw new BadInputError('Fund not found.', 'fundCode');
    // A heavy, public, stale-tolerant read: a replica when configured, else the heavy pool (db/pools.ts).
    const statistics = await ctx.app.pools.heavyRead({ staleOk: true, userId: ctx.actor?.userId ?? null }, (em) =>
      fundStatistics(em, fund),
    );
    return toPublicStatistics(statistics);
  }

  @Authorized()
  @Mutation(() => PublishStatisticsPayload, {
    description:
      'Freezes the public victim statistics of a fund for a closed quarter (also done daily by a job); once per quarter.',
  })
  publishStatistics(@Arg('input', () => PublishStatisticsInput) input: PublishStatisticsInput, @Ctx() ctx: Context) {
    return payload(async () => {
      const fund = await getByGlobalId(ctx.em, Fund, 'Fund', input.fundId, 'fundId');
      const role = authorize(canPublishStatistics(ctx.actor, fund.id));
      const quarter = parseQuarter(input.period);
      return {
        publication: await publishStatistics(ctx.em, auditActor(ctx, role), fund.id, quarter, ctx.app.clock.now()),
      };
    });
  }
}
