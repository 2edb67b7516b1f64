import { expectNoErrors, startTestApp, type GqlClient, type TestApp } from './helpers/app';
import { draft, fundId, ok, openCall } from './helpers/grants';

let app: TestApp;
let sec: GqlClient;
let ngo: GqlClient;
const uuidOf = (gid: string) => Buffer.from(gid, 'base64').toString('utf8').split(':')[1]!;

/** Copies a submitted application to `n` new verified NGOs (one application per organisation and call). */
async function copies(applicationId: string, n: number, status: string): Promise<void> {
  await app.sql(
    `with orgs as (
       insert into organization (id, kind, legal_name, country, countries_of_operation, vetting_status)
       select gen_random_uuid(), 'NGO', 'Copy NGO ' || g || ' ' || $3, 'NG', '[]', 'VERIFIED'
         from generate_series(1, $2::int) g returning id)
     insert into application (id, call_id, fund_id, organization_id, project_title, summary, requested_minor, currency,
       duration_months, budget_lines, target_beneficiaries, countries, status, version, submitted_at, created_by_id)
     select gen_random_uuid(), a.call_id, a.fund_id, o.id, a.project_title, a.summary, a.requested_minor, a.currency,
       a.duration_months, a.budget_lines, a.target_beneficiaries, a.countries, $3, 1, now(), a.created_by_id
       from application a, orgs o where a.id = $1`,
    [uuidOf(applicationId), n, status],
  );
}

beforeAll(async () => {
  app = await startTestApp();
  const fund = await fundId(app);
  sec = await app.as('SECRETARIAT');
  ngo = await app.as('NGO');
  for (let c = 0; c < 3; c++) {
    const id = await draft(ngo, await openCall(sec, fund));
    await ok(ngo, 'submitApplication', 'ApplicationActionInput', { applicationId: id });
    await copies(id, 3 + c, 'SUBMITTED');
    await copies(id, 2, 'DRAFT');
  }
});
afterAll(() => app.stop());

const QUERY = `query($first: Int) { grantCalls(first: 3) { edges { node {
  id applications(first: $first) { id status organization { legalName } award { id } reviews { id } }
} } } }`;
const ALL = `{ grantCalls(first: 3) { edges { node { id applications { id status } } } } }`;

async function statements(client: GqlClient, first: number): Promise<number> {
  const res = await fetch(app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${client.token}` },
    body: JSON.stringify({ query: QUERY, variables: { first } }),
  });
  const body = (await res.json()) as { errors?: unknown; extensions?: { sqlStatements?: number } };
  expect(body.errors).toBeUndefined();
  return body.extensions!.sqlStatements!;
}

describe('GrantCall.applications(first)', () => {
  it('returns the first n visible applications of each call, in the order of the full list', async () => {
    const all = expectNoErrors(await sec.gql(ALL)).grantCalls.edges.map((e: any) => e.node.applications);
    const firstTwo = expectNoErrors(await sec.gql(QUERY, { first: 2 })).grantCalls.edges.map(
      (e: any) => e.node.applications,
    );
    expect(all.map((l: unknown[]) => l.length)).toEqual([4, 5, 6]);
    expect(all.flat().every((a: any) => a.status !== 'DRAFT')).toBe(true);
    expect(firstTwo.map((l: any[]) => l.map((a) => a.id))).toEqual(
      all.map((l: any[]) => l.slice(0, 2).map((a) => a.id)),
    );
  });

  it('shows an NGO only its own application, and nothing for first: 0', async () => {
    // Reviews are confidential to fund staff: the applicant's query leaves them out.
    const own = `{ grantCalls(first: 3) { edges { node { applications(first: 10) { id organization { legalName } } } } } }`;
    const mine = expectNoErrors(await ngo.gql(own)).grantCalls.edges;
    expect(mine.map((e: any) => e.node.applications.length)).toEqual([1, 1, 1]);
    const none = expectNoErrors(await sec.gql(QUERY, { first: 0 })).grantCalls.edges;
    expect(none.every((e: any) => e.node.applications.length === 0)).toBe(true);
  });

  it('sends the same number of SQL statements for 1 and for 6 applications per call', async () => {
    const one = await statements(sec, 1);
    const six = await statements(sec, 6);
    expect(six).toBe(one);
    expect(one).toBeLessThanOrEqual(10);
  });
});
