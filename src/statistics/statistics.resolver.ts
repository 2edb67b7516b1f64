import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { Fund } from '../funds/fund.entity';
import type { Context } from '../graphql/context';
import { BadInputError } from '../graphql/errors';
import { fundStatistics } from './statistics.service';
import { PublicStatistics, toPublicStatistics } from './statistics.types';

@Resolver()
export class StatisticsResolver {
  // Public on purpose: donors and the public see how the fund used the money (no login).
  @Query(() => PublicStatistics, { description: 'Public statistics of a fund; counts of victims below 5 suppressed.' })
  async publicStatistics(
    @Arg('fundCode', () => String) fundCode: string,
    @Ctx() ctx: Context,
  ): Promise<PublicStatistics> {
    const fund = await ctx.em.findOne(Fund, { code: fundCode });
    if (!fund) throw new BadInputError('Fund not found.', 'fundCode');
    return toPublicStatistics(await fundStatistics(ctx.em, fund));
  }
}
