import { Migration } from '@mikro-orm/migrations';

export class Migration20261130024124 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "fund" add column "award_acceptance_days" int null;`);

    this.addSql(`alter table "award" add column "acceptance_status" text check ("acceptance_status" in ('NOT_REQUIRED', 'PENDING', 'ACCEPTED', 'DECLINED')) not null default 'NOT_REQUIRED', add column "acceptance_due_date" date null, add column "acceptance_decided_at" timestamptz null, add column "acceptance_decided_by_id" uuid null, add column "decline_reason" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "fund" drop column "award_acceptance_days";`);

    this.addSql(`alter table "award" drop column "acceptance_status", drop column "acceptance_due_date", drop column "acceptance_decided_at", drop column "acceptance_decided_by_id", drop column "decline_reason";`);
  }

}
