import { createHmac, randomBytes } from 'node:crypto';
import type { Page, Route } from '@playwright/test';
import { API } from './api';

/**
 * Stripe in the browser without network: Playwright answers js.stripe.com with a small stand-in
 * for Stripe.js (a Payment Element with card fields, and confirmPayment against api.stripe.com),
 * answers api.stripe.com's confirmation itself, and then sends the server Stripe's signed webhook,
 * as the API's tests do (test/helpers/stripe-events.ts).
 */

export const STRIPE_PUBLISHABLE_KEY = 'pk_test_e2e0123456789';
/** The secrets of test/helpers/fake-stripe.ts, whose server plays Stripe's API for the server. */
const SECRET_KEY = 'sk_test_fake_0123456789';
const WEBHOOK_SECRET = 'whsec_test_secret_0123456789';

/** A card number that Stripe declines (Stripe's own test number). */
export const DECLINED_CARD = '4000 0000 0000 0002';
export const GOOD_CARD = '4242 4242 4242 4242';

/** The stand-in for https://js.stripe.com/<release>/stripe.js: what @stripe/react-stripe-js calls. */
const FAKE_STRIPE_JS = String.raw`(() => {
  const DECLINED = { en: 'Your card was declined.', fr: 'Votre carte a été refusée.', es: 'Su tarjeta fue rechazada.' };
  function Stripe(key) {
    const noop = () => {};
    return {
      _registerWrapper: noop,
      registerAppInfo: noop,
      createToken: noop,
      createPaymentMethod: noop,
      confirmCardPayment: noop,
      elements(options) {
        const handlers = {};
        let node = null;
        const emit = (name, payload) => (handlers[name] || []).forEach((fn) => fn(payload));
        const element = {
          mount(target) {
            node = typeof target === 'string' ? document.querySelector(target) : target;
            node.innerHTML =
              '<div data-fake-stripe="payment-element" style="display:grid;gap:8px">' +
              '<label>Card number <input name="number" autocomplete="cc-number" inputmode="numeric"></label>' +
              '<label>Expiry date (MM / YY) <input name="exp" autocomplete="cc-exp"></label>' +
              '<label>Security code <input name="cvc" autocomplete="cc-csc" inputmode="numeric"></label></div>';
            setTimeout(() => emit('ready', { elementType: 'payment' }));
          },
          on(name, fn) { (handlers[name] = handlers[name] || []).push(fn); return element; },
          off(name, fn) { handlers[name] = (handlers[name] || []).filter((f) => f !== fn); return element; },
          update: noop,
          unmount() { if (node) node.innerHTML = ''; },
          destroy() { if (node) node.innerHTML = ''; },
        };
        return {
          create: () => element,
          getElement: () => element,
          update: noop,
          submit: () => Promise.resolve({}),
          _options: options,
          _value: (name) => node.querySelector('input[name="' + name + '"]').value,
        };
      },
      async confirmPayment({ elements }) {
        const secret = elements._options.clientSecret;
        const id = secret.split('_secret_')[0];
        const body = new URLSearchParams({
          key,
          client_secret: secret,
          'payment_method_data[card][number]': elements._value('number').replace(/\s/g, ''),
        });
        const res = await fetch('https://api.stripe.com/v1/payment_intents/' + id + '/confirm', { method: 'POST', body });
        const answer = await res.json();
        if (answer.error) {
          const lang = (elements._options.locale || 'en').slice(0, 2);
          return { error: { ...answer.error, message: DECLINED[lang] || DECLINED.en } };
        }
        return { paymentIntent: answer };
      },
    };
  }
  Stripe.version = 'endive';
  window.Stripe = Stripe;
})();`;

interface PaymentIntent {
  id: string;
  amount: number;
  currency: string;
  metadata: Record<string, string>;
  [key: string]: unknown;
}

async function paymentIntent(id: string): Promise<PaymentIntent> {
  const res = await fetch(`${process.env.E2E_STRIPE_API}/v1/payment_intents/${id}`, {
    headers: { authorization: `Bearer ${SECRET_KEY}` },
  });
  if (!res.ok) throw new Error(`the fake Stripe API has no PaymentIntent ${id}: ${res.status}`);
  return (await res.json()) as PaymentIntent;
}

/** Posts a Stripe event to the server's webhook, signed as Stripe signs (t=…,v1=HMAC-SHA256). */
async function deliver(type: string, object: Record<string, unknown>): Promise<void> {
  const payload = JSON.stringify({
    id: `evt_${randomBytes(12).toString('hex')}`,
    object: 'event',
    type,
    livemode: false,
    created: Math.floor(Date.now() / 1000),
    api_version: '2026-10-28.endive',
    data: { object },
  });
  const t = Math.floor(Date.now() / 1000);
  const v1 = createHmac('sha256', WEBHOOK_SECRET).update(`${t}.${payload}`).digest('hex');
  const res = await fetch(API.replace(/\/graphql$/, '/webhooks/stripe'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': `t=${t},v1=${v1}` },
    body: payload,
  });
  if (!res.ok) throw new Error(`webhook ${type} answered ${res.status}: ${await res.text()}`);
}

export interface StripeStub {
  /** Confirmations the page sent to api.stripe.com. */
  confirmations: { paymentIntent: string; card: string }[];
  /** Stripe.js loads (each from js.stripe.com). */
  scriptLoads: string[];
  /** What the page's Content-Security-Policy blocked (Stripe.js must need nothing it refuses). */
  cspViolations: string[];
}

/**
 * Routes js.stripe.com and api.stripe.com for this page. A good card is answered "processing", and
 * Stripe's payment_intent.succeeded webhook reaches the server `webhookDelayMs` later, so the
 * portal shows its waiting state first; a declined card is answered with Stripe's card_error.
 */
export async function stubStripe(page: Page, o: { webhookDelayMs?: number } = {}): Promise<StripeStub> {
  const stub: StripeStub = { confirmations: [], scriptLoads: [], cspViolations: [] };
  page.on('console', (m) => {
    if (/Content[- ]Security[- ]Policy/i.test(m.text())) stub.cspViolations.push(m.text());
  });
  await page.route('https://js.stripe.com/**', (route: Route) => {
    stub.scriptLoads.push(route.request().url());
    return route.fulfill({ status: 200, contentType: 'application/javascript', body: FAKE_STRIPE_JS });
  });
  await page.route('https://api.stripe.com/**', async (route: Route) => {
    const cors = { 'access-control-allow-origin': '*' };
    const m = /\/v1\/payment_intents\/(pi_\w+)\/confirm$/.exec(new URL(route.request().url()).pathname);
    if (!m) return route.fulfill({ status: 404, headers: cors, json: { error: { type: 'invalid_request_error' } } });
    const form = new URLSearchParams(route.request().postData() ?? '');
    const card = form.get('payment_method_data[card][number]') ?? '';
    const pi = await paymentIntent(m[1]!);
    if (form.get('client_secret') !== pi.client_secret || form.get('key') !== STRIPE_PUBLISHABLE_KEY) {
      return route.fulfill({ status: 400, headers: cors, json: { error: { type: 'invalid_request_error' } } });
    }
    stub.confirmations.push({ paymentIntent: pi.id, card });
    if (card === DECLINED_CARD.replace(/\s/g, '')) {
      await deliver('payment_intent.payment_failed', {
        ...pi,
        status: 'requires_payment_method',
        last_payment_error: { message: 'Your card was declined.' },
      });
      return route.fulfill({
        status: 402,
        headers: cors,
        json: { error: { type: 'card_error', code: 'card_declined', message: 'Your card was declined.' } },
      });
    }
    setTimeout(() => {
      void deliver('payment_intent.succeeded', {
        ...pi,
        status: 'succeeded',
        amount_received: pi.amount,
        latest_charge: `ch_${pi.id.slice(3)}`,
      });
    }, o.webhookDelayMs ?? 2500);
    return route.fulfill({ status: 200, headers: cors, json: { ...pi, status: 'processing' } });
  });
  return stub;
}
