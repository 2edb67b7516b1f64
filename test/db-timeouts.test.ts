import { Client } from 'pg';
import { RecordTranchePaymentDocument } from './generated/graphql';
import { expectNoErrors, startTestApp, type GqlClient, type TestApp } from './helpers/app';
import { fundId, ledgerCheck } from './helpers/money';
import { makeAward, secondSecretariat, trancheOp, wire } from './helpers/post-award';

/**
 * Statement timeouts and cancellation (db/orm.ts, db/request-scope.ts): a slow statement is made
 * slow for real by a lock another connection holds, never by a code path that exists for tests.
 */
let app: TestApp;
let fund: string;
let auditor: GqlClient;
let sec: GqlClient;
let locker: Client;

const INTERACTIVE_TIMEOUT_MS = 1500;

beforeAll(async () => {
  app = await startTestApp({
    DB_STATEMENT_TIMEOUT_MS: String(INTERACTIVE_TIMEOUT_MS),
    DB_HEAVY_STATEMENT_TIMEOUT_MS: '60000',
  });
  fund = await fundId(app);
  [auditor, sec] = await Promise.all([app.as('AUDITOR'), app.as('SECRETARIAT')]);
  await wire(app, '200000.00');
});
afterAll(async () => {
  await app.stop();
});
beforeEach(async () => {
  locker = new Client({ connectionString: app.dbUrl });
  await locker.connect();
});
afterEach(async () => {
  await locker.query('rollback').catch(() => undefined);
  await locker.end();
});

/** Holds `mode` on `table` in an open transaction of another connection until the test rolls it back. */
async function lock(table: string, mode: string): Promise<void> {
  await locker.query('begin');
  await locker.query(`lock table ${table} in ${mode} mode`);
}

/** The backends of this test's database that `application_name` names and that wait for a lock. */
async function waiting(applicationName: string): Promise<number[]> {
  const rows = await app.sql<{ pid: number }>(
    `select pid from pg_stat_activity
      where datname = current_database() and application_name = $1 and state = 'active' and wait_event_type = 'Lock'`,
    [applicationName],
  );
  return rows.map((r) => r.pid);
}

async function until<T>(what: string, probe: () => Promise<T | null>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== null) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const BALANCE = `query B($id: ID!) { node(id: $id) { ... on Fund { balance { available { amount } } } } }`;

describe('statement timeout', () => {
  it('answers a read stuck past the interactive timeout with QUERY_TIMEOUT (503, Retry-After), then reads again', async () => {
    await lock('ledger_entry', 'access exclusive');
    const started = Date.now();
    const r = await auditor.gql(BALANCE, { id: fund });
    const took = Date.now() - started;
    expect(r.status).toBe(503);
    expect(r.headers.get('retry-after')).toBe('5');
    expect(r.errors?.map((e) => e.extensions?.code)).toEqual(['QUERY_TIMEOUT']);
    expect(r.errors?.[0]?.message).toMatch(/took too long/);
    expect(JSON.stringify(r.errors)).not.toMatch(/ledger_entry|select|stack/i);
    // Stopped by the timeout, not by the lock: the lock is still held.
    expect(took).toBeGreaterThanOrEqual(INTERACTIVE_TIMEOUT_MS - 100);
    await locker.query('rollback');
    const again = expectNoErrors(await auditor.gql(BALANCE, { id: fund }));
    expect(again.node.balance.available.amount).toBeDefined();
  });

  it('gives heavy reads the longer heavy timeout on a pool of their own', async () => {
    await lock('ledger_entry', 'access exclusive');
    const pending = auditor.gql(`query L($id: String!) { ledgerCheck(fundId: $id) { ok } }`, { id: fund });
    // Past the interactive timeout the heavy read is still waiting, on a heavy-pool connection.
    await until('the heavy read to wait', async () => (await waiting('vtf-api-heavy'))[0] ?? null);
    await new Promise((r) => setTimeout(r, INTERACTIVE_TIMEOUT_MS + 500));
    expect(await waiting('vtf-api-heavy')).toHaveLength(1);
    await locker.query('rollback');
    const r = await pending;
    expect(r.errors).toBeUndefined();
    expect(r.data?.ledgerCheck.ok).toBe(true);
  });

  it('rolls a money mutation back whole when one of its statements times out', async () => {
    const sec2 = await secondSecretariat(app);
    const a = await makeAward(app, '30000.00');
    const trancheId = a.tranches.find((t) => t.number === 1)!.id;
    expect((await trancheOp(sec2, 'requestTranche', { trancheId })).errors).toEqual([]);
    expect((await trancheOp(sec, 'approveTranche', { trancheId })).errors).toEqual([]);
    const count = async () =>
      (
        await app.sql<{ ledger: string; audit: string; payments: string }>(
          `select (select count(*) from ledger_entry) as ledger, (select count(*) from audit_event where action <> 'sanctions.screen') as audit,
                  (select count(*) from tranche_payment) as payments`,
        )
      )[0];
    const before = await count();

    // Reads (even FOR UPDATE) go through, inserts of payments wait: the payment has written its ledger lines by then.
    await lock('tranche_payment', 'share');
    const input = { trancheId, valueDate: '2026-11-20', reference: 'FT-TIMEOUT-1', currency: 'USD' };
    const pending = sec.gql(RecordTranchePaymentDocument, { input });
    const pid = await until('the payment to wait', async () => (await waiting('vtf-api'))[0] ?? null);
    // It had written its ledger lines (it holds a row-exclusive lock on ledger_entry) when it was stopped.
    const held = await app.sql<{ relname: string }>(
      `select c.relname from pg_locks l join pg_class c on c.oid = l.relation
        where l.pid = $1 and l.mode = 'RowExclusiveLock' and l.granted and c.relkind = 'r'`,
      [pid],
    );
    expect(held.map((h) => h.relname)).toContain('ledger_entry');
    const r = await pending;
    expect(r.status).toBe(503);
    expect(r.errors?.map((e) => e.extensions?.code)).toEqual(['QUERY_TIMEOUT']);
    await locker.query('rollback');

    // Nothing of it was kept: no payment, no ledger line, no audit event, the tranche still APPROVED (the
    // sanctions screening before a payment is recorded in a transaction of its own, by design, and stays).
    expect(await count()).toEqual(before);
    const t = expectNoErrors(
      await sec.gql(`query($id: ID!) { node(id: $id) { ... on Tranche { status } } }`, { id: trancheId }),
    );
    expect(t.node.status).toBe('APPROVED');
    expect((await ledgerCheck(auditor, fund)).ok).toBe(true);

    // The same payment goes through once the trail is free.
    const ok = await trancheOp(sec, 'recordTranchePayment', input);
    expect(ok.errors).toEqual([]);
    expect(ok.tranche?.status).toBe('PAID');
    const after = await count();
    expect(Number(after.payments)).toBe(Number(before.payments) + 1);
    expect(Number(after.audit)).toBeGreaterThan(Number(before.audit));
  });
});

describe('a client that goes away', () => {
  it('has its running read cancelled: the connection is free again while the lock is still held', async () => {
    await lock('ledger_entry', 'access exclusive');
    const abort = new AbortController();
    const pending = fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${auditor.token}` },
      body: JSON.stringify({
        query: `query L($id: String!) { ledgerCheck(fundId: $id) { ok } }`,
        variables: { id: fund },
      }),
      signal: abort.signal,
    }).catch((e: unknown) => e);
    const pid = await until('the heavy read to wait', async () => (await waiting('vtf-api-heavy'))[0] ?? null);
    abort.abort();
    expect(await pending).toMatchObject({ name: 'AbortError' });
    // Cancelled (pg_cancel_backend), well before the 60 s heavy timeout: the backend is idle again.
    const state = await until('the backend to be idle', async () => {
      const [row] = await app.sql<{ state: string }>('select state from pg_stat_activity where pid = $1', [pid]);
      return row && row.state === 'idle' ? row.state : null;
    });
    expect(state).toBe('idle');
    expect(await waiting('vtf-api-heavy')).toEqual([]);
    // The heavy pool serves the next request at once.
    await locker.query('rollback');
    expect(
      expectNoErrors(await auditor.gql(`query L($id: String!) { ledgerCheck(fundId: $id) { ok } }`, { id: fund }))
        .ledgerCheck.ok,
    ).toBe(true);
  });
});
