import { expectNoErrors, startTestApp, type GqlClient, type TestApp } from './helpers/app';
import { registerAndLogin } from './helpers/register';
import { content, draft, fundId, mutate, ok, openCall } from './helpers/grants';

let app: TestApp;
let fund: string;
let sec: GqlClient;
let ngo: GqlClient;
let other: GqlClient;
beforeAll(async () => {
  app = await startTestApp();
  fund = await fundId(app);
  sec = await app.as('SECRETARIAT');
  ngo = await app.as('NGO');
  other = (
    await registerAndLogin(app, {
      kind: 'NGO',
      legalName: 'Other Light Foundation',
      country: 'GH',
      email: 'other-problems@ngo.example',
      displayName: 'Olu Other',
      password: 'Correct-Horse-Battery-Staple-42',
    })
  ).client;
});
afterAll(() => app.stop());

const PROBLEMS = `query($id: String!) { application(id: $id) { status submissionProblems { field code message } } }`;
const problems = async (c: GqlClient, id: string) =>
  expectNoErrors(await c.gql(PROBLEMS, { id })).application as {
    status: string;
    submissionProblems: { field: string | null; code: string; message: string }[];
  };

describe('Application.submissionProblems: every rule a submission would fail, beside its field', () => {
  it('lists every failed content rule at once, in the order submitApplication checks them, and the mutation refuses the first', async () => {
    const callId = await openCall(sec, fund, { maxDurationMonths: 24, eligibleCountries: ['NG', 'GH'] });
    const id = await draft(ngo, callId, '60000.00', {
      summary: '   ',
      durationMonths: 36,
      budgetLines: [{ category: 'Shelter', description: 'Rent', amount: '100.00' }],
      countries: ['NG', 'FR'],
    });
    const p = await problems(ngo, id);
    expect(p.submissionProblems.map((e) => [e.field, e.code])).toEqual([
      ['summary', 'INVALID_VALUE'],
      ['requestedAmount', 'AMOUNT_OUT_OF_RANGE'],
      ['durationMonths', 'DURATION_OUT_OF_RANGE'],
      ['budgetLines', 'BUDGET_MISMATCH'],
      ['countries', 'INVALID_VALUE'],
    ]);
    expect(p.submissionProblems[3]!.message).toBe('Budget lines add up to 100.00, not the requested 60000.00.');
    const refused = await mutate(ngo, 'submitApplication', 'ApplicationActionInput', { applicationId: id });
    expect(refused.errors).toEqual([p.submissionProblems[0]]);
    expect(refused.application).toBeNull();
  });

  it('is empty once the draft meets every rule, and submitting then succeeds', async () => {
    const callId = await openCall(sec, fund);
    const id = await draft(ngo, callId, '30000.00');
    await ok(ngo, 'updateApplication', 'UpdateApplicationInput', { applicationId: id, durationMonths: 30 });
    expect((await problems(ngo, id)).submissionProblems.map((e) => e.field)).toEqual(['durationMonths']);
    await ok(ngo, 'updateApplication', 'UpdateApplicationInput', { applicationId: id, ...content('30000.00') });
    expect((await problems(ngo, id)).submissionProblems).toEqual([]);
    const sub = await ok(ngo, 'submitApplication', 'ApplicationActionInput', { applicationId: id });
    expect(sub.application.status).toBe('SUBMITTED');
    // Submitted: nothing left to fix, and nothing to edit.
    expect(await problems(ngo, id)).toEqual({ status: 'SUBMITTED', submissionProblems: [] });
  });

  it('names the vetting refusal when the call admits only verified organisations', async () => {
    const callId = await openCall(sec, fund, { allowPendingVetting: false });
    const created = await mutate(other, 'createApplication', 'CreateApplicationInput', {
      callId,
      projectTitle: 'Pending NGO project',
      ...content('30000.00'),
    });
    expect(created.errors).toEqual([]);
    const id = created.application.id as string;
    expect((await problems(other, id)).submissionProblems.map((e) => [e.field, e.code])).toEqual([
      ['organizationId', 'ORGANIZATION_NOT_VERIFIED'],
    ]);
    const refused = await mutate(other, 'submitApplication', 'ApplicationActionInput', { applicationId: id });
    expect(refused.errors[0]).toMatchObject({ code: 'ORGANIZATION_NOT_VERIFIED', field: 'organizationId' });
  });

  it('shows nothing to the secretariat or to another organisation (no leak of the draft’s problems)', async () => {
    const callId = await openCall(sec, fund);
    const id = await draft(ngo, callId, '60000.00');
    const secView = await sec.gql(PROBLEMS, { id });
    // Fund staff do not read drafts at all; the other NGO neither.
    expect(secView.errors?.[0]?.extensions?.code ?? 'none').toBe('FORBIDDEN');
    const otherView = await other.gql(PROBLEMS, { id });
    expect(otherView.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
