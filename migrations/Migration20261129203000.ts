import { Migration } from '@mikro-orm/migrations';

export class Migration20261129203000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "sanctions_list_import" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "source" text not null, "generated_on" varchar(40) null, "imported_at" timestamptz not null, "individuals" int not null, "entities" int not null, "sha256" varchar(64) not null, constraint "sanctions_list_import_pkey" primary key ("id"));`);

    this.addSql(`create table "sanctions_entry" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "data_id" varchar(40) not null, "kind" text check ("kind" in ('INDIVIDUAL', 'ENTITY')) not null, "name" text not null, "list_type" varchar(100) not null, "reference_number" varchar(40) not null, "names" jsonb not null, "list_import_id" uuid not null, constraint "sanctions_entry_pkey" primary key ("id"));`);
    this.addSql(`alter table "sanctions_entry" add constraint "sanctions_entry_data_id_unique" unique ("data_id");`);

    this.addSql(`create table "sanctions_match" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "organization_id" uuid not null, "subject" text check ("subject" in ('LEGAL_NAME', 'OFFICER', 'ACCOUNT_HOLDER')) not null, "screened_name" varchar(300) not null, "entry_data_id" varchar(40) not null, "reference_number" varchar(40) not null, "entry_name" text not null, "matched_name" text not null, "score" double precision not null, "status" text check ("status" in ('POSSIBLE', 'CLEARED', 'CONFIRMED')) not null default 'POSSIBLE', "decided_by_id" uuid null, "decided_at" timestamptz null, "decision_reason" text null, constraint "sanctions_match_pkey" primary key ("id"));`);
    this.addSql(`alter table "sanctions_match" add constraint "sanctions_match_organization_id_entry_data_id_scr_1dd03_unique" unique ("organization_id", "entry_data_id", "screened_name");`);

    this.addSql(`create table "sanctions_screening" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "organization_id" uuid not null, "trigger" text check ("trigger" in ('REGISTRATION', 'VETTING', 'PAYMENT')) not null, "result" text check ("result" in ('CLEAR', 'POSSIBLE_MATCH', 'CONFIRMED_MATCH', 'NO_LIST')) not null, "screened_at" timestamptz not null, "list_import_id" uuid null, "names_screened" int not null, "match_count" int not null, constraint "sanctions_screening_pkey" primary key ("id"));`);
    this.addSql(`create index "sanctions_screening_organization_id_screened_at_index" on "sanctions_screening" ("organization_id", "screened_at");`);

    this.addSql(`alter table "sanctions_entry" add constraint "sanctions_entry_list_import_id_foreign" foreign key ("list_import_id") references "sanctions_list_import" ("id") on update cascade;`);

    this.addSql(`alter table "sanctions_match" add constraint "sanctions_match_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade;`);

    this.addSql(`alter table "sanctions_screening" add constraint "sanctions_screening_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade;`);
    this.addSql(`alter table "sanctions_screening" add constraint "sanctions_screening_list_import_id_foreign" foreign key ("list_import_id") references "sanctions_list_import" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "sanctions_entry" drop constraint "sanctions_entry_list_import_id_foreign";`);

    this.addSql(`alter table "sanctions_screening" drop constraint "sanctions_screening_list_import_id_foreign";`);

    this.addSql(`drop table if exists "sanctions_list_import" cascade;`);

    this.addSql(`drop table if exists "sanctions_entry" cascade;`);

    this.addSql(`drop table if exists "sanctions_match" cascade;`);

    this.addSql(`drop table if exists "sanctions_screening" cascade;`);
  }

}
