import { Migration } from '@mikro-orm/migrations';

export class Migration20261129204348 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "statistics_publication" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "fund_id" uuid not null, "period" varchar(7) not null, "period_start" date not null, "period_end" date not null, "report_ids" jsonb not null, "victims" jsonb not null, "carried_forward" boolean not null, "published_at" timestamptz not null, "published_by_id" uuid null, constraint "statistics_publication_pkey" primary key ("id"));`);
    this.addSql(`alter table "statistics_publication" add constraint "statistics_publication_fund_id_period_unique" unique ("fund_id", "period");`);

    this.addSql(`alter table "statistics_publication" add constraint "statistics_publication_fund_id_foreign" foreign key ("fund_id") references "fund" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "statistics_publication" cascade;`);
  }

}
