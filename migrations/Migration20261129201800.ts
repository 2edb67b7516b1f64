import { Migration } from '@mikro-orm/migrations';

/**
 * The run-time role: the application connects as a login role that is a member of `vtf_runtime`,
 * which may read and write the tables but only INSERT and SELECT the append-only ones (audit events,
 * ledger lines), and, not owning them, cannot alter or disable their triggers. Migrations run as the
 * owner. Tables created later by the owner are granted by default; a new append-only table revokes
 * UPDATE, DELETE and TRUNCATE in its own migration (docs/security.md).
 */
export class Migration20261129201800 extends Migration {
  override async up(): Promise<void> {
    // Roles are cluster-wide: another database of the same server may have created it already.
    this.addSql(`do $$ begin
      create role vtf_runtime nologin;
    exception when duplicate_object or unique_violation then null;
    end $$;`);
    this.addSql(`grant usage on schema public to vtf_runtime;`);
    this.addSql(`grant select, insert, update, delete on all tables in schema public to vtf_runtime;`);
    this.addSql(`grant usage, select on all sequences in schema public to vtf_runtime;`);
    this.addSql(`revoke update, delete, truncate on "audit_event", "ledger_entry" from vtf_runtime;`);
    this.addSql(`alter default privileges in schema public grant select, insert, update, delete on tables to vtf_runtime;`);
    this.addSql(`alter default privileges in schema public grant usage, select on sequences to vtf_runtime;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter default privileges in schema public revoke all on tables from vtf_runtime;`);
    this.addSql(`alter default privileges in schema public revoke all on sequences from vtf_runtime;`);
    this.addSql(`revoke all on all tables in schema public from vtf_runtime;`);
    this.addSql(`revoke all on all sequences in schema public from vtf_runtime;`);
    this.addSql(`revoke usage on schema public from vtf_runtime;`);
  }
}
