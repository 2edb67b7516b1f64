import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { startTestApp, type TestApp, expectNoErrors, type GqlClient } from './helpers/app';
import { FakeStripe } from './helpers/fake-stripe';
import { deliver, events, type WebhookEvent } from './helpers/stripe-events';
import { balance, bankRef, cardContribution, donorWorld, ledgerCheck, recordWire } from './helpers/money';

/**
 * Property: whatever receipts, partial refunds and disputes happen, in whatever order their
 * webhooks arrive (concurrently), Fund.balance moves exactly as an independent model of the
 * money says, and the ledger reconciles.
 */

let fake: FakeStripe;
let app: TestApp;
let fund: string;
let orgA: string;
let donor: GqlClient;
let sec: GqlClient;

beforeAll(async () => {
  fake = await new FakeStripe().start();
  app = await startTestApp(fake.env());
  ({ fund, donor, donorOrg: orgA, sec } = await donorWorld(app));
});
afterAll(async () => {
  await app.stop();
  await fake.stop();
});

const RATES = ['1.0873', '0.98765432', '1.5', '1'];
const RATE_BPS = 1300n;

type Op =
  | { kind: 'wire'; cents: number; currency: 'USD' | 'EUR'; rate: string }
  | {
      kind: 'card';
      cents: number;
      succeed: boolean;
      refunds: number[];
      dispute: 'none' | 'open' | 'won' | 'lost';
      order: number[];
    };

const wireOp = fc.record({
  kind: fc.constant('wire' as const),
  cents: fc.integer({ min: 1, max: 50_000_000 }),
  currency: fc.constantFrom('USD' as const, 'EUR' as const),
  rate: fc.constantFrom(...RATES),
});
const cardOp = fc.integer({ min: 1, max: 2_000_000 }).chain((cents) =>
  fc.record({
    kind: fc.constant('card' as const),
    cents: fc.constant(cents),
    succeed: fc.integer({ min: 0, max: 4 }).map((n) => n > 0),
    refunds: fc.array(fc.integer({ min: 1, max: cents }), { maxLength: 3 }),
    dispute: fc.constantFrom('none' as const, 'open' as const, 'won' as const, 'lost' as const),
    order: fc.array(fc.nat(1000), { minLength: 8, maxLength: 8 }),
  }),
);
const opsArb = fc.array(fc.oneof(wireOp, cardOp), { minLength: 1, maxLength: 4 });

const halfUp = (num: bigint, den: bigint) => (num * 2n + den) / (2n * den);
/** Independent statement of the rule: support cost = net − floor(net × 87 %) (remainder to support cost). */
const supportCost = (net: bigint) => net - (net * (10000n - RATE_BPS)) / 10000n;

interface Delta {
  received: bigint;
  refunded: bigint;
  cash: bigint;
  supportCosts: bigint;
}

function model(op: Op): Delta {
  let base: bigint;
  let net: bigint;
  if (op.kind === 'wire') {
    const [int, frac = ''] = op.rate.split('.');
    const scaled = op.currency === 'USD' ? 100_000_000n : BigInt(int + frac.padEnd(8, '0'));
    base = op.currency === 'USD' ? BigInt(op.cents) : halfUp(BigInt(op.cents) * scaled, 100_000_000n);
    net = base;
  } else {
    if (!op.succeed) return { received: 0n, refunded: 0n, cash: 0n, supportCosts: 0n };
    base = BigInt(op.cents);
    const refunded = BigInt(Math.max(0, ...op.refunds));
    net = op.dispute === 'open' || op.dispute === 'lost' ? 0n : base - refunded;
  }
  return { received: base, refunded: base - net, cash: net, supportCosts: supportCost(net) };
}

async function run(op: Op): Promise<void> {
  if (op.kind === 'wire') {
    const r = expectNoErrors(
      await recordWire(sec, {
        fundId: fund,
        donorOrganizationId: orgA,
        amount: (op.cents / 100).toFixed(2),
        currency: op.currency,
        exchangeRate: op.currency === 'USD' ? undefined : op.rate,
        valueDate: '2026-11-10',
        bankReference: bankRef(),
      }),
    ).recordWireContribution;
    expect(r.errors).toEqual([]);
    return;
  }
  const c = expectNoErrors(
    await cardContribution(donor, {
      fundId: fund,
      amount: (op.cents / 100).toFixed(2),
      currency: 'USD',
      idempotencyKey: `prop-${randomUUID()}`,
    }),
  ).createCardContribution;
  expect(c.errors).toEqual([]);
  const pi = fake.paymentIntents.get(c.contribution.stripePaymentIntentId)!;
  const list: WebhookEvent[] = [];
  if (op.succeed) list.push(events.succeeded(pi));
  for (const r of op.refunds) list.push(events.refunded(pi, r));
  if (op.dispute !== 'none') list.push(events.dispute(pi, 'created'));
  if (op.dispute === 'won' || op.dispute === 'lost') list.push(events.dispute(pi, 'closed', op.dispute));
  const shuffled = list
    .map((e, i) => ({ e, k: op.order[i] }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.e);
  const answers = await Promise.all(shuffled.map((e) => deliver(app.baseUrl, e)));
  expect(answers.map((a) => a.status)).toEqual(shuffled.map(() => 200));
}

const minor = (b: Record<string, { minorUnits: string }>, k: string) => BigInt(b[k].minorUnits);

it('keeps Fund.balance equal to the ledger and to a model of the money after random receipts, refunds and disputes', async () => {
  await fc.assert(
    fc.asyncProperty(opsArb, async (ops) => {
      const before = await balance(sec, fund);
      for (const op of ops) await run(op);
      const after = await balance(sec, fund);
      const expected = ops.map(model).reduce(
        (a, d) => ({
          received: a.received + d.received,
          refunded: a.refunded + d.refunded,
          cash: a.cash + d.cash,
          supportCosts: a.supportCosts + d.supportCosts,
        }),
        { received: 0n, refunded: 0n, cash: 0n, supportCosts: 0n },
      );
      for (const k of ['received', 'refunded', 'cash', 'supportCosts'] as const) {
        expect([k, minor(after, k) - minor(before, k)]).toEqual([k, expected[k]]);
      }
      expect(minor(after, 'available')).toBe(minor(after, 'cash') - minor(after, 'supportCosts'));
      const [sums] = await app.sql<{ cash: string; sc: string }>(
        `select coalesce(sum(case when account = 'CASH' then debit_minor - credit_minor else 0 end), 0)::text as cash,
                coalesce(sum(case when account = 'SUPPORT_COST_PAYABLE' then credit_minor - debit_minor else 0 end), 0)::text as sc
           from ledger_entry`,
      );
      expect(after.cash.minorUnits).toBe(sums.cash);
      expect(after.supportCosts.minorUnits).toBe(sums.sc);
      const check = await ledgerCheck(sec, fund);
      expect(check.differences).toEqual([]);
      expect(check.ok).toBe(true);
    }),
    {
      numRuns: Number(process.env.PROPERTY_RUNS ?? 15),
      endOnFailure: true,
      ...(process.env.PROPERTY_SEED ? { seed: Number(process.env.PROPERTY_SEED) } : {}),
    },
  );
}, 120_000);
