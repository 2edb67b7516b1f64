import { randomUUID } from 'node:crypto';
import { expectNoErrors, startTestApp, type GqlClient, type TestApp } from '../helpers/app';
import { FakeStripe, type FakePaymentIntent } from '../helpers/fake-stripe';
import { availableMinor, fundId, openCall, recommended, seedCash, vote } from '../helpers/grants';
import { bankRef, cardContribution, demoDonorOrgId, recordWire } from '../helpers/money';
import { deliver, events } from '../helpers/stripe-events';
import { makeAward, secondSecretariat, trancheOp } from '../helpers/post-award';
import { expectChangesMatchTheirTrail, expectMoneyInvariants, expectTranchesPaidOnce, pool } from './invariants';

/**
 * 200 operations that move the same fund's money, fired at once, round after round: deciding
 * board votes (commitments under the fund lock), wire receipts (cash in), card refunds and
 * replayed Stripe events (cash out, out of order, duplicated), and tranche payments (the same
 * transfer twice, a competing transfer of another amount, and one above the award). The amounts are chosen so the
 * number of awards that fit is the same in every interleaving: exactly AWARDS_PER_ROUND.
 */
let fake: FakeStripe;
let app: TestApp;
let fund: string;
let donorOrg: string;
let sec: GqlClient;
let ngo: GqlClient;
let donor: GqlClient;
let t: GqlClient[];
let sec2: GqlClient;

beforeAll(async () => {
  fake = await new FakeStripe().start();
  // 200 operations queue on one fund's lock: the wait is the point here, not the interactive
  // statement budget (10 s by default, tested in db-timeouts.test.ts), which a loaded CI machine exceeds.
  app = await startTestApp({ ...fake.env(), DB_STATEMENT_TIMEOUT_MS: '120000' });
  fund = await fundId(app);
  donorOrg = await demoDonorOrgId(app);
  [sec, ngo, donor, ...t] = await Promise.all(
    (['SECRETARIAT', 'NGO', 'DONOR', 'BOARD_MEMBER', 'TRUSTEE2', 'TRUSTEE3'] as const).map((r) => app.as(r)),
  );
  sec2 = await secondSecretariat(app);
});
afterAll(async () => {
  await app.stop();
  await fake.stop();
});

const ROUNDS = Number(process.env.RACE_ROUNDS ?? 3);
const VOTES = 16; // deciding votes per round
const WIRES = 64; // wire receipts of $250 (net $217.50 each after 13 %): $13,920 < half an award
const CARDS = 30; // card payments of $200 to refund in the race ($5,220 net): < half an award
const AWARD = 30_000_00n;
const AWARDS_PER_ROUND = 10;
const PAYMENTS = 10; // approved first tranches ($21,000 of a $30,000 award) paid in the race, 4 attempts each

/** An award whose first tranche was requested and approved by two different secretariat members. */
async function approvedTranche(): Promise<string> {
  const a = await makeAward(app, '30000.00');
  const trancheId = a.tranches.find((x) => x.number === 1)!.id;
  for (const [c, op] of [
    [sec2, 'requestTranche'],
    [sec, 'approveTranche'],
  ] as const) {
    const r = await trancheOp(c, op, { trancheId });
    if (r.errors.length) throw new Error(JSON.stringify(r.errors));
  }
  return trancheId;
}

async function readyApplication(): Promise<string> {
  const callId = await openCall(sec, fund, { maxAward: '30000', envelope: '30000' });
  const id = await recommended(ngo, sec, t[0]!, callId, '30000.00');
  for (const c of t.slice(0, 2)) {
    const v = await vote(c, id);
    if (v.errors.length) throw new Error(JSON.stringify(v.errors));
  }
  return id;
}

async function receivedCard(): Promise<FakePaymentIntent> {
  const c = expectNoErrors(
    await cardContribution(donor, { fundId: fund, amount: '200.00', currency: 'USD', idempotencyKey: randomUUID() }),
  ).createCardContribution;
  if (c.errors.length) throw new Error(JSON.stringify(c.errors));
  const pi = fake.paymentIntents.get(c.contribution.stripePaymentIntentId)!;
  expect((await deliver(app.baseUrl, events.succeeded(pi))).status).toBe(200);
  return pi;
}

describe('200 concurrent money operations per round', () => {
  it('keeps available ≥ 0, ledger balanced, change and audit in step, and awards exactly what fits', async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      // Payments move cash and grants payable together, so they leave `available` (and the votes) alone.
      await seedCash(app, BigInt(PAYMENTS) * AWARD);
      const tranches = await pool(Array.from({ length: PAYMENTS }), 4, approvedTranche);
      const valueDate = new Date(app.clock.now()).toISOString().slice(0, 10);
      const apps = await pool(Array.from({ length: VOTES }), 6, readyApplication);
      const cards = await pool(Array.from({ length: CARDS }), 6, receivedCard);
      // Available = ten and a half awards, counting the card money about to be refunded.
      await seedCash(app, 10n * AWARD + AWARD / 2n - (await availableMinor(app)));
      const awardsBefore = (await app.sql<{ n: number }>('select count(*)::int n from award'))[0]!.n;

      type Outcome = 'vote-ok' | 'vote-refused' | 'wire' | 'stripe' | 'pay-ok' | 'pay-refused';
      const ops: (() => Promise<Outcome>)[] = [
        ...apps.map((id) => async () => {
          const r = await vote(t[2]!, id);
          if (r.errors.length === 0) return 'vote-ok' as const;
          expect(r.errors[0]!.code).toBe('INSUFFICIENT_FUNDS');
          return 'vote-refused' as const;
        }),
        ...Array.from({ length: WIRES }, () => async () => {
          const r = expectNoErrors(
            await recordWire(sec, {
              fundId: fund,
              donorOrganizationId: donorOrg,
              amount: '250.00',
              currency: 'USD',
              valueDate: '2026-11-20',
              bankReference: bankRef(),
            }),
          ).recordWireContribution;
          expect(r.errors).toEqual([]);
          return 'wire' as const;
        }),
        // Each card: a partial and a full refund (cumulative, any order), one replayed, and a replayed success.
        ...cards.flatMap((pi) => {
          const partial = events.refunded(pi, 5_000);
          const full = events.refunded(pi, pi.amount);
          return [partial, full, full, events.succeeded(pi)].map((e) => async () => {
            expect((await deliver(app.baseUrl, e)).status).toBe(200);
            return 'stripe' as const;
          });
        }),
        // Each tranche: its transfer recorded twice (the repeat is a no-op), a competing transfer
        // under another reference, and one above the approved amount. Exactly one transfer is booked.
        ...tranches.flatMap((trancheId, i) =>
          [
            { reference: `FT-${round}-${i}-A` },
            { reference: `FT-${round}-${i}-A` },
            { reference: `FT-${round}-${i}-B`, currency: 'USD' },
            { reference: `FT-${round}-${i}-X`, amount: '30000.01', currency: 'USD' },
          ].map((pay) => async () => {
            const r = await trancheOp(sec, 'recordTranchePayment', { trancheId, valueDate, ...pay });
            if (r.errors.length === 0) return 'pay-ok' as const;
            expect(r.errors.map((e) => e.code)).toEqual([
              pay.reference.endsWith('X') && r.errors[0]!.code === 'AMOUNT_NOT_APPROVED'
                ? 'AMOUNT_NOT_APPROVED'
                : 'INVALID_STATE',
            ]);
            return 'pay-refused' as const;
          }),
        ),
      ];
      expect(ops.length).toBeGreaterThanOrEqual(200);
      const outcomes = await Promise.all(ops.map((op) => op()));

      expect(outcomes.filter((o) => o === 'vote-ok')).toHaveLength(AWARDS_PER_ROUND);
      expect(outcomes.filter((o) => o === 'vote-refused')).toHaveLength(VOTES - AWARDS_PER_ROUND);
      const [{ n: awards }] = await app.sql<{ n: number }>('select count(*)::int n from award');
      expect(awards - awardsBefore).toBe(AWARDS_PER_ROUND);
      const refunded = await app.sql<{ status: string; n: number }>(
        `select status, count(*)::int n from contribution where channel = 'STRIPE' and refunded_minor = amount_minor group by status`,
      );
      expect(refunded).toEqual([{ status: 'REFUNDED', n: CARDS * round }]);
      const paid = await app.sql<{ reference: string; paid: string }>(
        `select payment_reference reference, paid_minor::text paid from tranche
          where status = 'PAID' and payment_reference like $1 order by payment_reference`,
        [`FT-${round}-%`],
      );
      expect(paid).toHaveLength(PAYMENTS);
      for (const p of paid) expect(p.paid).toBe('2100000');
      const okPays = outcomes.filter((o) => o === 'pay-ok').length;
      expect(okPays).toBe(paid.reduce((n, p) => n + (p.reference.endsWith('A') ? 2 : 1), 0));
      await expectMoneyInvariants(app, fund);
      await expectChangesMatchTheirTrail(app);
      await expectTranchesPaidOnce(app);
    }
  }, 300_000);
});
