import { countStatements, expectNoErrors, startTestApp, type GqlClient, type TestApp } from './helpers/app';
import { makeAward, reportOp, submission, wire } from './helpers/post-award';

let app: TestApp;
let sec: GqlClient;
beforeAll(async () => {
  app = await startTestApp();
  sec = await app.as('SECRETARIAT');
  const ngo = await app.as('NGO');
  await wire(app, '500000.00');
  // Four awards with submitted reports and a pending amendment each.
  for (let i = 0; i < 4; i++) {
    const a = await makeAward(app);
    expect((await reportOp(ngo, 'submitReport', submission(a.tranches[1]!.condition!.id, '0.00'))).errors).toEqual([]);
    const r = await sec.gql(
      `mutation($input: AmendTrancheScheduleInput!) { amendTrancheSchedule(input: $input) { errors { code } } }`,
      {
        input: {
          awardId: a.awardId,
          reason: 'More',
          tranches: [{ trancheId: a.tranches[1]!.id, amount: '12000.00', plannedDate: '2027-07-01' }],
        },
      },
    );
    expect(expectNoErrors(r).amendTrancheSchedule.errors).toEqual([]);
  }
});
afterAll(() => app.stop());

const QUERY = `query($first: Int) { awards(first: $first) { edges { node {
  id paid { amount } released { amount } refunded { amount }
  amendments { status approvals newTotal { amount } changes { trancheId amount } }
  tranches { number paidAmount { amount } condition { status }
    permissions { request { allowed } approve { allowed } pay { allowed } cancel { allowed } } }
  reports { kind status currentSubmission { version spending { amount { amount } } beneficiaries { total byNationality { country } } }
    submissions { version } }
} } } }`;

describe('no N+1 on post-award relations', () => {
  it('sends the same number of SQL statements for 1 award as for 4', async () => {
    let one: any;
    let four: any;
    const small = await countStatements(app, async () => (one = expectNoErrors(await sec.gql(QUERY, { first: 1 }))));
    const large = await countStatements(app, async () => (four = expectNoErrors(await sec.gql(QUERY, { first: 4 }))));
    expect(one.awards.edges).toHaveLength(1);
    expect(four.awards.edges).toHaveLength(4);
    const node = four.awards.edges[3].node;
    expect(node.amendments).toEqual([
      { status: 'PENDING', approvals: 0, newTotal: { amount: '36500.00' }, changes: [expect.any(Object)] },
    ]);
    expect(node.reports[0].currentSubmission.beneficiaries.total).toBe(20);
    expect(large).toBe(small);
  });
});
