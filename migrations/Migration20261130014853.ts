import { Migration } from '@mikro-orm/migrations';

export class Migration20261130014853 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "document" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "owner_type" varchar(20) not null, "owner_id" uuid not null, "slot" text check ("slot" in ('ORGANIZATION_REGISTRATION_CERTIFICATE', 'ORGANIZATION_GOVERNING_DOCUMENT', 'ORGANIZATION_BANK_LETTER', 'APPLICATION_PROPOSAL', 'APPLICATION_BUDGET', 'APPLICATION_CALL_DOCUMENT', 'REPORT_NARRATIVE', 'REPORT_FINANCIAL_STATEMENT', 'REPORT_AUDIT_REPORT', 'VETTING_EVIDENCE', 'BANK_CONFIRMATION_EVIDENCE')) not null, "requirement" varchar(64) null, "file_name" varchar(200) not null, "content_type" varchar(100) not null, "size" int not null, "sha256" varchar(64) not null, "storage_key" varchar(120) not null, "status" text check ("status" in ('UPLOADED', 'QUARANTINED', 'ATTACHED')) not null default 'UPLOADED', "uploaded_by_id" uuid not null, "version" int null, "attached_by_id" uuid null, "attached_at" timestamptz null, "scan_output" text null, constraint "document_pkey" primary key ("id"), constraint document_size check (size >= 0), constraint document_sha256 check (sha256 ~ '^[0-9a-f]{64}$'));`);
    this.addSql(`create index "document_status_created_at_index" on "document" ("status", "created_at");`);
    this.addSql(`create index "document_owner_id_slot_index" on "document" ("owner_id", "slot");`);

    this.addSql(`alter table "grant_call" add column "required_documents" jsonb not null default '[]';`);

    // A stored file never changes: its bytes, hash, name and owner are fixed; only the attach fills in.
    this.addSql(`create function document_immutable() returns trigger language plpgsql as $$
      begin
        if (new.sha256, new.storage_key, new.size, new.file_name, new.content_type, new.owner_id, new.slot)
           is distinct from (old.sha256, old.storage_key, old.size, old.file_name, old.content_type, old.owner_id, old.slot) then
          raise exception 'a stored document is immutable: upload a new version';
        end if;
        return new;
      end $$;`);
    this.addSql(`create trigger document_immutable before update on "document" for each row execute function document_immutable();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "document" cascade;`);
    this.addSql(`drop function if exists document_immutable();`);

    this.addSql(`alter table "grant_call" drop column "required_documents";`);
  }

}
