import { Migration } from '@mikro-orm/migrations';

export class Migration20261129202613 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "contribution" add column "rate_check" text check ("rate_check" in ('STORED', 'WITHIN_TOLERANCE', 'NO_STORED_RATE', 'AWAITING_CONFIRMATION', 'CONFIRMED', 'REJECTED')) null, add column "stored_rate" numeric(18,8) null, add column "rate_decided_by_id" uuid null, add column "rate_decided_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "contribution" drop column "rate_check", drop column "stored_rate", drop column "rate_decided_by_id", drop column "rate_decided_at";`);
  }

}
