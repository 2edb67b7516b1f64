import { createHash } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type Stripe from 'stripe';
import { enforce } from '../auth/enforce';
import { auditActor, recordAudit } from '../audit/audit.service';
import { getByGlobalId } from '../db/find';
import type { Acting } from '../services';
import { DomainError, ErrorCode } from '../core/errors';
import { assertCurrency, parseDecimal } from '../core/money';
import { parseGlobalId } from '../graphql/relay';
import { Fund } from '../funds/fund.entity';
import { convertMinor, parseRate } from '../ledger/fx';
import { rateFor } from '../ledger/exchange-rate.service';
import { paymentIntentIdempotencyKey } from '../payments/stripe.client';
import { assertVerified, pledgeForReceipt, resolveDonor } from '../pledges/pledge.service';
import { Contribution, ContributionChannel } from './contribution.entity';
import { canPayByCard } from './contribution.policy';
import { contributionSnapshot } from './contribution.snapshot';
import type { CreateCardContributionInput } from './contribution.types';

function requestHash(input: CreateCardContributionInput): string {
  const currency = assertCurrency(input.currency);
  const normalised = {
    fundId: parseGlobalId(input.fundId, 'Fund', 'fundId').id,
    pledgeId: input.pledgeId ? parseGlobalId(input.pledgeId, 'Pledge', 'pledgeId').id : null,
    donorOrganizationId: input.donorOrganizationId
      ? parseGlobalId(input.donorOrganizationId, 'Organization', 'donorOrganizationId').id
      : null,
    amountMinor: parseDecimal(input.amount, currency).toString(),
    currency,
  };
  return createHash('sha256').update(JSON.stringify(normalised)).digest('hex');
}

function sameRequest(existing: Contribution, hash: string): Contribution {
  if (existing.requestHash !== hash) {
    throw new DomainError(
      ErrorCode.IDEMPOTENCY_KEY_REUSED,
      'This idempotency key was used for a different contribution.',
      'idempotencyKey',
    );
  }
  return existing;
}

/** Step 1, in its own transaction: the PENDING contribution row, or the one this key already made. */
async function reserve(ctx: Acting, input: CreateCardContributionInput, hash: string): Promise<Contribution> {
  const userId = ctx.actor.userId;
  const key = { createdById: userId, idempotencyKey: input.idempotencyKey };
  try {
    return await ctx.em.transactional(async (tx) => {
      const existing = await tx.findOne(Contribution, key);
      if (existing) return sameRequest(existing, hash);
      return newCardContribution(ctx, tx, input, hash);
    });
  } catch (e) {
    // A concurrent request with the same key won the insert: answer with its contribution.
    if (!(e instanceof UniqueConstraintViolationException)) throw e;
    const winner = await ctx.em.fork().findOneOrFail(Contribution, key);
    return sameRequest(winner, hash);
  }
}

async function newCardContribution(
  ctx: Acting,
  tx: EntityManager,
  input: CreateCardContributionInput,
  hash: string,
): Promise<Contribution> {
  const fund = await getByGlobalId(tx, Fund, 'Fund', input.fundId, 'fundId');
  const org = await resolveDonor(ctx, tx, input.donorOrganizationId);
  const role = enforce(canPayByCard(ctx.actor, org));
  assertVerified(org);
  const currency = assertCurrency(input.currency);
  const amount = parseDecimal(input.amount, currency);
  if (amount <= 0n || amount > 99_999_999n) {
    // Stripe's ceiling for a single charge is 8 digits of minor units.
    throw new DomainError(
      ErrorCode.AMOUNT_OUT_OF_RANGE,
      'A card payment must be positive and below 1,000,000.',
      'amount',
    );
  }
  const pledge = input.pledgeId ? await pledgeForReceipt(tx, input.pledgeId, fund, org, currency) : null;
  const today = ctx.app.clock.now().toISOString().slice(0, 10);
  const rate = await rateFor(tx, currency, fund.baseCurrency, today);
  const c = new Contribution({
    fund,
    donorOrganization: org,
    pledge,
    channel: ContributionChannel.STRIPE,
    amountMinor: amount,
    currency,
    exchangeRate: rate,
    baseAmountMinor: convertMinor(amount, currency, fund.baseCurrency, parseRate(rate)),
    createdById: ctx.actor.userId,
  });
  c.idempotencyKey = input.idempotencyKey;
  c.requestHash = hash;
  tx.persist(c);
  await tx.flush();
  await recordAudit(tx, auditActor(ctx, role), {
    action: 'contribution.create_card',
    entityType: 'Contribution',
    entityId: c.id,
    fundId: fund.id,
    after: contributionSnapshot(c),
  });
  return c;
}

/** Step 2, outside any transaction: the PaymentIntent, idempotent on the contribution id. */
async function paymentIntentFor(ctx: Acting, stripe: Stripe, c: Contribution): Promise<Stripe.PaymentIntent> {
  try {
    if (c.stripePaymentIntentId) return await stripe.paymentIntents.retrieve(c.stripePaymentIntentId);
    return await stripe.paymentIntents.create(
      {
        amount: Number(c.amountMinor),
        currency: c.currency.toLowerCase(),
        description: `Contribution to ${c.fund.code}`,
        metadata: {
          fundId: c.fund.id,
          pledgeId: c.pledge?.id ?? '',
          donorOrganizationId: c.donorOrganization.id,
          contributionId: c.id,
        },
      },
      { idempotencyKey: paymentIntentIdempotencyKey(c.id) },
    );
  } catch (err) {
    ctx.log.error({ err, contributionId: c.id }, 'stripe payment intent failed');
    throw new DomainError(
      ErrorCode.PAYMENT_PROVIDER_ERROR,
      'The payment provider did not answer; retry with the same idempotency key.',
    );
  }
}

/**
 * Creates a PENDING card contribution and its Stripe PaymentIntent. The row commits first, so
 * a Stripe failure leaves a contribution that a retry with the same key completes (Stripe's own
 * idempotency key guarantees one PaymentIntent however many retries or races).
 */
export async function createCardContribution(ctx: Acting, input: CreateCardContributionInput) {
  const payments = ctx.app.payments;
  if (!payments) {
    throw new DomainError(ErrorCode.PAYMENTS_NOT_CONFIGURED, 'Card payments are not configured on this server.');
  }
  const hash = requestHash(input);
  const c = await reserve(ctx, input, hash);
  await ctx.em.populate(c, ['fund', 'donorOrganization', 'pledge']);
  const pi = await paymentIntentFor(ctx, payments.stripe, c);
  if (!c.stripePaymentIntentId) {
    // Conditional: concurrent requests all got the same intent; the first one stores it.
    await ctx.em
      .fork()
      .nativeUpdate(Contribution, { id: c.id, stripePaymentIntentId: null }, { stripePaymentIntentId: pi.id });
    c.stripePaymentIntentId = pi.id;
  }
  return { contribution: c, clientSecret: pi.client_secret };
}
