import { Ctx, Field, ObjectType, Query, Resolver } from 'type-graphql';
import type { Context } from '../graphql/context';

@ObjectType({ description: 'What a browser needs to take a card payment; public (no secrets).' })
export class PaymentSettings {
  @Field(() => Boolean, { description: 'Card payments are configured on this server.' })
  cardPayments!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Stripe publishable key for Stripe.js (pk_…); null when card payments are off.',
  })
  stripePublishableKey!: string | null;
}

@Resolver()
export class PaymentSettingsResolver {
  // Public on purpose: a publishable key is meant for browsers, and the portal asks before login.
  @Query(() => PaymentSettings)
  paymentSettings(@Ctx() ctx: Context): PaymentSettings {
    const key = ctx.app.config.STRIPE_PUBLISHABLE_KEY ?? null;
    const on = Boolean(ctx.app.payments && key);
    return Object.assign(new PaymentSettings(), { cardPayments: on, stripePublishableKey: on ? key : null });
  }
}
