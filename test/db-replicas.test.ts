import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import pino from 'pino';
import type { MikroORM } from '@mikro-orm/postgresql';
import { loadConfig } from '../src/config';
import { migrate, openOrm } from '../src/db/orm';
import { interactiveSession } from '../src/db/pools';
import { parseGlobalId } from '../src/graphql/relay';
import { startServer, type RunningApp } from '../src/server';
import { DEMO_USERS, seedDemo } from '../src/seed/demo';
import { expectNoErrors, gqlRequest, TEST_JWT_SECRET, type GqlClient } from './helpers/app';
import { bankRef, recordWire } from './helpers/money';
import { replicaTestsPossible, startReplicatedCluster, type ReplicatedCluster } from './helpers/replica-cluster';

/**
 * A real streaming replica (pg_basebackup -R of a throw-away primary, test/helpers/replica-cluster.ts)
 * behind DATABASE_REPLICA_URLS. Replay is paused on the replica, so a read that shows a write made
 * meanwhile came from the primary and one that does not came from the replica: no guessing.
 */
const describeIf = replicaTestsPossible() ? describe : describe.skip;

let cluster: ReplicatedCluster;
let orm: MikroORM;
let running: RunningApp;
let url: string;
let checkpoints: string;
let fund: string;
let donorOrg: string;
let sec: GqlClient;
let auditor: GqlClient;

const client = (token: string | null): GqlClient => ({
  token,
  gql: (op, variables, headers) => gqlRequest(url, token, op, variables, headers),
});

async function login(role: string): Promise<GqlClient> {
  const u = DEMO_USERS.find((d) => d.role === role)!;
  const r = await gqlRequest<{ login: { token: string | null } }>(
    url,
    null,
    'mutation($input: LoginInput!) { login(input: $input) { token } }',
    { input: { email: u.email, password: u.password } },
  );
  return client(r.data!.login.token);
}

beforeAll(async () => {
  if (!replicaTestsPossible()) return;
  cluster = await startReplicatedCluster();
  const admin = new Client({ connectionString: cluster.primaryUrl('postgres') });
  await admin.connect();
  await admin.query('create database vtf');
  await admin.end();
  const owner = await openOrm(cluster.primaryUrl('vtf'), 2);
  const quiet = jest.spyOn(console, 'log').mockImplementation(() => undefined); // the migrator's progress
  await migrate(owner);
  quiet.mockRestore();
  await owner.close(true);
  checkpoints = mkdtempSync(path.join(tmpdir(), 'vtf-replica-checkpoints-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: cluster.primaryUrl('vtf'),
    DATABASE_REPLICA_URLS: cluster.replicaUrl('vtf'),
    JWT_SECRET: TEST_JWT_SECRET,
    RATE_LIMITS: '0',
    LOG_LEVEL: 'silent',
    AUDIT_CHECKPOINT_DIR: checkpoints,
  });
  orm = await openOrm(config.DATABASE_URL!, 10, false, interactiveSession(config));
  await seedDemo(orm);
  running = await startServer({ config, orm, log: pino({ level: 'silent' }), port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${running.port}/graphql`;
  [sec, auditor] = await Promise.all([login('SECRETARIAT'), login('AUDITOR')]);
  const donor = await login('DONOR');
  fund = expectNoErrors(await client(null).gql<{ fund: { id: string } }>('{ fund(code: "UNVTF") { id } }')).fund.id;
  donorOrg = expectNoErrors(
    await donor.gql<{ me: { organizations: { id: string }[] } }>('{ me { organizations { id } } }'),
  ).me.organizations[0]!.id;
  await cluster.caughtUp();
}, 120_000);

afterAll(async () => {
  if (!cluster) return;
  await running?.stop();
  await orm?.close(true);
  await cluster.stop();
  rmSync(checkpoints, { recursive: true, force: true });
});

const routed = () => running.app.pools.routed.at(-1);
const received = async () =>
  expectNoErrors(
    await client(null).gql<{ publicStatistics: { totalReceived: { minorUnits: string } } }>(
      '{ publicStatistics(fundCode: "UNVTF") { totalReceived { minorUnits } } }',
    ),
  ).publicStatistics.totalReceived.minorUnits;
const ledgerCsv = async (c: GqlClient) => {
  const r = await fetch(`${url.replace('/graphql', '')}/exports/funds/UNVTF/ledger.csv`, {
    headers: { authorization: `Bearer ${c.token}` },
  });
  expect(r.status).toBe(200);
  return r.text();
};
const auditCount = async (c: GqlClient, entityId: string) =>
  expectNoErrors(
    await c.gql<{ auditEvents: { totalCount: number } }>(
      'query($f: AuditEventFilter) { auditEvents(filter: $f, first: 10) { totalCount } }',
      { f: { entityId } },
    ),
  ).auditEvents.totalCount;
const available = async () =>
  expectNoErrors(
    await auditor.gql<{ node: { balance: { available: { minorUnits: string } } } }>(
      'query($id: ID!) { node(id: $id) { ... on Fund { balance { available { minorUnits } } } } }',
      { id: fund },
    ),
  ).node.balance.available.minorUnits;

describeIf('read replicas (DATABASE_REPLICA_URLS)', () => {
  it('sends stale-tolerant reads to the replica, the rest and a writer’s own reads to the primary', async () => {
    const totalBefore = await received();
    expect(routed()).toBe('replica-0');
    const availableBefore = BigInt(await available());

    await cluster.pauseReplay();
    const w = expectNoErrors(
      await recordWire(sec, {
        fundId: fund,
        donorOrganizationId: donorOrg,
        amount: '1000.00',
        currency: 'USD',
        valueDate: '2026-11-03',
        bankReference: bankRef(),
      }),
    ).recordWireContribution;
    expect(w.errors).toEqual([]);
    const contributionId = parseGlobalId(w.contribution.id as string, 'Contribution', 'id').id;

    // Interactive reads: the primary, up to date.
    expect(BigInt(await available())).toBe(availableBefore + 870_00n);
    // Public statistics (stale-tolerant, no session): the paused replica, without the wire.
    expect(await received()).toBe(totalBefore);
    expect(routed()).toBe('replica-0');
    // The auditor's explorer (stale-tolerant; the auditor wrote nothing): the replica, no event yet.
    expect(await auditCount(auditor, contributionId)).toBe(0);
    expect(routed()).toBe('replica-0');
    // The ledger check is never stale: the primary's heavy pool, with the wire.
    const check = expectNoErrors(
      await auditor.gql<{ ledgerCheck: { ok: boolean; lineCount: number } }>(
        'query($id: String!) { ledgerCheck(fundId: $id) { ok lineCount } }',
        { id: fund },
      ),
    ).ledgerCheck;
    expect(check.ok).toBe(true);
    expect(routed()).toBe('primary-heavy');
    // An export by the auditor (who wrote nothing): the replica, without the wire.
    expect(await ledgerCsv(auditor)).not.toContain(contributionId);
    expect(routed()).toBe('replica-0');
    // The same export by the secretariat member who recorded the wire: read-your-writes, the primary.
    expect(await ledgerCsv(sec)).toContain(contributionId);
    expect(routed()).toBe('primary-heavy');

    // Once the replica has replayed the wire, the writer's reads go to it again, and see the wire.
    await cluster.resumeReplay();
    await cluster.caughtUp();
    expect(await ledgerCsv(sec)).toContain(contributionId);
    expect(routed()).toBe('replica-0');
    expect(BigInt(await received())).toBe(BigInt(totalBefore) + 1000_00n);
    expect(await auditCount(auditor, contributionId)).toBeGreaterThan(0);
    expect(routed()).toBe('replica-0');

    // The replica really served them: its connections are the server's replica pool.
    const replica = new Client({ connectionString: cluster.replicaUrl('vtf') });
    await replica.connect();
    const { rows } = await replica.query<{ n: number; standby: boolean }>(
      `select count(*)::int as n, pg_is_in_recovery() as standby from pg_stat_activity
        where datname = 'vtf' and application_name = 'vtf-api-replica'`,
    );
    await replica.end();
    expect(rows[0]!.standby).toBe(true);
    expect(rows[0]!.n).toBeGreaterThan(0);
  });

  it('reads from the primary when the replica cannot be reached', async () => {
    const before = await received();
    expect(routed()).toBe('replica-0');
    await cluster.stopReplica();
    // Stale-tolerant reads fall back to the primary's heavy pool (the replica is logged as unavailable).
    expect(await received()).toBe(before);
    expect(routed()).toBe('primary-heavy');
    expect(await auditCount(auditor, fund)).toBeGreaterThanOrEqual(0);
    expect(await ledgerCsv(auditor)).toContain('seq');
    expect(routed()).toBe('primary-heavy');
  });
});
