import { expectNoErrors, startTestApp, type GqlClient, type TestApp } from './helpers/app';
import { balance, bankRef, dbId, demoDonorOrgId, fundId, ledgerCheck, recordWire } from './helpers/money';
import { secondSecretariat } from './helpers/post-award';

let app: TestApp;
let sec: GqlClient;
let sec2: GqlClient;
let fund: string;
let donorOrg: string;

beforeAll(async () => {
  app = await startTestApp();
  sec = await app.as('SECRETARIAT');
  sec2 = await secondSecretariat(app);
  fund = await fundId(app);
  donorOrg = await demoDonorOrgId(app);
  const r = expectNoErrors(
    await sec.gql(`mutation($i: SetExchangeRateInput!) { setExchangeRate(input: $i) { errors { code } } }`, {
      i: { currency: 'EUR', baseCurrency: 'USD', month: '2026-11', rate: '1.10' },
    }),
  ).setExchangeRate;
  expect(r.errors).toEqual([]);
});
afterAll(() => app.stop());

const FIELDS = `id status rateCheck storedRate exchangeRate bankReference failureReason baseAmount { amount }`;

async function wireAt(rate: string | null, currency = 'EUR', bankReference = bankRef()) {
  const r = expectNoErrors(
    await recordWire(sec, {
      fundId: fund,
      donorOrganizationId: donorOrg,
      amount: '1000.00',
      currency,
      valueDate: '2026-11-10',
      bankReference,
      ...(rate ? { exchangeRate: rate } : {}),
    }),
  ).recordWireContribution;
  expect(r.errors).toEqual([]);
  const q = expectNoErrors(
    await sec.gql(`query($id: ID!) { node(id: $id) { ... on Contribution { ${FIELDS} } } }`, { id: r.contribution.id }),
  );
  return q.node;
}

const decide = async (client: GqlClient, name: 'confirmWireRate' | 'rejectWireRate', input: Record<string, unknown>) =>
  client.gql(
    `mutation($i: ${name === 'confirmWireRate' ? 'ConfirmWireRateInput' : 'RejectWireRateInput'}!) {
      ${name}(input: $i) { contribution { ${FIELDS} } errors { code field } } }`,
    { i: input },
  );

const lines = async (gid: string) => app.sql(`select 1 from ledger_entry where source_id = $1`, [dbId(gid)]);

describe("a wire's exchange rate against the month's stored rate", () => {
  it('posts a wire at the stored rate or within the tolerance (2 % by default)', async () => {
    const stored = await wireAt(null);
    expect(stored).toMatchObject({ status: 'RECEIVED', rateCheck: 'STORED', baseAmount: { amount: '1100.00' } });
    const near = await wireAt('1.12'); // 1.8 % above
    expect(near).toMatchObject({ status: 'RECEIVED', rateCheck: 'WITHIN_TOLERANCE', storedRate: '1.10000000' });
    expect(await lines(near.id)).not.toHaveLength(0);
  });

  it('holds a wire beyond the tolerance until a second secretariat member confirms it, then posts it', async () => {
    const cash = (await balance(sec, fund)).cash.amount;
    const far = await wireAt('1.13'); // 2.7 % above
    expect(far).toMatchObject({ status: 'PENDING', rateCheck: 'AWAITING_CONFIRMATION', storedRate: '1.10000000' });
    expect(await lines(far.id)).toHaveLength(0);
    expect((await balance(sec, fund)).cash.amount).toBe(cash);

    // permissions.decideRate answers what the mutations answer: not the recorder, yes the second member.
    const decideRate = async (client: GqlClient, id: string) =>
      expectNoErrors(
        await client.gql(
          `query($id: ID!) { node(id: $id) { ... on Contribution { permissions { decideRate { allowed code } } } } }`,
          { id },
        ),
      ).node.permissions.decideRate;
    expect(await decideRate(sec, far.id)).toEqual({ allowed: false, code: 'SEPARATION_OF_DUTIES' });
    expect(await decideRate(sec2, far.id)).toEqual({ allowed: true, code: null });
    expect(await decideRate(await app.as('AUDITOR'), far.id)).toEqual({ allowed: false, code: null });
    const own = expectNoErrors(await decide(sec, 'confirmWireRate', { contributionId: far.id })).confirmWireRate;
    expect(own.errors).toEqual([{ code: 'SEPARATION_OF_DUTIES', field: 'contributionId' }]);
    const donor = await decide(await app.as('DONOR'), 'confirmWireRate', { contributionId: far.id });
    expect(donor.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const ok = expectNoErrors(
      await decide(sec2, 'confirmWireRate', { contributionId: far.id, comment: 'Bank advice shows 1.13' }),
    ).confirmWireRate;
    expect(ok.errors).toEqual([]);
    expect(ok.contribution).toMatchObject({
      status: 'RECEIVED',
      rateCheck: 'CONFIRMED',
      baseAmount: { amount: '1130.00' },
    });
    expect(await lines(far.id)).toHaveLength(3); // cash, income, support cost
    expect(await decideRate(sec2, far.id)).toEqual({ allowed: false, code: 'INVALID_STATE' });
    const again = expectNoErrors(await decide(sec2, 'confirmWireRate', { contributionId: far.id })).confirmWireRate;
    expect(again.errors).toEqual([]);
    expect(await lines(far.id)).toHaveLength(3);
    const events = await app.sql(`select action, actor_id from audit_event where entity_id = $1 order by seq`, [
      dbId(far.id),
    ]);
    expect(events.map((e) => e.action)).toEqual(['contribution.record_wire', 'contribution.confirm_rate']);
    expect((await ledgerCheck(sec, fund)).ok).toBe(true);
  });

  it('lets a second member reject such a rate: never posted, and the wire recorded again under its reference', async () => {
    const ref = bankRef();
    const far = await wireAt('1.00', 'EUR', ref); // 9 % below
    expect(far.rateCheck).toBe('AWAITING_CONFIRMATION');
    const no = expectNoErrors(
      await decide(sec2, 'rejectWireRate', { contributionId: far.id, reason: 'Typed the wrong rate' }),
    ).rejectWireRate;
    expect(no.errors).toEqual([]);
    expect(no.contribution).toMatchObject({ status: 'FAILED', rateCheck: 'REJECTED', bankReference: null });
    expect(await lines(far.id)).toHaveLength(0);
    const late = expectNoErrors(await decide(sec2, 'confirmWireRate', { contributionId: far.id })).confirmWireRate;
    expect(late.errors).toEqual([{ code: 'INVALID_STATE', field: 'contributionId' }]);
    expect(await wireAt(null, 'EUR', ref)).toMatchObject({ status: 'RECEIVED', bankReference: ref });
  });

  it('uses the tolerance of the fund policy', async () => {
    const admin = await app.as('ADMIN');
    const set = async (bps: number) =>
      expectNoErrors(
        await admin.gql(
          `mutation($i: UpdateFundPolicyInput!) { updateFundPolicy(input: $i) { fund { fxToleranceBps } errors { code } } }`,
          { i: { fundId: fund, fxToleranceBps: bps } },
        ),
      ).updateFundPolicy.fund.fxToleranceBps;
    expect(await set(500)).toBe(500);
    try {
      expect((await wireAt('1.13')).rateCheck).toBe('WITHIN_TOLERANCE');
      expect((await wireAt('1.16')).rateCheck).toBe('AWAITING_CONFIRMATION');
    } finally {
      expect(await set(200)).toBe(200);
    }
  });

  it('posts a wire whose month has no stored rate with a flag that the fund statement shows', async () => {
    const gbp = await wireAt('1.25', 'GBP');
    expect(gbp).toMatchObject({ status: 'RECEIVED', rateCheck: 'NO_STORED_RATE', storedRate: null });
    const s = expectNoErrors(
      await sec.gql(
        `query($f: String!) { fundStatement(fundId: $f, from: "2026-11-01", to: "2026-11-30") {
          unverifiedRates { contributionId exchangeRate amount { amount currency } baseAmount { amount } } } }`,
        { f: fund },
      ),
    ).fundStatement;
    expect(s.unverifiedRates).toEqual([
      {
        contributionId: gbp.id,
        exchangeRate: '1.25000000',
        amount: { amount: '1000.00', currency: 'GBP' },
        baseAmount: { amount: '1250.00' },
      },
    ]);
  });
});
