import pino from 'pino';
import { Client } from 'pg';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db/database';
import { openOrm } from '../src/db/orm';
import { checkRuntimeRole } from '../src/db/roles';
import { startServer } from '../src/server';
import {
  gqlRequest,
  startTestApp,
  TEST_AUDIT_SIGNING_KEY,
  TEST_JWT_SECRET,
  TestClock,
  type TestApp,
} from './helpers/app';

let app: TestApp;
let runtimeUrl: string;
const role = `vtf_t_${process.env.VTF_TEST_RUN}_app`;

async function asRole<T>(run: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: runtimeUrl });
  await c.connect();
  try {
    return await run(c);
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  app = await startTestApp();
  // What an operator does on an external server: a login role in the run-time group.
  await app.sql(`create role "${role}" login password 'runtime-password' in role vtf_runtime`);
  const u = new URL(app.dbUrl);
  u.username = role;
  u.password = 'runtime-password';
  runtimeUrl = u.toString();
});
afterAll(async () => {
  await app.stop();
  const base = new Client({ connectionString: process.env.VTF_TEST_BASE_URL });
  await base.connect();
  await base.query(`drop role if exists "${role}"`);
  await base.end();
});

describe('the run-time database role', () => {
  it.each(['audit_event', 'ledger_entry'])(
    'can read %s but neither rewrite it nor switch its triggers off',
    async (table) => {
      await asRole(async (c) => {
        await c.query(`select count(*) from ${table}`);
        await expect(c.query(`update ${table} set seq = seq where false`)).rejects.toThrow(/permission denied/);
        await expect(c.query(`delete from ${table}`)).rejects.toThrow(/permission denied/);
        await expect(c.query(`truncate ${table}`)).rejects.toThrow(/permission denied/);
        for (const trigger of ['all', 'user']) {
          await expect(c.query(`alter table ${table} disable trigger ${trigger}`)).rejects.toThrow(/must be owner/);
        }
        await expect(c.query(`drop table ${table}`)).rejects.toThrow(/must be owner/);
      });
      // The owner still sees every event: nothing was removed.
      expect(Number((await app.sql(`select count(*) as n from audit_event`))[0].n)).toBeGreaterThan(0);
    },
  );

  it('runs the application: a login writes its audit event as the run-time role', async () => {
    const orm = await openOrm(runtimeUrl, 4);
    expect((await checkRuntimeRole(orm)).problems).toEqual([]);
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: runtimeUrl,
      JWT_SECRET: TEST_JWT_SECRET,
      LOG_LEVEL: 'silent',
    });
    const running = await startServer({
      config,
      orm,
      log: pino({ level: 'silent' }),
      clock: new TestClock(),
      port: 0,
      host: '127.0.0.1',
    });
    try {
      const before = Number((await app.sql(`select count(*) as n from audit_event where action = 'user.login'`))[0].n);
      const r = await gqlRequest<{ login: { token: string | null } }>(
        `http://127.0.0.1:${running.port}/graphql`,
        null,
        'mutation($i: LoginInput!) { login(input: $i) { token } }',
        { i: { email: 'admin@demo.vtf.example', password: 'Demo-Admin-Kestrel-2026' } },
      );
      expect(r.data?.login.token).toMatch(/^ey/);
      const after = Number((await app.sql(`select count(*) as n from audit_event where action = 'user.login'`))[0].n);
      expect(after).toBe(before + 1);
    } finally {
      await running.stop();
      await orm.close(true);
    }
  });

  it('start-up refuses a run-time role that could rewrite the append-only tables', async () => {
    const log = pino({ level: 'silent' });
    const production = {
      NODE_ENV: 'production',
      JWT_SECRET: TEST_JWT_SECRET,
      AUDIT_SIGNING_KEY: TEST_AUDIT_SIGNING_KEY,
    };
    // The owner (here a superuser) as the run-time role: refused in production…
    await expect(openDatabase(loadConfig({ ...production, DATABASE_URL: app.dbUrl }), log)).rejects.toThrow(
      /can rewrite the append-only tables \(.*superuser.*\).*Refusing to start/,
    );
    // …and whenever a separate migration URL says two roles are meant.
    const other = app.dbUrl.replace('127.0.0.1', 'localhost');
    await expect(
      openDatabase(loadConfig({ NODE_ENV: 'test', DATABASE_URL: app.dbUrl, MIGRATION_DATABASE_URL: other }), log),
    ).rejects.toThrow(/Refusing to start/);
    // Migrations as the owner, the application as the run-time role: accepted.
    const db = await openDatabase(
      loadConfig({ ...production, DATABASE_URL: runtimeUrl, MIGRATION_DATABASE_URL: app.dbUrl }),
      log,
    );
    expect((await checkRuntimeRole(db.orm)).role).toBe(role);
    await db.close();
  });
});
