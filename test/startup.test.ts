import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { gqlRequest } from './helpers/app';

const ROOT = path.resolve(__dirname, '..');
jest.setTimeout(400_000); // each test starts whole servers; generous for a loaded machine

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

interface Started {
  proc: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function start(env: Record<string, string | undefined>, cwd = ROOT): Started {
  const clean = { ...process.env };
  delete clean.DATABASE_URL;
  const proc = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
    cwd,
    env: { ...clean, LOG_LEVEL: 'info', NODE_ENV: 'development', ...env } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { proc, output: () => out, exited };
}

async function waitFor(s: Started, pattern: RegExp, ms = 180_000): Promise<void> {
  const until = Date.now() + ms;
  while (!pattern.test(s.output())) {
    if (s.proc.exitCode !== null) throw new Error(`exited early:\n${s.output()}`);
    if (Date.now() > until) throw new Error(`timed out waiting for ${pattern}:\n${s.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function login(port: number) {
  const r = await gqlRequest<any>(
    `http://127.0.0.1:${port}/graphql`,
    null,
    'mutation($i: LoginInput!) { login(input: $i) { token } }',
    {
      i: { email: 'admin@demo.vtf.example', password: 'Demo-Admin-Kestrel-2026' },
    },
  );
  return r.data?.login?.token as string | null;
}

describe('start-up', () => {
  it('refuses to start in production mode without JWT_SECRET and says which is missing', async () => {
    const s = start({ NODE_ENV: 'production', JWT_SECRET: undefined, DATABASE_URL: 'postgres://x@127.0.0.1:1/x' });
    expect(await s.exited).toBe(1);
    expect(s.output()).toMatch(/JWT_SECRET/);
  });

  it('refuses to start with the built-in JWT secret when NODE_ENV is not explicitly development or test', async () => {
    const s = start({ NODE_ENV: undefined, JWT_SECRET: undefined, DATABASE_URL: 'postgres://x@127.0.0.1:1/x' });
    expect(await s.exited).toBe(1);
    expect(s.output()).toMatch(/JWT_SECRET is not set and NODE_ENV is not explicitly development or test/);
  });

  it('starts on an external PostgreSQL from DATABASE_URL, migrates, seeds with DEMO=1 and drains on SIGTERM', async () => {
    const base = process.env.VTF_TEST_BASE_URL!;
    const db = `vtf_t_${process.env.VTF_TEST_RUN}_startup`;
    const admin = new Client({ connectionString: base.replace(/\/[^/]*$/, '/postgres') });
    await admin.connect();
    await admin.query(`create database "${db}"`);
    await admin.end();
    const port = await freePort();
    const s = start({ DATABASE_URL: base.replace(/\/[^/]*$/, `/${db}`), PORT: String(port), DEMO: '1' });
    await waitFor(s, /VTF Grants API ready/);
    expect(s.output()).toContain(`http://localhost:${port}/graphql`);
    // The start-up log says which Node runs the server: the one npm scripts run on (node_modules/.bin/node).
    expect(process.version).toMatch(/^v24\./);
    expect(s.output()).toContain(`"node":"${process.version}"`);
    expect(s.output()).toContain(`(Node ${process.version})`);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    expect(await login(port)).toMatch(/^ey/);
    // npm start also runs the background jobs: their schedules are stored in the same database.
    expect(s.output()).toContain('background jobs started');
    const c = new Client({ connectionString: base.replace(/\/[^/]*$/, `/${db}`) });
    await c.connect();
    const { rows } = await c.query<{ name: string }>('select name from pgboss.schedule order by name');
    await c.end();
    expect(rows.map((r) => r.name)).toEqual([
      'audit-checkpoint',
      'close-calls',
      'import-sanctions-list',
      'mark-overdue-reports',
      'payment-receipts',
      'publish-statistics',
      'remove-orphaned-uploads',
      'send-emails',
      'send-reminders',
    ]);
    s.proc.kill('SIGTERM');
    expect(await s.exited).toBe(0);
  });

  it('starts an embedded PostgreSQL without DATABASE_URL, keeps its data across restarts, and readiness follows the database', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vtf-embedded-'));
    fs.chmodSync(dir, 0o755); // as root, the server runs as the postgres user and must reach the data directory
    const dataDir = path.join(dir, 'pg');
    const pgPort = await freePort();
    const env = { EMBEDDED_PG_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort) };
    const port = await freePort();
    const first = start({ ...env, PORT: String(port) });
    await waitFor(first, /VTF Grants API ready/);
    expect(first.output()).toMatch(/demo fund UNVTF and demo users created/);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    expect(await login(port)).toMatch(/^ey/);
    // Two roles on the embedded database: postgres migrated, the application connects as vtf_app.
    const owner = new Client({ connectionString: `postgres://postgres:postgres@127.0.0.1:${pgPort}/vtf_grants` });
    await owner.connect();
    const { rows: users } = await owner.query<{ usename: string }>(
      `select distinct usename from pg_stat_activity where datname = 'vtf_grants' and usename = 'vtf_app'`,
    );
    await owner.end();
    expect(users).toEqual([{ usename: 'vtf_app' }]);

    // Stop the database under the running server: alive but not ready.
    const pid = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(pid, 'SIGINT');
    for (let i = 0; i < 50 && fs.existsSync(path.join(dataDir, 'postmaster.pid')); i++)
      await new Promise((r) => setTimeout(r, 100));
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(503);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    first.proc.kill('SIGTERM');
    await first.exited;

    const port2 = await freePort();
    const second = start({ ...env, PORT: String(port2) });
    await waitFor(second, /VTF Grants API ready/);
    expect(second.output()).not.toMatch(/demo fund UNVTF and demo users created/);
    expect(await login(port2)).toMatch(/^ey/);
    second.proc.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const asRoot = process.getuid?.() === 0 ? it : it.skip;
  asRoot('starts as root from a clone in a private folder (mode 700), the database running as postgres', async () => {
    // A clone of the working tree in a folder only root may enter, as /root is; node_modules hard-linked.
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'vtf-private-'));
    fs.chmodSync(home, 0o700);
    const clone = path.join(home, 'clone');
    fs.mkdirSync(clone);
    const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT })
      .toString()
      .split('\0')
      .filter((f) => f && fs.existsSync(path.join(ROOT, f)));
    for (const f of files) {
      fs.mkdirSync(path.dirname(path.join(clone, f)), { recursive: true });
      fs.copyFileSync(path.join(ROOT, f), path.join(clone, f));
    }
    execFileSync('cp', ['-al', path.join(ROOT, 'node_modules'), path.join(clone, 'node_modules')]);
    const reachable = fs.mkdtempSync(path.join(os.tmpdir(), 'vtf-pgroot-'));
    fs.chmodSync(reachable, 0o755);
    const port = await freePort();
    const s = start(
      { PORT: String(port), EMBEDDED_PG_PORT: String(await freePort()), EMBEDDED_PG_ROOT_DIR: reachable, JOBS: '0' },
      clone,
    );
    try {
      await waitFor(s, /VTF Grants API ready/);
      expect(s.output()).not.toMatch(/EACCES/);
      expect(await login(port)).toMatch(/^ey/);
      expect(fs.existsSync(path.join(reachable, 'data', 'PG_VERSION'))).toBe(true);
    } finally {
      s.proc.kill('SIGTERM');
      await s.exited;
      fs.rmSync(home, { recursive: true, force: true });
      fs.rmSync(reachable, { recursive: true, force: true });
    }
  });
});
