import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/db/embedded';

declare global {
  var __EMBEDDED_PG__: EmbeddedDatabase | undefined;
}

export function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

/**
 * Uses DATABASE_URL when set (CI: the machine's PostgreSQL 15), else an embedded PostgreSQL.
 * Migrates a template database once per run; each test file clones it (CREATE DATABASE … TEMPLATE).
 * Names carry a run id, so several runs can share one server.
 */
export default async function globalSetup(): Promise<void> {
  let base = process.env.DATABASE_URL;
  if (!base) {
    const embedded = await startEmbeddedPostgres({ dataDir: '.data/postgres-test', port: 54330, database: 'postgres' });
    globalThis.__EMBEDDED_PG__ = embedded;
    base = embedded.url;
  }
  const run = randomBytes(4).toString('hex');
  const template = `vtf_tpl_${run}`;
  const admin = new Client({ connectionString: withDatabase(base, 'postgres') });
  await admin.connect();
  await admin.query(`create database "${template}"`);
  await admin.end();
  // Migrations run in a child process: MikroORM's metadata must not live in Jest's parent realm.
  const root = path.resolve(__dirname, '..', '..');
  execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/db/migrate-cli.ts', 'up'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: withDatabase(base, template), LOG_LEVEL: 'warn', NODE_ENV: 'test' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  process.env.VTF_TEST_BASE_URL = base;
  process.env.VTF_TEST_RUN = run;
}
