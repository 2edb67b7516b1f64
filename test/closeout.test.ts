import { expectNoErrors, startTestApp, type GqlClient, type TestApp, type TestRole } from './helpers/app';
import { balance, dbId, fundId, ledgerCheck } from './helpers/money';
import {
  awardOp,
  makeAward,
  reportOp,
  secondSecretariat,
  submission,
  trancheOp,
  wire,
  type AwardInfo,
} from './helpers/post-award';

let app: TestApp;
let sec: GqlClient;
let sec2: GqlClient;
let ngo: GqlClient;
let fund: string;
const today = () => new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  app = await startTestApp();
  sec = await app.as('SECRETARIAT');
  ngo = await app.as('NGO');
  sec2 = await secondSecretariat(app);
  fund = await fundId(app);
});
afterAll(() => app.stop());

async function payTranche(trancheId: string, ref: string, amount?: string) {
  expect((await trancheOp(sec, 'requestTranche', { trancheId })).errors).toEqual([]);
  expect((await trancheOp(sec2, 'approveTranche', { trancheId })).errors).toEqual([]);
  const p = await trancheOp(sec2, 'recordTranchePayment', {
    trancheId,
    reference: ref,
    valueDate: today(),
    ...(amount ? { amount, partialReason: 'Grantee needs less this period' } : {}),
  });
  expect(p.errors).toEqual([]);
  return p;
}

async function report(id: string, spent: string) {
  expect((await reportOp(ngo, 'submitReport', submission(id, spent))).errors).toEqual([]);
  return reportOp(sec, 'acceptReport', { reportId: id });
}

const reportOf = (a: AwardInfo, kind: string) => a.reports.find((r) => r.kind === kind)!.id;
const awardQ = `query($id: String!) { award(id: $id) { status closedAt paid { amount } released { amount } refunded { amount } tranches { status } } }`;

describe('close-out', () => {
  it('runs an award from approval to COMPLETED and keeps the fund balance exact to the cent', async () => {
    await wire(app, '100000.00');
    const bal0 = await balance(sec, fund);
    expect([bal0.cash.amount, bal0.supportCosts.amount, bal0.available.amount]).toEqual([
      '100000.00',
      '13000.00',
      '87000.00',
    ]);
    const a = await makeAward(app, '35000.00');
    expect((await balance(sec, fund)).available.amount).toBe('52000.00');

    await payTranche(a.tranches[0]!.id, 'FT-LIFE-1');
    await report(reportOf(a, 'INTERIM'), '20000.00');
    const last = await payTranche(a.tranches[1]!.id, 'FT-LIFE-2');
    expect(last.award?.status).toBe('ACTIVE'); // the final report is still due
    const fin = await report(reportOf(a, 'FINAL'), '33800.00');
    expect(fin.errors).toEqual([]);
    const done = expectNoErrors(await sec.gql(awardQ, { id: a.awardId })).award;
    expect(done).toMatchObject({ status: 'COMPLETED', paid: { amount: '35000.00' }, released: { amount: '0.00' } });
    expect(done.closedAt).toBeTruthy();

    // The NGO reported 1,200.00 unspent and sends it back.
    const refund = await awardOp(sec, 'recordGrantRefund', {
      awardId: a.awardId,
      amount: '1200.00',
      currency: 'USD',
      reference: 'NGO-REFUND-1',
      valueDate: today(),
    });
    expect(refund.errors).toEqual([]);
    expect(refund.award.refunded.amount).toBe('1200.00');
    const lines = await app.sql(
      `select account, debit_minor::text d, credit_minor::text c, source_type from ledger_entry
        where kind = 'GRANT_REFUND_RECEIVED' and source_id = $1 order by account`,
      [dbId(a.awardId)],
    );
    expect(lines).toEqual([
      { account: 'CASH', d: '120000', c: '0', source_type: 'Award' },
      { account: 'GRANT_EXPENSE', d: '0', c: '120000', source_type: 'Award' },
    ]);
    const again = await awardOp(sec, 'recordGrantRefund', {
      awardId: a.awardId,
      amount: '1.00',
      currency: 'USD',
      reference: 'NGO-REFUND-1',
      valueDate: today(),
    });
    expect(again.errors.map((e) => e.code)).toEqual(['DUPLICATE_REFERENCE']);
    const tooMuch = await awardOp(sec, 'recordGrantRefund', {
      awardId: a.awardId,
      amount: '33800.01',
      currency: 'USD',
      reference: 'NGO-REFUND-2',
      valueDate: today(),
    });
    expect(tooMuch.errors.map((e) => e.code)).toEqual(['REFUND_ABOVE_PAID']);

    const check = await ledgerCheck(sec, fund);
    expect(check.ok).toBe(true);
    expect(check.unbalancedGroups).toEqual([]);
    const b = check.balance;
    expect({
      cash: b.cash.amount,
      committed: b.committed.amount,
      disbursed: b.disbursed.amount,
      available: b.available.amount,
    }).toEqual({ cash: '66200.00', committed: '0.00', disbursed: '35000.00', available: '53200.00' });
    const net = Object.fromEntries(check.accounts.map((x: any) => [x.account, x.net.minorUnits]));
    expect(String(net.GRANT_EXPENSE)).toBe('3380000');
    const audit = await app.sql(`select action from audit_event where entity_id = $1 order by seq`, [dbId(a.awardId)]);
    expect(audit.map((r) => r.action)).toEqual(['award.create', 'award.complete', 'award.refund']);
  });

  it('completes an award whose last tranche is cancelled and releases what was not paid', async () => {
    await wire(app, '50000.00');
    const a = await makeAward(app, '35000.00');
    await payTranche(a.tranches[0]!.id, 'FT-LOW-1', '20000.00');
    const rest = await trancheOp(sec, 'cancelTranche', { trancheId: a.tranches[0]!.id, reason: 'Rest not needed' });
    expect(rest.tranche).toMatchObject({ status: 'CANCELLED', paidAmount: { amount: '20000.00' } });
    const c = await trancheOp(sec, 'cancelTranche', { trancheId: a.tranches[1]!.id, reason: 'Project ends early' });
    expect(c.tranche?.status).toBe('CANCELLED');
    expect(c.award?.status).toBe('ACTIVE');
    await report(reportOf(a, 'FINAL'), '20000.00');
    const done = expectNoErrors(await sec.gql(awardQ, { id: a.awardId })).award;
    expect(done).toMatchObject({
      status: 'COMPLETED',
      paid: { amount: '20000.00' },
      released: { amount: '15000.00' },
      tranches: [{ status: 'CANCELLED' }, { status: 'CANCELLED' }],
    });
    const released = await app.sql(
      `select sum(debit_minor)::text s from ledger_entry where kind = 'COMMITMENT_RELEASED' and source_id = $1 and account = 'GRANTS_PAYABLE'`,
      [dbId(a.awardId)],
    );
    expect(released[0]!.s).toBe('1500000');
  });

  it('terminates an award on a board decision: unpaid tranches cancelled, the commitment released', async () => {
    await wire(app, '50000.00');
    const a = await makeAward(app, '35000.00');
    await payTranche(a.tranches[0]!.id, 'FT-TERM-1');
    const before = await balance(sec, fund);
    const forbidden = await ngo.gql(
      `mutation($input: TerminateAwardInput!) { terminateAward(input: $input) { errors { code } } }`,
      { input: { awardId: a.awardId, boardDecisionReference: 'BoT/2027/07', reason: 'Misuse' } },
    );
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const input = { awardId: a.awardId, boardDecisionReference: 'BoT/2027/07', reason: 'Activities stopped' };
    const t = await awardOp(sec, 'terminateAward', input);
    expect(t.errors).toEqual([]);
    expect(t.award).toMatchObject({
      status: 'TERMINATED',
      paid: { amount: '24500.00' },
      released: { amount: '10500.00' },
    });
    expect(t.award.tranches.map((x: any) => x.status)).toEqual(['PAID', 'CANCELLED']);
    expect((await awardOp(sec, 'terminateAward', input)).errors).toEqual([]);
    const after = await balance(sec, fund);
    expect(BigInt(after.committed.minorUnits)).toBe(BigInt(before.committed.minorUnits) - 1_050_000n);
    expect(BigInt(after.available.minorUnits)).toBe(BigInt(before.available.minorUnits) + 1_050_000n);
    const req = await trancheOp(sec, 'requestTranche', { trancheId: a.tranches[1]!.id });
    expect(req.errors.map((e) => e.code)).toEqual(['INVALID_STATE']);
    const rows = await app.sql(`select termination_reference from award where id = $1`, [dbId(a.awardId)]);
    expect(rows[0]!.termination_reference).toBe('BoT/2027/07');
  });

  it('amends amounts and dates of scheduled tranches at once when the award total stays', async () => {
    await wire(app, '50000.00');
    const a = await makeAward(app, '35000.00');
    const [t1, t2] = a.tranches;
    const ok = await awardOp(sec, 'amendTrancheSchedule', {
      awardId: a.awardId,
      reason: 'Second phase brought forward',
      tranches: [
        { trancheId: t1!.id, amount: '20000.00', plannedDate: '2027-01-15' },
        { trancheId: t2!.id, amount: '15000.00', plannedDate: '2027-05-01' },
      ],
    });
    expect(ok.errors).toEqual([]);
    expect(ok.award.tranches.map((t: any) => [t.amount.amount, t.plannedDate])).toEqual([
      ['20000.00', '2027-01-15'],
      ['15000.00', '2027-05-01'],
    ]);
    await payTranche(t1!.id, 'FT-AMEND-1');
    const paid = await awardOp(sec, 'amendTrancheSchedule', {
      awardId: a.awardId,
      reason: 'Shift',
      tranches: [
        { trancheId: t1!.id, amount: '10000.00', plannedDate: '2027-01-15' },
        { trancheId: t2!.id, amount: '25000.00', plannedDate: '2027-05-01' },
      ],
    });
    expect(paid.errors.map((e) => [e.code, e.field])).toEqual([['INVALID_STATE', 'tranches.0.trancheId']]);
    const [{ p }] = await app.sql(`select paid_minor::text p from tranche where id = $1`, [dbId(t1!.id)]);
    expect(p).toBe('2000000');
  });

  it('sends a change of the award total to the board and books the increase or the reduction on approval', async () => {
    await wire(app, '50000.00');
    const a = await makeAward(app, '35000.00');
    const [t1, t2] = a.tranches;
    const AMEND = `mutation($input: AmendTrancheScheduleInput!) { amendTrancheSchedule(input: $input) {
      award { amount { amount } tranches { amount { amount } } }
      amendment { id status oldTotal { amount } newTotal { amount } changes { trancheId amount plannedDate } }
      errors { code message } } }`;
    const VOTE = `mutation($input: CastAmendmentVoteInput!) { castAmendmentVote(input: $input) {
      amendment { id status approvals } errors { code } } }`;
    const up = expectNoErrors(
      await sec.gql(AMEND, {
        input: {
          awardId: a.awardId,
          reason: 'Caseload doubled',
          tranches: [{ trancheId: t2!.id, amount: '12500.00', plannedDate: '2027-07-01' }],
        },
      }),
    ).amendTrancheSchedule;
    expect(up.errors).toEqual([]);
    expect(up.amendment).toMatchObject({
      status: 'PENDING',
      oldTotal: { amount: '35000.00' },
      newTotal: { amount: '37000.00' },
      changes: [{ trancheId: t2!.id, amount: '12500.00', plannedDate: '2027-07-01' }],
    });
    expect(up.award.amount.amount).toBe('35000.00');
    const second = expectNoErrors(
      await sec.gql(AMEND, {
        input: {
          awardId: a.awardId,
          reason: 'Again',
          tranches: [{ trancheId: t2!.id, amount: '1.00', plannedDate: '2027-07-01' }],
        },
      }),
    ).amendTrancheSchedule;
    expect(second.errors.map((e: any) => e.code)).toEqual(['INVALID_STATE']);
    const before = await balance(sec, fund);
    const vote = async (role: TestRole, choice = 'APPROVE') =>
      expectNoErrors(
        await (
          await app.as(role)
        ).gql(VOTE, {
          input: { amendmentId: up.amendment.id, choice, reason: 'Justified by the caseload' },
        }),
      ).castAmendmentVote;
    expect((await vote('BOARD_MEMBER')).amendment).toMatchObject({ status: 'PENDING', approvals: 1 });
    expect((await vote('BOARD_MEMBER')).errors).toEqual([{ code: 'ALREADY_VOTED' }]);
    const forbidden = await sec.gql(VOTE, {
      input: { amendmentId: up.amendment.id, choice: 'APPROVE', reason: 'Me too' },
    });
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await vote('TRUSTEE2');
    expect((await vote('TRUSTEE3')).amendment).toMatchObject({ status: 'APPROVED', approvals: 3 });
    expect((await vote('TRUSTEE4')).errors).toEqual([{ code: 'DECISION_FINAL' }]);
    const after = await balance(sec, fund);
    expect(BigInt(after.committed.minorUnits) - BigInt(before.committed.minorUnits)).toBe(200_000n);
    expect(BigInt(before.available.minorUnits) - BigInt(after.available.minorUnits)).toBe(200_000n);
    const adj = await app.sql(
      `select account, debit_minor::text d, credit_minor::text c from ledger_entry where kind = 'AWARD_ADJUSTED' and source_id = $1 order by account`,
      [dbId(a.awardId)],
    );
    expect(adj).toEqual([
      { account: 'GRANTS_PAYABLE', d: '0', c: '200000' },
      { account: 'GRANT_EXPENSE', d: '200000', c: '0' },
    ]);
    const q = expectNoErrors(
      await sec.gql(
        `query($id: String!) { award(id: $id) { amount { amount } tranches { amount { amount } } amendments { status } } }`,
        {
          id: a.awardId,
        },
      ),
    ).award;
    expect(q).toEqual({
      amount: { amount: '37000.00' },
      tranches: [{ amount: { amount: '24500.00' } }, { amount: { amount: '12500.00' } }],
      amendments: [{ status: 'APPROVED' }],
    });

    // A reduction approved by the board releases the commitment.
    const down = expectNoErrors(
      await sec.gql(AMEND, {
        input: {
          awardId: a.awardId,
          reason: 'Partner withdrew',
          tranches: [{ trancheId: t1!.id, amount: '20000.00', plannedDate: '2027-01-01' }],
        },
      }),
    ).amendTrancheSchedule;
    for (const r of ['BOARD_MEMBER', 'TRUSTEE2', 'TRUSTEE3'] as const) {
      await (
        await app.as(r)
      ).gql(VOTE, { input: { amendmentId: down.amendment.id, choice: 'APPROVE', reason: 'Agreed' } });
    }
    const rel = await app.sql(
      `select debit_minor::text d from ledger_entry where kind = 'COMMITMENT_RELEASED' and source_id = $1 and account = 'GRANTS_PAYABLE'`,
      [dbId(a.awardId)],
    );
    expect(rel).toEqual([{ d: '450000' }]);
    const [{ amount_minor }] = await app.sql(`select amount_minor::text from award where id = $1`, [dbId(a.awardId)]);
    expect(amount_minor).toBe('3250000');
  });

  it('drops an amendment the board rejects and leaves the award unchanged', async () => {
    await wire(app, '50000.00');
    const a = await makeAward(app, '35000.00');
    const r = expectNoErrors(
      await sec.gql(
        `mutation($input: AmendTrancheScheduleInput!) { amendTrancheSchedule(input: $input) { amendment { id } errors { code } } }`,
        {
          input: {
            awardId: a.awardId,
            reason: 'More',
            tranches: [{ trancheId: a.tranches[1]!.id, amount: '20000.00', plannedDate: '2027-07-01' }],
          },
        },
      ),
    ).amendTrancheSchedule;
    let last: any;
    for (const role of ['BOARD_MEMBER', 'TRUSTEE2', 'TRUSTEE3'] as const) {
      last = expectNoErrors(
        await (
          await app.as(role)
        ).gql(
          `mutation($input: CastAmendmentVoteInput!) { castAmendmentVote(input: $input) { amendment { status } errors { code } } }`,
          { input: { amendmentId: r.amendment.id, choice: 'REJECT', reason: 'Not justified' } },
        ),
      ).castAmendmentVote;
    }
    expect(last.amendment.status).toBe('REJECTED');
    const [{ amount_minor }] = await app.sql(`select amount_minor::text from award where id = $1`, [dbId(a.awardId)]);
    expect(amount_minor).toBe('3500000');
    expect(
      await app.sql(`select 1 from ledger_entry where kind = 'AWARD_ADJUSTED' and source_id = $1`, [dbId(a.awardId)]),
    ).toHaveLength(0);
  });

  it('refuses a payment above plan, so a reduction of the unpaid tranches never goes below what was paid', async () => {
    await wire(app, '50000.00');
    const a = await makeAward(app, '35000.00');
    expect((await trancheOp(sec, 'requestTranche', { trancheId: a.tranches[0]!.id })).errors).toEqual([]);
    expect((await trancheOp(sec2, 'approveTranche', { trancheId: a.tranches[0]!.id })).errors).toEqual([]);
    const above = await trancheOp(sec2, 'recordTranchePayment', {
      trancheId: a.tranches[0]!.id,
      reference: 'FT-ABOVE-PLAN',
      valueDate: today(),
      amount: '30000.00',
    });
    expect(above.errors.map((e) => e.code)).toEqual(['AMOUNT_NOT_APPROVED']);
    expect(
      (
        await trancheOp(sec2, 'recordTranchePayment', {
          trancheId: a.tranches[0]!.id,
          reference: 'FT-PLAN',
          valueDate: today(),
        })
      ).errors,
    ).toEqual([]);
    const r = expectNoErrors(
      await sec.gql(
        `mutation($input: AmendTrancheScheduleInput!) { amendTrancheSchedule(input: $input) { amendment { id } errors { code } } }`,
        {
          input: {
            awardId: a.awardId,
            reason: 'Smaller second phase',
            tranches: [{ trancheId: a.tranches[1]!.id, amount: '1000.00', plannedDate: '2027-07-01' }],
          },
        },
      ),
    ).amendTrancheSchedule;
    const codes: string[][] = [];
    for (const role of ['BOARD_MEMBER', 'TRUSTEE2', 'TRUSTEE3'] as const) {
      const v = expectNoErrors(
        await (
          await app.as(role)
        ).gql(
          `mutation($input: CastAmendmentVoteInput!) { castAmendmentVote(input: $input) { amendment { status } errors { code } } }`,
          { input: { amendmentId: r.amendment.id, choice: 'APPROVE', reason: 'Fine' } },
        ),
      ).castAmendmentVote;
      codes.push(v.errors.map((e: any) => e.code));
    }
    expect(codes).toEqual([[], [], []]);
    const [{ amount_minor }] = await app.sql(`select amount_minor::text from award where id = $1`, [dbId(a.awardId)]);
    expect(amount_minor).toBe('2550000');
  });

  it('leaves a clean ledger whose balance matches the sums of receipts, payments, refunds and releases', async () => {
    const check = await ledgerCheck(sec, fund);
    expect(check.ok).toBe(true);
    const [s] = await app.sql(`select
        (select sum(amount_minor) from award)::text awarded,
        (select coalesce(sum(paid_minor), 0) from tranche)::text paid,
        (select sum(released_minor) from award)::text released,
        (select sum(refunded_minor) from award)::text refunded`);
    const received = 400_000_00n; // the wires of this file: 100,000 + 6 × 50,000
    const cash = received - BigInt(s!.paid) + BigInt(s!.refunded);
    const committed = BigInt(s!.awarded) - BigInt(s!.paid) - BigInt(s!.released);
    const b = check.balance;
    expect(BigInt(b.cash.minorUnits)).toBe(cash);
    expect(BigInt(b.committed.minorUnits)).toBe(committed);
    expect(BigInt(b.disbursed.minorUnits)).toBe(BigInt(s!.paid));
    expect(BigInt(b.available.minorUnits)).toBe(cash - committed - (received * 13n) / 100n);
  });
});
