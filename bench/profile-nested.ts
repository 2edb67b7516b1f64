/**
 * Profiles the nested read on a kept bench database: starts the built server (production mode)
 * under `node --cpu-prof` (profile in /tmp/perfprof), sends n nested reads, 4 at a time, and prints the server's CPU ms
 * per request. Usage: npx ts-node -T bench/profile-nested.ts <db> [n] [--no-prof]
 */
import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { TokenService } from '../src/auth/token';
import { OURS_NESTED } from './queries';
import { benchDatabaseEnv } from './runtime-role';

const [db, nArg, flag] = process.argv.slice(2);
const n = Number(nArg ?? 50);
const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const url = Object.assign(new URL(base), { pathname: `/${db}` }).toString();
const secret = randomBytes(32).toString('hex');
const PORT = 4999;

const cpu = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
};

async function main() {
  const c = new Client({ connectionString: url });
  await c.connect();
  const id = (await c.query(`select id from app_user where email = 'secretariat@bench.vtf.example'`)).rows[0].id;
  const session = (
    await c.query(
      `insert into auth_session (id, user_id, last_used_at, expires_at)
       values (gen_random_uuid(), $1, now(), now() + interval '1 day') returning id`,
      [id],
    )
  ).rows[0].id;
  const dbEnv = await benchDatabaseEnv(c, url);
  await c.end();
  const token = (await new TokenService(secret, 3600).issue(id, session)).token;
  const key = generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
  const args = flag === '--no-prof' ? [] : ['--cpu-prof', '--cpu-prof-dir=/tmp/perfprof'];
  const child = spawn('node', [...args, 'dist/src/main.js'], {
    env: {
      ...process.env,
      ...dbEnv,
      JWT_SECRET: secret,
      AUDIT_SIGNING_KEY: key,
      DB_POOL_MAX: '10',
      NODE_ENV: 'production',
      PORT: String(PORT),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const req = () =>
    fetch(`http://127.0.0.1:${PORT}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: OURS_NESTED }),
    }).then(async (r) => {
      const j = (await r.json()) as { errors?: unknown };
      if (j.errors) throw new Error(JSON.stringify(j.errors));
    });
  for (;;) {
    try {
      await req();
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  for (let i = 0; i < 20; i++) await req();
  const t0 = cpu(child.pid!);
  const w0 = Date.now();
  let left = n;
  await Promise.all(
    [0, 1, 2, 3].map(async () => {
      while (left-- > 0) await req();
    }),
  );
  const used = cpu(child.pid!) - t0;
  console.log(`${n} requests: ${(used / n).toFixed(1)} CPU ms/req, ${((Date.now() - w0) / n).toFixed(1)} wall ms/req`);
  child.kill('SIGINT');
  await new Promise((r) => child.on('exit', r));
}
void main();
