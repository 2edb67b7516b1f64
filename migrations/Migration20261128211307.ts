import { Migration } from '@mikro-orm/migrations';

export class Migration20261128211307 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "audit_event" ("seq" bigint not null, "occurred_at" timestamptz not null, "actor_id" uuid null, "actor_role" varchar(64) not null, "action" varchar(100) not null, "entity_type" varchar(64) not null, "entity_id" varchar(64) not null, "fund_id" uuid null, "before" jsonb null, "after" jsonb null, "request_id" varchar(64) null, "prev_hash" varchar(64) not null, "hash" varchar(64) not null, constraint "audit_event_pkey" primary key ("seq"), constraint audit_event_seq_positive check (seq > 0));`,
    );
    this.addSql(`create index "audit_event_occurred_at_index" on "audit_event" ("occurred_at");`);
    this.addSql(`create index "audit_event_fund_id_seq_index" on "audit_event" ("fund_id", "seq");`);
    this.addSql(`create index "audit_event_action_seq_index" on "audit_event" ("action", "seq");`);
    this.addSql(`create index "audit_event_actor_id_seq_index" on "audit_event" ("actor_id", "seq");`);
    this.addSql(
      `create index "audit_event_entity_type_entity_id_seq_index" on "audit_event" ("entity_type", "entity_id", "seq");`,
    );

    this.addSql(
      `create table "fund" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "code" varchar(32) not null, "name" varchar(300) not null, "base_currency" varchar(3) not null, "support_cost_rate_bps" int not null default 0, "min_approvals" int not null default 3, "unanimity_threshold_minor" bigint null, "audit_threshold_minor" bigint not null default 5000000, "tranche_weights" jsonb not null, "secretariat_may_review" boolean not null default false, constraint "fund_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "fund" add constraint "fund_code_unique" unique ("code");`);

    this.addSql(
      `create table "ledger_entry" ("seq" bigserial primary key, "txn_id" uuid not null, "fund_id" uuid not null, "account" text check ("account" in ('CASH', 'CONTRIBUTIONS_INCOME', 'SUPPORT_COST_PAYABLE', 'GRANT_EXPENSE', 'GRANTS_PAYABLE')) not null, "debit_minor" bigint not null default 0, "credit_minor" bigint not null default 0, "currency" varchar(3) not null, "kind" text check ("kind" in ('CONTRIBUTION_RECEIVED', 'CONTRIBUTION_REFUNDED', 'CONTRIBUTION_DISPUTED', 'CONTRIBUTION_DISPUTE_WON', 'AWARD_COMMITTED', 'AWARD_ADJUSTED', 'COMMITMENT_RELEASED', 'TRANCHE_PAID', 'GRANT_REFUND_RECEIVED', 'REVERSAL')) not null, "source_type" varchar(64) not null, "source_id" varchar(64) not null, "description" text not null, "value_date" date not null, "posted_at" timestamptz not null default now(), constraint ledger_entry_one_side check ((debit_minor > 0 and credit_minor = 0) or (credit_minor > 0 and debit_minor = 0)));`,
    );
    this.addSql(
      `create index "ledger_entry_source_type_source_id_index" on "ledger_entry" ("source_type", "source_id");`,
    );
    this.addSql(`create index "ledger_entry_txn_id_index" on "ledger_entry" ("txn_id");`);
    this.addSql(`create index "ledger_entry_fund_id_account_index" on "ledger_entry" ("fund_id", "account");`);

    this.addSql(
      `create table "login_throttle" ("email" varchar(320) not null, "failures" int not null default 0, "locked_until" timestamptz null, constraint "login_throttle_pkey" primary key ("email"));`,
    );

    this.addSql(
      `create table "organization" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "kind" text check ("kind" in ('DONOR', 'NGO')) not null, "legal_name" varchar(300) not null, "country" varchar(2) not null, "registration_number" varchar(100) null, "registration_date" date null, "countries_of_operation" jsonb not null, "website" text null, "bank_account" jsonb null, "vetting_status" text check ("vetting_status" in ('PENDING', 'VERIFIED', 'REJECTED', 'SUSPENDED')) not null default 'PENDING', "vetting_reason" text null, "vetted_by_id" uuid null, "vetted_at" timestamptz null, "is_public_donor" boolean not null default false, constraint "organization_pkey" primary key ("id"));`,
    );

    this.addSql(
      `create table "app_user" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "email" varchar(320) not null, "display_name" varchar(200) not null, "password_hash" text not null, "active" boolean not null default true, constraint "app_user_pkey" primary key ("id"), constraint app_user_email_lower check (email = lower(email)));`,
    );
    this.addSql(`alter table "app_user" add constraint "app_user_email_unique" unique ("email");`);

    this.addSql(
      `create table "role_grant" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "user_id" uuid not null, "role" text check ("role" in ('ADMIN', 'SECRETARIAT', 'BOARD_MEMBER', 'AUDITOR', 'DONOR', 'NGO')) not null, "fund_id" uuid null, "organization_id" uuid null, constraint "role_grant_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "role_grant_user_id_index" on "role_grant" ("user_id");`);

    this.addSql(
      `create table "membership" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "user_id" uuid not null, "organization_id" uuid not null, constraint "membership_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "membership" add constraint "membership_user_id_organization_id_unique" unique ("user_id", "organization_id");`,
    );

    this.addSql(
      `alter table "ledger_entry" add constraint "ledger_entry_fund_id_foreign" foreign key ("fund_id") references "fund" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "role_grant" add constraint "role_grant_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "role_grant" add constraint "role_grant_fund_id_foreign" foreign key ("fund_id") references "fund" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "role_grant" add constraint "role_grant_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "membership" add constraint "membership_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "membership" add constraint "membership_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade;`,
    );

    // Hand-written: the audit trail is append-only in the database itself.
    this.addSql(`create or replace function audit_event_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'audit_event is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
      end $$;`);
    this.addSql(
      `create trigger audit_event_no_update_delete before update or delete on "audit_event" for each row execute function audit_event_append_only();`,
    );
    this.addSql(
      `create trigger audit_event_no_truncate before truncate on "audit_event" for each statement execute function audit_event_append_only();`,
    );

    // Hand-written: every group of ledger lines balances, checked at commit (deferred).
    this.addSql(`create or replace function ledger_check_balanced() returns trigger language plpgsql as $$
      declare diff bigint;
      begin
        select coalesce(sum(debit_minor), 0) - coalesce(sum(credit_minor), 0) into diff
          from ledger_entry where txn_id = new.txn_id;
        if diff <> 0 then
          raise exception 'unbalanced ledger transaction % (debits - credits = %)', new.txn_id, diff
            using errcode = 'check_violation';
        end if;
        return null;
      end $$;`);
    this.addSql(
      `create constraint trigger ledger_entry_balanced after insert on "ledger_entry" deferrable initially deferred for each row execute function ledger_check_balanced();`,
    );

    // Hand-written: posted lines are never changed; corrections are reversing entries.
    this.addSql(`create or replace function ledger_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'ledger_entry is append-only: % refused; post a reversing entry', tg_op using errcode = 'insufficient_privilege';
      end $$;`);
    this.addSql(
      `create trigger ledger_entry_no_update_delete before update or delete on "ledger_entry" for each row execute function ledger_append_only();`,
    );
    this.addSql(
      `create trigger ledger_entry_no_truncate before truncate on "ledger_entry" for each statement execute function ledger_append_only();`,
    );
  }
}
