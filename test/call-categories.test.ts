import { registerAndLogin } from './helpers/register';
import { expectNoErrors, startTestApp, type GqlClient, type TestApp } from './helpers/app';
import { content, draft, fundId, goodScores, mutate, ok, openCall, passAll, vote } from './helpers/grants';
import { dbId } from './helpers/money';
import { makeAward, wire } from './helpers/post-award';

/**
 * Call categories and caps (issue 18): each category's maximum award on submission, in the
 * recommendation and in the decision; first-grant categories; current grantees excluded; the
 * cost share of the project's total budget.
 */
let app: TestApp;
let fund: string;
let sec: GqlClient;
let ngo: GqlClient; // the demo NGO: it holds an ACTIVE award of the fund (beforeAll)
let fresh: GqlClient; // a verified NGO the fund never awarded

const CATEGORIES = [
  { key: 'first_grant', label: 'First grant', maxAward: '20000.00', firstGrantOnly: true },
  { key: 'small', label: 'Small grants', maxAward: '15000.00' },
  { key: 'standard', label: 'Standard', maxAward: '50000.00' },
];

const categoryCall = (extra: Record<string, unknown> = {}) =>
  openCall(sec, fund, { extra: { categories: CATEGORIES, ...extra } });

const submit = (c: GqlClient, id: string) =>
  mutate(c, 'submitApplication', 'ApplicationActionInput', { applicationId: id });
const update = (c: GqlClient, id: string, input: object) =>
  mutate(c, 'updateApplication', 'UpdateApplicationInput', { applicationId: id, ...input });

beforeAll(async () => {
  app = await startTestApp();
  fund = await fundId(app);
  sec = await app.as('SECRETARIAT');
  ngo = await app.as('NGO');
  await wire(app, '200000.00');
  await makeAward(app);
  const reg = await registerAndLogin(app, {
    kind: 'NGO',
    legalName: 'First Steps Collective',
    country: 'GH',
    email: 'first@categories.example',
    displayName: 'Fiifi First',
    password: 'Category-Caps-Kestrel-2026',
  });
  fresh = reg.client;
  const vet = expectNoErrors(
    await sec.gql(`mutation($i: VetOrganizationInput!) { vetOrganization(input: $i) { errors { code } } }`, {
      i: { organizationId: reg.orgId, status: 'VERIFIED', reason: 'Registration checked' },
    }),
  ).vetOrganization;
  expect(vet.errors).toEqual([]);
}, 180_000);
afterAll(() => app.stop());

describe('call categories: the call', () => {
  it("refuses a category cap outside the call's award range, and duplicate keys", async () => {
    const create = (categories: unknown) =>
      sec.gql(
        `mutation($i: CreateGrantCallInput!) { createGrantCall(input: $i) { grantCall { id } errors { code field } } }`,
        {
          i: {
            fundId: fund,
            title: 'Bad categories',
            minAward: '10000.00',
            maxAward: '50000.00',
            envelope: '1000000.00',
            maxDurationMonths: 12,
            opensAt: new Date(Date.now() - 86_400_000).toISOString(),
            closesAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
            categories,
          },
        },
      );
    for (const bad of [
      [{ key: 'big', label: 'Big', maxAward: '60000.00' }],
      [{ key: 'tiny', label: 'Tiny', maxAward: '5000.00' }],
      [CATEGORIES[1], CATEGORIES[1]],
    ]) {
      expect(expectNoErrors(await create(bad)).createGrantCall.errors).toEqual([
        { code: 'INVALID_VALUE', field: 'categories' },
      ]);
    }
  });

  it('lists the categories with their caps as Money', async () => {
    const callId = await categoryCall();
    const c = expectNoErrors(
      await fresh.gql(
        `query($id: String!) { grantCall(id: $id) { categories { key maxAward { amount currency } firstGrantOnly } } }`,
        {
          id: callId,
        },
      ),
    ).grantCall;
    expect(c.categories[0]).toEqual({
      key: 'first_grant',
      maxAward: { amount: '20000.00', currency: 'USD' },
      firstGrantOnly: true,
    });
  });
});

describe('call categories: submission', () => {
  it('needs a known category, and refuses an amount over its cap (OVER_CATEGORY_CAP)', async () => {
    const callId = await categoryCall();
    const id = await draft(fresh, callId, '18000.00');
    expect((await submit(fresh, id)).errors[0]).toMatchObject({ code: 'INVALID_VALUE', field: 'category' });
    await update(fresh, id, { category: 'nonsense' });
    expect((await submit(fresh, id)).errors[0]).toMatchObject({ code: 'INVALID_VALUE', field: 'category' });
    await update(fresh, id, { category: 'small' });
    const over = await submit(fresh, id);
    expect(over.errors[0]).toMatchObject({ code: 'OVER_CATEGORY_CAP', field: 'requestedAmount' });
    // The same problems, all at once, for the portal.
    const problems = expectNoErrors(
      await fresh.gql(`query($id: String!) { application(id: $id) { submissionProblems { code field } } }`, { id }),
    ).application.submissionProblems;
    expect(problems).toEqual([{ code: 'OVER_CATEGORY_CAP', field: 'requestedAmount' }]);
    await update(fresh, id, { category: 'first_grant' });
    expect((await submit(fresh, id)).application.status).toBe('SUBMITTED');
  });

  it('keeps first-grant categories for organisations the fund never awarded', async () => {
    const callId = await categoryCall();
    const id = await draft(ngo, callId, '18000.00', { category: 'first_grant' });
    const p = await submit(ngo, id);
    expect(p.errors[0]).toMatchObject({ code: 'INELIGIBLE_APPLICANT', field: 'category' });
    const perm = expectNoErrors(
      await ngo.gql(`query($id: String!) { application(id: $id) { status permissions { submit { allowed code } } } }`, {
        id,
      }),
    ).application;
    expect(perm).toEqual({
      status: 'DRAFT',
      permissions: { submit: { allowed: false, code: 'INELIGIBLE_APPLICANT' } },
    });
    // The same organisation in the standard category is fine.
    await update(ngo, id, { category: 'standard' });
    expect((await submit(ngo, id)).errors).toEqual([]);
  });

  it('refuses current grantees where the call excludes them', async () => {
    const callId = await openCall(sec, fund, { extra: { excludeCurrentGrantees: true } });
    const id = await draft(ngo, callId);
    expect((await submit(ngo, id)).errors[0]).toMatchObject({ code: 'INELIGIBLE_APPLICANT', field: 'organizationId' });
    const other = await draft(fresh, callId);
    expect((await submit(fresh, other)).errors).toEqual([]);
  });

  it("limits the request to the cost share of the project's total budget", async () => {
    const callId = await openCall(sec, fund, { extra: { costShareMaxBps: 6667 } });
    const id = await draft(fresh, callId, '30000.00');
    expect((await submit(fresh, id)).errors[0]).toMatchObject({ code: 'INVALID_VALUE', field: 'projectBudget' });
    // 30,000 of 44,990 is 66.68 %: one basis point over two thirds.
    await update(fresh, id, { projectBudget: '44990.00' });
    expect((await submit(fresh, id)).errors[0]).toMatchObject({
      code: 'COST_SHARE_EXCEEDED',
      field: 'requestedAmount',
    });
    await update(fresh, id, { projectBudget: '45000.00' });
    const ok2 = await submit(fresh, id);
    expect(ok2.errors).toEqual([]);
    const [row] = await app.sql(`select project_budget_minor from application where id = $1`, [dbId(id)]);
    expect(row!.project_budget_minor).toBe('4500000');
  });
});

describe('call categories: recommendation and decision', () => {
  let id: string;
  beforeAll(async () => {
    const callId = await categoryCall();
    id = await draft(ngo, callId, '15000.00', { ...content('15000.00'), category: 'small' });
    await ok(ngo, 'submitApplication', 'ApplicationActionInput', { applicationId: id });
    await ok(sec, 'screenApplication', 'ScreenApplicationInput', { applicationId: id, checks: passAll });
    const t1 = await app.as('BOARD_MEMBER');
    await ok(t1, 'confirmNoConflict', 'ConfirmNoConflictInput', { applicationId: id });
    await ok(t1, 'submitReview', 'SubmitReviewInput', { applicationId: id, scores: goodScores, comment: 'Good' });
  });

  it("refuses a recommendation over the category's cap", async () => {
    // Within the call's range and the request, but the request itself was at the cap: raise it by SQL.
    await app.sql(`update application set requested_minor = 1800000 where id = $1`, [dbId(id)]);
    const p = await mutate(sec, 'recommendApplication', 'RecommendApplicationInput', {
      applicationId: id,
      recommend: true,
      proposedAmount: '16000.00',
    });
    expect(p.errors[0]).toMatchObject({ code: 'OVER_CATEGORY_CAP', field: 'proposedAmount' });
    const r = await mutate(sec, 'recommendApplication', 'RecommendApplicationInput', {
      applicationId: id,
      recommend: true,
      proposedAmount: '15000.00',
    });
    expect(r.errors).toEqual([]);
  });

  it('refuses the award when the decided amount is over the cap (no award, no ledger entry)', async () => {
    // A proposed amount changed behind the API's back: the deciding vote still checks the cap.
    await app.sql(`update application set proposed_minor = 1600000 where id = $1`, [dbId(id)]);
    const before = await app.sql(`select count(*)::int as n from ledger_entry`);
    const results = [];
    for (const r of ['BOARD_MEMBER', 'TRUSTEE2', 'TRUSTEE3'] as const) results.push(await vote(await app.as(r), id));
    const refused = results.find((v) => v.errors.length);
    expect(refused?.errors[0]).toMatchObject({ code: 'OVER_CATEGORY_CAP' });
    expect(await app.sql(`select 1 from award where application_id = $1`, [dbId(id)])).toHaveLength(0);
    expect(await app.sql(`select count(*)::int as n from ledger_entry`)).toEqual(before);
  });
});
