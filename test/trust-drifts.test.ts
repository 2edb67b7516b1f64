import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { notify } from '../src/notifications/notification.service';
import { Role, RoleGrant, User } from '../src/users/user.entity';
import { expectNoErrors, startTestApp, type GqlClient, type TestApp } from './helpers/app';
import { draft, fundId, goodScores, ok, openCall, passAll, recommended, seedCash } from './helpers/grants';

let app: TestApp;
let fund: string;
let sec: GqlClient;
let ngo: GqlClient;
beforeAll(async () => {
  app = await startTestApp();
  fund = await fundId(app);
  sec = await app.as(Role.SECRETARIAT);
  ngo = await app.as(Role.NGO);
  await seedCash(app, 1_000_000_00n);
});
afterAll(() => app.stop());

describe('the seated board is one definition', () => {
  it('counts a board member of every fund in Fund.boardSize exactly as the vote tally does', async () => {
    const callId = await openCall(sec, fund);
    const id = await recommended(ngo, sec, await app.as(Role.BOARD_MEMBER), callId);
    const Q = `query($id: String!) { fund(code: "UNVTF") { boardSize } application(id: $id) { boardTally { seated } } }`;
    const before = expectNoErrors(await sec.gql(Q, { id }));
    expect(before.fund.boardSize).toBe(before.application.boardTally.seated);

    // A BOARD_MEMBER grant without a fund seats the user on every fund's board.
    const em = app.orm.em.fork();
    const user = new User(`global.trustee.${randomUUID().slice(0, 8)}@x.example`, 'Global Trustee', 'x');
    em.persist([user, new RoleGrant(user, Role.BOARD_MEMBER, null, null)]);
    await em.flush();

    const after = expectNoErrors(await sec.gql(Q, { id }));
    expect(after.application.boardTally.seated).toBe(before.application.boardTally.seated + 1);
    expect(after.fund.boardSize).toBe(after.application.boardTally.seated);
  });
});

describe("the secretariat's recommendation comment", () => {
  it('is hidden from a conflicted trustee and from the applicant, shown to staff and unconflicted trustees', async () => {
    const callId = await openCall(sec, fund);
    const reviewer = await app.as(Role.BOARD_MEMBER);
    const id = await draft(ngo, callId);
    await ok(ngo, 'submitApplication', 'ApplicationActionInput', { applicationId: id });
    await ok(sec, 'screenApplication', 'ScreenApplicationInput', { applicationId: id, checks: passAll });
    await ok(reviewer, 'confirmNoConflict', 'ConfirmNoConflictInput', { applicationId: id });
    await ok(reviewer, 'submitReview', 'SubmitReviewInput', { applicationId: id, scores: goodScores, comment: 'Good' });
    await ok(sec, 'recommendApplication', 'RecommendApplicationInput', {
      applicationId: id,
      recommend: true,
      proposedAmount: '30000.00',
      comment: 'Recommended: strong partner network.',
    });
    const Q = `query($id: String!) { application(id: $id) { recommendationComment } }`;
    const comment = async (c: GqlClient): Promise<string | null | undefined> =>
      (await c.gql<{ application: { recommendationComment: string | null } | null }>(Q, { id })).data?.application
        ?.recommendationComment;
    expect(await comment(sec)).toBe('Recommended: strong partner network.');
    expect(await comment(await app.as('TRUSTEE2'))).toBe('Recommended: strong partner network.');
    expect(await comment(await app.as(Role.AUDITOR))).toBe('Recommended: strong partner network.');

    const conflicted = await app.as('TRUSTEE5');
    await ok(conflicted, 'declareConflict', 'DeclareConflictInput', {
      applicationId: id,
      nature: 'My sister runs this project.',
    });
    expect(await comment(conflicted)).toBeNull();
    expect(await comment(ngo)).toBeNull();
  });
});

describe('markNotificationRead', () => {
  it('writes one notification.read audit event, by the recipient, and none when already read', async () => {
    const [u] = await app.sql<{ id: string }>(`select id from app_user where email = 'ngo@demo.vtf.example'`);
    await notify(app.orm.em.fork(), {
      userId: u.id,
      kind: 'REPORT_DUE_SOON',
      subject: 'A report is due',
      body: 'Soon.',
      entityType: null,
      entityId: null,
      dedupeKey: `drift-${randomUUID()}`,
    });
    const list = expectNoErrors(
      await ngo.gql(`{ notifications(first: 50, unreadOnly: true) { edges { node { id } } } }`),
    ).notifications.edges;
    const nid = list[list.length - 1].node.id as string;
    const [n] = await app.sql<{ id: string }>(`select id from notification where dedupe_key like 'drift-%'`);
    const events = () =>
      app.sql<{ actor_id: string; action: string; after: Record<string, unknown> }>(
        `select actor_id, action, after from audit_event where entity_type = 'Notification' and entity_id = $1`,
        [n.id],
      );
    const M = `mutation($id: String!) { markNotificationRead(input: { notificationId: $id }) { notification { readAt } errors { code } } }`;
    // Someone else cannot mark it, and leaves no trace.
    expect(expectNoErrors(await sec.gql(M, { id: nid })).markNotificationRead.errors[0].code).toBe('NOT_FOUND');
    expect(await events()).toHaveLength(0);

    const first = expectNoErrors(await ngo.gql(M, { id: nid })).markNotificationRead;
    expect(first.errors).toEqual([]);
    expect(await events()).toEqual([
      {
        actor_id: u.id,
        action: 'notification.read',
        after: expect.objectContaining({ readAt: first.notification.readAt }),
      },
    ]);
    expectNoErrors(await ngo.gql(M, { id: nid }));
    expect(await events()).toHaveLength(1);
  });
});

describe('the ledger has one rule for its export and its reconciliation', () => {
  it('lets a trustee of the fund run ledgerCheck as it downloads ledger.csv; a donor gets neither', async () => {
    const Q = `query($id: String!) { ledgerCheck(fundId: $id) { ok } }`;
    const csv = (c: GqlClient) =>
      fetch(`${app.baseUrl}/exports/funds/UNVTF/ledger.csv`, { headers: { authorization: `Bearer ${c.token}` } });
    const trustee = await app.as(Role.BOARD_MEMBER);
    expect((await csv(trustee)).status).toBe(200);
    expect(expectNoErrors(await trustee.gql(Q, { id: fund })).ledgerCheck.ok).toBe(true);
    const donor = await app.as(Role.DONOR);
    expect((await csv(donor)).status).toBe(403);
    expect((await donor.gql(Q, { id: fund })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
