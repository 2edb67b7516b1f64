import { randomUUID } from 'node:crypto';
import { registerAndLogin } from './helpers/register';
import { expectNoErrors, startTestApp, type GqlClient, type TestApp } from './helpers/app';
import { draft, fundId, goodScores, ok, openCall, passAll } from './helpers/grants';
import { dbId } from './helpers/money';

/**
 * Batch decisions (issue 18): the secretariat screens out (SUBMITTED → INELIGIBLE) or declines to
 * recommend (UNDER_REVIEW → NOT_RECOMMENDED) many applications at once, with a reason and a message
 * to each applicant; all or nothing, each its own audited transition, refusals per application.
 */
let app: TestApp;
let fund: string;
let sec: GqlClient;
let ngo: GqlClient;
let board: GqlClient;
const PASSWORD = 'Batch-Decision-Plover-2026';

const BATCH = `mutation($i: DeclineApplicationsInput!) { declineApplications(input: $i) {
  applications { id status } errors { code field message } } }`;

const decline = (c: GqlClient, applicationIds: string[], message = 'Thank you; not this time.') =>
  c.gql(BATCH, { i: { applicationIds, reason: 'Outside the call priorities', message } });

/** `n` submitted applications of distinct NGOs in one call (each NGO applies once per call). */
async function submittedMany(n: number, callId: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const reg = await registerAndLogin(app, {
      kind: 'NGO',
      legalName: `Batch NGO ${randomUUID().slice(0, 6)}`,
      country: 'GH',
      email: `batch-${randomUUID().slice(0, 8)}@ngo.example`,
      displayName: 'Batch',
      password: PASSWORD,
    });
    const vet = expectNoErrors(
      await sec.gql(`mutation($i: VetOrganizationInput!) { vetOrganization(input: $i) { errors { code } } }`, {
        i: { organizationId: reg.orgId, status: 'VERIFIED', reason: 'Checked' },
      }),
    ).vetOrganization;
    expect(vet.errors).toEqual([]);
    const id = await draft(reg.client, callId);
    await ok(reg.client, 'submitApplication', 'ApplicationActionInput', { applicationId: id });
    ids.push(id);
  }
  return ids;
}

const statuses = async (ids: string[]) =>
  (await app.sql(`select status from application where id = any($1::uuid[]) order by id`, [ids.map(dbId)])).map(
    (r) => r.status,
  );
const actionsOf = async (id: string) =>
  (await app.sql(`select action from audit_event where entity_id = $1 order by seq`, [dbId(id)])).map((r) => r.action);

beforeAll(async () => {
  app = await startTestApp();
  fund = await fundId(app);
  [sec, ngo, board] = await Promise.all([app.as('SECRETARIAT'), app.as('NGO'), app.as('BOARD_MEMBER')]);
}, 120_000);
afterAll(() => app.stop());

describe('batch decisions', () => {
  it('screens out many applications at once: each audited, each applicant told the message', async () => {
    const callId = await openCall(sec, fund, { allowPendingVetting: true });
    const ids = await submittedMany(3, callId);
    const p = expectNoErrors(await decline(sec, ids, 'Your proposal is outside the call.')).declineApplications;
    expect(p.errors).toEqual([]);
    expect(p.applications.map((a: { status: string }) => a.status)).toEqual(['INELIGIBLE', 'INELIGIBLE', 'INELIGIBLE']);
    for (const id of ids) {
      expect(await actionsOf(id)).toEqual(['application.create', 'application.submit', 'application.batch_decline']);
      const [n] = await app.sql(
        `select body from notification where entity_id = $1 and kind = 'APPLICATION_DECLINED'`,
        [dbId(id)],
      );
      expect(n!.body).toContain('Your proposal is outside the call.');
    }
    const [detail] = await app.sql(
      `select after from audit_event where entity_id = $1 and action = 'application.batch_decline'`,
      [dbId(ids[0]!)],
    );
    expect(detail!.after).toMatchObject({ status: 'INELIGIBLE', reason: 'Outside the call priorities' });
  });

  it('changes nothing when one application of the batch may not be declined, and names it', async () => {
    const callId = await openCall(sec, fund, { allowPendingVetting: true });
    const ids = await submittedMany(2, callId);
    const draftId = await draft(ngo, callId); // a draft is not the secretariat's to decide
    const eligible = (await submittedMany(1, callId))[0]!;
    await ok(sec, 'screenApplication', 'ScreenApplicationInput', { applicationId: eligible, checks: passAll });
    const p = expectNoErrors(await decline(sec, [...ids, eligible])).declineApplications;
    expect(p.applications).toBeNull();
    expect(p.errors).toEqual([expect.objectContaining({ code: 'INVALID_STATE', field: 'applicationIds.2' })]);
    expect(await statuses(ids)).toEqual(['SUBMITTED', 'SUBMITTED']);
    for (const id of ids) expect(await actionsOf(id)).not.toContain('application.batch_decline');
    // A draft in the batch: the secretariat may not even read it (FORBIDDEN), nothing changes.
    const r = await decline(sec, [ids[0]!, draftId]);
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await statuses(ids)).toEqual(['SUBMITTED', 'SUBMITTED']);
  });

  it('declines to recommend applications under review (UNDER_REVIEW → NOT_RECOMMENDED)', async () => {
    const callId = await openCall(sec, fund, { allowPendingVetting: true });
    const [id] = await submittedMany(1, callId);
    await ok(sec, 'screenApplication', 'ScreenApplicationInput', { applicationId: id, checks: passAll });
    await ok(board, 'confirmNoConflict', 'ConfirmNoConflictInput', { applicationId: id });
    await ok(board, 'submitReview', 'SubmitReviewInput', { applicationId: id, scores: goodScores, comment: 'Weak' });
    const p = expectNoErrors(await decline(sec, [id!])).declineApplications;
    expect(p.errors).toEqual([]);
    expect(p.applications[0].status).toBe('NOT_RECOMMENDED');
  });

  it('refuses other roles, and lets two racing batches decide each application once', async () => {
    const callId = await openCall(sec, fund, { allowPendingVetting: true });
    const ids = await submittedMany(3, callId);
    for (const c of [ngo, board]) expect((await decline(c, ids)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const admin = await app.as('ADMIN');
    expect((await decline(admin, ids)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const [a, b] = await Promise.all([decline(sec, ids), decline(sec, [...ids].reverse())]);
    for (const r of [a, b]) expect(expectNoErrors(r).declineApplications.errors).toEqual([]);
    for (const id of ids) {
      expect((await actionsOf(id)).filter((x) => x === 'application.batch_decline')).toHaveLength(1);
    }
    expect(await statuses(ids)).toEqual(['INELIGIBLE', 'INELIGIBLE', 'INELIGIBLE']);
  });
});
