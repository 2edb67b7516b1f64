import { Migration } from '@mikro-orm/migrations';

export class Migration20261130052312 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "grant_call" add column "categories" jsonb not null default '[]', add column "cost_share_max_bps" int null, add column "exclude_current_grantees" boolean not null default false;`);

    this.addSql(`alter table "application" add column "category" varchar(64) null, add column "project_budget_minor" bigint null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "grant_call" drop column "categories", drop column "cost_share_max_bps", drop column "exclude_current_grantees";`);

    this.addSql(`alter table "application" drop column "category", drop column "project_budget_minor";`);
  }

}
