import { registerAndLogin } from './helpers/register';
import { expectNoErrors, startTestApp, type GqlClient, type TestApp } from './helpers/app';
import { content, draft, fundId, mutate, ok, openCall, passAll, recommended } from './helpers/grants';

let app: TestApp;
let fund: string;
let sec: GqlClient;
let ngo: GqlClient;
let other: GqlClient;
let otherOrgId: string;
let ngoOrgId: string;
beforeAll(async () => {
  app = await startTestApp();
  fund = await fundId(app);
  sec = await app.as('SECRETARIAT');
  ngo = await app.as('NGO');
  // A second NGO registers itself (vetting PENDING).
  const reg = await registerAndLogin(app, {
    kind: 'NGO',
    legalName: 'Second Light Foundation',
    country: 'GH',
    email: 'second@ngo.example',
    displayName: 'Sena Second',
    password: 'Correct-Horse-Battery-Staple-42',
  });
  other = reg.client;
  expect(
    expectNoErrors(
      await other.gql('query($id: String!) { organization(id: $id) { vettingStatus } }', { id: reg.orgId }),
    ).organization.vettingStatus,
  ).toBe('PENDING');
  ngoOrgId = expectNoErrors(await ngo.gql(`{ organizations { edges { node { id } } } }`)).organizations.edges[0].node
    .id;
  otherOrgId = reg.orgId;
});
afterAll(() => app.stop());

const submit = (c: GqlClient, id: string) =>
  mutate(c, 'submitApplication', 'ApplicationActionInput', { applicationId: id });
const update = (c: GqlClient, id: string, input: object) =>
  mutate(c, 'updateApplication', 'UpdateApplicationInput', { applicationId: id, ...input });

describe('applications: submission rules', () => {
  let callId: string;
  beforeAll(async () => {
    callId = await openCall(sec, fund, { minAward: '10000', maxAward: '50000', maxDurationMonths: 24 });
  });

  it('refuses an amount outside the call limits, then a too long duration, then budget lines that do not add up', async () => {
    const other2 = await openCall(sec, fund);
    const id = await draft(ngo, other2, '60000.00');
    expect((await submit(ngo, id)).errors[0]).toMatchObject({ code: 'AMOUNT_OUT_OF_RANGE', field: 'requestedAmount' });
    await update(ngo, id, content('5000.00'));
    expect((await submit(ngo, id)).errors[0]).toMatchObject({ code: 'AMOUNT_OUT_OF_RANGE' });
    await update(ngo, id, { ...content('20000.00'), durationMonths: 36 });
    expect((await submit(ngo, id)).errors[0]).toMatchObject({ code: 'DURATION_OUT_OF_RANGE', field: 'durationMonths' });
    await update(ngo, id, {
      durationMonths: 12,
      budgetLines: [{ category: 'Shelter', description: 'Rent', amount: '19999.99' }],
    });
    const p = await submit(ngo, id);
    expect(p.errors[0]).toMatchObject({ code: 'BUDGET_MISMATCH', field: 'budgetLines' });
    const perms = expectNoErrors(
      await ngo.gql(
        `query($id: String!) { application(id: $id) { status permissions { submit { allowed reason } } } }`,
        { id },
      ),
    );
    expect(perms.application).toMatchObject({ status: 'DRAFT', permissions: { submit: { allowed: false } } });
    expect(perms.application.permissions.submit.reason).toMatch(/Budget lines add up to 19999.99/);
    await update(ngo, id, { budgetLines: [{ category: 'Shelter', description: 'Rent', amount: '20000.00' }] });
    expect((await submit(ngo, id)).application.status).toBe('SUBMITTED');
  });

  it('allows one application per organisation and call, also when drafts race', async () => {
    const race = await openCall(sec, fund);
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        mutate(ngo, 'createApplication', 'CreateApplicationInput', { callId: race, projectTitle: 'Same project' }),
      ),
    );
    expect(results.filter((r) => r.errors.length === 0)).toHaveLength(1);
    expect(results.filter((r) => r.errors[0]?.code === 'DUPLICATE_APPLICATION')).toHaveLength(5);
    const rows = await app.sql(
      `select count(*)::int n from application a join grant_call c on c.id = a.call_id where c.title = 'Direct assistance 2027' and a.project_title = 'Same project'`,
    );
    expect(rows[0]!.n).toBe(1);
  });

  it('refuses a submission from an organisation that is not vetted, unless the call allows pending vetting until screening', async () => {
    const id = await draft(other, callId);
    expect((await submit(other, id)).errors[0]).toMatchObject({ code: 'ORGANIZATION_NOT_VERIFIED' });

    const lenient = await openCall(sec, fund, { allowPendingVetting: true });
    const id2 = await draft(other, lenient);
    expect((await submit(other, id2)).application.status).toBe('SUBMITTED');
    const scr = await mutate(sec, 'screenApplication', 'ScreenApplicationInput', {
      applicationId: id2,
      checks: passAll,
    });
    expect(scr.errors[0]).toMatchObject({ code: 'ORGANIZATION_NOT_VERIFIED' });
    const vet = await sec.gql(
      `mutation($id: String!) { vetOrganization(input: { organizationId: $id, status: VERIFIED, reason: "Registry checked" }) { errors { code } } }`,
      { id: otherOrgId },
    );
    expect(expectNoErrors(vet).vetOrganization.errors).toEqual([]);
    const again = await ok(sec, 'screenApplication', 'ScreenApplicationInput', { applicationId: id2, checks: passAll });
    expect(again.application.status).toBe('ELIGIBLE');
  });

  it('freezes a submitted application; a request for information reopens it and each submission is kept as a diffable version', async () => {
    const c = await openCall(sec, fund);
    const id = await draft(ngo, c, '30000.00');
    await ok(ngo, 'submitApplication', 'ApplicationActionInput', { applicationId: id });
    expect((await update(ngo, id, { summary: 'Changed after submission' })).errors[0]).toMatchObject({
      code: 'INVALID_STATE',
    });
    const asked = await ok(sec, 'requestApplicationInfo', 'RequestApplicationInfoInput', {
      applicationId: id,
      message: 'Please detail the legal aid costs.',
    });
    expect(asked.application.status).toBe('INFO_REQUESTED');
    await ok(ngo, 'updateApplication', 'UpdateApplicationInput', {
      applicationId: id,
      summary: 'Shelter and detailed legal aid.',
      requestedAmount: '32000.00',
      budgetLines: [
        { category: 'Shelter', description: 'Rent', amount: '12000.00' },
        { category: 'Legal aid', description: 'Two lawyers, 12 months', amount: '20000.00' },
      ],
    });
    const re = await ok(ngo, 'submitApplication', 'ApplicationActionInput', { applicationId: id });
    expect(re.application).toMatchObject({ status: 'SUBMITTED', version: 2 });
    const v = expectNoErrors(
      await sec.gql(`query($id: String!) { application(id: $id) { versions { version content changes } } }`, { id }),
    ).application.versions;
    expect(v).toHaveLength(2);
    expect(v[0].changes).toBeNull();
    expect(v[0].content.requestedMinor).toBe('3000000');
    expect(v[1].changes.before).toMatchObject({ requestedMinor: '3000000' });
    expect(v[1].changes.after).toMatchObject({ requestedMinor: '3200000', summary: 'Shelter and detailed legal aid.' });
    expect(Object.keys(v[1].changes.after)).not.toContain('countries');
  });

  it('lets the NGO withdraw before a decision, and withdrawing twice changes nothing', async () => {
    const c = await openCall(sec, fund);
    const id = await draft(ngo, c);
    await ok(ngo, 'submitApplication', 'ApplicationActionInput', { applicationId: id });
    const w = await ok(ngo, 'withdrawApplication', 'ApplicationActionInput', { applicationId: id, reason: 'Merged' });
    expect(w.application.status).toBe('WITHDRAWN');
    const again = await ok(ngo, 'withdrawApplication', 'ApplicationActionInput', { applicationId: id });
    expect(again.application.status).toBe('WITHDRAWN');
    const n = await app.sql(`select count(*)::int n from audit_event where action = 'application.withdraw'`);
    expect(n[0]!.n).toBe(1);
    expect(
      (await mutate(ngo, 'submitApplication', 'ApplicationActionInput', { applicationId: id })).errors[0].code,
    ).toBe('INVALID_STATE');
  });

  it('refuses screening by anyone but the secretariat and asks for one check per rule', async () => {
    const c = await openCall(sec, fund);
    const id = await draft(ngo, c);
    await ok(ngo, 'submitApplication', 'ApplicationActionInput', { applicationId: id });
    const t = await app.as('BOARD_MEMBER');
    const r = await t.gql(
      `mutation($input: ScreenApplicationInput!) { screenApplication(input: $input) { errors { code } } }`,
      { input: { applicationId: id, checks: passAll } },
    );
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const partial = await mutate(sec, 'screenApplication', 'ScreenApplicationInput', {
      applicationId: id,
      checks: passAll.slice(0, 1),
    });
    expect(partial.errors[0]).toMatchObject({ code: 'INVALID_VALUE', field: 'checks' });
    const failed = await ok(sec, 'screenApplication', 'ScreenApplicationInput', {
      applicationId: id,
      checks: [passAll[0], { ruleKey: 'direct_assistance', passed: false, comment: 'Advocacy only' }],
    });
    expect(failed.application.status).toBe('INELIGIBLE');
    const checks = expectNoErrors(
      await ngo.gql(
        `query($id: String!) { application(id: $id) { failedRules eligibilityChecks { ruleKey passed comment } } }`,
        {
          id,
        },
      ),
    );
    expect(checks.application.failedRules).toEqual(['direct_assistance']);
    expect(checks.application.eligibilityChecks).toContainEqual({
      ruleKey: 'direct_assistance',
      passed: false,
      comment: 'Advocacy only',
    });
  });
});

describe('applications: confidentiality', () => {
  it("denies another organisation's draft, its listing and its changes", async () => {
    const c = await openCall(sec, fund);
    const id = await draft(ngo, c);
    const read = await other.gql(`query($id: String!) { application(id: $id) { id } }`, { id });
    expect(read.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const node = await other.gql(`query($id: ID!) { node(id: $id) { id } }`, { id });
    expect(node.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const list = expectNoErrors(await other.gql(`{ applications(first: 100) { edges { node { id } } } }`));
    expect(list.applications.edges.map((e: any) => e.node.id)).not.toContain(id);
    const viaCall = expectNoErrors(
      await other.gql(`query($id: String!) { grantCall(id: $id) { applications { id } } }`, { id: c }),
    );
    expect(viaCall.grantCall.applications).toEqual([]);
    const edit = await other.gql(
      `mutation($input: UpdateApplicationInput!) { updateApplication(input: $input) { errors { code } } }`,
      { input: { applicationId: id, summary: 'hijack' } },
    );
    expect(edit.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // The secretariat does not see drafts either; the owner does.
    const s = await sec.gql(`query($id: String!) { application(id: $id) { id } }`, { id });
    expect(s.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const foreign = await other.gql(
      `mutation($input: CreateApplicationInput!) { createApplication(input: $input) { errors { code } } }`,
      { input: { callId: c, organizationId: ngoOrgId, projectTitle: 'On behalf of someone else' } },
    );
    expect(foreign.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const own = expectNoErrors(
      await ngo.gql(`{ applications(first: 100, filter: { status: DRAFT }) { edges { node { id } } } }`),
    );
    expect(own.applications.edges.map((e: any) => e.node.id)).toContain(id);
  });

  it('never shows reviews, scores or votes to the applicant', async () => {
    const c = await openCall(sec, fund);
    const t1 = await app.as('BOARD_MEMBER');
    const id = await recommended(ngo, sec, t1, c);
    const r = await ngo.gql(
      `query($id: String!) { application(id: $id) { status reviews { weightedTotal comment } votes { choice } permissions { readReviews { allowed reason } } } }`,
      { id },
    );
    expect(r.data?.application.status).toBe('RECOMMENDED');
    expect(r.data?.application.reviews).toBeNull();
    expect(r.data?.application.votes).toBeNull();
    expect(r.data?.application.permissions.readReviews.allowed).toBe(false);
    expect(r.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    const stranger = await other.gql(`query($id: String!) { application(id: $id) { reviews { comment } } }`, { id });
    expect(stranger.data?.application).toBeNull();
    expect(stranger.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const reviewId = expectNoErrors(
      await sec.gql(`query($id: String!) { application(id: $id) { reviews { id } } }`, { id }),
    ).application.reviews[0].id;
    const node = await ngo.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: reviewId });
    expect(node.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const sc = expectNoErrors(
      await sec.gql(`query($id: String!) { application(id: $id) { reviews { weightedTotal } } }`, { id }),
    );
    expect(sc.application.reviews).toEqual([{ weightedTotal: 8 }]);
  });
});
