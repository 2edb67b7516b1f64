import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { expectNoErrors, startTestApp, type TestApp } from './helpers/app';
import { FakeStripe } from './helpers/fake-stripe';
import { deliver, events } from './helpers/stripe-events';
import { bankRef, cardContribution, createPledge, demoDonorOrgId, fundId, recordWire } from './helpers/money';
import { cast, makeAward, markTranchePaid, postGroup, type Cast } from './helpers/transparency';

/**
 * fundStatement: every figure is a sum of ledger lines by value date, and
 * opening + in − out = closing holds for cash and commitments. Tranche payments, grant refunds and
 * commitment releases are inserted as balanced groups by SQL (contract shape of issue 5): their
 * mutations are built on the post-award branch.
 */

let fake: FakeStripe;
let app: TestApp;
let fund: string;
let donorOrg: string;
let c: Cast;
let award: { awardId: string; trancheIds: string[] };

const M = `{ amount currency minorUnits }`;
const POS = `{ cash ${M} commitments ${M} supportCostPayable ${M} }`;
const STATEMENT = `query S($fundId: String!, $from: String!, $to: String!) {
  fundStatement(fundId: $fundId, from: $from, to: $to) {
    from to fund { code } opening ${POS} closing ${POS}
    receipts ${M} receiptsByDonor { donorId donorName original ${M} base ${M} }
    supportCosts ${M} refundsToDonors ${M} disbursements ${M} grantRefundsReceived ${M} otherCashMovements ${M}
    awardsCommitted ${M} commitmentsReleased ${M} commitmentsDisbursed ${M} otherCommitmentChanges ${M}
    otherSupportCostChanges ${M} outstandingCommitments ${M} pledgesReceivable ${M} pledgesWithoutRate } }`;

beforeAll(async () => {
  fake = await new FakeStripe().start();
  app = await startTestApp(fake.env());
  fund = await fundId(app);
  donorOrg = await demoDonorOrgId(app);
  c = await cast(app);
  const w = expectNoErrors(
    await recordWire(c.sec, {
      fundId: fund,
      donorOrganizationId: donorOrg,
      amount: '2000000.00',
      currency: 'USD',
      valueDate: '2026-01-15',
      bankReference: bankRef(),
    }),
  ).recordWireContribution;
  expect(w.errors).toEqual([]);
  award = await makeAward(c, fund, '30000.00');
}, 120_000);
afterAll(async () => {
  await app.stop();
  await fake.stop();
});

const today = () => new Date().toISOString().slice(0, 10);
const minor = (m: { minorUnits: string }) => BigInt(m.minorUnits);

async function statement(from: string, to: string, client = c.sec) {
  return client.gql<{ fundStatement: any }>(STATEMENT, { fundId: fund, from, to });
}

/** Independent sums straight from ledger_entry. */
async function sqlSums(from: string, to: string) {
  const [r] = await app.sql<Record<string, string>>(
    `with l as (select * from ledger_entry where fund_id = (select id from fund where code = 'UNVTF'))
     select
       coalesce(sum(debit_minor - credit_minor) filter (where account = 'CASH' and value_date < $1::date), 0)::text as opening_cash,
       coalesce(sum(credit_minor - debit_minor) filter (where account = 'GRANTS_PAYABLE' and value_date < $1::date), 0)::text as opening_commit,
       coalesce(sum(debit_minor - credit_minor) filter (where account = 'CASH' and value_date <= $2::date), 0)::text as closing_cash,
       coalesce(sum(credit_minor - debit_minor) filter (where account = 'GRANTS_PAYABLE' and value_date <= $2::date), 0)::text as closing_commit,
       coalesce(sum(debit_minor) filter (where p and account = 'CASH' and kind = 'CONTRIBUTION_RECEIVED'), 0)::text as receipts,
       coalesce(sum(credit_minor - debit_minor) filter (where p and account = 'CASH'
         and kind in ('CONTRIBUTION_REFUNDED', 'CONTRIBUTION_DISPUTED', 'CONTRIBUTION_DISPUTE_WON')), 0)::text as refunds,
       coalesce(sum(credit_minor) filter (where p and account = 'CASH' and kind = 'TRANCHE_PAID'), 0)::text as disbursed,
       coalesce(sum(debit_minor) filter (where p and account = 'CASH' and kind = 'GRANT_REFUND_RECEIVED'), 0)::text as grant_refunds,
       coalesce(sum(credit_minor) filter (where p and account = 'GRANTS_PAYABLE' and kind = 'AWARD_COMMITTED'), 0)::text as committed,
       coalesce(sum(debit_minor) filter (where p and account = 'GRANTS_PAYABLE' and kind = 'COMMITMENT_RELEASED'), 0)::text as released,
       coalesce(sum(credit_minor - debit_minor) filter (where p and account = 'SUPPORT_COST_PAYABLE'), 0)::text as support
     from (select *, value_date between $1::date and $2::date as p from l) x`,
    [from, to],
  );
  return Object.fromEntries(Object.entries(r!).map(([k, v]) => [k, BigInt(v)]));
}

function checkIdentity(s: any) {
  const cashIn = minor(s.receipts) + minor(s.grantRefundsReceived) + minor(s.otherCashMovements);
  const cashOut = minor(s.refundsToDonors) + minor(s.disbursements);
  expect(minor(s.closing.cash)).toBe(minor(s.opening.cash) + cashIn - cashOut);
  const commitIn = minor(s.awardsCommitted) + minor(s.otherCommitmentChanges);
  const commitOut = minor(s.commitmentsReleased) + minor(s.commitmentsDisbursed);
  expect(minor(s.closing.commitments)).toBe(minor(s.opening.commitments) + commitIn - commitOut);
  expect(minor(s.closing.supportCostPayable)).toBe(
    minor(s.opening.supportCostPayable) + minor(s.supportCosts) + minor(s.otherSupportCostChanges),
  );
  expect(s.outstandingCommitments).toEqual(s.closing.commitments);
  const donorBase = s.receiptsByDonor.reduce((t: bigint, d: any) => t + minor(d.base), 0n);
  expect(donorBase).toBe(minor(s.receipts));
}

async function checkAgainstSql(from: string, to: string) {
  const s = expectNoErrors(await statement(from, to)).fundStatement;
  checkIdentity(s);
  const q = await sqlSums(from, to);
  expect({
    openingCash: minor(s.opening.cash),
    openingCommit: minor(s.opening.commitments),
    closingCash: minor(s.closing.cash),
    closingCommit: minor(s.closing.commitments),
    receipts: minor(s.receipts),
    refunds: minor(s.refundsToDonors),
    disbursed: minor(s.disbursements),
    grantRefunds: minor(s.grantRefundsReceived),
    committed: minor(s.awardsCommitted),
    released: minor(s.commitmentsReleased),
    support: minor(s.supportCosts),
  }).toEqual({
    openingCash: q.opening_cash,
    openingCommit: q.opening_commit,
    closingCash: q.closing_cash,
    closingCommit: q.closing_commit,
    receipts: q.receipts,
    refunds: q.refunds,
    disbursed: q.disbursed,
    grantRefunds: q.grant_refunds,
    committed: q.committed,
    released: q.released,
    support: q.support,
  });
  return s;
}

const dateArb = fc
  .integer({ min: 0, max: 300 })
  .map((d) => new Date(Date.UTC(2026, 0, 1) + d * 86_400_000).toISOString().slice(0, 10));

type Op =
  | { kind: 'wire'; cents: number; date: string }
  | { kind: 'card'; cents: number; refund: number; date: string }
  | { kind: 'paid' | 'refundIn' | 'release'; cents: number; date: string }
  | { kind: 'award'; dollars: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  // A whole grant cycle through the API (booked today: the award's value date is the approval date).
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('award' as const), dollars: fc.integer({ min: 10_000, max: 20_000 }) }),
  },
  fc.record({ kind: fc.constant('wire' as const), cents: fc.integer({ min: 1, max: 5_000_000 }), date: dateArb }),
  fc.record({
    kind: fc.constant('card' as const),
    cents: fc.integer({ min: 100, max: 1_000_000 }),
    refund: fc.integer({ min: 0, max: 100 }),
    date: dateArb,
  }),
  fc.record({
    kind: fc.constantFrom('paid' as const, 'refundIn' as const, 'release' as const),
    cents: fc.integer({ min: 1, max: 100_000 }),
    date: dateArb,
  }),
);

async function run(op: Op): Promise<void> {
  if (op.kind === 'award') {
    await makeAward(c, fund, `${op.dollars}.00`);
  } else if (op.kind === 'wire') {
    const w = expectNoErrors(
      await recordWire(c.sec, {
        fundId: fund,
        donorOrganizationId: donorOrg,
        amount: (op.cents / 100).toFixed(2),
        currency: 'USD',
        valueDate: op.date,
        bankReference: bankRef(),
      }),
    ).recordWireContribution;
    expect(w.errors).toEqual([]);
  } else if (op.kind === 'card') {
    const donor = await app.as('DONOR');
    const r = expectNoErrors(
      await cardContribution(donor, {
        fundId: fund,
        amount: (op.cents / 100).toFixed(2),
        currency: 'USD',
        idempotencyKey: `stmt-${randomUUID()}`,
      }),
    ).createCardContribution;
    expect(r.errors).toEqual([]);
    const pi = fake.paymentIntents.get(r.contribution.stripePaymentIntentId)!;
    const created = Math.floor(Date.parse(`${op.date}T12:00:00Z`) / 1000);
    expect((await deliver(app.baseUrl, events.succeeded(pi, { created }))).status).toBe(200);
    const refund = Math.floor((op.cents * op.refund) / 100);
    if (refund > 0) expect((await deliver(app.baseUrl, events.refunded(pi, refund))).status).toBe(200);
  } else if (op.kind === 'paid') {
    await markTranchePaid(app, award.trancheIds[0]!, BigInt(op.cents), op.date);
  } else {
    await postGroup(
      app,
      op.kind === 'refundIn' ? 'GRANT_REFUND_RECEIVED' : 'COMMITMENT_RELEASED',
      award.awardId,
      BigInt(op.cents),
      op.date,
    );
  }
}

it('keeps opening + in − out = closing and matches SQL sums over ledger_entry after a random lifecycle', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 5 }), dateArb, dateArb, async (ops, a, b) => {
      for (const op of ops) await run(op);
      const [from, to] = a <= b ? [a, b] : [b, a];
      await checkAgainstSql(from, to);
      // Whole history up to today: the award commitment of today is in the period.
      const all = await checkAgainstSql('2026-01-01', today());
      expect(minor(all.awardsCommitted)).toBeGreaterThanOrEqual(30_000_00n);
      // Consecutive periods chain: the closing of one is the opening of the next.
      const first = expectNoErrors(await statement('2026-01-01', from)).fundStatement;
      const next = expectNoErrors(
        await statement(nextDay(from), to < nextDay(from) ? nextDay(from) : to),
      ).fundStatement;
      expect(next.opening).toEqual(first.closing);
    }),
    { numRuns: Number(process.env.PROPERTY_RUNS ?? 10), endOnFailure: true },
  );
}, 240_000);

const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

it('lists receipts by donor with the original currency and the base amount', async () => {
  const w = expectNoErrors(
    await recordWire(c.sec, {
      fundId: fund,
      donorOrganizationId: donorOrg,
      amount: '1000.00',
      currency: 'EUR',
      exchangeRate: '1.1',
      valueDate: '2025-06-30',
      bankReference: bankRef(),
    }),
  ).recordWireContribution;
  expect(w.errors).toEqual([]);
  const s = expectNoErrors(await statement('2025-06-01', '2025-06-30')).fundStatement;
  expect(s.receiptsByDonor).toEqual([
    {
      donorId: donorOrg,
      donorName: expect.any(String),
      original: [{ amount: '1000.00', currency: 'EUR', minorUnits: '100000' }],
      base: { amount: '1100.00', currency: 'USD', minorUnits: '110000' },
    },
  ]);
  expect(s.receipts.amount).toBe('1100.00');
  expect(s.supportCosts.amount).toBe('143.00');
  expect(s.opening.cash.amount).toBe('0.00');
  expect(s.closing.cash.amount).toBe('1100.00');
});

it('shows the statement to auditors and trustees and refuses donors, NGOs and anonymous readers', async () => {
  for (const role of ['AUDITOR', 'BOARD_MEMBER', 'ADMIN'] as const) {
    const r = await statement('2026-01-01', '2026-12-31', await app.as(role));
    expect([role, r.errors]).toEqual([role, undefined]);
  }
  for (const role of ['DONOR', 'NGO'] as const) {
    const r = await statement('2026-01-01', '2026-12-31', await app.as(role));
    expect([role, r.errors?.[0]?.extensions?.code]).toEqual([role, 'FORBIDDEN']);
  }
  const anon = await statement('2026-01-01', '2026-12-31', app.anonymous);
  expect(anon.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
});

it('refuses malformed or inverted periods with a coded error', async () => {
  for (const [from, to, field] of [
    ['2026-02-30', '2026-03-01', 'from'],
    ['2026-03-01', 'yesterday', 'to'],
    ['2026-03-02', '2026-03-01', 'from'],
  ]) {
    const r = await statement(from!, to!);
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(r.data ?? null).toBeNull(); // refused whole: no partial statement
  }
});

it('counts open pledges made by the period end as receivable, at the rate of the end month, and those without a rate apart', async () => {
  const donor = await app.as('DONOR');
  // The pledges below are made on or after this day: a period ending the day before leaves them out.
  const day = today();
  const dayBefore = new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const rate = expectNoErrors(
    await c.sec.gql<{ setExchangeRate: { errors: unknown[] } }>(
      `mutation($i: SetExchangeRateInput!) { setExchangeRate(input: $i) { errors { code } } }`,
      { i: { currency: 'EUR', baseCurrency: 'USD', month: nextDay(day).slice(0, 7), rate: '1.25' } },
    ),
  ).setExchangeRate;
  expect(rate.errors).toEqual([]);
  const receivable = async (to: string) => {
    const s = expectNoErrors(await statement('2024-01-01', to)).fundStatement;
    return { minor: minor(s.pledgesReceivable), withoutRate: s.pledgesWithoutRate as number };
  };
  const [untilToday, untilYesterday] = [await receivable(day), await receivable(dayBefore)];
  for (const [amount, currency] of [
    ['1000.00', 'USD'],
    ['200.00', 'EUR'],
    ['50', 'XAF'],
  ]) {
    const p = expectNoErrors(
      await createPledge(donor, { fundId: fund, amount, currency, dueDate: '2030-12-31' }),
    ).createPledge;
    expect(p.errors).toEqual([]);
  }
  // USD 1,000 + EUR 200 × 1.25 = USD 1,250 (125,000 cents); the XAF pledge has no rate.
  expect(await receivable(day)).toEqual({
    minor: untilToday.minor + 125_000n,
    withoutRate: untilToday.withoutRate + 1,
  });
  expect(await receivable(dayBefore)).toEqual(untilYesterday);
});
