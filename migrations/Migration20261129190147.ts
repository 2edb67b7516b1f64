import { Migration } from '@mikro-orm/migrations';

export class Migration20261129190147 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "tranche_payment" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "tranche_id" uuid not null, "amount_minor" bigint not null, "value_date" date not null, "reference" text not null, "paid_by_id" uuid not null, "partial_reason" text null, constraint "tranche_payment_pkey" primary key ("id"), constraint tranche_payment_positive check (amount_minor > 0));`);
    this.addSql(`create index "tranche_payment_tranche_id_index" on "tranche_payment" ("tranche_id");`);
    this.addSql(`alter table "tranche_payment" add constraint "tranche_payment_reference_unique" unique ("tranche_id", "reference");`);

    this.addSql(`alter table "tranche_payment" add constraint "tranche_payment_tranche_id_foreign" foreign key ("tranche_id") references "tranche" ("id") on update cascade;`);

    this.addSql(`alter table "fund" add column "payment_separation_of_duties" boolean not null default true, add column "fx_tolerance_bps" int not null default 200;`);

    this.addSql(`alter table "tranche" drop constraint tranche_paid_consistent;`);

    this.addSql(`alter table "tranche" add column "paid_by_id" uuid null;`);
    // Tranches paid before this migration: one payment each, by whoever the audit trail says recorded it.
    this.addSql(`update "tranche" t set "paid_by_id" = (select e.actor_id from audit_event e
      where e.entity_type = 'Tranche' and e.entity_id = t.id::text and e.action = 'tranche.pay' order by e.seq desc limit 1)
      where t.status = 'PAID';`);
    this.addSql(`insert into "tranche_payment" ("id", "created_at", "updated_at", "tranche_id", "amount_minor", "value_date", "reference", "paid_by_id", "partial_reason")
      select gen_random_uuid(), t.updated_at, t.updated_at, t.id, t.paid_minor, t.paid_on, coalesce(t.payment_reference, 'unknown'),
             coalesce(t.paid_by_id, t.approved_by_id, t.requested_by_id), null
        from "tranche" t where t.status = 'PAID' and coalesce(t.paid_by_id, t.approved_by_id, t.requested_by_id) is not null;`);
    this.addSql(`alter table "tranche" add constraint tranche_paid_consistent_v2 check((status <> 'PAID' or paid_minor is not null) and (paid_minor is null or (paid_minor > 0 and paid_on is not null)));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "tranche_payment" cascade;`);

    this.addSql(`alter table "fund" drop column "payment_separation_of_duties", drop column "fx_tolerance_bps";`);

    this.addSql(`alter table "tranche" drop constraint tranche_paid_consistent_v2;`);
    this.addSql(`alter table "tranche" drop column "paid_by_id";`);

    this.addSql(`alter table "tranche" add constraint tranche_paid_consistent check((status = 'PAID') = (paid_minor is not null and paid_on is not null));`);
  }

}
