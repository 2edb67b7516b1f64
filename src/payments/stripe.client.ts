import Stripe from 'stripe';
import type { Config } from '../config';

/** The process-wide Stripe client and webhook settings; null when payments are not configured. */
export interface Payments {
  stripe: Stripe;
  webhookSecret: string | null;
  /** The server runs with test keys: livemode events are refused, and the reverse. */
  testMode: boolean;
}

export function createPayments(config: Config): Payments | null {
  const key = config.STRIPE_SECRET_KEY;
  if (!key) return null;
  const stripe = new Stripe(key, {
    host: config.STRIPE_API_HOST,
    port: config.STRIPE_API_PORT,
    protocol: config.STRIPE_API_PROTOCOL,
    maxNetworkRetries: 2,
    timeout: 20_000,
    appInfo: { name: 'vtf-grants' },
  });
  return {
    stripe,
    webhookSecret: config.STRIPE_WEBHOOK_SECRET ?? null,
    testMode: !key.startsWith('sk_live_') && !key.startsWith('rk_live_'),
  };
}

/** Stripe idempotency key of the PaymentIntent of a contribution: retries reach the same intent. */
export const paymentIntentIdempotencyKey = (contributionId: string): string => `vtf-contribution-${contributionId}`;
