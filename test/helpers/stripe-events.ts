import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import type { FakePaymentIntent } from './fake-stripe';

const stripe = new Stripe('sk_test_helper_only');
const evtId = () => `evt_${randomBytes(12).toString('hex')}`;

export interface WebhookEvent {
  id: string;
  object: 'event';
  type: string;
  livemode: boolean;
  created: number;
  api_version: string;
  data: { object: Record<string, unknown> };
}

function event(type: string, object: Record<string, unknown>, over: Partial<WebhookEvent> = {}): WebhookEvent {
  return {
    id: evtId(),
    object: 'event',
    type,
    livemode: false,
    created: Math.floor(Date.now() / 1000),
    api_version: '2026-10-28.endive',
    data: { object },
    ...over,
  };
}

const chargeId = (pi: FakePaymentIntent) => `ch_${pi.id.slice(3)}`;

export const events = {
  succeeded: (pi: FakePaymentIntent, over: { amount?: number; currency?: string } & Partial<WebhookEvent> = {}) => {
    const { amount, currency, ...rest } = over;
    return event(
      'payment_intent.succeeded',
      {
        ...pi,
        status: 'succeeded',
        amount: amount ?? pi.amount,
        amount_received: amount ?? pi.amount,
        currency: currency ?? pi.currency,
        latest_charge: chargeId(pi),
      },
      rest,
    );
  },
  failed: (pi: FakePaymentIntent) =>
    event('payment_intent.payment_failed', {
      ...pi,
      status: 'requires_payment_method',
      last_payment_error: { message: 'Your card was declined.' },
    }),
  refunded: (pi: FakePaymentIntent, amountRefunded: number) =>
    event('charge.refunded', {
      id: chargeId(pi),
      object: 'charge',
      amount: pi.amount,
      amount_refunded: amountRefunded,
      currency: pi.currency,
      payment_intent: pi.id,
      refunded: amountRefunded === pi.amount,
      metadata: pi.metadata,
    }),
  dispute: (pi: FakePaymentIntent, type: 'created' | 'closed', status = 'needs_response') =>
    event(`charge.dispute.${type}`, {
      id: `dp_${pi.id.slice(3)}`,
      object: 'dispute',
      amount: pi.amount,
      currency: pi.currency,
      charge: chargeId(pi),
      payment_intent: pi.id,
      status,
    }),
  other: (type: string) => event(type, { id: `obj_${randomBytes(6).toString('hex')}`, object: 'thing' }),
};

/** Posts an event to the webhook, signed with the SDK's own test-header helper. */
export async function deliver(
  baseUrl: string,
  e: WebhookEvent | string,
  opts: { secret?: string; timestamp?: number; signature?: string | null } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const payload = typeof e === 'string' ? e : JSON.stringify(e);
  const header =
    opts.signature === undefined
      ? stripe.webhooks.generateTestHeaderString({
          payload,
          secret: opts.secret ?? 'whsec_test_secret_0123456789',
          timestamp: opts.timestamp,
        })
      : opts.signature;
  const res = await fetch(`${baseUrl}/webhooks/stripe`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(header === null ? {} : { 'stripe-signature': header }) },
    body: payload,
  });
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text);
  } catch {
    body = { text };
  }
  return { status: res.status, body };
}
