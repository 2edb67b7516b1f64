import { expectNoErrors, startTestApp, type TestApp } from './helpers/app';
import { draft, fundId, goodScores, ok, openCall, passAll } from './helpers/grants';

/** Fund policy `secretariatMayReview`: secretariat staff score applications only where the fund allows it. */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

it('lets the secretariat review only after the fund allows it', async () => {
  const fund = await fundId(app);
  const sec = await app.as('SECRETARIAT');
  const ngo = await app.as('NGO');
  const admin = await app.as('ADMIN');
  const id = await draft(ngo, await openCall(sec, fund));
  await ok(ngo, 'submitApplication', 'ApplicationActionInput', { applicationId: id });
  await ok(sec, 'screenApplication', 'ScreenApplicationInput', { applicationId: id, checks: passAll });
  const REVIEW = `mutation($input: SubmitReviewInput!) { submitReview(input: $input) { review { weightedTotal } errors { code } } }`;
  const input = { applicationId: id, scores: goodScores, comment: 'Secretariat view' };

  const before = await sec.gql(REVIEW, { input });
  const refused = before.errors?.[0]?.extensions?.code ?? before.data?.submitReview.errors[0]?.code;
  expect(refused).toBe('FORBIDDEN');

  const policy = await admin.gql(
    `mutation($i: UpdateFundPolicyInput!) { updateFundPolicy(input: $i) { fund { secretariatMayReview } errors { code } } }`,
    { i: { fundId: fund, secretariatMayReview: true } },
  );
  expect(expectNoErrors(policy).updateFundPolicy.fund.secretariatMayReview).toBe(true);
  const confirmed = await sec.gql(
    `mutation($input: ConfirmNoConflictInput!) { confirmNoConflict(input: $input) { errors { code } } }`,
    { input: { applicationId: id } },
  );
  expect(expectNoErrors(confirmed).confirmNoConflict.errors).toEqual([]);
  const after = expectNoErrors(await sec.gql(REVIEW, { input })).submitReview;
  expect(after.errors).toEqual([]);
  expect(after.review.weightedTotal).toBe(8);
});
