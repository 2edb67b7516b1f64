import { randomUUID } from 'node:crypto';
import { expectNoErrors, startTestApp, type TestApp } from './helpers/app';
import { bankRef, demoDonorOrgId, fundId, recordWire, registerDonor } from './helpers/money';

let app: TestApp;
let fund: string;
let secToken: string;

beforeAll(async () => {
  app = await startTestApp();
  fund = await fundId(app);
  const sec = await app.as('SECRETARIAT');
  secToken = sec.token!;
  const donorOrg = await demoDonorOrgId(app);
  for (const [amount, currency, rate, valueDate] of [
    ['1234.56', 'USD', undefined, '2026-03-10'],
    ['500.00', 'EUR', '1.1', '2026-04-02'],
    ['100000', 'JPY', '0.0065', '2026-05-20'],
  ] as const) {
    const w = expectNoErrors(
      await recordWire(sec, {
        fundId: fund,
        donorOrganizationId: donorOrg,
        amount,
        currency,
        exchangeRate: rate,
        valueDate,
        bankReference: bankRef(),
      }),
    ).recordWireContribution;
    expect(w.errors).toEqual([]);
  }
}, 60_000);
afterAll(() => app.stop());

async function get(path: string, token: string | null = secToken) {
  const res = await fetch(`${app.baseUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

/** Minimal RFC 4180 reader for the tests (quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

describe('ledger.csv', () => {
  it('streams every line of the fund with a header row and decimal amounts', async () => {
    const r = await get('/exports/funds/UNVTF/ledger.csv');
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/^text\/csv/);
    const rows = parseCsv(r.text);
    expect(rows[0]).toEqual([
      'seq',
      'value_date',
      'posted_at',
      'txn_id',
      'kind',
      'account',
      'debit',
      'credit',
      'currency',
      'source_type',
      'source_id',
      'description',
    ]);
    const lines = await app.sql<{ seq: string; debit: string; credit: string }>(
      `select seq::text, debit_minor::text as debit, credit_minor::text as credit from ledger_entry order by seq`,
    );
    expect(rows.slice(1).map((x) => x[0])).toEqual(lines.map((l) => l.seq));
    const usd = rows.find((x) => x[1] === '2026-03-10' && x[5] === 'CASH')!;
    expect(usd.slice(6, 9)).toEqual(['1234.56', '', 'USD']);
    // Every amount has the currency's two decimals, and debits equal credits.
    const cents = (s: string) => (s ? BigInt(s.replace('.', '')) : 0n);
    for (const x of rows.slice(1)) expect(x[6] || x[7]).toMatch(/^\d+\.\d{2}$/);
    const debit = rows.slice(1).reduce((t, x) => t + cents(x[6]!), 0n);
    const credit = rows.slice(1).reduce((t, x) => t + cents(x[7]!), 0n);
    expect(debit).toBe(credit);
  });

  it('filters by value date and pages through more lines than one keyset batch', async () => {
    const [f] = await app.sql<{ id: string }>(`select id from fund where code = 'UNVTF'`);
    // 700 balanced groups (1400 lines) on one day, more than the 500-line batch of the stream.
    await app.sql(
      `insert into ledger_entry (txn_id, fund_id, account, debit_minor, credit_minor, currency, kind, source_type, source_id, description, value_date)
       select t, $1, a.account, a.d, a.c, 'USD', 'CONTRIBUTION_RECEIVED', 'TestSeed', t::text, 'bulk, "quoted"', '2026-06-15'
         from (select gen_random_uuid() as t, g from generate_series(1, 700) g) s,
              lateral (values ('CASH', s.g, 0), ('CONTRIBUTIONS_INCOME', 0, s.g)) a(account, d, c)`,
      [f!.id],
    );
    const r = await get('/exports/funds/UNVTF/ledger.csv?from=2026-06-15&to=2026-06-15');
    const rows = parseCsv(r.text).slice(1);
    expect(rows).toHaveLength(1400);
    expect(new Set(rows.map((x) => x[1]))).toEqual(new Set(['2026-06-15']));
    expect(rows[0]![11]).toBe('bulk, "quoted"');
    const seqs = rows.map((x) => BigInt(x[0]!));
    expect(seqs.every((s, i) => i === 0 || s > seqs[i - 1]!)).toBe(true);
    const april = parseCsv((await get('/exports/funds/UNVTF/ledger.csv?from=2026-04-01&to=2026-04-30')).text).slice(1);
    expect(april.map((x) => x[1])).toEqual(april.map(() => '2026-04-02'));
    expect(april.length).toBeGreaterThan(0);
  });
});

describe('statement.csv', () => {
  it('has the same figures as fundStatement', async () => {
    const sec = app.client(secToken);
    const s = expectNoErrors(
      await sec.gql<{ fundStatement: any }>(
        `query($f: String!) { fundStatement(fundId: $f, from: "2026-04-01", to: "2026-05-31") {
          opening { cash { amount } } receipts { amount } supportCosts { amount } closing { cash { amount } } } }`,
        { f: fund },
      ),
    ).fundStatement;
    const r = await get('/exports/funds/UNVTF/statement.csv?from=2026-04-01&to=2026-05-31');
    expect(r.status).toBe(200);
    const rows = parseCsv(r.text);
    expect(rows[0]).toEqual(['section', 'item', 'currency', 'amount']);
    const at = (section: string, item: string) => rows.find((x) => x[0] === section && x[1] === item)?.[3];
    expect(at('opening', 'cash')).toBe(s.opening.cash.amount);
    expect(at('cash_in', 'receipts')).toBe(s.receipts.amount);
    expect(at('support_costs', 'support_costs')).toBe(s.supportCosts.amount);
    expect(at('closing', 'cash')).toBe(s.closing.cash.amount);
    // Original currencies keep their own precision: JPY has none.
    const jpy = rows.find((x) => x[0] === 'receipts_by_donor' && x[2] === 'JPY');
    expect(jpy?.[3]).toBe('100000');
    const eur = rows.find((x) => x[0] === 'receipts_by_donor' && x[2] === 'EUR');
    expect(eur?.[3]).toBe('500.00');
  });

  it('neutralises donor names that a spreadsheet would run as a formula', async () => {
    const evil = await registerDonor(app, '=HYPERLINK("http://evil.example","Click")');
    const sec = app.client(secToken);
    const w = expectNoErrors(
      await recordWire(sec, {
        fundId: fund,
        donorOrganizationId: evil.orgId,
        amount: '10.00',
        currency: 'USD',
        valueDate: '2026-07-01',
        bankReference: bankRef(),
      }),
    ).recordWireContribution;
    expect(w.errors).toEqual([]);
    const rows = parseCsv((await get('/exports/funds/UNVTF/statement.csv?from=2026-07-01&to=2026-07-01')).text);
    const donorRows = rows.filter((x) => x[0] === 'receipts_by_donor');
    expect(donorRows.length).toBeGreaterThan(0);
    for (const x of donorRows) expect(x[1]).toMatch(/^'=HYPERLINK/);
  });

  it('requires from and to and refuses bad dates with 400', async () => {
    expect((await get('/exports/funds/UNVTF/statement.csv')).status).toBe(400);
    expect((await get('/exports/funds/UNVTF/statement.csv?from=2026-13-01&to=2026-12-31')).status).toBe(400);
    expect((await get('/exports/funds/UNVTF/ledger.csv?from=2026-05-01&to=2026-04-01')).status).toBe(400);
  });
});

describe('export access', () => {
  it('answers 401 without or with a bad token, 403 to donors and NGOs, 404 for an unknown fund', async () => {
    for (const path of ['ledger.csv', 'statement.csv?from=2026-01-01&to=2026-12-31']) {
      expect((await get(`/exports/funds/UNVTF/${path}`, null)).status).toBe(401);
      expect((await get(`/exports/funds/UNVTF/${path}`, 'not-a-token')).status).toBe(401);
      for (const role of ['DONOR', 'NGO'] as const) {
        const c = await app.as(role);
        const r = await get(`/exports/funds/UNVTF/${path}`, c.token);
        expect([role, r.status]).toEqual([role, 403]);
        expect(JSON.parse(r.text).errors[0].extensions.code).toBe('FORBIDDEN');
      }
      for (const role of ['AUDITOR', 'BOARD_MEMBER', 'ADMIN'] as const) {
        const c = await app.as(role);
        expect([role, (await get(`/exports/funds/UNVTF/${path}`, c.token)).status]).toEqual([role, 200]);
      }
    }
    expect((await get(`/exports/funds/NOPE-${randomUUID().slice(0, 4)}/ledger.csv`)).status).toBe(404);
  });
});
