import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { startTestApp, gqlRequest, TEST_AUDIT_SIGNING_KEY, TEST_JWT_SECRET, type TestApp } from './helpers/app';

const ROOT = path.resolve(__dirname, '..');
const run = promisify(execFile);
jest.setTimeout(120_000);

/** Runs `npm run admin:create -- …` (the script, without npm) against a database. */
async function adminCreate(dbUrl: string, args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', 'src/users/admin-cli.ts', ...args],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          // A deployment's secrets; not production mode, which would (rightly) refuse the test's superuser URL.
          NODE_ENV: 'test',
          JWT_SECRET: TEST_JWT_SECRET,
          AUDIT_SIGNING_KEY: TEST_AUDIT_SIGNING_KEY,
          DATABASE_URL: dbUrl,
          LOG_LEVEL: 'warn',
          ...env,
        },
      },
    );
    return { code: 0, out: stdout + stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout + err.stderr };
  }
}

let app: TestApp;
let empty: string;
beforeAll(async () => {
  app = await startTestApp();
  // A new deployment: migrated, no users at all.
  const base = process.env.VTF_TEST_BASE_URL!;
  const name = `vtf_t_${process.env.VTF_TEST_RUN}_firstadmin`;
  const admin = new Client({ connectionString: base.replace(/\/[^/]*$/, '/postgres') });
  await admin.connect();
  await admin.query(`create database "${name}" template "vtf_tpl_${process.env.VTF_TEST_RUN}"`);
  await admin.end();
  empty = base.replace(/\/[^/]*$/, `/${name}`);
});
afterAll(async () => {
  await app.stop();
});

async function query<R extends Record<string, unknown>>(url: string, sql: string, params: unknown[] = []) {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<R>(sql, params)).rows;
  } finally {
    await c.end();
  }
}

describe('npm run admin:create', () => {
  it('creates the first administrator of an empty database, audited, with a printed password', async () => {
    const r = await adminCreate(empty, ['--email', 'Head.Of.IT@fund.example', '--name', 'Head of IT']);
    expect(r.code).toBe(0);
    const password = /Password \(shown once, keep it safe\): (\S+)/.exec(r.out)?.[1];
    expect(password).toBeDefined();
    const rows = await query<{ role: string; email: string }>(
      empty,
      `select g.role, u.email from role_grant g join app_user u on u.id = g.user_id`,
    );
    expect(rows).toEqual([{ role: 'ADMIN', email: 'head.of.it@fund.example' }]);
    const events = await query<{ action: string; actor_role: string }>(
      empty,
      `select action, actor_role from audit_event order by seq`,
    );
    expect(events).toEqual([
      { action: 'user.create', actor_role: 'system:admin-create' },
      { action: 'role.grant', actor_role: 'system:admin-create' },
    ]);
  });

  it('refuses a second administrator unless --force, and never overwrites an existing user without it', async () => {
    const again = await adminCreate(empty, ['--email', 'second@fund.example']);
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/An administrator exists \(head\.of\.it@fund\.example\); add --force/);
    const forced = await adminCreate(empty, ['--email', 'second@fund.example', '--force'], {
      ADMIN_PASSWORD: 'Correct-Horse-Battery-Staple-42',
    });
    expect(forced.code).toBe(0);
    expect(forced.out).not.toMatch(/Password/);
    const admins = await query(empty, `select 1 from role_grant where role = 'ADMIN'`);
    expect(admins).toHaveLength(2);
  });

  it('on a seeded database refuses, and the created admin can log in through the API', async () => {
    const refused = await adminCreate(app.dbUrl, ['--email', 'other@fund.example']);
    expect(refused.code).toBe(1);
    const made = await adminCreate(app.dbUrl, ['--email', 'other@fund.example', '--force'], {
      ADMIN_PASSWORD: 'Correct-Horse-Battery-Staple-42',
    });
    expect(made.code).toBe(0);
    const login = await gqlRequest<{ login: { token: string | null } }>(
      app.url,
      null,
      'mutation($i: LoginInput!) { login(input: $i) { token } }',
      { i: { email: 'other@fund.example', password: 'Correct-Horse-Battery-Staple-42' } },
    );
    const token = login.data?.login.token ?? null;
    expect(token).toMatch(/^ey/);
    const me = await gqlRequest<{ me: { roles: { role: string }[] } }>(app.url, token, '{ me { roles { role } } }');
    expect(me.data?.me.roles.map((g) => g.role)).toEqual(['ADMIN']);
    const verify = await app.anonymous.gql('{ __typename }');
    expect(verify.status).toBe(200);
  });

  it('refuses a weak password and a malformed address', async () => {
    const weak = await adminCreate(empty, ['--email', 'third@fund.example', '--force'], {
      ADMIN_PASSWORD: 'password1',
    });
    expect(weak.code).toBe(1);
    expect(weak.out).toMatch(/Refused: /);
    const bad = await adminCreate(empty, ['--email', 'not-an-address']);
    expect(bad.code).toBe(1);
    const usage = await adminCreate(empty, []);
    expect(usage.code).toBe(2);
  });
});
