import { DEMO, gql, login } from './api';

/**
 * What happens around the staff journeys through the public API: the demo NGO applies (its own
 * journey is e2e/ngo.spec.ts), a second trustee scores and votes.
 */

const today = () => new Date().toISOString().slice(0, 10);

/** The demo NGO's application to the call, submitted, starting today (so its first tranche is due now). */
export async function submittedApplication(callId: string, projectTitle: string): Promise<string> {
  const ngo = await login(DEMO.ngo);
  const created = await gql<{ createApplication: { application: { id: string } } }>(
    ngo,
    `mutation($input: CreateApplicationInput!) { createApplication(input: $input) {
       application { id } errors { code message field } } }`,
    {
      input: {
        callId,
        projectTitle,
        summary: 'Shelter, medical care and legal aid for 120 survivors in Lagos and Accra.',
        requestedAmount: '30000.00',
        durationMonths: 12,
        startDate: today(),
        budgetLines: [
          { category: 'Shelter', description: 'Rent and running costs', amount: '20000.00' },
          { category: 'Legal aid', description: 'Lawyers', amount: '10000.00' },
        ],
        targetBeneficiaries: [{ sex: 'FEMALE', ageGroup: 'ADULT', exploitation: 'SEXUAL_EXPLOITATION', count: 120 }],
        countries: ['NG', 'GH'],
      },
    },
  );
  const id = created.createApplication.application.id;
  await gql(
    ngo,
    `mutation($input: ApplicationActionInput!) { submitApplication(input: $input) { errors { code message field } } }`,
    { input: { applicationId: id } },
  );
  return id;
}

/** A trustee (1-based) confirms no conflict and scores the application. */
export async function trusteeReviews(n: number, applicationId: string): Promise<void> {
  const token = await login(DEMO.trustees[n - 1]!);
  await gql(
    token,
    `mutation($input: ConfirmNoConflictInput!) { confirmNoConflict(input: $input) { errors { code message field } } }`,
    { input: { applicationId } },
  );
  await gql(
    token,
    `mutation($input: SubmitReviewInput!) { submitReview(input: $input) { errors { code message field } } }`,
    {
      input: {
        applicationId,
        comment: 'Clear plan, realistic budget.',
        scores: [
          { criterion: 'relevance', score: 9 },
          { criterion: 'capacity', score: 6 },
        ],
      },
    },
  );
}

/** A trustee (1-based) approves. */
export async function trusteeApproves(n: number, applicationId: string): Promise<void> {
  const token = await login(DEMO.trustees[n - 1]!);
  await gql(
    token,
    `mutation($input: CastBoardVoteInput!) { castBoardVote(input: $input) { errors { code message field } } }`,
    { input: { applicationId, choice: 'APPROVE', reason: 'Meets the fund’s priorities.' } },
  );
}
