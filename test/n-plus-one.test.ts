import { countStatements, expectNoErrors, startTestApp, type GqlClient, type TestApp } from './helpers/app';
import { draft, fundId, ok, openCall, recommended, seedCash, vote } from './helpers/grants';

let app: TestApp;
let sec: GqlClient;
beforeAll(async () => {
  app = await startTestApp();
  const fund = await fundId(app);
  sec = await app.as('SECRETARIAT');
  const ngo = await app.as('NGO');
  const t = await Promise.all((['BOARD_MEMBER', 'TRUSTEE2', 'TRUSTEE3'] as const).map((r) => app.as(r)));
  await seedCash(app, 1_000_000_00n);
  // Five awarded applications (award, tranches, reports, reviews, votes) and 45 submitted ones.
  for (let i = 0; i < 5; i++) {
    const id = await recommended(ngo, sec, t[0]!, await openCall(sec, fund));
    for (const m of t) await vote(m, id);
  }
  await Promise.all(
    Array.from({ length: 5 }, async () => {
      for (let i = 0; i < 9; i++) {
        const id = await draft(ngo, await openCall(sec, fund));
        await ok(ngo, 'submitApplication', 'ApplicationActionInput', { applicationId: id });
      }
    }),
  );
});
afterAll(() => app.stop());

const QUERY = `query($first: Int) { applications(first: $first) { edges { node {
  id status organization { legalName } call { title fund { code } remainingEnvelope { amount } }
  versions { version changes } eligibilityChecks { passed }
  award { amount { amount } tranches { number amount { amount } condition { kind } } reports { kind } }
  reviews { weightedTotal reviewer { displayName } } boardTally { approvals required outcome } votes { choice voter { displayName } }
  permissions { submit { allowed } screen { allowed } review { allowed } vote { allowed } }
} } } }`;

describe('no N+1 on nested application lists', () => {
  it('sends the same number of SQL statements for 5 applications as for 50', async () => {
    let five: any;
    let fifty: any;
    const small = await countStatements(app, async () => (five = expectNoErrors(await sec.gql(QUERY, { first: 5 }))));
    const large = await countStatements(app, async () => (fifty = expectNoErrors(await sec.gql(QUERY, { first: 50 }))));
    expect(five.applications.edges).toHaveLength(5);
    expect(fifty.applications.edges).toHaveLength(50);
    expect(five.applications.edges.every((e: any) => e.node.award?.tranches.length === 2)).toBe(true);
    expect(large).toBe(small);
    expect(small).toBeGreaterThan(5); // the counter sees the statements
    expect(small).toBeLessThan(30);
  });
});
