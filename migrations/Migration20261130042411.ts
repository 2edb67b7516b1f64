import { Migration } from '@mikro-orm/migrations';

export class Migration20261130042411 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "concept_note" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "call_id" uuid not null, "fund_id" uuid not null, "organization_id" uuid not null, "project_title" varchar(300) not null, "summary" text not null, "requested_minor" bigint not null, "currency" varchar(3) not null, "countries" jsonb not null, "status" text check ("status" in ('SUBMITTED', 'SHORTLISTED', 'DECLINED')) not null default 'SUBMITTED', "submitted_at" timestamptz not null, "submitted_by_id" uuid not null, "decided_at" timestamptz null, "decided_by_id" uuid null, "decision_reason" text null, "decision_message" text null, constraint "concept_note_pkey" primary key ("id"), constraint concept_note_requested_positive check (requested_minor > 0));`);
    this.addSql(`create index "concept_note_organization_id_index" on "concept_note" ("organization_id");`);
    this.addSql(`create index "concept_note_call_id_id_index" on "concept_note" ("call_id", "id");`);
    this.addSql(`alter table "concept_note" add constraint "concept_note_call_organization_unique" unique ("call_id", "organization_id");`);

    this.addSql(`alter table "concept_note" add constraint "concept_note_call_id_foreign" foreign key ("call_id") references "grant_call" ("id") on update cascade;`);
    this.addSql(`alter table "concept_note" add constraint "concept_note_fund_id_foreign" foreign key ("fund_id") references "fund" ("id") on update cascade;`);
    this.addSql(`alter table "concept_note" add constraint "concept_note_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade;`);

    this.addSql(`alter table "grant_call" add column "concept_closes_at" timestamptz null, add column "concept_max_chars" int not null default 3000;`);
    this.addSql(`alter table "grant_call" add constraint grant_call_concept_window check(concept_closes_at is null or (opens_at < concept_closes_at and concept_closes_at < closes_at));`);

    this.addSql(`alter table "application" add column "concept_note_id" uuid null;`);
    this.addSql(`alter table "application" add constraint "application_concept_note_id_foreign" foreign key ("concept_note_id") references "concept_note" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "application" add constraint "application_concept_note_id_unique" unique ("concept_note_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "application" drop constraint "application_concept_note_id_foreign";`);

    this.addSql(`drop table if exists "concept_note" cascade;`);

    this.addSql(`alter table "grant_call" drop constraint grant_call_concept_window;`);
    this.addSql(`alter table "grant_call" drop column "concept_closes_at", drop column "concept_max_chars";`);

    this.addSql(`alter table "application" drop constraint "application_concept_note_id_unique";`);
    this.addSql(`alter table "application" drop column "concept_note_id";`);
  }

}
