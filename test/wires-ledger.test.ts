import { Client } from 'pg';
import { startTestApp, type TestApp, expectNoErrors, type GqlClient } from './helpers/app';
import {
  balance,
  bankRef,
  dbId,
  demoDonorOrgId,
  fundId,
  ledgerCheck,
  recordWire,
  registerDonor,
} from './helpers/money';

let app: TestApp;
let fund: string;
let orgA: string;
let sec: GqlClient;

beforeAll(async () => {
  app = await startTestApp();
  fund = await fundId(app);
  orgA = await demoDonorOrgId(app);
  sec = await app.as('SECRETARIAT');
});
afterAll(async () => {
  await app.stop();
});

const wire = (input: Record<string, unknown>, client = sec) =>
  recordWire(client, {
    fundId: fund,
    donorOrganizationId: orgA,
    currency: 'USD',
    valueDate: '2026-11-03',
    bankReference: bankRef(),
    ...input,
  });

const setRate = (input: Record<string, unknown>, client = sec) =>
  client.gql<{ setExchangeRate: { exchangeRate: any; errors: { code: string; field: string }[] } }>(
    `mutation S($input: SetExchangeRateInput!) { setExchangeRate(input: $input) { exchangeRate { id currency baseCurrency month rate } errors { code field message } } }`,
    { input },
  );

async function lines(contributionGid: string) {
  return app.sql<{ account: string; debit: string; credit: string }>(
    `select account, debit_minor::text as debit, credit_minor::text as credit from ledger_entry where source_id = $1 order by seq`,
    [dbId(contributionGid)],
  );
}

describe('wire receipts and currencies', () => {
  it('converts EUR 100,000.00 at 1.0873 to USD 108,730.00 and books 13 % support cost to the cent', async () => {
    const r = expectNoErrors(
      await wire({ amount: '100000.00', currency: 'EUR', exchangeRate: '1.0873' }),
    ).recordWireContribution;
    expect(r.errors).toEqual([]);
    expect(r.contribution).toMatchObject({
      status: 'RECEIVED',
      channel: 'WIRE',
      exchangeRate: '1.08730000',
      amount: { amount: '100000.00', currency: 'EUR' },
      baseAmount: { amount: '108730.00', currency: 'USD' },
      supportCost: { amount: '14134.90' },
      valueDate: '2026-11-03',
      receipt: {
        amount: { amount: '100000.00', currency: 'EUR' },
        baseAmount: { amount: '108730.00' },
        exchangeRate: '1.08730000',
        date: '2026-11-03',
      },
    });
    expect(await lines(r.contribution.id)).toEqual([
      { account: 'CASH', debit: '10873000', credit: '0' },
      { account: 'CONTRIBUTIONS_INCOME', debit: '0', credit: '9459510' },
      { account: 'SUPPORT_COST_PAYABLE', debit: '0', credit: '1413490' },
    ]);
  });

  it('rounds the conversion half-up on the minor unit and never loses a cent to the support cost split', async () => {
    const half = expectNoErrors(
      await wire({ amount: '0.01', currency: 'EUR', exchangeRate: '1.5' }),
    ).recordWireContribution;
    expect(half.contribution.baseAmount.amount).toBe('0.02');
    const jpy = expectNoErrors(
      await wire({ amount: '12345', currency: 'JPY', exchangeRate: '0.00666667' }),
    ).recordWireContribution;
    expect(jpy.contribution.amount).toMatchObject({ amount: '12345', currency: 'JPY' });
    expect(jpy.contribution.baseAmount.amount).toBe('82.30'); // 82.30004…
    const cent = expectNoErrors(await wire({ amount: '0.01' })).recordWireContribution;
    // 13 % of one cent: the cent goes to support cost; the zero income line is not written.
    expect(await lines(cent.contribution.id)).toEqual([
      { account: 'CASH', debit: '1', credit: '0' },
      { account: 'SUPPORT_COST_PAYABLE', debit: '0', credit: '1' },
    ]);
  });

  it("uses the month's rate from the secretariat's table, and never recomputes a booked receipt", async () => {
    const missing = expectNoErrors(
      await wire({ amount: '10.00', currency: 'CHF', valueDate: '2026-10-15' }),
    ).recordWireContribution;
    expect(missing.errors[0]).toMatchObject({ code: 'EXCHANGE_RATE_MISSING' });
    const s = expectNoErrors(
      await setRate({ currency: 'chf', baseCurrency: 'USD', month: '2026-10', rate: '1.1234' }),
    ).setExchangeRate;
    expect(s.exchangeRate).toMatchObject({
      currency: 'CHF',
      baseCurrency: 'USD',
      month: '2026-10',
      rate: '1.12340000',
    });
    const w = expectNoErrors(
      await wire({ amount: '1000.00', currency: 'CHF', valueDate: '2026-10-15' }),
    ).recordWireContribution;
    expect(w.contribution).toMatchObject({ exchangeRate: '1.12340000', baseAmount: { amount: '1123.40' } });
    expectNoErrors(await setRate({ currency: 'CHF', baseCurrency: 'USD', month: '2026-10', rate: '2' }));
    const again = expectNoErrors(
      await sec.gql<{ node: any }>(
        `query N($id: ID!) { node(id: $id) { ... on Contribution { exchangeRate baseAmount { amount } } } }`,
        {
          id: w.contribution.id,
        },
      ),
    );
    expect(again.node).toEqual({ exchangeRate: '1.12340000', baseAmount: { amount: '1123.40' } });
  });

  it('lets only the secretariat maintain rates, and validates them', async () => {
    const donor = await app.as('DONOR');
    expect(
      (await setRate({ currency: 'GBP', baseCurrency: 'USD', month: '2026-10', rate: '1.3' }, donor)).errors?.[0]
        .extensions?.code,
    ).toBe('FORBIDDEN');
    const bad = async (input: Record<string, unknown>) =>
      expectNoErrors(await setRate({ currency: 'GBP', baseCurrency: 'USD', month: '2026-10', rate: '1.3', ...input }))
        .setExchangeRate.errors[0];
    expect(await bad({ rate: '0' })).toMatchObject({ code: 'INVALID_VALUE', field: 'rate' });
    expect(await bad({ rate: '1.123456789' })).toMatchObject({ code: 'INVALID_VALUE', field: 'rate' });
    // An impossible month is refused before any resolver runs, naming the field (issue 11, item 13).
    const month = await setRate({ currency: 'GBP', baseCurrency: 'USD', month: '2026-13', rate: '1.3' });
    expect(month.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.month' });
    expect(await bad({ currency: 'USD' })).toMatchObject({ code: 'INVALID_VALUE' });
  });

  it('refuses a duplicate bank reference, also when the same wire is recorded 5 times at once', async () => {
    const ref = bankRef();
    expect(expectNoErrors(await wire({ amount: '50.00', bankReference: ref })).recordWireContribution.errors).toEqual(
      [],
    );
    const dup = expectNoErrors(await wire({ amount: '50.00', bankReference: ref })).recordWireContribution;
    expect(dup.errors[0]).toMatchObject({ code: 'DUPLICATE_REFERENCE', field: 'bankReference' });
    const raced = bankRef();
    const results = await Promise.all(Array.from({ length: 5 }, () => wire({ amount: '50.00', bankReference: raced })));
    const codes = results.map((r) => expectNoErrors(r).recordWireContribution.errors[0]?.code ?? 'OK').sort();
    expect(codes).toEqual([
      'DUPLICATE_REFERENCE',
      'DUPLICATE_REFERENCE',
      'DUPLICATE_REFERENCE',
      'DUPLICATE_REFERENCE',
      'OK',
    ]);
    const rows = await app.sql(`select count(*)::int as n from contribution where bank_reference = $1`, [raced]);
    expect(rows[0].n).toBe(1);
  });

  it('refuses a value date in the future and a rate other than 1 for the base currency', async () => {
    const future = expectNoErrors(await wire({ amount: '1.00', valueDate: '2999-01-01' })).recordWireContribution;
    expect(future.errors[0]).toMatchObject({ code: 'INVALID_VALUE', field: 'valueDate' });
    const usd = expectNoErrors(await wire({ amount: '1.00', exchangeRate: '1.1' })).recordWireContribution;
    expect(usd.errors[0]).toMatchObject({ code: 'INVALID_VALUE', field: 'exchangeRate' });
  });

  it("shows a donor its own organisation's receipts only", async () => {
    const b = await registerDonor(app, 'Wire Donor B');
    const mine = expectNoErrors(await wire({ amount: '7.00', donorOrganizationId: b.orgId })).recordWireContribution;
    const list = async (client: GqlClient) =>
      expectNoErrors(
        await client.gql<{ contributions: { edges: { node: { id: string; donorOrganization: { id: string } } }[] } }>(
          `{ contributions(first: 100) { edges { node { id donorOrganization { id } } } } }`,
        ),
      ).contributions.edges.map((e) => e.node);
    const seenByB = await list(b.client);
    expect(seenByB.map((n) => n.id)).toEqual([mine.contribution.id]);
    const seenByA = await list(await app.as('DONOR'));
    expect(seenByA.length).toBeGreaterThan(0);
    expect(seenByA.every((n) => n.donorOrganization.id === orgA)).toBe(true);
    const peek = await b.client.gql(`query R($id: String!) { contributionReceipt(contributionId: $id) { number } }`, {
      id: seenByA[0].id,
    });
    expect(peek.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('is recorded by the secretariat only', async () => {
    const donor = await app.as('DONOR');
    expect((await wire({ amount: '1.00' }, donor)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await wire({ amount: '1.00' }, await app.as('AUDITOR'))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('the ledger in the database', () => {
  it('refuses to commit an unbalanced group of lines', async () => {
    const c = new Client({ connectionString: app.dbUrl });
    await c.connect();
    try {
      await c.query('begin');
      await c.query(
        `insert into ledger_entry (txn_id, fund_id, account, debit_minor, credit_minor, currency, kind, source_type, source_id, description, value_date)
         values (gen_random_uuid(), $1, 'CASH', 100, 0, 'USD', 'REVERSAL', 'Test', 'x', 'one-sided', '2026-11-01')`,
        [dbId(fund)],
      );
      await expect(c.query('commit')).rejects.toThrow(/unbalanced ledger transaction/);
    } finally {
      await c.end();
    }
    const left = await app.sql(`select 1 from ledger_entry where description = 'one-sided'`);
    expect(left).toHaveLength(0);
  });

  it('refuses UPDATE and DELETE of posted lines', async () => {
    await expect(
      app.sql(`update ledger_entry set debit_minor = debit_minor + 1 where seq = (select min(seq) from ledger_entry)`),
    ).rejects.toThrow(/append-only/);
    await expect(app.sql(`delete from ledger_entry where seq = (select min(seq) from ledger_entry)`)).rejects.toThrow(
      /append-only/,
    );
  });
});

describe('Fund.balance and ledgerCheck', () => {
  it('gives staff, trustees and auditors the balance, consistent with the lines; donors get FORBIDDEN', async () => {
    const b = await balance(sec, fund);
    const [sums] = await app.sql<{ cash: string; sc: string }>(
      `select sum(case when account = 'CASH' then debit_minor - credit_minor else 0 end)::text as cash,
              sum(case when account = 'SUPPORT_COST_PAYABLE' then credit_minor - debit_minor else 0 end)::text as sc
         from ledger_entry where fund_id = $1`,
      [dbId(fund)],
    );
    expect(b.cash.minorUnits).toBe(sums.cash);
    expect(b.supportCosts.minorUnits).toBe(sums.sc);
    expect(BigInt(b.available.minorUnits)).toBe(BigInt(sums.cash) - BigInt(sums.sc));
    expect(await balance(await app.as('TRUSTEE2'), fund)).toEqual(b);
    expect(await balance(await app.as('AUDITOR'), fund)).toEqual(b);
    const donor = await app.as('DONOR');
    const r = await donor.gql(`query B($id: ID!) { node(id: $id) { ... on Fund { balance { cash { amount } } } } }`, {
      id: fund,
    });
    expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('reconciles: every group balances, sub-ledger and lines agree; the ledger.csv rule decides who runs it', async () => {
    const check = await ledgerCheck(await app.as('AUDITOR'), fund);
    expect(check).toMatchObject({ ok: true, unbalancedGroups: [], differences: [] });
    expect(check.lineCount).toBeGreaterThan(check.groupCount);
    // Trustees of the fund may download ledger.csv, so they may run the check too (canReadLedger, issue 11).
    expect(await ledgerCheck(await app.as('TRUSTEE2'), fund)).toMatchObject({ ok: true });
    const donor = await (
      await app.as('DONOR')
    ).gql(`query L($id: String!) { ledgerCheck(fundId: $id) { ok } }`, { id: fund });
    expect(donor.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('costs the same number of SQL statements for the balance of 1 fund as of 3 funds (loaders)', async () => {
    const admin = await app.as('ADMIN');
    for (const code of ['VTFCFS', 'UNVFVT']) {
      const r = expectNoErrors(
        await admin.gql<{ createFund: { errors: unknown[] } }>(
          `mutation F($input: CreateFundInput!) { createFund(input: $input) { errors { code message } } }`,
          { input: { code, name: `Fund ${code}`, baseCurrency: 'USD' } },
        ),
      );
      expect(r.createFund.errors).toEqual([]);
    }
    // Count the statements the server's ORM runs (same process) through its query logger.
    const logger = app.orm.config.getLogger();
    let statements = 0;
    const original = logger.logQuery.bind(logger);
    logger.setDebugMode(['query']);
    logger.logQuery = () => {
      statements += 1;
    };
    const count = async (first: number) => {
      statements = 0;
      const d = expectNoErrors(
        await admin.gql<{ funds: { edges: { node: { code: string; balance: { cash: { amount: string } } } }[] } }>(
          `query Q($first: Int) { funds(first: $first) { edges { node { code balance { cash { amount } pledgedUnpaid { amount } } } } } }`,
          { first },
        ),
      );
      return { n: statements, edges: d.funds.edges };
    };
    try {
      const one = await count(1);
      const three = await count(3);
      expect(one.edges).toHaveLength(1);
      expect(three.edges).toHaveLength(3);
      expect(three.edges.find((e) => e.node.code === 'VTFCFS')!.node.balance.cash.amount).toBe('0.00');
      expect(one.n).toBeGreaterThan(0);
      expect(three.n).toBe(one.n);
    } finally {
      logger.setDebugMode(false);
      logger.logQuery = original;
    }
  });
});
