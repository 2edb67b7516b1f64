import { expectNoErrors, startTestApp, type TestApp } from './helpers/app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.stop();
});

const NESTED = `query($first: Int) { users(first: $first) { edges { node { email roles { role fund { code boardSize } organization { legalName } } organizations { legalName hasBankAccount } } } } }`;

async function statementsFor(first: number): Promise<{ rows: number; statements: number }> {
  const admin = await app.as('ADMIN');
  const r = await admin.gql(NESTED, { first });
  const data = expectNoErrors(r);
  const res = await fetch(app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.token}` },
    body: JSON.stringify({ query: NESTED, variables: { first } }),
  });
  const body = (await res.json()) as { extensions?: { sqlStatements?: number } };
  return { rows: data.users.edges.length, statements: body.extensions!.sqlStatements! };
}

describe('SQL statements per operation', () => {
  it('stays the same for 10 and for 50 rows of a nested list (DataLoaders, no N+1)', async () => {
    const admin = await app.as('ADMIN');
    for (let i = 0; i < 45; i++) {
      expectNoErrors(
        await admin.gql(`mutation($i: CreateUserInput!) { createUser(input: $i) { errors { code } } }`, {
          i: { email: `bulk${i}@x.example`, displayName: `Bulk ${i}`, password: 'granite meadow falcon 2026 x' },
        }),
      );
    }
    // The first 10 users are the seeded ones (every kind of grant); 50 adds 40 more of the same shapes.
    const ten = await statementsFor(10);
    const fifty = await statementsFor(50);
    expect(ten.rows).toBe(10);
    expect(fifty.rows).toBe(50);
    expect(fifty.statements).toBe(ten.statements);
    // actor (1) + page + grants + memberships⋈organisations + funds + organisations + board sizes
    expect(ten.statements).toBe(1 + 6);
  });
});
