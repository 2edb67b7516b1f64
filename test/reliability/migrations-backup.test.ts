import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { migrate, openOrm } from '../../src/db/orm';
import { verifyChain } from '../../src/audit/verify';
import pino from 'pino';
import { startServer } from '../../src/server';
import { DEMO_USERS } from '../../src/seed/demo';
import { Role } from '../../src/users/user.entity';
import { expectNoErrors, gqlRequest, startTestApp, TestClock, type TestApp } from '../helpers/app';
import { openCall, recommended, vote } from '../helpers/grants';
import { balance, bankRef, demoDonorOrgId, fundId, ledgerCheck, recordWire } from '../helpers/money';

const base = () => process.env.VTF_TEST_BASE_URL!;
const urlFor = (db: string) => {
  const u = new URL(base());
  u.pathname = `/${db}`;
  return u.toString();
};

async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: urlFor('postgres') });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

describe('migrations', () => {
  it('run once when several processes start together: the others wait and find nothing to do', async () => {
    const db = `vtf_t_${process.env.VTF_TEST_RUN}_migrace`;
    await admin((c) => c.query(`create database "${db}"`));
    const orms = await Promise.all([1, 2, 3].map(() => openOrm(urlFor(db), 2)));
    try {
      const applied = await Promise.all(orms.map((o) => migrate(o)));
      expect(applied.map((a) => a.length).sort()).toEqual([0, 0, expect.any(Number)]);
      expect(Math.max(...applied.map((a) => a.length))).toBeGreaterThan(0);
    } finally {
      await Promise.all(orms.map((o) => o.close(true)));
      await admin((c) => c.query(`drop database "${db}" with (force)`));
    }
  });

  it('run up on an empty database and leave nothing between entities and schema', async () => {
    const db = `vtf_t_${process.env.VTF_TEST_RUN}_mig`;
    await admin((c) => c.query(`create database "${db}"`));
    const orm = await openOrm(urlFor(db), 2);
    try {
      expect((await migrate(orm)).length).toBeGreaterThan(0);
      expect(await migrate(orm)).toEqual([]);
      // The check recomputes the snapshot file; keep the committed one untouched.
      const snapshot = path.resolve(__dirname, '../../migrations/.snapshot.json');
      const committed = fs.readFileSync(snapshot);
      try {
        expect(await orm.getMigrator().checkMigrationNeeded()).toBe(false);
      } finally {
        fs.writeFileSync(snapshot, committed);
      }
      // The schema the migrations produced equals the one the entities describe.
      expect((await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false })).trim()).toBe('');
    } finally {
      await orm.close(true);
      await admin((c) => c.query(`drop database "${db}" with (force)`));
    }
  });
});

function pgToolMatchesServer(serverVersion: number): boolean {
  try {
    const out = execFileSync('pg_dump', ['--version'], { encoding: 'utf8' });
    return Number(/(\d+)\./.exec(out)?.[1]) >= serverVersion;
  } catch {
    return false;
  }
}

describe('backup', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.stop();
  });

  it('round-trips through pg_dump and pg_restore with the audit chain valid and the data equal', async () => {
    const [{ v }] = await app.sql<{ v: number }>("select current_setting('server_version_num')::int / 10000 as v");
    if (!pgToolMatchesServer(v)) {
      console.warn(
        `pg_dump older than the server (PostgreSQL ${v}): backup round trip not run here; CI runs it on PostgreSQL 15.`,
      );
      return;
    }
    const sec = await app.as('SECRETARIAT');
    for (let i = 0; i < 10; i++) {
      expectNoErrors(
        await sec.gql(`mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { errors { code } } }`, {
          i: { kind: 'DONOR', legalName: `Backup ${i}`, country: 'NO' },
        }),
      );
    }
    // Real money and an award, so the restored balances have something to equal.
    const fund = await fundId(app);
    const donorOrg = await demoDonorOrgId(app);
    for (const amount of ['120000.00', '35000.50']) {
      const w = expectNoErrors(
        await recordWire(sec, {
          fundId: fund,
          donorOrganizationId: donorOrg,
          amount,
          currency: 'USD',
          valueDate: '2026-11-03',
          bankReference: bankRef(),
        }),
      ).recordWireContribution;
      expect(w.errors).toEqual([]);
    }
    const ngo = await app.as('NGO');
    const trustees = await Promise.all((['BOARD_MEMBER', 'TRUSTEE2', 'TRUSTEE3'] as const).map((r) => app.as(r)));
    const applicationId = await recommended(ngo, sec, trustees[0]!, await openCall(sec, fund), '40000.00');
    for (const t of trustees) expect((await vote(t, applicationId)).errors).toEqual([]);
    const before = await balance(sec, fund);
    expect(before.committed.minorUnits).toBe('4000000');

    const dump = execFileSync('pg_dump', ['-Fc', '-d', app.dbUrl], { maxBuffer: 256 * 1024 * 1024 });
    const restored = `${app.dbName}_restored`;
    await admin((c) => c.query(`create database "${restored}"`));
    try {
      execFileSync('pg_restore', ['--no-owner', '--exit-on-error', '-d', urlFor(restored)], { input: dump });
      const orm = await openOrm(urlFor(restored), 2);
      try {
        const v2 = await verifyChain(orm.em.getKnex());
        const [original] = await app.sql(
          'select count(*)::int as n, max(seq)::int as last, (select hash from audit_event order by seq desc limit 1) as hash from audit_event',
        );
        expect(v2).toMatchObject({
          ok: true,
          checked: original.n,
          lastSequence: String(original.last),
          lastHash: original.hash,
        });
        const sum =
          'select coalesce(sum(debit_minor),0)::text d, coalesce(sum(credit_minor),0)::text c, count(*)::int n from ledger_entry';
        expect(await orm.em.getConnection().execute(sum)).toEqual(await app.sql(sum));
        const orgs = 'select id, legal_name, vetting_status from organization order by id';
        expect(await orm.em.getConnection().execute(orgs)).toEqual(await app.sql(orgs));
        const money = 'select id, amount_minor::text, status from award order by id';
        expect(await orm.em.getConnection().execute(money)).toEqual(await app.sql(money));
        // The restored database, served by the app, shows the same balances and reconciles.
        const served = await startServer({
          config: app.config,
          orm,
          log: pino({ level: 'silent' }),
          clock: new TestClock(),
          port: 0,
          host: '127.0.0.1',
        });
        try {
          const url = `http://127.0.0.1:${served.port}/graphql`;
          const demo = DEMO_USERS.find((u) => u.role === Role.SECRETARIAT)!;
          const login = await gqlRequest<any>(
            url,
            null,
            'mutation($i: LoginInput!) { login(input: $i) { token challengeToken } }',
            { i: { email: demo.email, password: demo.password } },
          );
          // The secretariat's authenticator app came back with the data: its second step, with a
          // recovery code the original database never used.
          const done = login.data.login.token
            ? null
            : await gqlRequest<any>(
                url,
                null,
                'mutation($input: CompleteLoginInput!) { completeLogin(input: $input) { token } }',
                {
                  input: {
                    challengeToken: login.data.login.challengeToken,
                    code: app.secondFactors.get(demo.email)!.recoveryCodes.shift(),
                  },
                },
              );
          const token = (login.data.login.token ?? done?.data.completeLogin.token) as string;
          expect(token).toEqual(expect.any(String));
          const restoredSec = { token, gql: (op: any, v?: any) => gqlRequest<any>(url, token, op, v) };
          expect(await balance(restoredSec, fund)).toEqual(before);
          expect((await ledgerCheck(restoredSec, fund)).ok).toBe(true);
        } finally {
          await served.stop();
        }
        // The append-only triggers came back too.
        await expect(orm.em.getConnection().execute('delete from audit_event')).rejects.toThrow(/append-only/);
      } finally {
        await orm.close(true);
      }
    } finally {
      await admin((c) => c.query(`drop database "${restored}" with (force)`));
    }
  });
});
