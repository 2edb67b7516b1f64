import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { Award } from '../awards/award.entity';
import { Permission } from '../auth/policy';
import { required } from '../core/required';
import { acting, type Context } from '../graphql/context';
import { payload } from '../graphql/errors';
import { Money } from '../graphql/money';
import { globalId } from '../graphql/relay';
import { Role } from '../users/user.entity';
import { Tranche } from './tranche.entity';
import { ReceiptStatus, TranchePayment } from './tranche-payment.entity';
import {
  AcknowledgePaymentInput,
  ResolvePaymentDiscrepancyInput,
  TranchePaymentPayload,
  TranchePaymentPermissions,
} from './tranche.types';
import * as receipts from './receipt.service';
import { canAcknowledgeReceipt, canResolveDiscrepancy, receiptPermission } from './receipt.policy';

async function awardOf(p: TranchePayment, ctx: Context): Promise<Award> {
  const tranche = await ctx.loaders.byId(Tranche, 'tranchePayment.tranche').load(p.tranche.id);
  return required(
    await ctx.loaders.byId(Award, 'tranchePayment.award').load(required(tranche, 'tranche').award.id),
    'award',
  );
}

@Resolver(() => TranchePayment)
export class TranchePaymentResolver {
  @FieldResolver(() => Money)
  async amount(@Root() p: TranchePayment, @Ctx() ctx: Context): Promise<Money> {
    return Money.of(p.amountMinor, (await awardOf(p, ctx)).currency);
  }

  @FieldResolver(() => Money, { nullable: true, description: 'What the grantee acknowledged as received.' })
  async receivedAmount(@Root() p: TranchePayment, @Ctx() ctx: Context): Promise<Money | null> {
    return p.receivedMinor === null ? null : Money.of(p.receivedMinor, (await awardOf(p, ctx)).currency);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Global User id of who acknowledged the receipt.' })
  acknowledgedById(@Root() p: TranchePayment): string | null {
    return p.acknowledgedById ? globalId('User', p.acknowledgedById) : null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Global User id of who resolved the discrepancy.' })
  resolvedById(@Root() p: TranchePayment): string | null {
    return p.resolvedById ? globalId('User', p.resolvedById) : null;
  }

  @Authorized()
  @FieldResolver(() => TranchePaymentPermissions, {
    description: 'The rules of acknowledgeTranchePayment and resolvePaymentDiscrepancy.',
  })
  async permissions(@Root() p: TranchePayment, @Ctx() ctx: Context): Promise<TranchePaymentPermissions> {
    const award = await awardOf(p, ctx);
    return Object.assign(new TranchePaymentPermissions(), {
      acknowledge: Permission.of(receiptPermission(canAcknowledgeReceipt(ctx.actor, award), p, ReceiptStatus.AWAITING)),
      resolve: Permission.of(receiptPermission(canResolveDiscrepancy(ctx.actor, award), p, ReceiptStatus.DISCREPANCY)),
    });
  }

  @Authorized(Role.NGO)
  @Mutation(() => TranchePaymentPayload, {
    description:
      'The grantee acknowledges a transfer: the amount and date received; another amount than sent is a discrepancy with a note.',
  })
  acknowledgeTranchePayment(
    @Arg('input', () => AcknowledgePaymentInput) input: AcknowledgePaymentInput,
    @Ctx() ctx: Context,
  ) {
    return payload(() => receipts.acknowledgeTranchePayment(acting(ctx), input));
  }

  @Authorized(Role.SECRETARIAT)
  @Mutation(() => TranchePaymentPayload, {
    description: 'The secretariat records how a discrepancy reported by the grantee was resolved.',
  })
  resolvePaymentDiscrepancy(
    @Arg('input', () => ResolvePaymentDiscrepancyInput) input: ResolvePaymentDiscrepancyInput,
    @Ctx() ctx: Context,
  ) {
    return payload(() => receipts.resolvePaymentDiscrepancy(acting(ctx), input));
  }

  @FieldResolver(() => String, { description: 'Global User id of who recorded the transfer.' })
  paidById(@Root() p: TranchePayment): string {
    return globalId('User', p.paidById);
  }
}
