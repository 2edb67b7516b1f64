import type { Client } from 'pg';
import { RUNTIME_GROUP_ROLE } from '../src/db/roles';

const USER = 'vtf_bench_app';

/**
 * A production server refuses a run-time role that could rewrite the append-only tables
 * (docs/security.md): the bench servers connect as a member of vtf_runtime and migrate as the
 * owner (`url`). Creates that member once per cluster; returns the server's environment.
 */
export async function benchDatabaseEnv(
  admin: Client,
  url: string,
): Promise<{ DATABASE_URL: string; MIGRATION_DATABASE_URL: string }> {
  await admin.query(
    `do $$ begin
       if not exists (select from pg_roles where rolname = '${USER}') then
         create role ${USER} login password '${USER}' in role ${RUNTIME_GROUP_ROLE};
       end if;
     end $$`,
  );
  const runtime = Object.assign(new URL(url), { username: USER, password: USER });
  return { DATABASE_URL: runtime.toString(), MIGRATION_DATABASE_URL: url };
}
