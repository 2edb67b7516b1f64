import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expectNoErrors, startTestApp, type GqlClient, type TestApp } from './helpers/app';
import { createPledge, dbId, donorWorld, recordWire, registerDonor, type DonorWorld } from './helpers/money';
import { expectChangesMatchTheirTrail, expectMoneyInvariants } from './reliability/invariants';

/**
 * Bank reconciliation (issue 18): statements in, credits matched to pledges, confirmed through the
 * wire path. Everything over GraphQL as the seeded users, on PostgreSQL.
 */
let app: TestApp;
let w: DonorWorld;
let second: { client: GqlClient; orgId: string };

const LINE = `id status lineRef valueDate remittance debtorName matchKind matchScore matchReasons rejectReason
  amount { amount currency } proposedPledge { id } contribution { id status bankReference amount { amount currency } pledge { id status } }
  statement { id statementRef }`;
type Errors = { code: string; field: string | null; message: string }[];

const fixture = (name: string, refs: Record<string, string>) =>
  Object.entries(refs).reduce(
    (s, [k, v]) => s.replaceAll(`%${k}%`, v),
    readFileSync(path.join(__dirname, 'fixtures', 'bank', name), 'utf8'),
  );

async function importStatement(c: GqlClient, format: string, content: string, fundId = w.fund) {
  const r = await c.gql(
    `mutation($input: ImportBankStatementInput!) { importBankStatement(input: $input) {
       statements { id statementRef account format skippedCount } added { ${LINE} } alreadyImported errors { code field message } } }`,
    { input: { fundId, format, content } },
  );
  return r;
}

async function confirm(c: GqlClient, input: Record<string, unknown>) {
  const r = await c.gql(
    `mutation($input: ConfirmBankStatementLineInput!) { confirmBankStatementLine(input: $input) {
       line { ${LINE} } contribution { id } errors { code field message } } }`,
    { input },
  );
  return expectNoErrors(r).confirmBankStatementLine as { line: any; contribution: any; errors: Errors };
}

async function reject(c: GqlClient, lineId: string, reason = 'Not this donor: the bank advice names another payer') {
  const r = await c.gql(
    `mutation($input: RejectBankStatementMatchInput!) { rejectBankStatementMatch(input: $input) {
       line { ${LINE} } errors { code field message } } }`,
    { input: { lineId, reason } },
  );
  return expectNoErrors(r).rejectBankStatementMatch as { line: any; errors: Errors };
}

async function queue(c: GqlClient, status?: string) {
  const r = await c.gql(
    `query($f: BankStatementLineFilter!) { bankStatementLines(filter: $f, first: 100) { edges { node { ${LINE} } } } }`,
    { f: { fundId: w.fund, ...(status ? { status } : {}) } },
  );
  return r;
}

async function pledge(
  c: GqlClient,
  amount: string,
  currency = 'USD',
  fundId = w.fund,
): Promise<{ id: string; ref: string }> {
  const p = expectNoErrors(await createPledge(c, { fundId, amount, currency, dueDate: '2026-12-31' })).createPledge;
  expect(p.errors).toEqual([]);
  const r = expectNoErrors(
    await c.gql(`query($id: ID!) { node(id: $id) { ... on Pledge { reference } } }`, { id: p.pledge.id }),
  );
  return { id: p.pledge.id, ref: r.node.reference };
}

const auditCount = async () => Number((await app.sql(`select count(*)::int n from audit_event`))[0]!.n);
const countOf = async (table: string) => Number((await app.sql(`select count(*)::int n from ${table}`))[0]!.n);

let pledgeA: { id: string; ref: string };
let pledgeB: { id: string; ref: string };
let camt: string;
let lines: Record<string, any>;

beforeAll(async () => {
  app = await startTestApp();
  w = await donorWorld(app);
  second = await registerDonor(app, 'Second Donor Foundation');
  pledgeA = await pledge(w.donor, '250000.00');
  pledgeB = await pledge(second.client, '30000.00');
  camt = fixture('camt053-unvtf.xml', { PLEDGE_A: pledgeA.ref });
});

afterAll(async () => {
  await app?.stop();
});

describe('importing a statement', () => {
  it('queues each booked credit, proposes the exact pledge, a fuzzy one with its score, and leaves the rest unmatched', async () => {
    const p = expectNoErrors(await importStatement(w.sec, 'CAMT053', camt)).importBankStatement;
    expect(p.errors).toEqual([]);
    expect(p.statements).toEqual([
      expect.objectContaining({
        statementRef: 'STMT-20261102-CH9300762011623852957',
        format: 'CAMT053',
        skippedCount: 2,
      }),
    ]);
    lines = Object.fromEntries(p.added.map((l: any) => [l.lineRef, l]));
    expect(Object.keys(lines)).toEqual([
      'UBS-20261102-7781001',
      'UBS-20261102-7781002',
      'UBS-20261102-BATCH17-1',
      'UBS-20261102-BATCH17-2',
    ]);
    expect(lines['UBS-20261102-7781001']).toMatchObject({
      status: 'PROPOSED',
      matchKind: 'EXACT',
      matchScore: 100,
      proposedPledge: { id: pledgeA.id },
      amount: { amount: '250000.00', currency: 'USD' },
      contribution: null,
    });
    // No reference quoted, a part of the pledge: the donor's name and the amount make a fuzzy proposal.
    const fuzzy = lines['UBS-20261102-7781002'];
    expect(fuzzy).toMatchObject({ status: 'PROPOSED', matchKind: 'FUZZY', proposedPledge: { id: pledgeB.id } });
    expect(fuzzy.matchScore).toBeGreaterThanOrEqual(35);
    expect(fuzzy.matchScore).toBeLessThan(100);
    expect(lines['UBS-20261102-BATCH17-1']).toMatchObject({ status: 'UNMATCHED', proposedPledge: null });
    // Nothing is received until the secretariat confirms.
    expect(await countOf('contribution')).toBe(0);
  });

  it('imported twice, records nothing twice: no line, no audit event, no money', async () => {
    const before = { audit: await auditCount(), lines: await countOf('bank_statement_line') };
    for (let i = 0; i < 2; i++) {
      const p = expectNoErrors(await importStatement(w.sec, 'CAMT053', camt)).importBankStatement;
      expect(p).toMatchObject({ errors: [], added: [], alreadyImported: 4 });
    }
    expect({ audit: await auditCount(), lines: await countOf('bank_statement_line') }).toEqual(before);
  });

  it('the same new statement imported at once by several requests is stored once', async () => {
    const mt = fixture('mt940-unvtf.sta', { PLEDGE_A: 'no reference' }).replace(':20:UNVTF261102', ':20:UNVTF261102R');
    const results = await Promise.all([1, 2, 3, 4].map(() => importStatement(w.sec, 'MT940', mt)));
    const payloads = results.map((r) => expectNoErrors(r).importBankStatement);
    expect(payloads.filter((p) => p.errors.length === 0 && p.added.length === 2)).toHaveLength(1);
    for (const p of payloads) {
      if (p.added.length === 0) expect(p.errors.length ? p.errors[0].code : p.alreadyImported).toBeTruthy();
    }
    expect(
      await app.sql(`select count(*)::int n from bank_statement where statement_ref = 'UNVTF261102R:214/1'`),
    ).toEqual([{ n: 1 }]);
  });

  it('refuses a file that is not a statement with a coded error, and writes nothing', async () => {
    const before = await countOf('bank_statement');
    for (const [format, content] of [
      ['CAMT053', '<Document><BkToCstmrNtfctn/></Document>'],
      ['CAMT053', '<?xml version="1.0"?><Document><BkToCstmrStmt><Stmt>'],
      ['MT940', ':20:X\n:25:Y\n'],
    ]) {
      const p = expectNoErrors(await importStatement(w.sec, format!, content!)).importBankStatement;
      expect(p.errors).toEqual([expect.objectContaining({ code: 'STATEMENT_UNREADABLE', field: 'content' })]);
    }
    expect(await countOf('bank_statement')).toBe(before);
  });

  it('only the fund secretariat imports; only staff who read the fund’s money see the queue', async () => {
    for (const role of ['NGO', 'DONOR', 'AUDITOR', 'BOARD_MEMBER'] as const) {
      const r = await importStatement(await app.as(role), 'CAMT053', camt);
      expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    for (const role of ['NGO', 'DONOR', 'BOARD_MEMBER'] as const) {
      expect((await queue(await app.as(role))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const seen = expectNoErrors(await queue(await app.as('AUDITOR'))).bankStatementLines.edges;
    expect(seen.length).toBeGreaterThanOrEqual(4);
  });
});

describe('deciding the queue', () => {
  it('confirming records the credit as a wire contribution through the wire path (ledger, pledge, audit)', async () => {
    const line = lines['UBS-20261102-7781001'];
    const p = await confirm(w.sec, { lineId: line.id });
    expect(p.errors).toEqual([]);
    expect(p.line).toMatchObject({
      status: 'CONFIRMED',
      contribution: {
        status: 'RECEIVED',
        bankReference: 'UBS-20261102-7781001',
        amount: { amount: '250000.00', currency: 'USD' },
        pledge: { id: pledgeA.id, status: 'FULFILLED' },
      },
    });
    const actions = await app.sql(`select action from audit_event where entity_id in ($1, $2) order by seq`, [
      dbId(line.id),
      dbId(p.contribution.id),
    ]);
    expect(actions.map((a) => a.action)).toEqual(['contribution.record_wire', 'bank_line.confirm']);
    const ledger = await app.sql(
      `select account, debit_minor::text d, credit_minor::text c from ledger_entry where source_id = $1 order by account`,
      [dbId(p.contribution.id)],
    );
    expect(ledger.find((l) => l.account === 'CASH')).toMatchObject({ d: '25000000' });
    await expectMoneyInvariants(app, w.fund);
  });

  it('a line confirmed many times at once is recorded once', async () => {
    const line = lines['UBS-20261102-7781002'];
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => confirm(w.sec, { lineId: line.id })));
    for (const r of results) expect(r.errors).toEqual([]);
    expect(new Set(results.map((r) => r.line.contribution.id)).size).toBe(1);
    expect(
      await app.sql(`select count(*)::int n from contribution where bank_reference = 'UBS-20261102-7781002'`),
    ).toEqual([{ n: 1 }]);
    expect(
      await app.sql(`select count(*)::int n from audit_event where action = 'bank_line.confirm' and entity_id = $1`, [
        dbId(line.id),
      ]),
    ).toEqual([{ n: 1 }]);
    // The amount did not match the pledge: it is a part payment, recorded as received, nothing more.
    expect(results[0]!.line.contribution).toMatchObject({
      amount: { amount: '10000.00' },
      pledge: { id: pledgeB.id, status: 'PARTIALLY_PAID' },
    });
    await expectMoneyInvariants(app, w.fund);
  });

  it('a confirmed line is final: rejecting it is INVALID_STATE, importing its statement again changes nothing', async () => {
    const r = await reject(w.sec, lines['UBS-20261102-7781001'].id);
    expect(r.errors).toEqual([expect.objectContaining({ code: 'INVALID_STATE', field: 'lineId' })]);
    expect(expectNoErrors(await importStatement(w.sec, 'CAMT053', camt)).importBankStatement.added).toEqual([]);
    const confirmed = expectNoErrors(await queue(w.sec, 'CONFIRMED')).bankStatementLines.edges;
    expect(confirmed.map((e: any) => e.node.lineRef).sort()).toEqual(['UBS-20261102-7781001', 'UBS-20261102-7781002']);
  });

  it('an unmatched line needs a pledge or a donor; a pledge of another fund or currency is refused', async () => {
    const line = lines['UBS-20261102-BATCH17-1'];
    expect((await confirm(w.sec, { lineId: line.id })).errors).toEqual([
      expect.objectContaining({ code: 'INVALID_VALUE', field: 'pledgeId' }),
    ]);
    const admin = await app.as('ADMIN');
    const f = expectNoErrors(
      await admin.gql(
        `mutation($input: CreateFundInput!) { createFund(input: $input) { fund { id } errors { code message } } }`,
        {
          input: {
            code: 'VTFSLAV',
            name: 'Voluntary Trust Fund on Contemporary Forms of Slavery',
            baseCurrency: 'USD',
          },
        },
      ),
    ).createFund;
    expect(f.errors).toEqual([]);
    const elsewhere = await pledge(w.donor, '5000.00', 'USD', f.fund.id);
    expect((await confirm(w.sec, { lineId: line.id, pledgeId: elsewhere.id })).errors).toEqual([
      expect.objectContaining({ code: 'INVALID_VALUE', field: 'pledgeId' }),
    ]);
    const euros = await pledge(w.donor, '5000.00', 'EUR');
    expect((await confirm(w.sec, { lineId: line.id, pledgeId: euros.id })).errors).toEqual([
      expect.objectContaining({ code: 'CURRENCY_MISMATCH' }),
    ]);
    const still = expectNoErrors(await queue(w.sec, 'UNMATCHED')).bankStatementLines.edges.map((e: any) => e.node);
    expect(still.find((l: any) => l.id === line.id)).toMatchObject({ status: 'UNMATCHED', contribution: null });
    expect(
      await app.sql(`select count(*)::int n from contribution where bank_reference like 'UBS-20261102-BATCH17%'`),
    ).toEqual([{ n: 0 }]);
  });

  it('a pledge in another currency is never proposed, even with its reference quoted', async () => {
    const euros = await pledge(w.donor, '10000.00', 'EUR');
    const mt = fixture('mt940-unvtf.sta', { PLEDGE_A: euros.ref }).replace(':20:UNVTF261102', ':20:UNVTF261102E');
    const p = expectNoErrors(await importStatement(w.sec, 'MT940', mt)).importBankStatement;
    expect(p.errors).toEqual([]);
    const first = p.added.find((l: any) => l.lineRef === 'UBS7781001');
    expect(first).toMatchObject({ status: 'UNMATCHED', proposedPledge: null });
  });

  it('rejecting a proposal keeps the line in the queue, unmatched; it can then be confirmed for a named donor', async () => {
    const pledgeC = await pledge(w.donor, '250000.00');
    const mt = fixture('mt940-unvtf.sta', { PLEDGE_A: pledgeC.ref });
    const p = expectNoErrors(await importStatement(w.sec, 'MT940', mt)).importBankStatement;
    const line = p.added.find((l: any) => l.lineRef === 'UBS7781001');
    expect(line).toMatchObject({ status: 'PROPOSED', matchKind: 'EXACT', proposedPledge: { id: pledgeC.id } });
    const r = await reject(w.sec, line.id);
    expect(r.errors).toEqual([]);
    expect(r.line).toMatchObject({ status: 'UNMATCHED', proposedPledge: null, rejectReason: expect.any(String) });
    const waiting = expectNoErrors(await queue(w.sec, 'UNMATCHED')).bankStatementLines.edges.map((e: any) => e.node.id);
    expect(waiting).toContain(line.id);
    const again = await reject(w.sec, line.id);
    expect(again.errors).toEqual([]);
    expect(
      await app.sql(
        `select count(*)::int n from audit_event where action = 'bank_line.reject_match' and entity_id = $1`,
        [dbId(line.id)],
      ),
    ).toEqual([{ n: 1 }]);
    const c = await confirm(w.sec, { lineId: line.id, donorOrganizationId: w.donorOrg });
    expect(c.errors).toEqual([]);
    expect(c.line.contribution).toMatchObject({ status: 'RECEIVED', pledge: null, amount: { amount: '250000.00' } });
  });

  it('a credit already recorded by hand as a wire is refused as DUPLICATE_REFERENCE and stays in the queue', async () => {
    const mt = fixture('mt940-unvtf.sta', { PLEDGE_A: 'x' }).replace(':20:UNVTF261102', ':20:UNVTF261102D');
    const p = expectNoErrors(await importStatement(w.sec, 'MT940', mt)).importBankStatement;
    const line = p.added.find((l: any) => l.lineRef === 'UBS7781002');
    const byHand = expectNoErrors(
      await recordWire(w.sec, {
        fundId: w.fund,
        donorOrganizationId: second.orgId,
        amount: '10000.00',
        currency: 'USD',
        valueDate: '2026-11-02',
        bankReference: 'UBS7781002',
      }),
    ).recordWireContribution;
    expect(byHand.errors).toEqual([]);
    const c = await confirm(w.sec, { lineId: line.id, donorOrganizationId: second.orgId });
    expect(c.errors).toEqual([expect.objectContaining({ code: 'DUPLICATE_REFERENCE' })]);
    expect(await app.sql(`select status from bank_statement_line where id = $1`, [dbId(line.id)])).toEqual([
      { status: line.status },
    ]);
  });

  it('other roles cannot confirm or reject', async () => {
    const line = lines['UBS-20261102-BATCH17-2'];
    for (const role of ['NGO', 'DONOR', 'AUDITOR', 'ADMIN'] as const) {
      const c = await app.as(role);
      for (const op of [
        c.gql(
          `mutation($i: ConfirmBankStatementLineInput!) { confirmBankStatementLine(input: $i) { errors { code } } }`,
          {
            i: { lineId: line.id, donorOrganizationId: w.donorOrg },
          },
        ),
        c.gql(
          `mutation($i: RejectBankStatementMatchInput!) { rejectBankStatementMatch(input: $i) { errors { code } } }`,
          {
            i: { lineId: line.id, reason: 'not mine' },
          },
        ),
      ]) {
        expect((await op).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      }
    }
  });

  it('the money and the trail still agree after all of it', async () => {
    await expectMoneyInvariants(app, w.fund);
    await expectChangesMatchTheirTrail(app);
  });
});
