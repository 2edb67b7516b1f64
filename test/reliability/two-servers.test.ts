import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import {
  expectNoErrors,
  gqlRequest,
  startTestApp,
  TEST_JWT_SECRET,
  type GqlClient,
  type TestApp,
} from '../helpers/app';
import { availableMinor, fundId, openCall, recommended, seedCash, vote } from '../helpers/grants';
import { bankRef, demoDonorOrgId, recordWire } from '../helpers/money';
import { makeAward, secondSecretariat, trancheOp } from '../helpers/post-award';
import { startJobs, type JobRunner } from '../../src/jobs/worker';
import { DEMO_USERS } from '../../src/seed/demo';
import { Role } from '../../src/users/user.entity';
import { expectChangesMatchTheirTrail, expectMoneyInvariants, expectTranchesPaidOnce, pool } from './invariants';

/**
 * Two server processes on one database: A is the test's in-process server, B a child process
 * running src/main.ts (its own pools, its own pg-boss, nothing shared with A but PostgreSQL).
 * Money requests of the races suite's kind are spread over both; the jobs both schedule run once;
 * the login throttle, a deactivation and a logout hold across both.
 */
const ROOT = path.resolve(__dirname, '..', '..');
let app: TestApp;
let child: ChildProcess;
let childLog = '';
let urlB: string;
let checkpointsB: string;
let jobsA: JobRunner;
let started: Date;
let fund: string;
let donorOrg: string;
let sec: GqlClient;
let ngo: GqlClient;
let t: GqlClient[];
let sec2: GqlClient;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

/** The same client (same token) talking to server B. */
const onB = (c: GqlClient): GqlClient => ({
  token: c.token,
  gql: (op, variables, headers) => gqlRequest(urlB, c.token, op, variables, headers),
});

beforeAll(async () => {
  // Login throttling on (per client address: the tests give each part its own X-Forwarded-For).
  // The race queues on one fund's lock: the wait is the point here, not the interactive statement
  // budget (10 s by default, tested in db-timeouts.test.ts), which a loaded CI machine exceeds.
  app = await startTestApp({ RATE_LIMITS: '1', TRUST_PROXY: 'loopback', DB_STATEMENT_TIMEOUT_MS: '120000' });
  const port = await freePort();
  checkpointsB = mkdtempSync(path.join(tmpdir(), 'vtf-checkpoints-b-'));
  child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      DATABASE_URL: app.dbUrl,
      PORT: String(port),
      JWT_SECRET: TEST_JWT_SECRET,
      RATE_LIMITS: '1',
      TRUST_PROXY: 'loopback',
      JOBS: '1',
      DB_STATEMENT_TIMEOUT_MS: '120000',
      LOG_LEVEL: 'info',
      AUDIT_CHECKPOINT_DIR: checkpointsB,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (childLog += d));
  child.stderr!.on('data', (d) => (childLog += d));
  urlB = `http://127.0.0.1:${port}/graphql`;
  // Server A's own job runner, besides B's (JOBS=1): two pg-boss instances on one database.
  jobsA = await startJobs({
    orm: app.orm,
    clock: app.clock,
    log: pino({ level: 'silent' }),
    mailer: null,
    connectionString: app.dbUrl,
  });
  for (let i = 0; ; i++) {
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) break;
    if (i > 600 || child.exitCode !== null) throw new Error(`server B did not start:\n${childLog}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  // B's job runner starts after its HTTP server: wait until both pg-boss instances are up.
  for (let i = 0; !/background jobs started/.test(childLog) && i < 300; i++) {
    await new Promise((r) => setTimeout(r, 200));
  }
  started = new Date();
  fund = await fundId(app);
  donorOrg = await demoDonorOrgId(app);
  [sec, ngo, ...t] = await Promise.all(
    (['SECRETARIAT', 'NGO', 'BOARD_MEMBER', 'TRUSTEE2', 'TRUSTEE3'] as const).map((r) => app.as(r)),
  );
  sec2 = await secondSecretariat(app);
}, 180_000);

afterAll(async () => {
  await jobsA?.stop();
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  await app.stop();
  rmSync(checkpointsB, { recursive: true, force: true });
});

const AWARD = 30_000_00n;
const VOTES = 12; // deciding votes, 8 of which fit
const AWARDS = 8;
const WIRES = 32; // $250 each: $6,960 net in all, less than a quarter of an award
const PAYMENTS = 6; // approved first tranches, 3 attempts each

async function approvedTranche(): Promise<string> {
  const a = await makeAward(app, '30000.00');
  const trancheId = a.tranches.find((x) => x.number === 1)!.id;
  expect((await trancheOp(sec2, 'requestTranche', { trancheId })).errors).toEqual([]);
  expect((await trancheOp(sec, 'approveTranche', { trancheId })).errors).toEqual([]);
  return trancheId;
}

async function readyApplication(): Promise<string> {
  const callId = await openCall(sec, fund, { maxAward: '30000', envelope: '30000' });
  const id = await recommended(ngo, sec, t[0]!, callId, '30000.00');
  for (const c of t.slice(0, 2)) expect((await vote(c, id)).errors).toEqual([]);
  return id;
}

describe('two server processes on one database', () => {
  it('keeps the money invariants with concurrent money requests spread over both servers', async () => {
    await seedCash(app, BigInt(PAYMENTS) * AWARD);
    const tranches = await pool(Array.from({ length: PAYMENTS }), 3, approvedTranche);
    const apps = await pool(Array.from({ length: VOTES }), 4, readyApplication);
    await seedCash(app, BigInt(AWARDS) * AWARD + AWARD / 2n - (await availableMinor(app)));
    const awardsBefore = (await app.sql<{ n: number }>('select count(*)::int n from award'))[0]!.n;
    const valueDate = new Date().toISOString().slice(0, 10);

    type Outcome = 'vote-ok' | 'vote-refused' | 'wire' | 'pay-ok' | 'pay-refused';
    let k = 0;
    // Alternate servers request by request: every kind of operation runs on both at once.
    const server = (c: GqlClient) => (k++ % 2 === 0 ? c : onB(c));
    const ops: (() => Promise<Outcome>)[] = [
      ...apps.map((id) => {
        const c = server(t[2]!);
        return async () => {
          const r = await vote(c, id);
          if (r.errors.length === 0) return 'vote-ok' as const;
          expect(r.errors[0]!.code).toBe('INSUFFICIENT_FUNDS');
          return 'vote-refused' as const;
        };
      }),
      ...Array.from({ length: WIRES }, () => {
        const c = server(sec);
        return async () => {
          const r = expectNoErrors(
            await recordWire(c, {
              fundId: fund,
              donorOrganizationId: donorOrg,
              amount: '250.00',
              currency: 'USD',
              valueDate: '2026-11-20',
              bankReference: bankRef(),
            }),
          ).recordWireContribution;
          expect(r.errors).toEqual([]);
          return 'wire' as const;
        };
      }),
      // Each tranche: the same transfer twice (the repeat is a no-op) and a competing one, on both servers.
      ...tranches.flatMap((trancheId, i) =>
        [{ reference: `FT2-${i}-A` }, { reference: `FT2-${i}-A` }, { reference: `FT2-${i}-B` }].map((pay) => {
          const c = server(sec);
          return async () => {
            const r = await trancheOp(c, 'recordTranchePayment', { trancheId, valueDate, currency: 'USD', ...pay });
            if (r.errors.length === 0) return 'pay-ok' as const;
            expect(r.errors.map((e) => e.code)).toEqual(['INVALID_STATE']);
            return 'pay-refused' as const;
          };
        }),
      ),
    ];
    const outcomes = await Promise.all(ops.map((op) => op()));

    expect(outcomes.filter((o) => o === 'vote-ok')).toHaveLength(AWARDS);
    expect(outcomes.filter((o) => o === 'vote-refused')).toHaveLength(VOTES - AWARDS);
    const [{ n: awards }] = await app.sql<{ n: number }>('select count(*)::int n from award');
    expect(awards - awardsBefore).toBe(AWARDS);
    const paid = await app.sql<{ reference: string; paid: string }>(
      `select payment_reference reference, paid_minor::text paid from tranche
        where status = 'PAID' and payment_reference like 'FT2-%' order by payment_reference`,
    );
    expect(paid).toHaveLength(PAYMENTS);
    for (const p of paid) expect(p.paid).toBe('2100000');
    const okPays = outcomes.filter((o) => o === 'pay-ok').length;
    expect(okPays).toBe(paid.reduce((n, p) => n + (p.reference.endsWith('A') ? 2 : 1), 0));
    await expectMoneyInvariants(app, fund);
    await expectChangesMatchTheirTrail(app);
    await expectTranchesPaidOnce(app);
  }, 300_000);

  it('throttles failed logins across both servers (the limiter lives in PostgreSQL)', async () => {
    const auditor = DEMO_USERS.find((u) => u.role === Role.AUDITOR)!;
    const from = { 'x-forwarded-for': '203.0.113.77' };
    const attempt = (url: string, password: string) =>
      gqlRequest<{ login: { token: string | null; errors: { code: string }[] } }>(
        url,
        null,
        'mutation($input: LoginInput!) { login(input: $input) { token errors { code } } }',
        { input: { email: auditor.email, password } },
        from,
      );
    // Three failures are free for an account from one address: two on A, two on B make four.
    for (const url of [app.url, urlB, app.url, urlB]) {
      const r = await attempt(url, 'wrong-password-0000');
      expect(r.status).toBe(200);
      expect(r.data?.login.errors.map((e) => e.code)).toEqual(['INVALID_CREDENTIALS']);
    }
    // The fourth earned a delay, which either server enforces, even for the right password.
    for (const url of [app.url, urlB]) {
      const r = await attempt(url, auditor.password);
      expect(r.status).toBe(429);
      expect(r.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
  });

  it('refuses a user deactivated on one server from its next request on the other', async () => {
    const admin = await app.as('ADMIN');
    const other = await secondSecretariat(app);
    const me = '{ me { id email } }';
    const id = expectNoErrors(await onB(other).gql<{ me: { id: string } }>(me)).me.id;
    const d = expectNoErrors(
      await admin.gql<{ deactivateUser: { errors: { code: string }[] } }>(
        'mutation($input: UserActionInput!) { deactivateUser(input: $input) { errors { code } } }',
        { input: { userId: id } },
      ),
    ).deactivateUser;
    expect(d.errors).toEqual([]);
    for (const c of [onB(other), other]) {
      const r = await c.gql(`query($id: String!) { ledgerCheck(fundId: $id) { ok } }`, { id: fund });
      expect(r.data?.ledgerCheck ?? null).toBeNull();
      expect(['UNAUTHENTICATED', 'FORBIDDEN']).toContain(r.errors?.[0]?.extensions?.code);
    }
  });

  it('ends a session logged out on one server for the other too', async () => {
    const other = await secondSecretariat(app);
    const me = '{ me { id } }';
    expect(expectNoErrors(await onB(other).gql<{ me: { id: string } | null }>(me)).me).not.toBeNull();
    const out = await other.gql<{ logout: { errors: { code: string }[] } }>('mutation { logout { errors { code } } }');
    expect(expectNoErrors(out).logout.errors).toEqual([]);
    for (const c of [onB(other), other]) {
      const r = await c.gql(`query($id: String!) { ledgerCheck(fundId: $id) { ok } }`, { id: fund });
      expect(r.data?.ledgerCheck ?? null).toBeNull();
      expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
  });

  it('runs each scheduled job tick once although both servers schedule them', async () => {
    // Wait for a tick of the every-minute jobs after both pg-boss instances were up. pg-boss files
    // each cron occurrence as one `__pgboss__send-it` row per schedule and minute slot (its
    // singleton), and that row's handler sends the job itself; two schedulers both filing the same
    // occurrence is what would run a tick twice. Under load the wait can cross a minute boundary, so
    // the jobs themselves (which carry no slot) are counted against the occurrences filed.
    const NAMES = ['close-calls', 'send-emails'];
    const jobs = async () =>
      app.sql<{ name: string; n: number; done: number }>(
        `select name, count(*)::int as n, count(*) filter (where state = 'completed')::int as done
           from pgboss.job where name = any($2) and created_on >= $1 group by 1 order by 1`,
        [started, NAMES],
      );
    const occurrences = async () =>
      app.sql<{ name: string; slot: string; n: number }>(
        `select data->>'name' as name, singleton_key || ' ' || singleton_on::text as slot, count(*)::int as n
           from pgboss.job where name = '__pgboss__send-it' and data->>'name' = any($2) and created_on >= $1
          group by 1, 2 order by 1, 2`,
        [started, NAMES],
      );
    for (let i = 0; i < 900; i++) {
      if ((await jobs()).filter((r) => r.done > 0).length >= 2) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const ran = await jobs();
    expect(ran.filter((r) => r.done > 0).map((r) => r.name)).toEqual(expect.arrayContaining(NAMES));
    const filed = await occurrences();
    // One occurrence per schedule and minute, whichever of the two instances filed it …
    for (const o of filed) expect(o.n).toBe(1);
    // … and no more jobs than occurrences (a job sent twice for one occurrence would exceed it).
    for (const r of ran) expect(r.n).toBeLessThanOrEqual(filed.filter((o) => o.name === r.name).length);
    // Both instances were scheduling: A's runner, and B's, which logged its start.
    expect(childLog).toMatch(/background jobs started/);
    expect((await jobsA.boss.getSchedules()).map((x) => x.name)).toEqual(expect.arrayContaining(['close-calls']));
  }, 200_000);
});
