import 'reflect-metadata';
import { DEMO_USERS } from '../src/seed/demo';
import { registerAndLogin } from './helpers/register';
import { expectNoErrors, startTestApp, type GqlClient, type TestApp } from './helpers/app';
import {
  draft,
  fundId,
  goodScores,
  mutate,
  ok,
  openCall,
  passAll,
  recommended,
  seedCash,
  vote,
} from './helpers/grants';

let app: TestApp;
let fund: string;
let sec: GqlClient;
let ngo: GqlClient;
let t: GqlClient[];
let ngoOrgId: string;
beforeAll(async () => {
  app = await startTestApp();
  fund = await fundId(app);
  sec = await app.as('SECRETARIAT');
  ngo = await app.as('NGO');
  t = await Promise.all(
    (['BOARD_MEMBER', 'TRUSTEE2', 'TRUSTEE3', 'TRUSTEE4', 'TRUSTEE5'] as const).map((r) => app.as(r)),
  );
  ngoOrgId = expectNoErrors(await ngo.gql(`{ organizations { edges { node { id } } } }`)).organizations.edges[0].node
    .id;
  await seedCash(app, 1_000_000_00n);
});
afterAll(() => app.stop());

const review = (c: GqlClient, applicationId: string, scores = goodScores) =>
  mutate(c, 'submitReview', 'SubmitReviewInput', { applicationId, scores, comment: 'Solid plan' });

async function eligible(callId?: string): Promise<string> {
  const id = await draft(ngo, callId ?? (await openCall(sec, fund)));
  await ok(ngo, 'submitApplication', 'ApplicationActionInput', { applicationId: id });
  await ok(sec, 'screenApplication', 'ScreenApplicationInput', { applicationId: id, checks: passAll });
  return id;
}

const statusOf = async (id: string) =>
  expectNoErrors(await sec.gql(`query($id: String!) { application(id: $id) { status } }`, { id })).application.status;

describe('conflicts of interest and reviews', () => {
  it('requires a confirmation of no conflict before scoring, and validates the scores against the rubric', async () => {
    const id = await eligible();
    expect((await review(t[0]!, id)).errors[0]).toMatchObject({ code: 'NO_CONFLICT_CONFIRMATION' });
    await ok(t[0]!, 'confirmNoConflict', 'ConfirmNoConflictInput', { applicationId: id });
    const missing = await review(t[0]!, id, goodScores.slice(1));
    expect(missing.errors[0]).toMatchObject({ code: 'INVALID_VALUE', field: 'scores' });
    const tooHigh = await t[0]!.gql(
      `mutation($input: SubmitReviewInput!) { submitReview(input: $input) { errors { code } } }`,
      { input: { applicationId: id, scores: goodScores.map((s) => ({ ...s, score: 11 })), comment: 'x' } },
    );
    expect(tooHigh.errors?.[0]?.message).toMatch(/^Invalid input: scores\.0\.score must not be greater than 10/);
    const first = await review(t[0]!, id, [
      { criterion: 'relevance', score: 10 },
      { criterion: 'capacity', score: 6 },
      { criterion: 'budget', score: 4 },
    ]);
    expect(first.review.weightedTotal).toBe(7.1); // 10×0.40 + 6×0.35 + 4×0.25
    const edited = await review(t[0]!, id);
    expect(edited.review).toMatchObject({ id: first.review.id, weightedTotal: 8 });
  });

  it('treats membership in the applicant organisation as a conflict', async () => {
    // Membership comes with a live organisation role (issue 11): grant trustee 4 an NGO role in the applicant.
    const admin = await app.as('ADMIN');
    const trustee4 = expectNoErrors(await t[3]!.gql(`{ me { id } }`)).me.id;
    const granted = expectNoErrors(
      await admin.gql(`mutation($input: GrantRoleInput!) { grantRole(input: $input) { errors { code message } } }`, {
        input: { userId: trustee4, role: 'NGO', organizationId: ngoOrgId },
      }),
    );
    expect(granted.grantRole.errors).toEqual([]);
    try {
      const id = await eligible();
      const p = await mutate(t[3]!, 'confirmNoConflict', 'ConfirmNoConflictInput', { applicationId: id });
      expect(p.errors[0]).toMatchObject({ code: 'CONFLICT_OF_INTEREST' });
    } finally {
      const [grant] = await app.sql(
        `select g.id from role_grant g join app_user u on u.id = g.user_id where u.email = $1 and g.role = 'NGO'`,
        [DEMO_USERS.filter((u) => u.role === 'BOARD_MEMBER')[3]!.email],
      );
      await app.sql(`delete from role_grant where id = $1`, [grant!.id]);
      await app.sql(`delete from membership where user_id = (select id from app_user where email = $1)`, [
        DEMO_USERS.filter((u) => u.role === 'BOARD_MEMBER')[3]!.email,
      ]);
    }
  });

  it('freezes reviews at the recommendation and checks the proposed amount', async () => {
    const id = await eligible();
    await ok(t[0]!, 'confirmNoConflict', 'ConfirmNoConflictInput', { applicationId: id });
    await ok(t[0]!, 'submitReview', 'SubmitReviewInput', { applicationId: id, scores: goodScores, comment: 'ok' });
    const tooMuch = await mutate(sec, 'recommendApplication', 'RecommendApplicationInput', {
      applicationId: id,
      recommend: true,
      proposedAmount: '31000.00',
    });
    expect(tooMuch.errors[0]).toMatchObject({ code: 'AMOUNT_OUT_OF_RANGE', field: 'proposedAmount' });
    const below = await mutate(sec, 'recommendApplication', 'RecommendApplicationInput', {
      applicationId: id,
      recommend: true,
      proposedAmount: '9000.00',
    });
    expect(below.errors[0]).toMatchObject({ code: 'AMOUNT_OUT_OF_RANGE' });
    await ok(sec, 'recommendApplication', 'RecommendApplicationInput', {
      applicationId: id,
      recommend: true,
      proposedAmount: '25000.00',
    });
    expect((await review(t[0]!, id)).errors[0]).toMatchObject({ code: 'INVALID_STATE' });
  });
});

describe('board votes', () => {
  it('refuses votes from anyone but a board member of the fund', async () => {
    const id = await recommended(ngo, sec, t[0]!, await openCall(sec, fund));
    for (const c of [ngo, sec, await app.as('AUDITOR')]) {
      const r = await c.gql(
        `mutation($input: CastBoardVoteInput!) { castBoardVote(input: $input) { errors { code } } }`,
        { input: { applicationId: id, choice: 'APPROVE', reason: 'x' } },
      );
      expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });

  it('refuses a second vote by the same member', async () => {
    const id = await recommended(ngo, sec, t[0]!, await openCall(sec, fund));
    expect((await vote(t[0]!, id)).errors).toEqual([]);
    expect((await vote(t[0]!, id, 'REJECT')).errors[0]).toMatchObject({ code: 'ALREADY_VOTED' });
    const votes = await app.sql(
      `select count(*)::int n from board_vote bv join application a on a.id = bv.application_id`,
    );
    expect(votes[0]!.n).toBeGreaterThanOrEqual(1);
  });

  it('keeps votes unchanged after the decision', async () => {
    const id = await recommended(ngo, sec, t[0]!, await openCall(sec, fund));
    for (const m of t.slice(0, 3)) expect((await vote(m, id)).errors).toEqual([]);
    expect(await statusOf(id)).toBe('AWARDED');
    expect((await vote(t[3]!, id, 'REJECT')).errors[0]).toMatchObject({ code: 'DECISION_FINAL' });
    expect(
      (await mutate(ngo, 'withdrawApplication', 'ApplicationActionInput', { applicationId: id })).errors[0].code,
    ).toBe('DECISION_FINAL');
  });

  it('rejects as soon as approval can no longer be reached', async () => {
    const id = await recommended(ngo, sec, t[0]!, await openCall(sec, fund));
    await vote(t[0]!, id, 'REJECT');
    await vote(t[1]!, id, 'REJECT');
    expect(await statusOf(id)).toBe('RECOMMENDED');
    const last = await vote(t[2]!, id, 'ABSTAIN');
    expect(last.application.status).toBe('REJECTED');
    expect(
      await app.sql(
        `select 1 from award where application_id = (select id from application where status = 'REJECTED' limit 1)`,
      ),
    ).toEqual([]);
  });

  it('does not let the secretariat member who recommended vote, even when seated on the board', async () => {
    const admin = await app.as('ADMIN');
    const secUser = expectNoErrors(await sec.gql(`{ me { id } }`)).me.id;
    const g = await admin.gql(
      `mutation($input: GrantRoleInput!) { grantRole(input: $input) { errors { code message } } }`,
      { input: { userId: secUser, role: 'BOARD_MEMBER', fundId: fund } },
    );
    expect(expectNoErrors(g).grantRole.errors).toEqual([]);
    const id = await recommended(ngo, sec, t[0]!, await openCall(sec, fund));
    const p = await vote(sec, id);
    expect(p.errors[0]).toMatchObject({ code: 'SEPARATION_OF_DUTIES' });
    const perm = expectNoErrors(
      await sec.gql(`query($id: String!) { application(id: $id) { permissions { vote { allowed reason } } } }`, { id }),
    );
    expect(perm.application.permissions.vote.allowed).toBe(false);
    const grantId = await app.sql(
      `select id from role_grant where user_id = (select id from app_user where email = 'secretariat@demo.vtf.example') and role = 'BOARD_MEMBER'`,
    );
    await app.sql(`delete from role_grant where id = $1`, [grantId[0]!.id]);
  });

  it("refuses the deciding vote when the award would exceed the call's remaining envelope; the vote is not recorded", async () => {
    const callId = await openCall(sec, fund, { maxAward: '30000', envelope: '50000' });
    const a = await recommended(ngo, sec, t[0]!, callId, '30000.00');
    for (const m of t.slice(0, 3)) await vote(m, a);
    expect(await statusOf(a)).toBe('AWARDED');
    // A second organisation in the same call.
    const reg = await registerAndLogin(app, {
      kind: 'NGO',
      legalName: 'Envelope Test NGO',
      country: 'NG',
      email: 'envelope@ngo.example',
      displayName: 'Eve',
      password: 'Correct-Horse-Battery-Staple-42',
    });
    const vet = await sec.gql(
      `mutation($id: String!) { vetOrganization(input: { organizationId: $id, status: VERIFIED, reason: "Registry checked" }) { errors { code } } }`,
      { id: reg.orgId },
    );
    expect(expectNoErrors(vet).vetOrganization.errors).toEqual([]);
    const b = await recommended(reg.client, sec, t[0]!, callId, '30000.00');
    await vote(t[0]!, b);
    await vote(t[1]!, b);
    const deciding = await vote(t[2]!, b);
    expect(deciding.errors[0]).toMatchObject({ code: 'OVER_ENVELOPE' });
    expect(await statusOf(b)).toBe('RECOMMENDED');
    const n = await app.sql(
      `select count(*)::int n from board_vote where application_id = (select id from application where organization_id = (select id from organization where legal_name = 'Envelope Test NGO'))`,
    );
    expect(n[0]!.n).toBe(2);
    const rem = expectNoErrors(
      await sec.gql(`query($id: String!) { grantCall(id: $id) { remainingEnvelope { amount } } }`, { id: callId }),
    );
    expect(rem.grantCall.remainingEnvelope.amount).toBe('20000.00');
  });

  it('needs every non-conflicted member above the unanimity threshold', async () => {
    const admin = await app.as('ADMIN');
    const set = (v: string) =>
      admin.gql(`mutation($input: UpdateFundPolicyInput!) { updateFundPolicy(input: $input) { errors { code } } }`, {
        input: { fundId: fund, unanimityThreshold: v },
      });
    await set('25000');
    const id = await recommended(ngo, sec, t[0]!, await openCall(sec, fund), '30000.00');
    for (const m of t.slice(0, 4)) expect((await vote(m, id)).application.status).toBe('RECOMMENDED');
    expect((await vote(t[4]!, id)).application.status).toBe('AWARDED');
    await set('');
  });
});

describe('overdue reports', () => {
  it('refuses a new submission and the award to an organisation with an overdue report of the same fund', async () => {
    const first = await recommended(ngo, sec, t[0]!, await openCall(sec, fund));
    const second = await recommended(ngo, sec, t[0]!, await openCall(sec, fund));
    for (const m of t.slice(0, 3)) await vote(m, first);
    expect(await statusOf(first)).toBe('AWARDED');
    // Every report of the first award is past due two years on; tokens are re-issued at that time.
    app.clock.advance(2 * 365 * 86_400_000);
    try {
      const login = (role: string) => {
        const u = DEMO_USERS.filter((d) => d.role === role);
        return Promise.all(u.map((x) => app.login(x.email, x.password)));
      };
      const [ngo2] = await login('NGO');
      const [sec2] = await login('SECRETARIAT');
      const board = await login('BOARD_MEMBER');
      await vote(board[0]!, second);
      await vote(board[1]!, second);
      const deciding = await vote(board[2]!, second);
      expect(deciding.errors[0]).toMatchObject({ code: 'OVERDUE_REPORT' });
      const callId = await openCall(sec2!, fund, {
        opensAt: new Date(Date.now() + 700 * 86_400_000).toISOString(),
        closesAt: new Date(Date.now() + 800 * 86_400_000).toISOString(),
      });
      const id = await draft(ngo2!, callId);
      expect(
        (await mutate(ngo2!, 'submitApplication', 'ApplicationActionInput', { applicationId: id })).errors[0],
      ).toMatchObject({
        code: 'OVERDUE_REPORT',
      });
    } finally {
      app.clock.reset();
    }
  });
});

// Last: an organisation-wide conflict of one trustee changes the board arithmetic for the rest of the file.
describe('declared conflicts', () => {
  it('blocks a member with a declared conflict from scoring, voting and reading reviews of that application', async () => {
    const callId = await openCall(sec, fund);
    const id = await recommended(ngo, sec, t[0]!, callId);
    const d = await ok(t[4]!, 'declareConflict', 'DeclareConflictInput', {
      organizationId: ngoOrgId,
      fundId: fund,
      nature: 'I sit on the board of Safe Harbour Network.',
    });
    expect(d.conflictDeclaration.hasConflict).toBe(true);
    expect((await vote(t[4]!, id)).errors[0]).toMatchObject({ code: 'CONFLICT_OF_INTEREST' });
    const r = await t[4]!.gql(
      `query($id: String!) { application(id: $id) { projectTitle reviews { comment } permissions { vote { allowed reason } readReviews { allowed } } } }`,
      { id },
    );
    expect(r.data?.application.projectTitle).toBe('Safe Harbour shelters');
    expect(r.data?.application.reviews).toBeNull();
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(r.data?.application.permissions.vote).toEqual({
      allowed: false,
      reason: 'You have a conflict of interest with this application.',
    });
    // The conflict covers every application of the organisation, before scoring too.
    const other = await eligible();
    expect((await review(t[4]!, other)).errors[0]).toMatchObject({ code: 'CONFLICT_OF_INTEREST' });
    expect(
      (await mutate(t[4]!, 'confirmNoConflict', 'ConfirmNoConflictInput', { applicationId: other })).errors[0].code,
    ).toBe('CONFLICT_OF_INTEREST');
    // Non-conflicted members still read the reviews.
    const ok2 = expectNoErrors(
      await t[1]!.gql(`query($id: String!) { application(id: $id) { reviews { comment } } }`, { id }),
    );
    expect(ok2.application.reviews).toHaveLength(1);
  });
});
