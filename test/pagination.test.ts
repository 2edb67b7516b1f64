import { expectNoErrors, startTestApp, type TestApp } from './helpers/app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.stop();
});

const CREATE = `mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { organization { id } errors { code } } }`;
const PAGE = `query($first: Int, $after: String) { organizations(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } } }`;

describe('cursor pagination', () => {
  it('has no duplicates or gaps across pages while rows are inserted', async () => {
    const sec = await app.as('SECRETARIAT');
    for (let i = 0; i < 12; i++)
      expectNoErrors(await sec.gql(CREATE, { i: { kind: 'DONOR', legalName: `Donor ${i}`, country: 'SE' } }));
    const original = expectNoErrors(await sec.gql(PAGE, { first: 100 })).organizations.edges.map((e: any) => e.node.id);
    const seen: string[] = [];
    let after: string | null = null;
    let inserted = 0;
    for (;;) {
      const page: any = expectNoErrors(await sec.gql(PAGE, { first: 3, after })).organizations;
      seen.push(...page.edges.map((e: any) => e.node.id));
      // Rows arriving mid-way must neither repeat nor push earlier rows out of reach.
      if (inserted < 5) {
        expectNoErrors(await sec.gql(CREATE, { i: { kind: 'DONOR', legalName: `Late ${inserted++}`, country: 'SE' } }));
      }
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.slice(0, original.length)).toEqual(original);
    expect(seen.length).toBe(original.length + 5);
  });

  it('caps the page size at 100 and rejects a bad cursor with BAD_USER_INPUT', async () => {
    const sec = await app.as('SECRETARIAT');
    const big = await sec.gql(PAGE, { first: 101 });
    expect(big.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const bad = await sec.gql(PAGE, { first: 5, after: 'garbage' });
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('pages the audit trail by sequence', async () => {
    const auditor = await app.as('AUDITOR');
    const Q = `query($after: String) { auditEvents(first: 4, after: $after) { pageInfo { hasNextPage endCursor } edges { node { sequence } } } }`;
    const all: number[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = expectNoErrors(await auditor.gql(Q, { after })).auditEvents;
      all.push(...page.edges.map((e: any) => Number(e.node.sequence)));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    const [{ n }] = await app.sql('select count(*)::int as n from audit_event');
    expect(all).toEqual(Array.from({ length: n }, (_, i) => i + 1));
  });
});
