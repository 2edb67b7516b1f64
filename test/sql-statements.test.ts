import { expectNoErrors, recordStatements, startTestApp, type TestApp } from './helpers/app';
import { fundId, openCall, recommended, vote } from './helpers/grants';
import { makeAward, secondSecretariat, trancheOp, wire } from './helpers/post-award';

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

/** At most `ceiling` statements; a failure lists them, to see which one came back. */
function expectAtMost(sql: string[], ceiling: number) {
  if (sql.length > ceiling) {
    const list = sql.map((q, i) => `${i + 1}. ${q.replace(/\s+/g, ' ').slice(0, 160)}`).join('\n');
    throw new Error(`${sql.length} SQL statements, more than ${ceiling}:\n${list}`);
  }
}

describe('SQL statements per money mutation (issue 17: goal ≤ 15 per deciding vote, ≤ 8 per payment)', () => {
  // Whole requests: the caller (1), the mutation, and the payload's fields. A transaction's audit
  // events are appended once, at its commit (lock, head, one insert); what the statements are and
  // what would remove more is in docs/performance.md.
  it('a deciding board vote (award, tranches, reports, ledger, 4 audit events)', async () => {
    await wire(app, '100000.00');
    const [sec, ngo, t1, t2, t3] = await Promise.all(
      (['SECRETARIAT', 'NGO', 'BOARD_MEMBER', 'TRUSTEE2', 'TRUSTEE3'] as const).map((r) => app.as(r)),
    );
    const callId = await openCall(sec, await fundId(app), { envelope: '1000000.00', maxAward: '100000.00' });
    const id = await recommended(ngo, sec, t1, callId, '30000.00');
    for (const t of [t1, t2]) expect((await vote(t, id)).errors).toEqual([]);
    let decided: Awaited<ReturnType<typeof vote>> | undefined;
    const sql = await recordStatements(app, async () => {
      decided = await vote(t3, id);
    });
    expect(decided!.errors).toEqual([]);
    expect(decided!.application.status).toBe('AWARDED');
    expectAtMost(sql, 21);
  });

  it('a tranche payment (sanctions screening, payment, ledger, audit)', async () => {
    const sec = await app.as('SECRETARIAT');
    const sec2 = await secondSecretariat(app);
    const a = await makeAward(app, '30000.00');
    const trancheId = a.tranches.find((x) => x.number === 1)!.id;
    expect((await trancheOp(sec2, 'requestTranche', { trancheId })).errors).toEqual([]);
    expect((await trancheOp(sec, 'approveTranche', { trancheId })).errors).toEqual([]);
    let paid: Awaited<ReturnType<typeof trancheOp>> | undefined;
    const sql = await recordStatements(app, async () => {
      paid = await trancheOp(sec, 'recordTranchePayment', {
        trancheId,
        valueDate: '2026-11-20',
        reference: 'FT-SQL-1',
        currency: 'USD',
      });
    });
    expect(paid!.errors).toEqual([]);
    expect(paid!.tranche?.status).toBe('PAID');
    expectAtMost(sql, 22);
  });
});
