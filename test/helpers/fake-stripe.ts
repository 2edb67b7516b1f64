import http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';

/** Decodes Stripe's form encoding (`metadata[fundId]=x`) into nested objects. */
export function parseForm(body: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const path = key.replace(/\]/g, '').split('[');
    let node = out;
    for (const p of path.slice(0, -1)) node = (node[p] ??= {}) as Record<string, unknown>;
    node[path[path.length - 1]] = value;
  }
  return out;
}

export interface FakePaymentIntent {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_received: number;
  currency: string;
  metadata: Record<string, string>;
  client_secret: string;
  status: string;
  livemode: boolean;
  latest_charge: string | null;
  created: number;
  description: string | null;
}

const rid = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

/**
 * A small Stripe-compatible API for tests: PaymentIntents create (honours Idempotency-Key) and
 * retrieve, and refunds. The real SDK talks to it through its host/port/protocol options.
 */
export class FakeStripe {
  readonly paymentIntents = new Map<string, FakePaymentIntent>();
  readonly refunds: { id: string; payment_intent: string; amount: number }[] = [];
  readonly requests: { method: string; path: string; idempotencyKey: string | null }[] = [];
  /** Answer this many requests with a 503 (the SDK retries: count its retries too). */
  failures = 0;
  private readonly idempotent = new Map<string, { status: number; body: unknown }>();
  private server: http.Server | null = null;
  port = 0;

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const { status, body } = this.handle(req, Buffer.concat(chunks).toString('utf8'));
        res.writeHead(status, { 'content-type': 'application/json', 'request-id': rid('req') });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  env(): Record<string, string> {
    return {
      STRIPE_SECRET_KEY: 'sk_test_fake_0123456789',
      STRIPE_WEBHOOK_SECRET: 'whsec_test_secret_0123456789',
      STRIPE_API_HOST: '127.0.0.1',
      STRIPE_API_PORT: String(this.port),
      STRIPE_API_PROTOCOL: 'http',
    };
  }

  /** Number of PaymentIntent creations that reached the server (idempotent replays included). */
  createCalls(): number {
    return this.requests.filter((r) => r.method === 'POST' && r.path === '/v1/payment_intents').length;
  }

  private handle(req: http.IncomingMessage, raw: string): { status: number; body: unknown } {
    const method = req.method ?? 'GET';
    const path = (req.url ?? '/').split('?')[0];
    const key = (req.headers['idempotency-key'] as string | undefined) ?? null;
    this.requests.push({ method, path, idempotencyKey: key });
    if (!String(req.headers.authorization ?? '').startsWith('Bearer sk_test_')) {
      return { status: 401, body: { error: { type: 'invalid_request_error', message: 'Invalid API key' } } };
    }
    if (this.failures > 0) {
      this.failures -= 1;
      return { status: 503, body: { error: { type: 'api_error', message: 'Service unavailable (fake)' } } };
    }
    if (method === 'POST' && key) {
      const cacheKey = `${path}:${key}`;
      const cached = this.idempotent.get(cacheKey);
      if (cached) return cached;
      const result = this.route(method, path, parseForm(raw));
      this.idempotent.set(cacheKey, result);
      return result;
    }
    return this.route(method, path, parseForm(raw));
  }

  private route(method: string, path: string, body: Record<string, unknown>): { status: number; body: unknown } {
    if (method === 'POST' && path === '/v1/payment_intents') {
      const id = rid('pi');
      const pi: FakePaymentIntent = {
        id,
        object: 'payment_intent',
        amount: Number(body.amount),
        amount_received: 0,
        currency: String(body.currency),
        metadata: (body.metadata ?? {}) as Record<string, string>,
        client_secret: `${id}_secret_${randomBytes(8).toString('hex')}`,
        status: 'requires_payment_method',
        livemode: false,
        latest_charge: null,
        created: Math.floor(Date.now() / 1000),
        description: (body.description as string) ?? null,
      };
      if (!Number.isInteger(pi.amount) || pi.amount <= 0) {
        return { status: 400, body: { error: { type: 'invalid_request_error', param: 'amount' } } };
      }
      this.paymentIntents.set(id, pi);
      return { status: 200, body: pi };
    }
    const m = /^\/v1\/payment_intents\/([\w]+)$/.exec(path);
    if (method === 'GET' && m) {
      const pi = this.paymentIntents.get(m[1]);
      return pi
        ? { status: 200, body: pi }
        : { status: 404, body: { error: { type: 'invalid_request_error', code: 'resource_missing' } } };
    }
    if (method === 'POST' && path === '/v1/refunds') {
      const pi = this.paymentIntents.get(String(body.payment_intent));
      if (!pi) return { status: 404, body: { error: { type: 'invalid_request_error', code: 'resource_missing' } } };
      const refund = {
        id: rid('re'),
        object: 'refund',
        payment_intent: pi.id,
        amount: Number(body.amount ?? pi.amount),
      };
      this.refunds.push(refund);
      return { status: 200, body: refund };
    }
    return { status: 404, body: { error: { type: 'invalid_request_error', message: `No route ${method} ${path}` } } };
  }
}
