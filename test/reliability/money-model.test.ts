import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { expectNoErrors, startTestApp, type GqlClient, type TestApp } from '../helpers/app';
import { FakeStripe, type FakePaymentIntent } from '../helpers/fake-stripe';
import { openCall, recommended, vote } from '../helpers/grants';
import { balance, bankRef, cardContribution, demoDonorOrgId, fundId, ledgerCheck, recordWire } from '../helpers/money';
import { deliver, events } from '../helpers/stripe-events';
import { expectAuditChainValid } from './invariants';

/**
 * Model-based test of the money lifecycle (fast-check `commands`): random sequences of wire
 * receipts, card payments, refunds and disputes delivered by webhook, and awards made by the
 * deciding board vote, run against the API and against a few lines of arithmetic. After every
 * command each Fund.balance figure equals the model's.
 * MODEL_RUNS (default 4) and MODEL_SEED change the exploration.
 */
let fake: FakeStripe;
let app: TestApp;
let fund: string;
let donorOrg: string;
let sec: GqlClient;
let ngo: GqlClient;
let donor: GqlClient;
let trustees: GqlClient[];

beforeAll(async () => {
  fake = await new FakeStripe().start();
  app = await startTestApp(fake.env());
  fund = await fundId(app);
  donorOrg = await demoDonorOrgId(app);
  [sec, ngo, donor, ...trustees] = await Promise.all(
    (['SECRETARIAT', 'NGO', 'DONOR', 'BOARD_MEMBER', 'TRUSTEE2', 'TRUSTEE3'] as const).map((r) => app.as(r)),
  );
});
afterAll(async () => {
  await app.stop();
  await fake.stop();
});

const RATE_BPS = 1300n;
/** Support cost on a receipt's net amount: the remainder of the 87 % split goes to support cost. */
const supportCost = (net: bigint) => net - (net * (10000n - RATE_BPS)) / 10000n;

interface Card {
  amount: bigint;
  refunded: bigint;
  dispute: 'none' | 'open' | 'won' | 'lost';
}
interface Model {
  base: Figures;
  wires: bigint[];
  cards: Card[];
  awards: bigint[];
}
interface Real {
  intents: FakePaymentIntent[];
}
type Figures = Record<'received' | 'refunded' | 'cash' | 'supportCosts' | 'committed' | 'disbursed', bigint>;

const cardNet = (c: Card) => (c.dispute === 'open' || c.dispute === 'lost' ? 0n : c.amount - c.refunded);

function expected(m: Model): Figures & { available: bigint } {
  const nets = [...m.wires, ...m.cards.map(cardNet)];
  const cardsGross = m.cards.reduce((a, c) => a + c.amount, 0n);
  const f: Figures = {
    received: m.base.received + m.wires.reduce((a, b) => a + b, 0n) + cardsGross,
    refunded: m.base.refunded + m.cards.reduce((a, c) => a + c.amount - cardNet(c), 0n),
    cash: m.base.cash + nets.reduce((a, b) => a + b, 0n),
    supportCosts: m.base.supportCosts + nets.reduce((a, n) => a + supportCost(n), 0n),
    committed: m.base.committed + m.awards.reduce((a, b) => a + b, 0n),
    disbursed: m.base.disbursed,
  };
  return { ...f, available: f.cash - f.committed - f.supportCosts };
}

async function figures(): Promise<Figures & { available: bigint }> {
  const b = await balance(sec, fund);
  const n = (k: string) => BigInt(b[k].minorUnits as string);
  return {
    received: n('received'),
    refunded: n('refunded'),
    cash: n('cash'),
    supportCosts: n('supportCosts'),
    committed: n('committed'),
    disbursed: n('disbursed'),
    available: n('available'),
  };
}

let executed = 0;

async function expectBalanceMatches(m: Model): Promise<void> {
  executed += 1;
  const got = await figures();
  const want = expected(m);
  expect(Object.fromEntries(Object.entries(got).map(([k, v]) => [k, v.toString()]))).toEqual(
    Object.fromEntries(Object.entries(want).map(([k, v]) => [k, v.toString()])),
  );
}

const dollars = (cents: bigint) => `${cents / 100n}.${(cents % 100n).toString().padStart(2, '0')}`;

class Wire implements fc.AsyncCommand<Model, Real> {
  constructor(readonly cents: bigint) {}
  check = () => true;
  async run(m: Model): Promise<void> {
    const r = expectNoErrors(
      await recordWire(sec, {
        fundId: fund,
        donorOrganizationId: donorOrg,
        amount: dollars(this.cents),
        currency: 'USD',
        valueDate: '2026-11-20',
        bankReference: bankRef(),
      }),
    ).recordWireContribution;
    expect(r.errors).toEqual([]);
    m.wires.push(this.cents);
    await expectBalanceMatches(m);
  }
  toString = () => `wire(${this.cents})`;
}

class CardPaid implements fc.AsyncCommand<Model, Real> {
  constructor(readonly cents: bigint) {}
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    const c = expectNoErrors(
      await cardContribution(donor, {
        fundId: fund,
        amount: dollars(this.cents),
        currency: 'USD',
        idempotencyKey: randomUUID(),
      }),
    ).createCardContribution;
    expect(c.errors).toEqual([]);
    const pi = fake.paymentIntents.get(c.contribution.stripePaymentIntentId)!;
    expect((await deliver(app.baseUrl, events.succeeded(pi))).status).toBe(200);
    r.intents.push(pi);
    m.cards.push({ amount: this.cents, refunded: 0n, dispute: 'none' });
    await expectBalanceMatches(m);
  }
  toString = () => `card(${this.cents})`;
}

/** Picks the `pick`-th card that satisfies `ok`, or null. */
function nth(m: Model, pick: number, ok: (c: Card) => boolean): number | null {
  const idx = m.cards.map((c, i) => (ok(c) ? i : -1)).filter((i) => i >= 0);
  return idx.length ? idx[pick % idx.length]! : null;
}

class Refund implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly pick: number,
    readonly percent: number,
  ) {}
  check = (m: Readonly<Model>) => nth(m as Model, this.pick, (c) => c.dispute === 'none') !== null;
  async run(m: Model, r: Real): Promise<void> {
    const i = nth(m, this.pick, (c) => c.dispute === 'none')!;
    const card = m.cards[i]!;
    // Stripe reports the cumulative amount refunded; a lower figure is a late, older event.
    const cumulative = (card.amount * BigInt(this.percent) + 99n) / 100n;
    expect((await deliver(app.baseUrl, events.refunded(r.intents[i]!, Number(cumulative)))).status).toBe(200);
    if (cumulative > card.refunded) card.refunded = cumulative;
    await expectBalanceMatches(m);
  }
  toString = () => `refund(#${this.pick}, ${this.percent}%)`;
}

class Dispute implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly pick: number,
    readonly outcome: 'open' | 'won' | 'lost',
  ) {}
  private ok = (c: Card) => (this.outcome === 'open' ? c.dispute === 'none' : c.dispute === 'open');
  check = (m: Readonly<Model>) => nth(m as Model, this.pick, this.ok) !== null;
  async run(m: Model, r: Real): Promise<void> {
    const i = nth(m, this.pick, this.ok)!;
    const e =
      this.outcome === 'open'
        ? events.dispute(r.intents[i]!, 'created')
        : events.dispute(r.intents[i]!, 'closed', this.outcome);
    expect((await deliver(app.baseUrl, e)).status).toBe(200);
    m.cards[i]!.dispute = this.outcome;
    await expectBalanceMatches(m);
  }
  toString = () => `dispute(#${this.pick}, ${this.outcome})`;
}

/** The deciding (third) approval: awards the amount if it fits in available, else INSUFFICIENT_FUNDS and nothing changes. */
class Award implements fc.AsyncCommand<Model, Real> {
  constructor(readonly dollarsAmount: number) {}
  check = () => true;
  async run(m: Model): Promise<void> {
    const amount = `${this.dollarsAmount}.00`;
    const callId = await openCall(sec, fund, { maxAward: '50000', envelope: '50000' });
    const id = await recommended(ngo, sec, trustees[0]!, callId, amount);
    for (const t of trustees.slice(0, 2)) expect((await vote(t, id)).errors).toEqual([]);
    const fits = BigInt(this.dollarsAmount) * 100n <= expected(m).available;
    const v = await vote(trustees[2]!, id);
    if (fits) {
      expect(v.errors).toEqual([]);
      m.awards.push(BigInt(this.dollarsAmount) * 100n);
    } else {
      expect(v.errors.map((e) => e.code)).toEqual(['INSUFFICIENT_FUNDS']);
    }
    await expectBalanceMatches(m);
  }
  toString = () => `award(${this.dollarsAmount})`;
}

const commands = [
  fc.bigInt({ min: 100n, max: 6_000_000n }).map((c) => new Wire(c)),
  fc.bigInt({ min: 100n, max: 2_000_000n }).map((c) => new CardPaid(c)),
  fc.tuple(fc.nat(50), fc.integer({ min: 1, max: 100 })).map(([p, pct]) => new Refund(p, pct)),
  fc
    .tuple(fc.nat(50), fc.constantFrom('open' as const, 'won' as const, 'lost' as const))
    .map(([p, o]) => new Dispute(p, o)),
  fc.integer({ min: 10_000, max: 50_000 }).map((d) => new Award(d)),
];

it('keeps every Fund.balance figure equal to a model of the money after each command', async () => {
  await fc.assert(
    // A plain array of commands (not fc.commands, whose sequences stay tiny for a handful of runs).
    fc.asyncProperty(fc.array(fc.oneof(...commands), { minLength: 6, maxLength: 12 }), async (cmds) => {
      const start = await figures();
      const setup = () => ({
        model: { base: start, wires: [], cards: [], awards: [] } as Model,
        real: { intents: [] },
      });
      await fc.asyncModelRun(setup, cmds);
      if (process.env.MODEL_PRINT) console.log(cmds.map(String).join(', '));
      const check = await ledgerCheck(sec, fund);
      expect({ ok: check.ok, differences: check.differences }).toEqual({ ok: true, differences: [] });
    }),
    {
      numRuns: Number(process.env.MODEL_RUNS ?? 4),
      seed: Number(process.env.MODEL_SEED ?? 20261128),
      endOnFailure: true,
    },
  );
  expect(executed).toBeGreaterThan(0);
  if (process.env.MODEL_PRINT) console.log(`${executed} commands`);
  await expectAuditChainValid(await app.as('AUDITOR'));
}, 180_000);
