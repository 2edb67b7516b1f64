import { Migration } from '@mikro-orm/migrations';

export class Migration20261129192621 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "report" drop constraint if exists "report_status_check";`);

    this.addSql(`alter table "report" add column "waived_at" timestamptz null, add column "waived_by_id" uuid null, add column "waiver_reason" text null;`);
    this.addSql(`alter table "report" add constraint "report_status_check" check("status" in ('DUE', 'SUBMITTED', 'ACCEPTED', 'REVISION_REQUESTED', 'OVERDUE', 'WAIVED'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "report" drop constraint if exists "report_status_check";`);

    this.addSql(`alter table "report" drop column "waived_at", drop column "waived_by_id", drop column "waiver_reason";`);

    this.addSql(`alter table "report" add constraint "report_status_check" check("status" in ('DUE', 'SUBMITTED', 'ACCEPTED', 'REVISION_REQUESTED', 'OVERDUE'));`);
  }

}
