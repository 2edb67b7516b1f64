import { expectNoErrors, startTestApp, type GqlClient, type TestApp, type TestRole } from './helpers/app';
import { createCall } from './helpers/grants';
import { dbId, fundId } from './helpers/money';
import { makeAward, reportOp, submission, wire, type AwardInfo } from './helpers/post-award';
import {
  AcceptReportDocument,
  AmendTrancheScheduleDocument,
  CancelGrantCallDocument,
  CastAmendmentVoteDocument,
  OpenGrantCallDocument,
  TerminateAwardDocument,
  VetOrganizationDocument,
  WaiveReportDocument,
} from './generated/graphql';

/**
 * Every state machine moves through the one transition() helper: a move that is not in its table
 * answers a coded INVALID_STATE (or the domain's code) and writes nothing; a repeat of a move
 * already made answers as done and writes no second audit event.
 */
let app: TestApp;
let sec: GqlClient;
let ngo: GqlClient;
let fund: string;
let award: AwardInfo;

beforeAll(async () => {
  app = await startTestApp();
  sec = await app.as('SECRETARIAT');
  ngo = await app.as('NGO');
  fund = await fundId(app);
  await wire(app, '200000.00');
  award = await makeAward(app, '35000.00');
});
afterAll(() => app.stop());

/** Audit events of a row (by its global id), optionally of one action. */
async function eventsOf(gid: string, action?: string): Promise<string[]> {
  const rows = await app.sql<{ action: string }>(
    `select action from audit_event where entity_id = $1 ${action ? 'and action = $2' : ''} order by seq`,
    action ? [dbId(gid), action] : [dbId(gid)],
  );
  return rows.map((r) => r.action);
}

const codes = (p: { errors: { code: string }[] }) => p.errors.map((e) => e.code);

describe('reports', () => {
  it('refuses to accept a report nobody submitted (INVALID_STATE) and writes nothing', async () => {
    const due = award.reports[0]!;
    const before = await eventsOf(due.id);
    const r = expectNoErrors(await sec.gql(AcceptReportDocument, { input: { reportId: due.id } })).acceptReport;
    expect(r.errors).toEqual([
      { code: 'INVALID_STATE', message: 'A DUE report cannot become ACCEPTED.', field: 'reportId' },
    ]);
    expect(r.report).toBeNull();
    expect(await eventsOf(due.id)).toEqual(before);
    const [row] = await app.sql(`select status, accepted_at from report where id = $1`, [dbId(due.id)]);
    expect(row).toEqual({ status: 'DUE', accepted_at: null });
  });

  it('accepts once: a repeat answers as done with no second audit event; a new version is refused', async () => {
    const id = award.reports[0]!.id;
    expect((await reportOp(ngo, 'submitReport', submission(id, '0.00'))).errors).toEqual([]);
    const first = expectNoErrors(await sec.gql(AcceptReportDocument, { input: { reportId: id } })).acceptReport;
    expect(first.errors).toEqual([]);
    expect(first.report?.status).toBe('ACCEPTED');
    const again = expectNoErrors(await sec.gql(AcceptReportDocument, { input: { reportId: id } })).acceptReport;
    expect(again).toEqual(first);
    expect(await eventsOf(id, 'report.accept')).toHaveLength(1);
    const resubmit = await reportOp(ngo, 'submitReport', submission(id, '0.00'));
    expect(codes(resubmit)).toEqual(['INVALID_STATE']);
    const [{ n }] = await app.sql(`select count(*)::int n from report_submission where report_id = $1`, [dbId(id)]);
    expect(n).toBe(1);
  });

  it('waives only an AUDIT report, through the table', async () => {
    const interim = award.reports.find((r) => r.kind !== 'AUDIT')!;
    const w = expectNoErrors(
      await sec.gql(WaiveReportDocument, { input: { reportId: interim.id, reason: 'Covered elsewhere' } }),
    ).waiveReport;
    expect(codes(w)).toEqual(['INVALID_STATE']);
    expect(await eventsOf(interim.id, 'report.waive')).toEqual([]);
  });
});

describe('calls', () => {
  it('cancels a call once and refuses to open a cancelled one', async () => {
    const callId = await createCall(sec, fund);
    const cancel = () =>
      sec.gql(CancelGrantCallDocument, { input: { callId, reason: 'Budget moved to another call' } });
    const first = expectNoErrors(await cancel()).cancelGrantCall;
    expect(first.errors).toEqual([]);
    expect(first.grantCall?.status).toBe('CANCELLED');
    expect(expectNoErrors(await cancel()).cancelGrantCall).toEqual(first);
    expect(await eventsOf(callId, 'grant_call.cancelled')).toHaveLength(1);
    const events = await eventsOf(callId);
    const open = expectNoErrors(await sec.gql(OpenGrantCallDocument, { input: { callId } })).openGrantCall;
    expect(codes(open)).toEqual(['INVALID_STATE']);
    expect(await eventsOf(callId)).toEqual(events);
    const [row] = await app.sql(`select status from grant_call where id = $1`, [dbId(callId)]);
    expect(row).toEqual({ status: 'CANCELLED' });
  });
});

describe('awards and amendments', () => {
  it('decides an amendment once: a vote after the decision is DECISION_FINAL and writes nothing', async () => {
    const t2 = award.tranches[1]!;
    const proposed = expectNoErrors(
      await sec.gql(AmendTrancheScheduleDocument, {
        input: {
          awardId: award.awardId,
          reason: 'Caseload doubled',
          tranches: [{ trancheId: t2.id, amount: '20000.00', plannedDate: '2027-07-01' }],
        },
      }),
    ).amendTrancheSchedule;
    expect(proposed.errors).toEqual([]);
    const amendmentId = proposed.amendment!.id;
    const vote = async (role: TestRole) =>
      expectNoErrors(
        await (
          await app.as(role)
        ).gql(CastAmendmentVoteDocument, { input: { amendmentId, choice: 'REJECT', reason: 'Not justified' } }),
      ).castAmendmentVote;
    for (const r of ['BOARD_MEMBER', 'TRUSTEE2'] as const) expect((await vote(r)).errors).toEqual([]);
    expect((await vote('TRUSTEE3')).amendment?.status).toBe('REJECTED');
    const events = await eventsOf(amendmentId);
    expect(events.filter((a) => a === 'award_amendment.reject')).toHaveLength(1);
    expect(codes(await vote('TRUSTEE4'))).toEqual(['DECISION_FINAL']);
    expect(await eventsOf(amendmentId)).toEqual(events);
    const [{ n }] = await app.sql(`select count(*)::int n from amendment_vote where amendment_id = $1`, [
      dbId(amendmentId),
    ]);
    expect(n).toBe(3);
  });

  it('terminates once (its open tranches cancelled through their table) and refuses to amend a terminated award', async () => {
    const a = await makeAward(app, '20000.00');
    const input = { awardId: a.awardId, boardDecisionReference: 'BoT-2027-04', reason: 'Partner closed' };
    const first = expectNoErrors(await sec.gql(TerminateAwardDocument, { input })).terminateAward;
    expect(first.errors).toEqual([]);
    expect(first.award?.status).toBe('TERMINATED');
    expect(first.award?.tranches.map((t) => t.status)).toEqual(a.tranches.map(() => 'CANCELLED'));
    const cancel = await app.sql(`select before, after from audit_event where entity_id = $1 and action = $2`, [
      dbId(a.tranches[0]!.id),
      'tranche.cancel',
    ]);
    expect(cancel).toEqual([
      { before: { status: 'SCHEDULED' }, after: { status: 'CANCELLED', reason: 'Award terminated (BoT-2027-04)' } },
    ]);
    expect(expectNoErrors(await sec.gql(TerminateAwardDocument, { input })).terminateAward).toEqual(first);
    expect(await eventsOf(a.awardId, 'award.terminate')).toHaveLength(1);
    const events = await eventsOf(a.awardId);
    const amend = expectNoErrors(
      await sec.gql(AmendTrancheScheduleDocument, {
        input: {
          awardId: a.awardId,
          reason: 'Too late',
          tranches: [{ trancheId: a.tranches[0]!.id, amount: '1.00', plannedDate: '2027-07-01' }],
        },
      }),
    ).amendTrancheSchedule;
    expect(codes(amend)).toEqual(['INVALID_STATE']);
    expect(await eventsOf(a.awardId)).toEqual(events);
  });
});

describe('organisation vetting', () => {
  it('moves along its table only: VERIFIED cannot become REJECTED, a repeat is done, REJECTED cannot be SUSPENDED', async () => {
    const me = expectNoErrors(await ngo.gql(`{ me { organizations { id } } }`)).me;
    const organizationId: string = me.organizations[0].id;
    const vet = async (status: 'VERIFIED' | 'REJECTED' | 'SUSPENDED', reason: string) =>
      expectNoErrors(await sec.gql(VetOrganizationDocument, { input: { organizationId, status, reason } }))
        .vetOrganization;
    const events = await eventsOf(organizationId, 'organization.vet');
    expect((await vet('REJECTED', 'Documents forged')).errors).toEqual([
      { code: 'INVALID_STATE', message: 'A VERIFIED organisation cannot become REJECTED.', field: 'status' },
    ]);
    expect(await eventsOf(organizationId, 'organization.vet')).toEqual(events);
    const suspended = await vet('SUSPENDED', 'Under investigation');
    expect(suspended.errors).toEqual([]);
    expect(await vet('SUSPENDED', 'Under investigation')).toEqual(suspended);
    expect(await eventsOf(organizationId, 'organization.vet')).toHaveLength(events.length + 1);
    const [vetted] = await app.sql(
      `select before, after from audit_event where entity_id = $1 and action = 'organization.vet' order by seq desc limit 1`,
      [dbId(organizationId)],
    );
    expect(vetted).toMatchObject({
      before: { vettingStatus: 'VERIFIED' },
      after: { vettingStatus: 'SUSPENDED', vettingReason: 'Under investigation' },
    });
    expect((await vet('REJECTED', 'Confirmed')).errors).toEqual([]);
    expect(codes(await vet('SUSPENDED', 'Again'))).toEqual(['INVALID_STATE']);
    const [row] = await app.sql(`select vetting_status from organization where id = $1`, [dbId(organizationId)]);
    expect(row).toEqual({ vetting_status: 'REJECTED' });
  });
});
