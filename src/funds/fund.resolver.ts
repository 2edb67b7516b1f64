import { Arg, Args, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { acting, type Context } from '../graphql/context';
import { payload } from '../graphql/errors';
import { Money } from '../graphql/money';
import { PageArgs, paginate } from '../graphql/paginate';
import { Connection, parseGlobalId } from '../graphql/relay';
import { seatedBoards } from '../reviews/board';
import { Role } from '../users/user.entity';
import { Fund } from './fund.entity';
import * as service from './fund.service';
import { CreateFundInput, FundPayload, FundPermissions, UpdateFundPolicyInput } from './fund.types';
import { canManageFunds } from './fund.policy';
import { Permission } from '../auth/policy';

const FundConnection = Connection(Fund);

@Resolver(() => Fund)
export class FundResolver {
  @Query(() => FundConnection, { description: 'Public: the funds this deployment hosts.' })
  funds(@Args(() => PageArgs) page: PageArgs, @Ctx() ctx: Context) {
    return paginate(ctx.em, Fund, {}, page);
  }

  @Query(() => Fund, { nullable: true, description: 'Public: a fund by global id or by code.' })
  async fund(
    @Arg('id', () => String, { nullable: true }) id: string | null,
    @Arg('code', () => String, { nullable: true }) code: string | null,
    @Ctx() ctx: Context,
  ): Promise<Fund | null> {
    if (id) return ctx.loaders.byId(Fund).load(parseGlobalId(id, 'Fund').id);
    if (code) return ctx.em.findOne(Fund, { code: code.toUpperCase() });
    return null;
  }

  @FieldResolver(() => FundPermissions)
  permissions(@Ctx() ctx: Context): FundPermissions {
    return Object.assign(new FundPermissions(), { updatePolicy: Permission.of(canManageFunds(ctx.actor)) });
  }

  @FieldResolver(() => Money, { nullable: true })
  unanimityThreshold(@Root() f: Fund): Money | null {
    return f.unanimityThresholdMinor == null ? null : Money.of(f.unanimityThresholdMinor, f.baseCurrency);
  }

  @FieldResolver(() => Money)
  auditThreshold(@Root() f: Fund): Money {
    return Money.of(f.auditThresholdMinor, f.baseCurrency);
  }

  @FieldResolver(() => Int, {
    description:
      'Number of seated board members: BOARD_MEMBER on this fund or on every fund, as the vote tally counts.',
  })
  boardSize(@Root() f: Fund, @Ctx() ctx: Context): Promise<number> {
    return ctx.loaders
      .named<string, number>('boardSizeByFund', async (ids) => (await seatedBoards(ctx.em, ids)).map((s) => s.length))
      .load(f.id);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => FundPayload)
  createFund(@Arg('input', () => CreateFundInput) input: CreateFundInput, @Ctx() ctx: Context) {
    return payload(async () => ({ fund: await service.createFund(acting(ctx), input) }));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => FundPayload)
  updateFundPolicy(@Arg('input', () => UpdateFundPolicyInput) input: UpdateFundPolicyInput, @Ctx() ctx: Context) {
    return payload(async () => ({ fund: await service.updateFundPolicy(acting(ctx), input) }));
  }
}
