import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/db/embedded';

export const TEMPLATE_DB = 'vtf_test_template';

declare global {
  var __EMBEDDED_PG__: EmbeddedDatabase | undefined;
}

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

/**
 * Uses DATABASE_URL when set (CI: the machine's PostgreSQL 15), else an embedded PostgreSQL.
 * Migrates a template database once; each test file clones it (CREATE DATABASE … TEMPLATE).
 */
export default async function globalSetup(): Promise<void> {
  let base = process.env.DATABASE_URL;
  if (!base) {
    const embedded = await startEmbeddedPostgres({ dataDir: '.data/postgres-test', port: 54330, database: 'postgres' });
    globalThis.__EMBEDDED_PG__ = embedded;
    base = embedded.url;
  }
  const admin = new Client({ connectionString: withDatabase(base, 'postgres') });
  await admin.connect();
  const stale = await admin.query<{ datname: string }>(
    "select datname from pg_database where datname like 'vtf_t_%' or datname = $1",
    [TEMPLATE_DB],
  );
  for (const { datname } of stale.rows) await admin.query(`drop database if exists "${datname}" with (force)`);
  await admin.query(`create database "${TEMPLATE_DB}"`);
  await admin.end();
  // Migrations run in a child process: MikroORM's metadata must not live in Jest's parent realm.
  const root = path.resolve(__dirname, '..', '..');
  execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/db/migrate-cli.ts', 'up'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: withDatabase(base, TEMPLATE_DB), LOG_LEVEL: 'warn', NODE_ENV: 'test' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  process.env.VTF_TEST_BASE_URL = base;
}
