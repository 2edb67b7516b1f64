import { expectNoErrors, startTestApp, type GqlClient, type TestApp } from './helpers/app';
import { createCall, fundId } from './helpers/grants';
import { makeAward, submission, wire, type AwardInfo } from './helpers/post-award';
import { bankRef, demoDonorOrgId, recordWire } from './helpers/money';

/**
 * `permissions { … }` is computed by the rules the mutations enforce: for callers of several roles
 * and objects in several states, `allowed: true` means the mutation then succeeds, and
 * `allowed: false` means it refuses with the same code (a payload error), or FORBIDDEN when the
 * refusal is about who the caller is (code null).
 */

let app: TestApp;
let fund: string;

interface Perm {
  allowed: boolean;
  code: string | null;
  reason: string | null;
}
const P = '{ allowed code reason }';

beforeAll(async () => {
  app = await startTestApp();
  fund = await fundId(app);
}, 120_000);
afterAll(async () => {
  await app.stop();
});

/** Runs the mutation and checks that its answer is the one the permission announced. */
async function agrees(client: GqlClient, perm: Perm, mutation: string, input: Record<string, unknown>) {
  const name = /\{\s*(\w+)\(/.exec(mutation)![1]!;
  const r = await client.gql<Record<string, { errors: { code: string }[] }>>(mutation, { input });
  if (perm.allowed) {
    expect(r.errors).toBeUndefined();
    expect(r.data![name]!.errors).toEqual([]);
  } else if (perm.code) {
    expect(r.errors).toBeUndefined();
    expect(r.data![name]!.errors.map((e) => e.code)).toEqual([perm.code]);
  } else {
    expect([name, r.errors?.[0]?.extensions?.code]).toEqual([name, 'FORBIDDEN']);
  }
}

describe('GrantCall.permissions', () => {
  const Q = `query($id: String!) { grantCall(id: $id) { status permissions {
    update ${P} open ${P} close ${P} startReview ${P} markDecided ${P} cancel ${P} } } }`;
  const move = (name: string) =>
    `mutation($input: GrantCallTransitionInput!) { ${name}(input: $input) { grantCall { status } errors { code } } }`;
  const UPDATE = `mutation($input: UpdateGrantCallInput!) { updateGrantCall(input: $input) { grantCall { status } errors { code } } }`;
  const ACTIONS = {
    open: move('openGrantCall'),
    close: move('closeGrantCall'),
    startReview: move('startGrantCallReview'),
    markDecided: move('markGrantCallDecided'),
    cancel: move('cancelGrantCall'),
  } as const;
  const perms = async (client: GqlClient, id: string) =>
    expectNoErrors(await client.gql(Q, { id })).grantCall as { status: string; permissions: Record<string, Perm> };

  it('announces what each call mutation answers, through a call’s life, for the secretariat and other roles', async () => {
    const sec = await app.as('SECRETARIAT');
    const board = await app.as('BOARD_MEMBER');
    const auditor = await app.as('AUDITOR');
    const callId = await createCall(sec, fund);

    // A draft: the secretariat may edit, open or cancel it; nothing else fits the table.
    let p = (await perms(sec, callId)).permissions;
    expect(p.update.allowed && p.open.allowed && p.cancel.allowed).toBe(true);
    expect([p.close.code, p.startReview.code, p.markDecided.code]).toEqual([
      'INVALID_STATE',
      'INVALID_STATE',
      'INVALID_STATE',
    ]);
    for (const action of ['close', 'startReview', 'markDecided'] as const) {
      await agrees(sec, p[action], ACTIONS[action], { callId });
    }
    // Staff who read drafts but do not run calls: refused as FORBIDDEN (no code).
    for (const client of [board, auditor]) {
      const theirs = (await perms(client, callId)).permissions;
      for (const action of Object.keys(ACTIONS) as (keyof typeof ACTIONS)[]) {
        expect(theirs[action]).toMatchObject({ allowed: false, code: null });
        await agrees(client, theirs[action], ACTIONS[action], { callId });
      }
      expect(theirs.update).toMatchObject({ allowed: false, code: null });
      await agrees(client, theirs.update, UPDATE, { callId, title: 'Not mine to change' });
    }
    await agrees(sec, p.update, UPDATE, { callId, title: 'Direct assistance 2027, revised' });
    await agrees(sec, p.open, ACTIONS.open, { callId });

    // Open: opening again is not offered; it can close or be cancelled.
    p = (await perms(sec, callId)).permissions;
    expect(p.open).toMatchObject({ allowed: false, code: 'INVALID_STATE' });
    expect(p.close.allowed).toBe(true);
    await agrees(sec, p.startReview, ACTIONS.startReview, { callId });
    await agrees(sec, p.close, ACTIONS.close, { callId });

    // Closed: no more edits; review starts, then the decision.
    p = (await perms(sec, callId)).permissions;
    expect(p.update).toMatchObject({ allowed: false, code: 'INVALID_STATE' });
    await agrees(sec, p.update, UPDATE, { callId, title: 'Too late' });
    await agrees(sec, p.markDecided, ACTIONS.markDecided, { callId });
    await agrees(sec, p.startReview, ACTIONS.startReview, { callId });
    p = (await perms(sec, callId)).permissions;
    await agrees(sec, p.markDecided, ACTIONS.markDecided, { callId });

    // Decided: final.
    p = (await perms(sec, callId)).permissions;
    expect(p.cancel).toMatchObject({ allowed: false, code: 'INVALID_STATE' });
    await agrees(sec, p.cancel, ACTIONS.cancel, { callId, reason: 'Too late to cancel' });
  });

  it('refuses to open a call whose closing time has passed, as openGrantCall does', async () => {
    const sec = await app.as('SECRETARIAT');
    const callId = await createCall(sec, fund, {
      opensAt: new Date(Date.now() - 10 * 86_400_000).toISOString(),
      closesAt: new Date(Date.now() + 60_000).toISOString(),
    });
    app.clock.advance(2 * 60_000);
    try {
      const p = (await perms(sec, callId)).permissions;
      expect(p.open).toMatchObject({ allowed: false, code: 'CALL_CLOSED' });
      await agrees(sec, p.open, ACTIONS.open, { callId });
    } finally {
      app.clock.reset();
    }
  });
});

describe('Report.permissions and AwardAmendment.permissions', () => {
  let award: AwardInfo;
  const REPORTS = `query($id: String!) { award(id: $id) { reports { id kind status permissions {
    submit ${P} accept ${P} requestRevision ${P} waive ${P} } } } }`;
  const SUBMIT = `mutation($input: SubmitReportInput!) { submitReport(input: $input) { report { status } errors { code } } }`;
  const ACCEPT = `mutation($input: AcceptReportInput!) { acceptReport(input: $input) { report { status } errors { code } } }`;
  const REVISE = `mutation($input: RequestReportRevisionInput!) { requestReportRevision(input: $input) { report { status } errors { code } } }`;
  const WAIVE = `mutation($input: WaiveReportInput!) { waiveReport(input: $input) { report { status } errors { code } } }`;
  type ReportRow = { id: string; kind: string; status: string; permissions: Record<string, Perm> };
  const reports = async (client: GqlClient) =>
    expectNoErrors(await client.gql(REPORTS, { id: award.awardId })).award.reports as ReportRow[];

  beforeAll(async () => {
    await wire(app, '80000.00');
    award = await makeAward(app, '35000.00');
  }, 120_000);

  it('announces what the report mutations answer for the grantee, the secretariat and a trustee', async () => {
    const sec = await app.as('SECRETARIAT');
    const ngo = await app.as('NGO');
    const board = await app.as('BOARD_MEMBER');
    const report = (await reports(ngo)).find((r) => r.kind !== 'AUDIT')!;
    const mine = report.permissions;
    expect(mine.submit.allowed).toBe(true);
    expect(mine.accept).toMatchObject({ allowed: false, code: null });

    // Before a submission the secretariat has nothing to accept, and only AUDIT reports are waived.
    let theirs = (await reports(sec)).find((r) => r.id === report.id)!.permissions;
    expect(theirs.accept).toMatchObject({ allowed: false, code: 'INVALID_STATE' });
    await agrees(sec, theirs.accept, ACCEPT, { reportId: report.id });
    await agrees(sec, theirs.waive, WAIVE, { reportId: report.id, reason: 'Not an audit report' });
    await agrees(sec, theirs.submit, SUBMIT, submission(report.id, '0.00'));
    await agrees(ngo, mine.accept, ACCEPT, { reportId: report.id });
    await agrees(ngo, mine.submit, SUBMIT, submission(report.id, '0.00'));

    // Submitted: the grantee cannot submit again until asked; the secretariat may accept or ask.
    const again = (await reports(ngo)).find((r) => r.id === report.id)!.permissions;
    expect(again.submit).toMatchObject({ allowed: false, code: 'INVALID_STATE' });
    await agrees(ngo, again.submit, SUBMIT, submission(report.id, '0.00'));
    const trustee = (await reports(board)).find((r) => r.id === report.id)!.permissions;
    await agrees(board, trustee.requestRevision, REVISE, { reportId: report.id, comments: 'Not my call' });
    theirs = (await reports(sec)).find((r) => r.id === report.id)!.permissions;
    expect(theirs.accept.allowed && theirs.requestRevision.allowed).toBe(true);
    await agrees(sec, theirs.requestRevision, REVISE, { reportId: report.id, comments: 'Add the shelter figures' });
    const revised = (await reports(ngo)).find((r) => r.id === report.id)!.permissions;
    await agrees(ngo, revised.submit, SUBMIT, submission(report.id, '0.00'));
    theirs = (await reports(sec)).find((r) => r.id === report.id)!.permissions;
    await agrees(sec, theirs.accept, ACCEPT, { reportId: report.id });
  });

  it('announces what castAmendmentVote answers: allowed, then ALREADY_VOTED; FORBIDDEN for the secretariat', async () => {
    const sec = await app.as('SECRETARIAT');
    const q = await sec.gql(`query($id: String!) { award(id: $id) { tranches { id status } } }`, { id: award.awardId });
    const scheduled = expectNoErrors(q).award.tranches.filter((t: { status: string }) => t.status === 'SCHEDULED');
    const up = expectNoErrors(
      await sec.gql(
        `mutation($input: AmendTrancheScheduleInput!) { amendTrancheSchedule(input: $input) { amendment { id } errors { code } } }`,
        {
          input: {
            awardId: award.awardId,
            reason: 'Caseload doubled',
            tranches: [{ trancheId: scheduled.at(-1).id, amount: '20000.00', plannedDate: '2027-07-01' }],
          },
        },
      ),
    ).amendTrancheSchedule;
    expect(up.errors).toEqual([]);
    const id = up.amendment.id;
    const Q = `query($id: ID!) { node(id: $id) { ... on AwardAmendment { status permissions { vote ${P} } } } }`;
    const VOTE = `mutation($input: CastAmendmentVoteInput!) { castAmendmentVote(input: $input) { amendment { status } errors { code } } }`;
    const vote = { amendmentId: id, choice: 'APPROVE', reason: 'Justified by the caseload' };
    const permOf = async (client: GqlClient) =>
      expectNoErrors(await client.gql(Q, { id })).node.permissions.vote as Perm;

    const board = await app.as('BOARD_MEMBER');
    const first = await permOf(board);
    expect(first.allowed).toBe(true);
    await agrees(board, first, VOTE, vote);
    const twice = await permOf(board);
    expect(twice).toMatchObject({ allowed: false, code: 'ALREADY_VOTED' });
    await agrees(board, twice, VOTE, vote);
    const staff = await permOf(sec);
    expect(staff).toMatchObject({ allowed: false, code: null });
    await agrees(sec, staff, VOTE, vote);
  });

  it('announces what terminateAward, amendTrancheSchedule and recordGrantRefund answer', async () => {
    const sec = await app.as('SECRETARIAT');
    const other = await makeAward(app, '20000.00');
    const Q = `query($id: String!) { award(id: $id) { status permissions {
      terminate ${P} amendSchedule ${P} recordRefund ${P} } } }`;
    const TERMINATE = `mutation($input: TerminateAwardInput!) { terminateAward(input: $input) { award { status } errors { code } } }`;
    const AMEND = `mutation($input: AmendTrancheScheduleInput!) { amendTrancheSchedule(input: $input) { award { status } errors { code } } }`;
    const REFUND = `mutation($input: RecordGrantRefundInput!) { recordGrantRefund(input: $input) { award { status } errors { code } } }`;
    const permsOf = async (client: GqlClient) =>
      expectNoErrors(await client.gql(Q, { id: other.awardId })).award.permissions as Record<string, Perm>;
    const last = other.tranches.at(-1)!;
    const amend = (plannedDate: string) => ({
      awardId: other.awardId,
      reason: 'New dates agreed with the grantee',
      tranches: [{ trancheId: last.id, amount: last.amount.amount, plannedDate }],
    });
    const refund = {
      awardId: other.awardId,
      amount: '1.00',
      currency: 'USD',
      valueDate: '2026-01-05',
      reference: 'REF-2026-0001',
    };

    // The grantee and a trustee read the award but manage nothing: FORBIDDEN.
    for (const role of ['NGO', 'BOARD_MEMBER'] as const) {
      const client = await app.as(role);
      const p = await permsOf(client);
      for (const action of ['terminate', 'amendSchedule', 'recordRefund']) {
        expect(p[action]).toMatchObject({ allowed: false, code: null });
      }
      await agrees(client, p.terminate!, TERMINATE, {
        awardId: other.awardId,
        boardDecisionReference: 'BOARD-2026-01',
        reason: 'Grantee ceased operations',
      });
      await agrees(client, p.amendSchedule!, AMEND, amend('2027-09-01'));
      await agrees(client, p.recordRefund!, REFUND, refund);
    }
    let p = await permsOf(sec);
    expect(p.terminate!.allowed && p.amendSchedule!.allowed && p.recordRefund!.allowed).toBe(true);
    await agrees(sec, p.amendSchedule!, AMEND, amend('2027-09-01'));
    await agrees(sec, p.terminate!, TERMINATE, {
      awardId: other.awardId,
      boardDecisionReference: 'BOARD-2026-02',
      reason: 'Grantee ceased operations',
    });
    // Terminated: nothing left to amend.
    p = await permsOf(sec);
    expect(p.amendSchedule).toMatchObject({ allowed: false, code: 'INVALID_STATE' });
    expect(p.terminate).toMatchObject({ allowed: false, code: 'INVALID_STATE' });
    await agrees(sec, p.amendSchedule!, AMEND, amend('2027-10-01'));
  });
});

describe('Contribution.permissions', () => {
  it('announces what refundWireContribution answers for the donor and the secretariat, before and after the refund', async () => {
    const sec = await app.as('SECRETARIAT');
    const donor = await app.as('DONOR');
    const w = expectNoErrors(
      await recordWire(sec, {
        fundId: fund,
        donorOrganizationId: await demoDonorOrgId(app),
        amount: '500.00',
        currency: 'USD',
        valueDate: '2026-01-15',
        bankReference: bankRef(),
      }),
    ).recordWireContribution;
    expect(w.errors).toEqual([]);
    const id = w.contribution.id;
    const Q = `query($id: ID!) { node(id: $id) { ... on Contribution { status permissions { refund ${P} } } } }`;
    const REFUND = `mutation($input: RefundWireContributionInput!) { refundWireContribution(input: $input) { contribution { status } errors { code } } }`;
    const permOf = async (client: GqlClient) =>
      expectNoErrors(await client.gql(Q, { id })).node.permissions.refund as Perm;
    const refund = (reference: string) => ({
      contributionId: id,
      reference,
      valueDate: '2026-02-01',
      reason: 'Donor asked',
    });

    const theirs = await permOf(donor);
    expect(theirs).toMatchObject({ allowed: false, code: null });
    await agrees(donor, theirs, REFUND, refund('RF-DONOR'));
    const first = await permOf(sec);
    expect(first.allowed).toBe(true);
    await agrees(sec, first, REFUND, refund('RF-0001'));
    const after = await permOf(sec);
    expect(after).toMatchObject({ allowed: false, code: 'INVALID_STATE' });
    await agrees(sec, after, REFUND, refund('RF-0002'));
  });
});
