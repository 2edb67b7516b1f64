import { Migration } from '@mikro-orm/migrations';

export class Migration20261128211607 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "exchange_rate" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "currency" varchar(3) not null, "base_currency" varchar(3) not null, "month" varchar(7) not null, "rate" numeric(18,8) not null, "set_by_id" uuid not null, constraint "exchange_rate_pkey" primary key ("id"), constraint exchange_rate_positive check (rate > 0));`);
    this.addSql(`alter table "exchange_rate" add constraint "exchange_rate_month_unique" unique ("currency", "base_currency", "month");`);

    this.addSql(`create table "pledge" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "fund_id" uuid not null, "donor_organization_id" uuid not null, "amount_minor" bigint not null, "currency" varchar(3) not null, "paid_minor" bigint not null default 0, "due_date" date not null, "earmark" varchar(300) null, "note" text null, "status" text check ("status" in ('PLEDGED', 'PARTIALLY_PAID', 'FULFILLED', 'CANCELLED')) not null default 'PLEDGED', "cancel_reason" text null, "cancelled_at" timestamptz null, "cancelled_by_id" uuid null, "created_by_id" uuid not null, constraint "pledge_pkey" primary key ("id"), constraint pledge_paid_not_negative check (paid_minor >= 0), constraint pledge_amount_positive check (amount_minor > 0));`);
    this.addSql(`create index "pledge_fund_id_status_index" on "pledge" ("fund_id", "status");`);
    this.addSql(`create index "pledge_donor_organization_id_index" on "pledge" ("donor_organization_id");`);

    this.addSql(`create table "contribution" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "fund_id" uuid not null, "donor_organization_id" uuid not null, "pledge_id" uuid null, "channel" text check ("channel" in ('STRIPE', 'WIRE')) not null, "status" text check ("status" in ('PENDING', 'RECEIVED', 'FAILED', 'REFUNDED', 'DISPUTED')) not null default 'PENDING', "amount_minor" bigint not null, "currency" varchar(3) not null, "exchange_rate" numeric(18,8) not null, "base_amount_minor" bigint not null, "base_currency" varchar(3) not null, "refunded_minor" bigint not null default 0, "booked_base_minor" bigint not null default 0, "booked_support_cost_minor" bigint not null default 0, "receipt_booked" boolean not null default false, "succeeded" boolean not null default false, "dispute_status" text check ("dispute_status" in ('OPEN', 'WON', 'LOST')) null, "value_date" date null, "bank_reference" varchar(100) null, "stripe_payment_intent_id" varchar(255) null, "stripe_charge_id" varchar(255) null, "failure_reason" text null, "idempotency_key" varchar(255) null, "request_hash" varchar(64) null, "created_by_id" uuid not null, "note" text null, constraint "contribution_pkey" primary key ("id"), constraint contribution_booked_range check (booked_base_minor >= 0 and booked_base_minor <= base_amount_minor and booked_support_cost_minor >= 0), constraint contribution_refund_range check (refunded_minor >= 0 and refunded_minor <= amount_minor), constraint contribution_amount_positive check (amount_minor > 0 and base_amount_minor > 0));`);
    this.addSql(`create index "contribution_pledge_id_index" on "contribution" ("pledge_id");`);
    this.addSql(`create index "contribution_fund_id_index" on "contribution" ("fund_id");`);
    this.addSql(`create index "contribution_donor_organization_id_index" on "contribution" ("donor_organization_id");`);
    this.addSql(`alter table "contribution" add constraint "contribution_payment_intent_unique" unique ("stripe_payment_intent_id");`);
    this.addSql(`alter table "contribution" add constraint "contribution_bank_reference_unique" unique ("bank_reference");`);
    this.addSql(`alter table "contribution" add constraint "contribution_idempotency_unique" unique ("created_by_id", "idempotency_key");`);

    this.addSql(`create table "stripe_event" ("id" varchar(255) not null, "type" varchar(100) not null, "livemode" boolean not null, "outcome" varchar(20) not null, "received_at" timestamptz not null default now(), constraint "stripe_event_pkey" primary key ("id"));`);

    this.addSql(`alter table "pledge" add constraint "pledge_fund_id_foreign" foreign key ("fund_id") references "fund" ("id") on update cascade;`);
    this.addSql(`alter table "pledge" add constraint "pledge_donor_organization_id_foreign" foreign key ("donor_organization_id") references "organization" ("id") on update cascade;`);

    this.addSql(`alter table "contribution" add constraint "contribution_fund_id_foreign" foreign key ("fund_id") references "fund" ("id") on update cascade;`);
    this.addSql(`alter table "contribution" add constraint "contribution_donor_organization_id_foreign" foreign key ("donor_organization_id") references "organization" ("id") on update cascade;`);
    this.addSql(`alter table "contribution" add constraint "contribution_pledge_id_foreign" foreign key ("pledge_id") references "pledge" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "contribution" drop constraint "contribution_pledge_id_foreign";`);

    this.addSql(`drop table if exists "exchange_rate" cascade;`);

    this.addSql(`drop table if exists "pledge" cascade;`);

    this.addSql(`drop table if exists "contribution" cascade;`);

    this.addSql(`drop table if exists "stripe_event" cascade;`);
  }

}
