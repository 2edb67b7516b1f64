import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expectNoErrors, startTestApp, type GqlClient, type TestApp } from './helpers/app';
import { createPledge, dbId, donorWorld, registerDonor, type DonorWorld } from './helpers/money';
import { expectChangesMatchTheirTrail, expectMoneyInvariants } from './reliability/invariants';

/**
 * The reconciliation queue after the import (issue 18): credits that are no donation are set aside
 * with a reason, and credits that waited unmatched are proposed when their pledge arrives later.
 */
let app: TestApp;
let w: DonorWorld;
let second: { client: GqlClient; orgId: string };

const LINE = `id status lineRef matchKind matchScore ignoreReason rejectReason proposedPledge { id } contribution { id }`;
type Errors = { code: string; field: string | null; message: string }[];
type Line = { id: string; status: string; lineRef: string; proposedPledge: { id: string } | null; [k: string]: any };

let statementNo = 0;
/** The MT940 fixture as a new statement (its own id), quoting `remittanceRef` in the first credit. */
async function importFresh(remittanceRef = 'NO REFERENCE'): Promise<Record<string, Line>> {
  const mt = readFileSync(path.join(__dirname, 'fixtures', 'bank', 'mt940-unvtf.sta'), 'utf8')
    .replace('%PLEDGE_A%', remittanceRef)
    .replace(':20:UNVTF261102', `:20:UNVTFQ${++statementNo}`)
    .replaceAll('//UBS77810', `//Q${statementNo}UBS77810`);
  const p = expectNoErrors(
    await w.sec.gql(
      `mutation($input: ImportBankStatementInput!) { importBankStatement(input: $input) { added { ${LINE} } errors { code } } }`,
      { input: { fundId: w.fund, format: 'MT940', content: mt } },
    ),
  ).importBankStatement;
  expect(p.errors).toEqual([]);
  return Object.fromEntries(p.added.map((l: Line) => [l.lineRef.replace(/^Q\d+/, ''), l]));
}

async function op(c: GqlClient, name: string, type: string, input: Record<string, unknown>) {
  return c.gql(`mutation($i: ${type}!) { ${name}(input: $i) { line { ${LINE} } errors { code field message } } }`, {
    i: input,
  });
}
const ignore = (c: GqlClient, lineId: string, reason = 'Interest credited by the bank') =>
  op(c, 'ignoreBankStatementLine', 'IgnoreBankStatementLineInput', { lineId, reason });
const reopen = (c: GqlClient, lineId: string) =>
  op(c, 'reopenBankStatementLine', 'BankStatementLineActionInput', { lineId });
const confirm = (c: GqlClient, input: Record<string, unknown>) =>
  op(c, 'confirmBankStatementLine', 'ConfirmBankStatementLineInput', input);
const body = (r: Awaited<ReturnType<typeof op>>, name: string) =>
  expectNoErrors(r)[name] as { line: Line; errors: Errors };

async function rematch(c: GqlClient = w.sec) {
  const r = expectNoErrors(
    await c.gql(
      `mutation($i: RematchBankStatementLinesInput!) { rematchBankStatementLines(input: $i) { proposed { ${LINE} } errors { code } } }`,
      { i: { fundId: w.fund } },
    ),
  ).rematchBankStatementLines;
  expect(r.errors).toEqual([]);
  return r.proposed as Line[];
}

async function line(id: string): Promise<Line> {
  const r = expectNoErrors(
    await w.sec.gql(
      `query($f: BankStatementLineFilter!) { bankStatementLines(filter: $f, first: 100) { edges { node { ${LINE} } } } }`,
      {
        f: { fundId: w.fund },
      },
    ),
  );
  return r.bankStatementLines.edges.map((e: { node: Line }) => e.node).find((l: Line) => l.id === id);
}

async function pledge(c: GqlClient, amount: string): Promise<string> {
  const p = expectNoErrors(
    await createPledge(c, { fundId: w.fund, amount, currency: 'USD', dueDate: '2026-12-31' }),
  ).createPledge;
  expect(p.errors).toEqual([]);
  return p.pledge.id;
}

async function cancel(pledgeId: string) {
  const r = expectNoErrors(
    await w.sec.gql(`mutation($i: CancelPledgeInput!) { cancelPledge(input: $i) { errors { code } } }`, {
      i: { pledgeId, reason: 'Withdrawn by the donor' },
    }),
  ).cancelPledge;
  expect(r.errors).toEqual([]);
}

const events = async (lineId: string) =>
  (await app.sql(`select action, actor_role from audit_event where entity_id = $1 order by seq`, [dbId(lineId)])).map(
    (r) => `${r.action}:${r.actor_role}`,
  );
const contributions = async () => Number((await app.sql(`select count(*)::int n from contribution`))[0]!.n);

beforeAll(async () => {
  app = await startTestApp();
  w = await donorWorld(app);
  second = await registerDonor(app, 'Second Donor Foundation');
});
afterAll(async () => {
  await app?.stop();
});

describe('credits that are no donation', () => {
  it('are set aside with a reason, leave the queue, and cannot be confirmed until reopened', async () => {
    const l = (await importFresh())['UBS7781002']!;
    expect(l.status).toBe('UNMATCHED');
    const r = body(await ignore(w.sec, l.id), 'ignoreBankStatementLine');
    expect(r.errors).toEqual([]);
    expect(r.line).toMatchObject({ status: 'IGNORED', ignoreReason: 'Interest credited by the bank' });
    // A repeat is done, not a second event.
    expect(body(await ignore(w.sec, l.id), 'ignoreBankStatementLine').errors).toEqual([]);

    const before = await contributions();
    const c = body(
      await confirm(w.sec, { lineId: l.id, donorOrganizationId: second.orgId }),
      'confirmBankStatementLine',
    );
    expect(c.errors).toEqual([expect.objectContaining({ code: 'INVALID_STATE', field: 'lineId' })]);
    expect(await contributions()).toBe(before);
    // A pledge that would fit it arrives: an ignored credit is not proposed.
    await pledge(second.client, '10000.00');
    expect((await line(l.id)).status).toBe('IGNORED');

    const back = body(await reopen(w.sec, l.id), 'reopenBankStatementLine');
    expect(back.errors).toEqual([]);
    expect(back.line).toMatchObject({ status: 'UNMATCHED', ignoreReason: null });
    // Reopened, it is matched again like any waiting credit.
    expect((await rematch()).map((x) => x.id)).toContain(l.id);
    const ok = body(await confirm(w.sec, { lineId: l.id }), 'confirmBankStatementLine');
    expect(ok.errors).toEqual([]);
    expect(ok.line.status).toBe('CONFIRMED');
    // Final: a confirmed credit is never ignored.
    const late = body(await ignore(w.sec, l.id), 'ignoreBankStatementLine');
    expect(late.errors).toEqual([expect.objectContaining({ code: 'INVALID_STATE' })]);
    expect((await events(l.id)).map((e) => e.split(':')[0])).toEqual([
      'bank_line.ignore',
      'bank_line.reopen',
      'bank_line.propose',
      'bank_line.confirm',
    ]);
  });

  it('a proposed credit can be ignored too; other roles cannot ignore, reopen or re-match', async () => {
    const p = await pledge(w.donor, '250000.00');
    const l = (await importFresh())['UBS7781001']!;
    expect(l).toMatchObject({ status: 'PROPOSED', proposedPledge: { id: p } });
    for (const role of ['NGO', 'DONOR', 'AUDITOR', 'ADMIN', 'BOARD_MEMBER'] as const) {
      const c = await app.as(role);
      expect((await ignore(c, l.id)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect((await reopen(c, l.id)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const m = await c.gql(
        `mutation($i: RematchBankStatementLinesInput!) { rematchBankStatementLines(input: $i) { errors { code } } }`,
        { i: { fundId: w.fund } },
      );
      expect(m.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const r = body(
      await ignore(w.sec, l.id, 'Returned payment of our own, not a contribution'),
      'ignoreBankStatementLine',
    );
    expect(r.errors).toEqual([]);
    expect(r.line).toMatchObject({ status: 'IGNORED', proposedPledge: null, matchKind: null });
    expect(body(await reopen(w.sec, l.id), 'reopenBankStatementLine').line.status).toBe('UNMATCHED');
    expect((await rematch()).map((x) => x.id)).toContain(l.id);
    // Tidy: neither the credit nor the pledge waits for the next tests.
    expect(body(await ignore(w.sec, l.id), 'ignoreBankStatementLine').errors).toEqual([]);
    await cancel(p);
  });

  it('ignoring and confirming one credit at once: one of them happens, never both', async () => {
    const l = (await importFresh())['UBS7781002']!;
    const before = await contributions();
    const [a, b] = await Promise.all([
      ignore(w.sec, l.id),
      confirm(w.sec, { lineId: l.id, donorOrganizationId: second.orgId }),
    ]);
    const ignored = body(a, 'ignoreBankStatementLine');
    const confirmed = body(b, 'confirmBankStatementLine');
    const now = await line(l.id);
    if (now.status === 'IGNORED') {
      expect(confirmed.errors).toEqual([expect.objectContaining({ code: 'INVALID_STATE' })]);
      expect(await contributions()).toBe(before);
      expect(now.contribution).toBeNull();
    } else {
      expect(now.status).toBe('CONFIRMED');
      expect(ignored.errors).toEqual([expect.objectContaining({ code: 'INVALID_STATE' })]);
      expect(await contributions()).toBe(before + 1);
    }
  });
});

describe('pledges that arrive after their credit', () => {
  it('a new pledge is proposed for the unmatched credit it fits, by the system, in its transaction', async () => {
    // The ministry has no open pledge yet (the earlier ones are cancelled or paid).
    const l = (await importFresh('CONTRIBUTION 2026'))['UBS7781001']!;
    expect(l.status).toBe('UNMATCHED');
    const p = await pledge(w.donor, '250000.00');
    const now = await line(l.id);
    expect(now).toMatchObject({ status: 'PROPOSED', matchKind: 'FUZZY', proposedPledge: { id: p } });
    expect(await events(l.id)).toEqual(['bank_line.propose:system:reconciliation']);
    const c = body(await confirm(w.sec, { lineId: l.id }), 'confirmBankStatementLine');
    expect(c.errors).toEqual([]);
    expect(c.line.status).toBe('CONFIRMED');
  });

  it('never proposes again a pledge the secretariat rejected for that credit', async () => {
    const p1 = await pledge(w.donor, '250000.00');
    const l = (await importFresh())['UBS7781001']!;
    expect(l).toMatchObject({ status: 'PROPOSED', proposedPledge: { id: p1 } });
    const r = expectNoErrors(
      await w.sec.gql(
        `mutation($i: RejectBankStatementMatchInput!) { rejectBankStatementMatch(input: $i) { line { ${LINE} } errors { code } } }`,
        { i: { lineId: l.id, reason: 'The ministry paid another pledge with this transfer' } },
      ),
    ).rejectBankStatementMatch;
    expect(r.line.status).toBe('UNMATCHED');
    expect((await rematch()).map((x) => x.id)).not.toContain(l.id);
    expect((await line(l.id)).status).toBe('UNMATCHED');
    // A later pledge of the same donor is proposed instead.
    const p2 = await pledge(w.donor, '250000.00');
    expect(await line(l.id)).toMatchObject({ status: 'PROPOSED', proposedPledge: { id: p2 } });
    expect(body(await ignore(w.sec, l.id, 'Tidy up: tested elsewhere'), 'ignoreBankStatementLine').errors).toEqual([]);
    await cancel(p1);
    await cancel(p2);
  });

  it('the money and the trail still agree after all of it', async () => {
    await expectMoneyInvariants(app, w.fund);
    await expectChangesMatchTheirTrail(app);
  });
});
