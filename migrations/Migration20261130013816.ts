import { Migration } from '@mikro-orm/migrations';

export class Migration20261130013816 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "bank_statement" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "fund_id" uuid not null, "format" text check ("format" in ('CAMT053', 'MT940')) not null, "statement_ref" varchar(100) not null, "account" varchar(100) not null, "sha256" varchar(64) not null, "skipped_count" int not null default 0, "imported_by_id" uuid not null, constraint "bank_statement_pkey" primary key ("id"));`);
    this.addSql(`alter table "bank_statement" add constraint "bank_statement_once" unique ("fund_id", "account", "statement_ref");`);

    this.addSql(`create table "bank_statement_line" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "statement_id" uuid not null, "fund_id" uuid not null, "line_ref" varchar(100) not null, "amount_minor" bigint not null, "currency" varchar(3) not null, "value_date" date not null, "booking_date" date null, "remittance" text not null default '', "debtor_name" varchar(300) null, "debtor_account" varchar(100) null, "status" text check ("status" in ('UNMATCHED', 'PROPOSED', 'CONFIRMED')) not null default 'UNMATCHED', "proposed_pledge_id" uuid null, "match_kind" text check ("match_kind" in ('EXACT', 'FUZZY')) null, "match_score" int null, "match_reasons" jsonb not null default '[]', "contribution_id" uuid null, "decided_by_id" uuid null, "decided_at" timestamptz null, "reject_reason" text null, constraint "bank_statement_line_pkey" primary key ("id"), constraint bank_statement_line_confirmed_has_contribution check ((status = 'CONFIRMED') = (contribution_id is not null)), constraint bank_statement_line_amount_positive check (amount_minor > 0));`);
    this.addSql(`alter table "bank_statement_line" add constraint "bank_statement_line_contribution_unique" unique ("contribution_id");`);
    this.addSql(`create index "bank_statement_line_fund_id_status_index" on "bank_statement_line" ("fund_id", "status");`);
    this.addSql(`alter table "bank_statement_line" add constraint "bank_statement_line_once" unique ("statement_id", "line_ref");`);

    this.addSql(`alter table "bank_statement" add constraint "bank_statement_fund_id_foreign" foreign key ("fund_id") references "fund" ("id") on update cascade;`);

    this.addSql(`alter table "bank_statement_line" add constraint "bank_statement_line_statement_id_foreign" foreign key ("statement_id") references "bank_statement" ("id") on update cascade;`);
    this.addSql(`alter table "bank_statement_line" add constraint "bank_statement_line_fund_id_foreign" foreign key ("fund_id") references "fund" ("id") on update cascade;`);
    this.addSql(`alter table "bank_statement_line" add constraint "bank_statement_line_proposed_pledge_id_foreign" foreign key ("proposed_pledge_id") references "pledge" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "bank_statement_line" add constraint "bank_statement_line_contribution_id_foreign" foreign key ("contribution_id") references "contribution" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "bank_statement_line" drop constraint "bank_statement_line_statement_id_foreign";`);

    this.addSql(`drop table if exists "bank_statement" cascade;`);

    this.addSql(`drop table if exists "bank_statement_line" cascade;`);
  }

}
