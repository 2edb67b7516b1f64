import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import pino from 'pino';
import { loadConfig } from '../../src/config';
import type { EmbeddedDatabase } from '../../src/db/embedded';
import { migrate, openOrm } from '../../src/db/orm';
import { startServer, type RunningApp } from '../../src/server';
import { DEMO_USERS, seedDemo } from '../../src/seed/demo';
import { Role } from '../../src/users/user.entity';
import {
  expectNoErrors,
  gqlRequest,
  startTestApp,
  TEST_JWT_SECRET,
  TestClock,
  type GqlClient,
  type TestApp,
} from '../helpers/app';
import { draft, fundId, openCall } from '../helpers/grants';
import { bankRef, demoDonorOrgId, recordWire } from '../helpers/money';
import { startPostgresProcess } from './embedded-pg';
import { expectChangesMatchTheirTrail, expectMoneyInvariants, type Checked } from './invariants';

/**
 * Faults under load: database backends killed in the middle of mutations, and the database
 * itself stopped and started again. The server stays up, readiness says what is true, the pool
 * recovers, and nothing is half-written: every change has its audit event (and ledger group) and
 * every event its change.
 */
jest.setTimeout(180_000);

// knex reports each dropped connection with console.log; the faults are deliberate here.
jest.spyOn(console, 'log').mockImplementation(() => undefined);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let seq = 0;

/** One mutation of a mixed stream: new organisations, profile edits and wire receipts. */
async function mutation(sec: GqlClient, fund: string, donorOrg: string, ngoOrg: string) {
  const k = seq++;
  switch (k % 3) {
    case 0:
      return sec.gql(
        `mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { organization { id } errors { code } } }`,
        { i: { kind: 'DONOR', legalName: `Fault donor ${k}`, country: 'NO' } },
      );
    case 1:
      return sec.gql(
        `mutation($i: UpdateOrganizationInput!) { updateOrganization(input: $i) { organization { id } errors { code } } }`,
        { i: { organizationId: ngoOrg, website: `https://shelter.example/${k}` } },
      );
    default:
      return recordWire(sec, {
        fundId: fund,
        donorOrganizationId: donorOrg,
        amount: `${100 + k}.00`,
        currency: 'USD',
        valueDate: '2026-11-20',
        bankReference: bankRef(),
      });
  }
}

/** Runs mutations with `concurrency` in flight until `stop()`; counts outcomes. */
function stream(run: () => Promise<{ status: number; errors?: unknown[] }>, concurrency: number) {
  let stopped = false;
  const counts = { ok: 0, failed: 0, thrown: 0, status5xx: 0, leaks: 0, codes: {} as Record<string, number> };
  const workers = Array.from({ length: concurrency }, async () => {
    while (!stopped) {
      try {
        const r = await run();
        // While the database is gone a request may fail (masked 500), but never leaks internals.
        if (r.status >= 500) counts.status5xx += 1;
        for (const e of (r.errors ?? []) as { extensions?: { code?: string } }[]) {
          const c = `${r.status} ${e.extensions?.code}`;
          counts.codes[c] = (counts.codes[c] ?? 0) + 1;
        }
        const text = JSON.stringify(r.errors ?? []);
        if (/\bat .+\.(ts|js):\d+|terminating connection|ECONNREFUSED|select |insert /i.test(text)) counts.leaks += 1;
        if (r.errors?.length) counts.failed += 1;
        else counts.ok += 1;
      } catch {
        counts.thrown += 1; // the HTTP request itself failed: the server went away
      }
    }
  });
  return {
    counts,
    async stop() {
      stopped = true;
      await Promise.all(workers);
      return counts;
    },
  };
}

/** The demo NGO, with a draft in a UNVTF call so that UNVTF's secretariat may edit it (fund scope). */
async function ngoOrgOf(app: { as: Checked['as'] }, fund: string): Promise<string> {
  const ngo = await app.as('NGO');
  await draft(ngo, await openCall(await app.as('SECRETARIAT'), fund));
  return expectNoErrors(await ngo.gql('{ me { organizations { id } } }')).me.organizations[0].id;
}

describe('backends terminated in the middle of mutations', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.stop());

  it('keeps the server up, recovers the pool, and leaves no partial write', async () => {
    const sec = await app.as('SECRETARIAT');
    const [fund, donorOrg] = await Promise.all([fundId(app), demoDonorOrgId(app)]);
    const ngoOrg = await ngoOrgOf(app, fund);
    const load = stream(() => mutation(sec, fund, donorOrg, ngoOrg), 6);
    let killed = 0;
    for (let i = 0; i < 6; i++) {
      await sleep(250);
      const rows = await app.sql(
        `select pg_terminate_backend(pid) as t from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid()`,
      );
      killed += rows.length;
    }
    const during = await load.stop();
    if (process.env.FAULTS_PRINT) process.stderr.write(`terminate: killed ${killed} ${JSON.stringify(during)}\n`);
    expect(killed).toBeGreaterThan(0);
    expect(during.leaks).toBe(0);
    // A request whose connection died is answered 503 SERVICE_UNAVAILABLE (retry), also when knex
    // only says "Transaction query already complete"; never masked, never a bare 500.
    expect(Object.keys(during.codes).filter((c) => c !== '503 SERVICE_UNAVAILABLE')).toEqual([]);
    expect(during.ok).toBeGreaterThan(0);
    expect(during.thrown).toBe(0); // the HTTP server never went away
    expect((await fetch(`${app.baseUrl}/healthz`)).status).toBe(200);

    // Afterwards every request succeeds: the pool replaced the dead connections.
    expect((await fetch(`${app.baseUrl}/readyz`)).status).toBe(200);
    for (let i = 0; i < 12; i++) {
      const r = await mutation(sec, fund, donorOrg, ngoOrg);
      expect(r.errors).toBeUndefined();
    }
    await expectChangesMatchTheirTrail(app);
    await expectMoneyInvariants(app, fund);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

describe('PostgreSQL stopped and started again under load', () => {
  let dir: string;
  let pg: EmbeddedDatabase;
  let pgPort: number;
  let running: RunningApp;
  let close: () => Promise<void>;
  let baseUrl: string;
  let checked: Checked;
  const startPg = () => startPostgresProcess(path.join(dir, 'pg'), pgPort, 'vtf_faults');

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vtf-faults-'));
    fs.chmodSync(dir, 0o755); // as root, the server runs as the postgres user and must reach the data directory
    pgPort = await freePort();
    pg = await startPg();
    const orm = await openOrm(pg.url, 10);
    await migrate(orm);
    await seedDemo(orm);
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: pg.url,
      JWT_SECRET: TEST_JWT_SECRET,
      LOG_LEVEL: 'silent',
    });
    running = await startServer({
      config,
      orm,
      log: pino({ level: process.env.FAULTS_LOG ?? 'silent' }),
      clock: new TestClock(),
      port: 0,
      host: '127.0.0.1',
    });
    baseUrl = `http://127.0.0.1:${running.port}`;
    const tokens = new Map<string, GqlClient>();
    checked = {
      async sql(text, params) {
        const c = new Client({ connectionString: pg.url });
        await c.connect();
        try {
          return (await c.query(text, params as unknown[])).rows;
        } finally {
          await c.end();
        }
      },
      async as(role) {
        const cached = tokens.get(role);
        if (cached) return cached;
        const u = DEMO_USERS.find((d) => d.role === (role as Role))!;
        const r = await gqlRequest<any>(
          `${baseUrl}/graphql`,
          null,
          'mutation($i: LoginInput!) { login(input: $i) { token } }',
          {
            i: { email: u.email, password: u.password },
          },
        );
        const token = r.data.login.token as string;
        const client: GqlClient = { token, gql: (op, v, h) => gqlRequest(`${baseUrl}/graphql`, token, op, v, h) };
        tokens.set(role, client);
        return client;
      },
    };
    close = async () => {
      await running.stop();
      await orm.close(true);
    };
  }, 120_000);

  afterAll(async () => {
    await close?.();
    await pg?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers /readyz 503 and /healthz 200 while the database is down, then recovers with nothing half-written', async () => {
    const anon: GqlClient = { token: null, gql: (op, v, h) => gqlRequest(`${baseUrl}/graphql`, null, op, v, h) };
    const fund = expectNoErrors(await anon.gql<{ fund: { id: string } }>('{ fund(code: "UNVTF") { id } }')).fund.id;
    const sec = await checked.as('SECRETARIAT');
    const donorOrg = expectNoErrors(await (await checked.as('DONOR')).gql('{ me { organizations { id } } }')).me
      .organizations[0].id;
    const ngoOrg = await ngoOrgOf(checked, fund);
    expect((await fetch(`${baseUrl}/readyz`)).status).toBe(200);

    const load = stream(() => mutation(sec, fund, donorOrg, ngoOrg), 4);
    await sleep(400);
    await pg.stop();
    await sleep(300);
    expect((await fetch(`${baseUrl}/readyz`)).status).toBe(503);
    expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
    // Signed out or in, a request while the database is gone is a retryable 503, without internals.
    for (const c of [anon, sec]) {
      const down = await c.gql('{ funds { totalCount } }');
      expect(down.status).toBe(503);
      expect(down.headers.get('retry-after')).toBe('1');
      expect(down.errors?.map((e) => e.extensions?.code)).toEqual(['SERVICE_UNAVAILABLE']);
      expect(JSON.stringify(down.errors)).not.toMatch(/\bat .+\.(ts|js):\d+|ECONNREFUSED/);
    }

    // The plain HTTP exports say the same.
    const exp = await fetch(`${baseUrl}/exports/funds/UNVTF/360giving.json`);
    expect([exp.status, exp.headers.get('retry-after')]).toEqual([503, '1']);
    expect(((await exp.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe(
      'SERVICE_UNAVAILABLE',
    );

    pg = await startPg();
    let ready = 0;
    for (let i = 0; i < 50 && ready !== 200; i++) {
      ready = (await fetch(`${baseUrl}/readyz`)).status;
      if (ready !== 200) await sleep(200);
    }
    expect(ready).toBe(200);
    await sleep(300);
    const counts = await load.stop();
    if (process.env.FAULTS_PRINT) process.stderr.write(`restart: ${JSON.stringify(counts)}\n`);
    expect(counts.failed).toBeGreaterThan(0); // the outage was real
    expect(counts.leaks).toBe(0);
    expect(Object.keys(counts.codes)).toEqual(['503 SERVICE_UNAVAILABLE']);
    expect(counts.thrown).toBe(0);
    expect(counts.ok).toBeGreaterThan(0);
    for (let i = 0; i < 9; i++) expect((await mutation(sec, fund, donorOrg, ngoOrg)).errors).toBeUndefined();
    expect((await fetch(`${baseUrl}/exports/funds/UNVTF/360giving.json`)).status).toBe(200);
    await expectChangesMatchTheirTrail(checked);
    await expectMoneyInvariants(checked, fund);
  });
});
