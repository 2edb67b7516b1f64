import { Client } from 'pg';
import { expectNoErrors, startTestApp, type GqlResult, type TestApp } from './helpers/app';
import { balance, fundId } from './helpers/money';
import { wire } from './helpers/post-award';

/**
 * Heavy reads (statements, ledger checks, exports, statistics) run on a pool of their own behind a
 * gate (db/pools.ts): here 2 connections and 2 waiting places. They are held up for real by a lock
 * on the table only they read (statistics_publication), never by a code path for tests.
 */
let app: TestApp;
let locker: Client;

beforeAll(async () => {
  app = await startTestApp({ DB_HEAVY_POOL_MAX: '2', DB_HEAVY_QUEUE_MAX: '2' });
  locker = new Client({ connectionString: app.dbUrl });
  await locker.connect();
});
afterAll(async () => {
  await locker.query('rollback').catch(() => undefined);
  await locker.end();
  await app.stop();
});

async function until(what: string, probe: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const STATISTICS = `query S($code: String!) { publicStatistics(fundCode: $code) { grantsAwarded } }`;

async function heavyBackendsWaiting(): Promise<number> {
  const [row] = await app.sql<{ n: number }>(
    `select count(*)::int as n from pg_stat_activity
      where datname = current_database() and application_name = 'vtf-api-heavy' and wait_event_type = 'Lock'`,
  );
  return row.n;
}

it('answers 503 SERVER_BUSY past the queue while interactive reads and money mutations go on', async () => {
  const fund = await fundId(app);
  const [auditor, sec] = await Promise.all([app.as('AUDITOR'), app.as('SECRETARIAT')]);
  const gate = app.running.app.pools.heavyGate;
  const available = async () => BigInt((await balance(auditor, fund)).available.minorUnits);
  const before = await available();

  await locker.query('begin');
  await locker.query('lock table statistics_publication in access exclusive mode');

  // Two heavy reads take the two heavy connections and wait on the lock; two more wait for a turn.
  const held: Promise<GqlResult>[] = [];
  for (let i = 0; i < 2; i++) held.push(app.anonymous.gql(STATISTICS, { code: 'UNVTF' }));
  await until('both heavy connections to wait', async () => (await heavyBackendsWaiting()) === 2);
  for (let i = 0; i < 2; i++) held.push(app.anonymous.gql(STATISTICS, { code: 'UNVTF' }));
  await until('two heavy reads to queue', async () => gate.queued === 2);
  expect(gate.running).toBe(2);

  // One more is refused at once, with the seconds to wait; so is an export.
  const refused = await app.anonymous.gql(STATISTICS, { code: 'UNVTF' });
  expect(refused.status).toBe(503);
  expect(refused.headers.get('retry-after')).toBe('2');
  expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['SERVER_BUSY']);
  const csv = await fetch(`${app.baseUrl}/exports/funds/UNVTF/ledger.csv`, {
    headers: { authorization: `Bearer ${auditor.token}` },
  });
  expect(csv.status).toBe(503);
  expect(csv.headers.get('retry-after')).toBe('2');
  expect(((await csv.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe(
    'SERVER_BUSY',
  );
  const open = await fetch(`${app.baseUrl}/exports/funds/UNVTF/360giving.json`);
  expect(open.status).toBe(503);

  // Interactive requests do not wait for the heavy pool: a read, and a money mutation that commits.
  expect(await available()).toBe(before);
  await wire(app, '1000.00');
  expect(await available()).toBe(before + 870_00n);
  const me = expectNoErrors(await sec.gql('{ me { email } }'));
  expect(me.me.email).toBeTruthy();
  // ... while the heavy reads are still held and queued, nothing piled up beyond the limits.
  expect(gate.running).toBe(2);
  expect(gate.queued).toBe(2);
  expect(await heavyBackendsWaiting()).toBe(2);

  // The lock goes: every held and queued heavy read is answered.
  await locker.query('rollback');
  const answers = await Promise.all(held);
  for (const a of answers) {
    expect(a.errors).toBeUndefined();
    expect(a.status).toBe(200);
  }
  expect(gate.running).toBe(0);
  expect(gate.queued).toBe(0);
  const after = await fetch(`${app.baseUrl}/exports/funds/UNVTF/ledger.csv`, {
    headers: { authorization: `Bearer ${auditor.token}` },
  });
  expect(after.status).toBe(200);
});
