import { expectNoErrors, startTestApp, type GqlClient, type TestApp } from './helpers/app';
import { openCall, recommended, vote } from './helpers/grants';
import { dbId, fundId, ledgerCheck } from './helpers/money';
import {
  fresh,
  makeAward,
  reportOp,
  secondSecretariat,
  submission,
  trancheOp,
  wire,
  type AwardInfo,
} from './helpers/post-award';
import { Role } from '../src/users/user.entity';
import { pdfBytes, uploadAndAttach } from './helpers/documents';

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
  await wire(app, '1000000.00');
});
afterAll(() => app.stop());

const reportOf = (a: AwardInfo, kind: string) => a.reports.find((r) => r.kind === kind)!.id;
const awardQ = `query($id: String!) { award(id: $id) { status closedAt reports { kind status waiverReason } } }`;

async function payTranche(trancheId: string) {
  expect((await trancheOp(sec, 'requestTranche', { trancheId })).errors).toEqual([]);
  expect((await trancheOp(sec2, 'approveTranche', { trancheId })).errors).toEqual([]);
  const p = await trancheOp(sec2, 'recordTranchePayment', {
    trancheId,
    reference: `FT-${trancheId}`,
    valueDate: today(),
  });
  expect(p.errors).toEqual([]);
}

async function accept(reportId: string, spent: string) {
  expect((await reportOp(ngo, 'submitReport', submission(reportId, spent))).errors).toEqual([]);
  const r = await reportOp(sec, 'acceptReport', { reportId });
  expect(r.errors).toEqual([]);
}

/** An award above the fund's audit threshold (50,000), both tranches paid and the final report accepted. */
async function finalAccepted(): Promise<AwardInfo> {
  const a = await makeAward(app, '60000.00');
  expect(a.reports.map((r) => r.kind)).toContain('AUDIT');
  await payTranche(a.tranches[0]!.id);
  await accept(reportOf(a, 'INTERIM'), '20000.00');
  await payTranche(a.tranches[1]!.id);
  await accept(reportOf(a, 'FINAL'), '59000.00');
  return a;
}

const waive = (client: GqlClient, reportId: string, reason = 'Board decision BD-2027-04: statutory audit covers it') =>
  client.gql(
    `mutation($input: WaiveReportInput!) { waiveReport(input: $input) { report { status waiverReason } errors { code field } } }`,
    { input: { reportId, reason } },
  );

describe('the external audit report at close-out', () => {
  it('keeps an award open on its final report while the AUDIT report is owed, then closes it on acceptance', async () => {
    const a = await finalAccepted();
    const open = expectNoErrors(await sec.gql(awardQ, { id: a.awardId })).award;
    expect(open.status).toBe('ACTIVE');
    expect(open.closedAt).toBeNull();

    // Past the AUDIT report's due date it is overdue, and the grantee can still deliver it.
    const due = a.reports.find((r) => r.kind === 'AUDIT')!.dueDate;
    app.clock.set(new Date(`${due}T12:00:00Z`));
    app.clock.advance(2 * 86_400_000);
    try {
      const n = await fresh(app, Role.NGO);
      const s = await fresh(app, Role.SECRETARIAT);
      // The auditor's report itself is required: refused until the file is attached.
      const missing = await reportOp(n, 'submitReport', submission(reportOf(a, 'AUDIT'), '59000.00'));
      expect(missing.errors.map((e: { code: string }) => e.code)).toEqual(['MISSING_DOCUMENT']);
      const file = pdfBytes('Independent auditor report');
      await uploadAndAttach(app, n, { slot: 'REPORT_AUDIT_REPORT', ownerId: reportOf(a, 'AUDIT') }, file);
      expect((await reportOp(n, 'submitReport', submission(reportOf(a, 'AUDIT'), '59000.00'))).errors).toEqual([]);
      expect((await reportOp(s, 'acceptReport', { reportId: reportOf(a, 'AUDIT') })).errors).toEqual([]);
      const done = expectNoErrors(await s.gql(awardQ, { id: a.awardId })).award;
      expect(done.status).toBe('COMPLETED');
    } finally {
      app.clock.reset();
    }
    expect((await ledgerCheck(sec, fund)).ok).toBe(true);
  });

  it('closes the award when the secretariat waives the AUDIT report by a recorded decision', async () => {
    const a = await finalAccepted();
    const id = reportOf(a, 'AUDIT');
    expect((await waive(ngo, id)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await waive(sec, id, 'no')).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const final = expectNoErrors(await waive(sec, reportOf(a, 'FINAL'))).waiveReport;
    expect(final.errors).toEqual([{ code: 'INVALID_STATE', field: 'reportId' }]);

    const w = expectNoErrors(await waive(sec, id)).waiveReport;
    expect(w.errors).toEqual([]);
    expect(w.report).toEqual({
      status: 'WAIVED',
      waiverReason: 'Board decision BD-2027-04: statutory audit covers it',
    });
    const done = expectNoErrors(await sec.gql(awardQ, { id: a.awardId })).award;
    expect(done.status).toBe('COMPLETED');
    const events = await app.sql(
      `select action, after->>'reason' reason from audit_event where entity_id in ($1, $2) order by seq`,
      [dbId(id), dbId(a.awardId)],
    );
    expect(events.slice(-2)).toEqual([
      { action: 'report.waive', reason: 'Board decision BD-2027-04: statutory audit covers it' },
      { action: 'award.complete', reason: null },
    ]);
    // Waiving again is the same decision; nothing more is written.
    expect(expectNoErrors(await waive(sec, id)).waiveReport.errors).toEqual([]);
    expect(
      await app.sql(`select 1 from audit_event where entity_id = $1 and action = 'report.waive'`, [dbId(id)]),
    ).toHaveLength(1);
  });

  it('ignores the owed reports of a terminated award when the organisation applies for a new award', async () => {
    const a = await makeAward(app);
    const t = expectNoErrors(
      await sec.gql(`mutation($i: TerminateAwardInput!) { terminateAward(input: $i) { errors { code } } }`, {
        i: { awardId: a.awardId, boardDecisionReference: 'BD-2027-09', reason: 'Project stopped by the board' },
      }),
    ).terminateAward;
    expect(t.errors).toEqual([]);
    // A new application of the same organisation, ready for the board's last vote.
    const callId = await openCall(sec, fund, { envelope: '1000000.00' });
    const next = await recommended(ngo, sec, await app.as('BOARD_MEMBER'), callId, '20000.00');
    expect((await vote(await app.as('BOARD_MEMBER'), next)).errors).toEqual([]);
    expect((await vote(await app.as('TRUSTEE2'), next)).errors).toEqual([]);
    // Long after every report of the terminated award fell due.
    app.clock.set(new Date('2029-01-15T09:00:00Z'));
    try {
      const trustee3 = await app.login('trustee3@demo.vtf.example', 'Demo-Trustee-Osprey-2026');
      const passed = await vote(trustee3, next);
      expect(passed.errors).toEqual([]);
      expect(passed.application.status).toBe('AWARDED');
    } finally {
      app.clock.reset();
    }
  });
});
