import { Migration } from '@mikro-orm/migrations';

export class Migration20261130042119 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "fund" add column "receipt_acknowledgement_days" int not null default 14;`);

    this.addSql(`alter table "tranche_payment" add column "receipt_status" text check ("receipt_status" in ('AWAITING', 'CONFIRMED', 'DISCREPANCY', 'RESOLVED')) not null default 'AWAITING', add column "receipt_due_date" date null, add column "received_minor" bigint null, add column "received_on" date null, add column "receipt_note" text null, add column "acknowledged_by_id" uuid null, add column "acknowledged_at" timestamptz null, add column "discrepancy_resolution" text null, add column "resolved_by_id" uuid null, add column "resolved_at" timestamptz null;`);
    // Payments made before acknowledgements existed: the grantee has the policy's days from now.
    this.addSql(`update "tranche_payment" set "receipt_due_date" = greatest("value_date" + 14, current_date + 14);`);
    this.addSql(`alter table "tranche_payment" alter column "receipt_due_date" set not null;`);
    this.addSql(`alter table "tranche_payment" add constraint tranche_payment_receipt_facts check(receipt_status = 'AWAITING' or (received_minor is not null and received_minor >= 0 and received_on is not null and acknowledged_by_id is not null));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "fund" drop column "receipt_acknowledgement_days";`);

    this.addSql(`alter table "tranche_payment" drop constraint tranche_payment_receipt_facts;`);
    this.addSql(`alter table "tranche_payment" drop column "receipt_status", drop column "receipt_due_date", drop column "received_minor", drop column "received_on", drop column "receipt_note", drop column "acknowledged_by_id", drop column "acknowledged_at", drop column "discrepancy_resolution", drop column "resolved_by_id", drop column "resolved_at";`);
  }

}
