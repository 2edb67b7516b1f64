import { Migration } from '@mikro-orm/migrations';

export class Migration20261129194741 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "organization" add column "bank_account_status" text check ("bank_account_status" in ('PENDING_CONFIRMATION', 'CONFIRMED')) null, add column "bank_account_changed_by_id" uuid null, add column "bank_account_changed_at" timestamptz null, add column "bank_account_confirmed_by_id" uuid null, add column "bank_account_confirmed_at" timestamptz null;`);
    // Accounts on file before the confirmation rule count as confirmed (issue 11, item 2).
    this.addSql(`update "organization" set "bank_account_status" = 'CONFIRMED' where "bank_account" is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "organization" drop column "bank_account_status", drop column "bank_account_changed_by_id", drop column "bank_account_changed_at", drop column "bank_account_confirmed_by_id", drop column "bank_account_confirmed_at";`);
  }

}
