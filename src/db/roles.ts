import type { MikroORM } from '@mikro-orm/postgresql';

/** Group role of the run-time connections (migration Migration20261129201800). */
export const RUNTIME_GROUP_ROLE = 'vtf_runtime';
/** Login role created on the embedded database. */
export const EMBEDDED_RUNTIME_USER = 'vtf_app';

const APPEND_ONLY = ['audit_event', 'ledger_entry'];

export interface RoleCheck {
  role: string;
  /** Why this connection could rewrite the append-only tables; empty when it cannot. */
  problems: string[];
}

/** What the connected role could do to the append-only tables besides INSERT and SELECT. */
export async function checkRuntimeRole(orm: MikroORM): Promise<RoleCheck> {
  const rows = await orm.em
    .getConnection()
    .execute<{ role: string; tbl: string; superuser: boolean; owner: boolean; rewrite: boolean }[]>(
      `select current_user as role, t.tbl, r.rolsuper as superuser,
            pg_has_role(current_user, c.relowner, 'MEMBER') as owner,
            has_table_privilege(c.oid, 'UPDATE') or has_table_privilege(c.oid, 'DELETE')
              or has_table_privilege(c.oid, 'TRUNCATE') as rewrite
       from unnest(array[${APPEND_ONLY.map((t) => `'${t}'`).join(', ')}]) as t(tbl)
       join pg_class c on c.oid = to_regclass(t.tbl)
       join pg_roles r on r.rolname = current_user`,
      [APPEND_ONLY],
    );
  const problems: string[] = [];
  const role = rows[0]?.role ?? 'unknown';
  if (rows.some((r) => r.superuser)) problems.push(`${role} is a superuser`);
  for (const r of rows) {
    if (r.owner) problems.push(`${role} owns ${r.tbl} (may disable its triggers)`);
    else if (r.rewrite) problems.push(`${role} may UPDATE, DELETE or TRUNCATE ${r.tbl}`);
  }
  return { role, problems };
}

/** On the embedded database the owner creates the run-time login role itself. */
export async function ensureEmbeddedRuntimeUser(owner: MikroORM, password: string): Promise<void> {
  await owner.em.getConnection().execute(
    `do $$ begin
       if not exists (select from pg_roles where rolname = '${EMBEDDED_RUNTIME_USER}') then
         create role ${EMBEDDED_RUNTIME_USER} login password '${password.replace(/'/g, "''")}' in role ${RUNTIME_GROUP_ROLE};
       end if;
     end $$;`,
  );
}
