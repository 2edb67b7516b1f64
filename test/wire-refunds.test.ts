import { expectNoErrors, startTestApp, type GqlClient, type TestApp } from './helpers/app';
import { bankRef, dbId, donorWorld, ledgerCheck, recordWire } from './helpers/money';
import { RefundWireDocument, type RefundWireContributionInput } from './generated/graphql';

let app: TestApp;
let sec: GqlClient;
let fund: string;
let donorOrg: string;
const today = () => new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  app = await startTestApp();
  ({ sec, fund, donorOrg } = await donorWorld(app));
});
afterAll(() => app.stop());

async function received(amount: string, currency = 'USD', exchangeRate?: string) {
  const r = expectNoErrors(
    await recordWire(sec, {
      fundId: fund,
      donorOrganizationId: donorOrg,
      amount,
      currency,
      valueDate: '2026-11-03',
      bankReference: bankRef(),
      ...(exchangeRate ? { exchangeRate } : {}),
    }),
  ).recordWireContribution;
  expect(r.errors).toEqual([]);
  return r.contribution.id as string;
}

let refSeq = 0;
const refund = (client: GqlClient, contributionId: string, over: Partial<RefundWireContributionInput> = {}) =>
  client.gql(RefundWireDocument, {
    input: {
      contributionId,
      reference: `RF-OUT-${Date.now().toString(36)}-${refSeq++}`,
      valueDate: today(),
      reason: 'Donor asked for the unprogrammed part back',
      ...over,
    },
  });
const payloadOf = async (p: ReturnType<typeof refund>) => expectNoErrors(await p).refundWireContribution;

describe('wire refunds to a donor', () => {
  it('refunds part, then the rest, reversing cash, income and support cost like a card refund', async () => {
    const id = await received('10000.00');
    const part = await payloadOf(refund(sec, id, { amount: '2500.00', reference: 'RF-PART-1' }));
    expect(part.errors).toEqual([]);
    expect(part.contribution).toMatchObject({
      status: 'RECEIVED',
      refunded: { amount: '2500.00' },
      bookedBaseAmount: { amount: '7500.00' },
      supportCost: { amount: '975.00' },
    });
    const lines = await app.sql(
      `select account, debit_minor::text d, credit_minor::text c, value_date::text vd, description
         from ledger_entry where kind = 'CONTRIBUTION_REFUNDED' and source_id = $1 order by account`,
      [dbId(id)],
    );
    expect(lines.map((l) => [l.account, l.d, l.c])).toEqual([
      ['CASH', '0', '250000'],
      ['CONTRIBUTIONS_INCOME', '217500', '0'],
      ['SUPPORT_COST_PAYABLE', '32500', '0'],
    ]);
    expect(lines.every((l) => l.vd === today() && l.description.includes('RF-PART-1'))).toBe(true);

    const rest = await payloadOf(refund(sec, id, { reference: 'RF-PART-2' }));
    expect(rest.errors).toEqual([]);
    expect(rest.contribution).toMatchObject({
      status: 'REFUNDED',
      refunded: { amount: '10000.00' },
      bookedBaseAmount: { amount: '0.00' },
      supportCost: { amount: '0.00' },
    });
    const events = await app.sql(
      `select action, after->>'reference' ref, after->>'refundAmountMinor' amount from audit_event where entity_id = $1 order by seq`,
      [dbId(id)],
    );
    expect(events).toEqual([
      { action: 'contribution.record_wire', ref: null, amount: null },
      { action: 'contribution.refund_wire', ref: 'RF-PART-1', amount: '250000' },
      { action: 'contribution.refund_wire', ref: 'RF-PART-2', amount: '750000' },
    ]);
    expect((await ledgerCheck(sec, fund)).ok).toBe(true);
  });

  it('converts a refund of a foreign-currency wire at the rate the wire was booked with', async () => {
    const id = await received('1000.00', 'EUR', '1.1');
    const r = await payloadOf(refund(sec, id, { amount: '333.33', currency: 'EUR' }));
    expect(r.errors).toEqual([]);
    expect(r.contribution?.bookedBaseAmount?.amount).toBe('733.34');
    expect((await payloadOf(refund(sec, id, { amount: '1.00', currency: 'USD' }))).errors).toEqual([
      expect.objectContaining({ code: 'CURRENCY_MISMATCH', field: 'currency' }),
    ]);
    expect((await ledgerCheck(sec, fund)).ok).toBe(true);
  });

  it('refuses an over-refund, a repeated reference, a refunded wire and the wrong roles, each with a code', async () => {
    const id = await received('1000.00');
    const over = await payloadOf(refund(sec, id, { amount: '1000.01' }));
    expect(over.errors).toEqual([expect.objectContaining({ code: 'AMOUNT_OUT_OF_RANGE', field: 'amount' })]);
    expect((await payloadOf(refund(sec, id, { amount: '0.00' }))).errors[0].code).toBe('AMOUNT_OUT_OF_RANGE');
    expect((await payloadOf(refund(sec, id, { amount: '100.00', reference: 'RF-TWICE' }))).errors).toEqual([]);
    const twice = await payloadOf(refund(sec, id, { amount: '100.00', reference: 'RF-TWICE' }));
    expect(twice.errors).toEqual([expect.objectContaining({ code: 'DUPLICATE_REFERENCE', field: 'reference' })]);
    expect((await payloadOf(refund(sec, id))).errors).toEqual([]);
    const again = await payloadOf(refund(sec, id, { amount: '1.00' }));
    expect(again.errors).toEqual([expect.objectContaining({ code: 'INVALID_STATE' })]);
    const future = await payloadOf(refund(sec, await received('10.00'), { valueDate: '2099-01-01' }));
    expect(future.errors).toEqual([expect.objectContaining({ code: 'INVALID_VALUE', field: 'valueDate' })]);
    for (const role of ['DONOR', 'BOARD_MEMBER', 'AUDITOR', 'NGO', 'ADMIN'] as const) {
      const r = await refund(await app.as(role), id, { amount: '1.00' });
      expect([role, r.errors?.[0]?.extensions?.code]).toEqual([role, 'FORBIDDEN']);
    }
    const refunds = await app.sql(
      `select 1 from audit_event where entity_id = $1 and action = 'contribution.refund_wire'`,
      [dbId(id)],
    );
    expect(refunds).toHaveLength(2);
  });

  it('books one of two refunds that race for more than is left', async () => {
    const id = await received('10000.00');
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => payloadOf(refund(sec, id, { amount: '6000.00', reference: `RF-RACE-${i}` }))),
    );
    expect(results.filter((r) => r.errors.length === 0)).toHaveLength(1);
    expect(results.filter((r) => r.errors[0]?.code === 'AMOUNT_OUT_OF_RANGE')).toHaveLength(5);
    const [c] = await app.sql(
      `select refunded_minor::text r, booked_base_minor::text b from contribution where id = $1`,
      [dbId(id)],
    );
    expect(c).toEqual({ r: '600000', b: '400000' });
    const groups = await app.sql(
      `select distinct txn_id from ledger_entry where kind = 'CONTRIBUTION_REFUNDED' and source_id = $1`,
      [dbId(id)],
    );
    expect(groups).toHaveLength(1);
    expect((await ledgerCheck(sec, fund)).ok).toBe(true);
  });
});
