import { Migration } from '@mikro-orm/migrations';

export class Migration20261130042845 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "issued_pdf" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "kind" varchar(30) not null, "entity_type" varchar(30) not null, "entity_id" uuid not null, "fund_id" uuid not null, "lang" varchar(2) not null, "content_key" varchar(64) not null, "file_name" varchar(200) not null, "storage_key" varchar(120) not null, "sha256" varchar(64) not null, "size" int not null, "issued_at" timestamptz not null, "issued_by_id" uuid not null, constraint "issued_pdf_pkey" primary key ("id"), constraint issued_pdf_sha256 check (sha256 ~ '^[0-9a-f]{64}$'));`);
    this.addSql(`alter table "issued_pdf" add constraint "issued_pdf_content_key_unique" unique ("content_key");`);
    this.addSql(`create index "issued_pdf_entity_id_kind_index" on "issued_pdf" ("entity_id", "kind");`);

    // An issued PDF is what the fund sent: its record never changes (a changed content is a new issuance).
    this.addSql(`create function issued_pdf_immutable() returns trigger language plpgsql as $$
      begin
        raise exception 'an issued PDF is immutable: issue a new one';
      end $$;`);
    this.addSql(`create trigger issued_pdf_immutable before update on "issued_pdf" for each row execute function issued_pdf_immutable();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "issued_pdf" cascade;`);
    this.addSql(`drop function if exists issued_pdf_immutable();`);
  }

}
