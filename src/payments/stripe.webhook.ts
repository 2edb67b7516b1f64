import express, { type Express, type Request, type Response } from 'express';
import { UniqueConstraintViolationException, DeadlockException, LockWaitTimeoutException } from '@mikro-orm/core';
import type Stripe from 'stripe';
import type { AppServices } from '../services';
import { processStripeEvent } from './stripe-events.service';

/**
 * `POST /webhooks/stripe`. Answers:
 * - 400: missing or bad signature, timestamp outside the tolerance, or livemode not matching the
 *   key (nothing written);
 * - 200: applied, duplicate (already processed), ignored (unknown type), refused mismatch
 *   (audited, so Stripe stops retrying an event that will never apply), unmatched;
 * - 503 when webhooks are not configured; 500 on an unexpected error (Stripe retries).
 */
export function stripeWebhookRoute(ex: Express, app: AppServices): void {
  ex.post('/webhooks/stripe', express.raw({ type: 'application/json', limit: '1mb' }), (req, res) => {
    void handle(app, req, res);
  });
}

async function handle(app: AppServices, req: Request, res: Response): Promise<void> {
  const requestId = res.locals.requestId as string;
  const log = app.log.child({ requestId, route: 'stripe-webhook' });
  const payments = app.payments;
  if (!payments?.webhookSecret) {
    res.status(503).json({ error: 'Stripe webhooks are not configured.' });
    return;
  }
  const signature = req.header('stripe-signature');
  const raw = req.body;
  if (!signature || !Buffer.isBuffer(raw)) {
    res.status(400).json({ error: 'Missing Stripe-Signature header or raw JSON body.' });
    return;
  }
  let event: Stripe.Event;
  try {
    event = payments.stripe.webhooks.constructEvent(
      raw,
      signature,
      payments.webhookSecret,
      undefined,
      undefined,
      app.clock.now().getTime(),
    );
  } catch (err) {
    log.warn({ err: (err as Error).message }, 'stripe webhook signature refused');
    res.status(400).json({ error: 'Invalid signature.' });
    return;
  }
  if (event.livemode === payments.testMode) {
    log.warn({ eventId: event.id, livemode: event.livemode }, 'stripe event refused: livemode does not match the key');
    res.status(400).json({ error: 'Event livemode does not match this server.' });
    return;
  }
  try {
    const outcome = await retryOnDeadlock(() =>
      app.orm.em
        .fork()
        .transactional((tx) =>
          processStripeEvent(tx, event, { actorId: null, actorRole: 'system:stripe', requestId }, log),
        ),
    );
    log.info({ eventId: event.id, type: event.type, outcome }, 'stripe event');
    res.status(200).json({ received: true, outcome });
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException && err.message.includes('stripe_event_pkey')) {
      log.info({ eventId: event.id, type: event.type }, 'stripe event already processed');
      res.status(200).json({ received: true, outcome: 'duplicate' });
      return;
    }
    log.error({ err, eventId: event.id }, 'stripe event failed');
    res.status(500).json({ error: 'Internal error; Stripe will retry.' });
  }
}

/**
 * Concurrent deliveries for one payment can deadlock with other money transactions; the loser
 * is rolled back whole, so running it again is safe (and saves a Stripe retry hours later).
 */
async function retryOnDeadlock<T>(run: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await run();
    } catch (err) {
      if (i >= attempts || !(err instanceof DeadlockException || err instanceof LockWaitTimeoutException)) throw err;
    }
  }
}
