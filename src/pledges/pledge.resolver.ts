import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Permission } from '../auth/policy';
import { acting, type Context } from '../graphql/context';
import { BadInputError, payload } from '../graphql/errors';
import { raw, type FilterQuery } from '@mikro-orm/core';
import { groupBy } from '../graphql/loaders';
import { Money } from '../graphql/money';
import { PageArgs, paginate } from '../graphql/paginate';
import { Connection } from '../graphql/relay';
import { Fund } from '../funds/fund.entity';
import { Organization } from '../organizations/organization.entity';
import { Contribution } from '../contributions/contribution.entity';
import { canPayPledgeByCard } from '../contributions/contribution.policy';
import { Pledge } from './pledge.entity';
import { canCancelPledge, moneyListConditions, PLEDGE_READ } from './pledge.policy';
import * as service from './pledge.service';
import {
  CancelPledgeInput,
  CreatePledgeInput,
  PledgeFilter,
  PledgePayload,
  PledgePermissions,
  WireInstructions,
} from './pledge.types';
import { required } from '../core/required';

const PledgeConnection = Connection(Pledge);

/** A list condition for the pledge a reference names (case and spaces forgiven); BAD_USER_INPUT otherwise. */
function referenceCondition(reference: string): FilterQuery<Pledge> {
  const [, code, digits] = /^([A-Z0-9_-]+)-P-([0-9A-F]{10})$/.exec(reference.replace(/\s/g, '').toUpperCase()) ?? [];
  if (!code || !digits) {
    throw new BadInputError('A pledge reference looks like UNVTF-P-3F9A0C21D4.', 'filter.reference');
  }
  // The reference's digits end the pledge's id (pledgeReference).
  return { fund: { code }, [raw((alias) => `${alias}.id::text`)]: { $like: `%${digits.toLowerCase()}` } };
}

const max0 = (v: bigint) => (v > 0n ? v : 0n);

@Resolver(() => Pledge)
export class PledgeResolver {
  @Authorized()
  @Query(() => PledgeConnection, {
    description: 'Donors see their own organisation’s pledges; staff see their funds’.',
  })
  pledges(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => PledgeFilter, { nullable: true }) filter: PledgeFilter | null,
    @Ctx() ctx: Context,
  ) {
    const conds = moneyListConditions(PLEDGE_READ, ctx.actor, filter);
    if (filter?.status) conds.push({ status: filter.status });
    if (filter?.reference) conds.push(referenceCondition(filter.reference));
    return paginate(ctx.em, Pledge, { $and: conds }, page);
  }

  @FieldResolver(() => Fund)
  async fund(@Root() p: Pledge, @Ctx() ctx: Context): Promise<Fund> {
    return required(await ctx.loaders.byId(Fund, 'pledge.fund').load(p.fund.id), 'Fund');
  }

  @FieldResolver(() => Organization)
  async donorOrganization(@Root() p: Pledge, @Ctx() ctx: Context): Promise<Organization> {
    return required(
      await ctx.loaders.byId(Organization, 'pledge.donorOrganization').load(p.donorOrganization.id),
      'Organization',
    );
  }

  @FieldResolver(() => Money)
  amount(@Root() p: Pledge): Money {
    return Money.of(p.amountMinor, p.currency);
  }

  @FieldResolver(() => Money, { description: 'Net receipts linked to the pledge (may exceed the amount).' })
  paid(@Root() p: Pledge): Money {
    return Money.of(p.paidMinor, p.currency);
  }

  @FieldResolver(() => Money, { description: 'Still to be paid (zero once fulfilled or cancelled).' })
  outstanding(@Root() p: Pledge): Money {
    return Money.of(p.status === 'CANCELLED' ? 0n : max0(p.amountMinor - p.paidMinor), p.currency);
  }

  @FieldResolver(() => String, {
    description: 'Reference to quote on a wire for this pledge, e.g. "UNVTF-P-3F9A0C21D4".',
  })
  async reference(@Root() p: Pledge, @Ctx() ctx: Context): Promise<string> {
    return service.pledgeReference(p, (await this.fund(p, ctx)).code);
  }

  @FieldResolver(() => WireInstructions, {
    nullable: true,
    description: "The fund's bank account and the reference to quote; null when the fund has not set its account.",
  })
  async wireInstructions(@Root() p: Pledge, @Ctx() ctx: Context): Promise<WireInstructions | null> {
    const fund = await this.fund(p, ctx);
    const account = fund.receivingAccount;
    if (!account) return null;
    return Object.assign(new WireInstructions(), {
      reference: service.pledgeReference(p, fund.code),
      accountHolder: account.accountHolder,
      bankName: account.bankName,
      bankCountry: account.bankCountry ?? null,
      iban: account.iban,
      accountNumber: account.accountNumber ?? null,
      swift: account.swift,
      amount: this.outstanding(p),
    });
  }

  @FieldResolver(() => Money, { description: 'Paid beyond the pledged amount: recorded and shown, never lost.' })
  overpaid(@Root() p: Pledge): Money {
    return Money.of(max0(p.paidMinor - p.amountMinor), p.currency);
  }

  @FieldResolver(() => [Contribution], { description: 'Receipts linked to this pledge.' })
  contributions(@Root() p: Pledge, @Ctx() ctx: Context): Promise<Contribution[]> {
    return ctx.loaders
      .named<string, Contribution[]>('contributionsByPledge', async (ids) =>
        groupBy(
          ids,
          await ctx.em.find(Contribution, { pledge: { $in: [...ids] } }, { orderBy: { id: 'asc' } }),
          (c) => required(c.pledge, 'c.pledge').id,
        ),
      )
      .load(p.id);
  }

  @FieldResolver(() => PledgePermissions)
  permissions(@Root() p: Pledge, @Ctx() ctx: Context): PledgePermissions {
    const cardPayments = Boolean(ctx.app.payments && ctx.app.config.STRIPE_PUBLISHABLE_KEY);
    return Object.assign(new PledgePermissions(), {
      cancel: Permission.of(canCancelPledge(ctx.actor, p)),
      payByCard: Permission.of(canPayPledgeByCard(ctx.actor, p, cardPayments)),
    });
  }

  @Authorized()
  @Mutation(() => PledgePayload)
  createPledge(@Arg('input', () => CreatePledgeInput) input: CreatePledgeInput, @Ctx() ctx: Context) {
    return payload(async () => ({ pledge: await service.createPledge(acting(ctx), input) }));
  }

  @Authorized()
  @Mutation(() => PledgePayload)
  cancelPledge(@Arg('input', () => CancelPledgeInput) input: CancelPledgeInput, @Ctx() ctx: Context) {
    return payload(async () => ({ pledge: await service.cancelPledge(acting(ctx), input) }));
  }
}
