import {
  Arg,
  Args,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  InputType,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { authorize } from '../auth/policy';
import { canReadLedger, canReadFundBalance } from './ledger.policy';
import { acting, type Context } from '../graphql/context';
import { BadInputError, payload, PayloadErrors, type UserError } from '../graphql/errors';
import { EXCHANGE_RATE_ERRORS } from './exchange-rate.errors';
import { PageArgs, paginate } from '../graphql/paginate';
import { Connection, parseGlobalId } from '../graphql/relay';
import { Fund } from '../funds/fund.entity';
import { Role } from '../users/user.entity';
import { pledgedUnpaidMany, toFundBalance } from './balance.service';
import { accountBalancesMany } from './ledger.service';
import { ExchangeRate } from './exchange-rate.entity';
import { setExchangeRate } from './exchange-rate.service';
import { ledgerCheck } from './ledger-check.service';
import { FundBalance, LedgerCheck, SetExchangeRateInput } from './ledger.types';

const ExchangeRateConnection = Connection(ExchangeRate);
const month = (ctx: Context) => ctx.app.clock.now().toISOString().slice(0, 7);

@InputType()
class ExchangeRateFilter {
  @Field(() => String, { nullable: true }) currency?: string;
  @Field(() => String, { nullable: true }) baseCurrency?: string;
  @Field(() => String, { nullable: true, description: 'YYYY-MM' }) month?: string;
}

@ObjectType()
class ExchangeRatePayload {
  @Field(() => ExchangeRate, { nullable: true }) exchangeRate?: ExchangeRate | null;
  @PayloadErrors(EXCHANGE_RATE_ERRORS) errors!: UserError[];
}

@Resolver(() => Fund)
export class FundBalanceResolver {
  @Authorized(Role.SECRETARIAT, Role.ADMIN, Role.AUDITOR, Role.BOARD_MEMBER)
  @FieldResolver(() => FundBalance, {
    nullable: true,
    description: 'Money of the fund from the ledger (staff, trustees, auditors).',
  })
  async balance(@Root() fund: Fund, @Ctx() ctx: Context): Promise<FundBalance> {
    authorize(canReadFundBalance(ctx.actor, fund.id));
    const [b, p] = await Promise.all([
      ctx.loaders
        .named('ledgerBalancesByFund', (ids: readonly string[]) => accountBalancesMany(ctx.em, ids))
        .load(fund.id),
      ctx.loaders
        .named('pledgedUnpaidByFund', (funds: readonly Fund[]) => pledgedUnpaidMany(ctx.em, funds, month(ctx)))
        .load(fund),
    ]);
    return toFundBalance(b, fund.baseCurrency, p);
  }
}

@Resolver()
export class LedgerResolver {
  @Authorized(Role.SECRETARIAT, Role.ADMIN, Role.AUDITOR, Role.BOARD_MEMBER)
  @Query(() => LedgerCheck, {
    description:
      "Reconciles a fund: recomputes balances from the lines, reports differences. Same readers as the fund's ledger.csv.",
  })
  async ledgerCheck(@Arg('fundId', () => String) fundId: string, @Ctx() ctx: Context): Promise<LedgerCheck> {
    const fund = await ctx.loaders.byId(Fund).load(parseGlobalId(fundId, 'Fund', 'fundId').id);
    if (!fund) throw new BadInputError('Fund not found.', 'fundId');
    authorize(canReadLedger(ctx.actor, fund.id));
    // A heavy read on the primary's heavy pool: it checks the ledger as it is now.
    return ctx.app.pools.heavyRead({ staleOk: false, userId: ctx.actor?.userId ?? null }, (em) =>
      ledgerCheck(em, fund, month(ctx)),
    );
  }

  @Authorized()
  @Query(() => ExchangeRateConnection, { description: 'Monthly operational rates kept by the secretariat.' })
  exchangeRates(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => ExchangeRateFilter, { nullable: true }) filter: ExchangeRateFilter | null,
    @Ctx() ctx: Context,
  ) {
    const where: Record<string, unknown> = {};
    if (filter?.currency) where.currency = filter.currency.toUpperCase();
    if (filter?.baseCurrency) where.baseCurrency = filter.baseCurrency.toUpperCase();
    if (filter?.month) where.month = filter.month;
    return paginate(ctx.em, ExchangeRate, where, page);
  }

  @Authorized()
  @Mutation(() => ExchangeRatePayload)
  setExchangeRate(@Arg('input', () => SetExchangeRateInput) input: SetExchangeRateInput, @Ctx() ctx: Context) {
    return payload(async () => ({ exchangeRate: await setExchangeRate(acting(ctx), input) }));
  }
}
