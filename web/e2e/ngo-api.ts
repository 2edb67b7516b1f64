import { DEMO, fundId, gql, login } from './api';

/**
 * The other actors of the NGO journey, through the public API: the secretariat vets, screens,
 * asks for information, recommends, pays and accepts reports; trustees review and vote.
 */

const today = () => new Date().toISOString().slice(0, 10);

export async function organizationOf(user: { email: string; password: string }): Promise<string> {
  const token = await login(user);
  const r = await gql<{ me: { organizations: { id: string }[] } }>(token, '{ me { organizations { id } } }');
  const id = r.me.organizations[0]?.id;
  if (!id) throw new Error(`${user.email} belongs to no organisation`);
  return id;
}

export async function vet(organizationId: string): Promise<void> {
  const sec = await login(DEMO.secretariat);
  await gql(
    sec,
    `mutation($input: VetOrganizationInput!) { vetOrganization(input: $input) { errors { code message field } } }`,
    { input: { organizationId, status: 'VERIFIED', reason: 'Registration and references checked.' } },
  );
}

export async function requestInfo(applicationId: string, message: string): Promise<void> {
  const sec = await login(DEMO.secretariat);
  await gql(
    sec,
    `mutation($input: RequestApplicationInfoInput!) { requestApplicationInfo(input: $input) { errors { code message field } } }`,
    { input: { applicationId, message } },
  );
}

/** Screened eligible, reviewed by a trustee, recommended to the board at `amount`. */
export async function recommend(applicationId: string, amount: string): Promise<void> {
  const sec = await login(DEMO.secretariat);
  await gql(
    sec,
    `mutation($input: ScreenApplicationInput!) { screenApplication(input: $input) { errors { code message field } } }`,
    { input: { applicationId, checks: [{ ruleKey: 'registered_ngo', passed: true, comment: 'Registered' }] } },
  );
  const reviewer = await login(DEMO.trustees[0]!);
  await gql(
    reviewer,
    `mutation($input: ConfirmNoConflictInput!) { confirmNoConflict(input: $input) { errors { code message field } } }`,
    { input: { applicationId } },
  );
  await gql(
    reviewer,
    `mutation($input: SubmitReviewInput!) { submitReview(input: $input) { errors { code message field } } }`,
    {
      input: {
        applicationId,
        comment: 'Strong, well-budgeted project.',
        scores: [
          { criterion: 'relevance', score: 8 },
          { criterion: 'capacity', score: 7 },
        ],
      },
    },
  );
  await gql(
    sec,
    `mutation($input: RecommendApplicationInput!) { recommendApplication(input: $input) { errors { code message field } } }`,
    { input: { applicationId, recommend: true, proposedAmount: amount } },
  );
}

/** Money in the fund (a wire from the demo donor), so that the board's approval can make the award. */
export async function fundCash(amount: string): Promise<void> {
  const sec = await login(DEMO.secretariat);
  const donor = await organizationOf(DEMO.donor);
  await gql(
    sec,
    `mutation($input: RecordWireContributionInput!) { recordWireContribution(input: $input) { errors { code message field } } }`,
    {
      input: {
        fundId: await fundId(),
        donorOrganizationId: donor,
        amount,
        currency: 'USD',
        valueDate: today(),
        bankReference: `E2E-${Date.now().toString(36)}`,
      },
    },
  );
}

/** Trustees approve until the board's decision is made; returns the award's id. */
export async function boardApproves(applicationId: string): Promise<string> {
  for (const trustee of DEMO.trustees) {
    const token = await login(trustee);
    const r = await gql<{ castBoardVote: { application: { status: string; award: { id: string } | null } } }>(
      token,
      `mutation($input: CastBoardVoteInput!) { castBoardVote(input: $input) {
         application { status award { id } } errors { code message field } } }`,
      { input: { applicationId, choice: 'APPROVE', reason: 'Merits funding.' } },
    );
    const award = r.castBoardVote.application.award;
    if (r.castBoardVote.application.status === 'AWARDED' && award) return award.id;
  }
  throw new Error('the board did not award the application');
}

interface AwardState {
  tranches: { id: string; number: number; status: string }[];
  reports: { id: string; kind: string; status: string }[];
}

export async function awardState(awardId: string): Promise<AwardState> {
  const sec = await login(DEMO.secretariat);
  const r = await gql<{ award: AwardState }>(
    sec,
    `query($id: String!) { award(id: $id) { tranches { id number status } reports { id kind status } } }`,
    { id: awardId },
  );
  return r.award;
}

/**
 * A tranche requested by the secretariat, approved by the administrator and paid by a second
 * secretariat member (four eyes, and the requester never records the payment).
 */
export async function payTranche(trancheId: string): Promise<void> {
  const admin = await login(DEMO.admin);
  const fund = await fundId();
  await gql(
    admin,
    `mutation($input: UpdateFundPolicyInput!) { updateFundPolicy(input: $input) { errors { code message field } } }`,
    { input: { fundId: fund, trancheApproverRoles: ['SECRETARIAT', 'ADMIN'] } },
  );
  const payer = {
    email: `payer-${Date.now().toString(36)}@demo.vtf.example`,
    password: 'Second-Secretariat-Kite-2026',
  };
  const created = await gql<{ createUser: { user: { id: string } } }>(
    admin,
    `mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } errors { code message field } } }`,
    { input: { displayName: 'Sami Second', ...payer } },
  );
  await gql(admin, `mutation($input: GrantRoleInput!) { grantRole(input: $input) { errors { code message field } } }`, {
    input: { userId: created.createUser.user.id, role: 'SECRETARIAT', fundId: fund },
  });
  await requestTranche(trancheId);
  await gql(
    admin,
    `mutation($input: TrancheActionInput!) { approveTranche(input: $input) { errors { code message field } } }`,
    { input: { trancheId } },
  );
  await gql(
    await login(payer),
    `mutation($input: RecordTranchePaymentInput!) { recordTranchePayment(input: $input) { errors { code message field } } }`,
    { input: { trancheId, reference: `PAY-${Date.now().toString(36)}`, valueDate: today() } },
  );
}

export async function requestTranche(trancheId: string): Promise<void> {
  const sec = await login(DEMO.secretariat);
  await gql(
    sec,
    `mutation($input: TrancheActionInput!) { requestTranche(input: $input) { errors { code message field } } }`,
    { input: { trancheId } },
  );
}

export async function requestRevision(reportId: string, comments: string): Promise<void> {
  const sec = await login(DEMO.secretariat);
  await gql(
    sec,
    `mutation($input: RequestReportRevisionInput!) { requestReportRevision(input: $input) { errors { code message field } } }`,
    { input: { reportId, comments } },
  );
}

export async function acceptReport(reportId: string): Promise<void> {
  const sec = await login(DEMO.secretariat);
  await gql(
    sec,
    `mutation($input: AcceptReportInput!) { acceptReport(input: $input) { errors { code message field } } }`,
    { input: { reportId, comment: 'Thank you: complete and consistent.' } },
  );
}
