import { Migration } from '@mikro-orm/migrations';

export class Migration20261128215720 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "award_amendment" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "award_id" uuid not null, "status" text check ("status" in ('PENDING', 'APPROVED', 'REJECTED')) not null default 'PENDING', "old_total_minor" bigint not null, "new_total_minor" bigint not null, "changes" jsonb not null, "reason" text not null, "proposed_by_id" uuid not null, "decided_at" timestamptz null, constraint "award_amendment_pkey" primary key ("id"));`);
    this.addSql(`create index "award_amendment_award_id_index" on "award_amendment" ("award_id");`);

    this.addSql(`create table "report_submission" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "report_id" uuid not null, "version" int not null, "period_from" date not null, "period_to" date not null, "narrative" text not null, "spending" jsonb not null, "beneficiaries" jsonb not null, "submitted_by_id" uuid not null, "submitted_at" timestamptz not null, "review_comment" text null, constraint "report_submission_pkey" primary key ("id"), constraint report_submission_period check (period_from <= period_to));`);
    this.addSql(`create index "report_submission_report_id_index" on "report_submission" ("report_id");`);
    this.addSql(`alter table "report_submission" add constraint "report_submission_report_id_version_unique" unique ("report_id", "version");`);

    this.addSql(`create table "notification" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "user_id" uuid not null, "kind" varchar(64) not null, "subject" varchar(300) not null, "body" text not null, "entity_type" varchar(64) null, "entity_id" uuid null, "dedupe_key" varchar(300) not null, "read_at" timestamptz null, "emailed_at" timestamptz null, constraint "notification_pkey" primary key ("id"));`);
    this.addSql(`create index "notification_user_id_id_index" on "notification" ("user_id", "id");`);
    this.addSql(`alter table "notification" add constraint "notification_dedupe_key" unique ("dedupe_key");`);

    this.addSql(`create table "amendment_vote" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "amendment_id" uuid not null, "voter_id" uuid not null, "choice" text check ("choice" in ('APPROVE', 'REJECT', 'ABSTAIN')) not null, "reason" text not null, constraint "amendment_vote_pkey" primary key ("id"));`);
    this.addSql(`alter table "amendment_vote" add constraint "amendment_vote_one_per_member" unique ("amendment_id", "voter_id");`);

    this.addSql(`alter table "award_amendment" add constraint "award_amendment_award_id_foreign" foreign key ("award_id") references "award" ("id") on update cascade;`);

    this.addSql(`alter table "report_submission" add constraint "report_submission_report_id_foreign" foreign key ("report_id") references "report" ("id") on update cascade;`);

    this.addSql(`alter table "notification" add constraint "notification_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade;`);

    this.addSql(`alter table "amendment_vote" add constraint "amendment_vote_amendment_id_foreign" foreign key ("amendment_id") references "award_amendment" ("id") on update cascade;`);
    this.addSql(`alter table "amendment_vote" add constraint "amendment_vote_voter_id_foreign" foreign key ("voter_id") references "app_user" ("id") on update cascade;`);

    this.addSql(`alter table "report" drop constraint if exists "report_status_check";`);

    this.addSql(`alter table "fund" add column "tranche_approver_roles" jsonb not null default '["SECRETARIAT"]';`);

    this.addSql(`alter table "award" add column "released_minor" bigint not null default 0, add column "refunded_minor" bigint not null default 0, add column "closed_at" timestamptz null, add column "termination_reference" text null;`);

    this.addSql(`alter table "report" add column "accepted_at" timestamptz null, add column "accepted_by_id" uuid null, add column "current_submission_id" uuid null;`);
    this.addSql(`alter table "report" add constraint "report_current_submission_id_foreign" foreign key ("current_submission_id") references "report_submission" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "report" add constraint "report_status_check" check("status" in ('DUE', 'SUBMITTED', 'ACCEPTED', 'REVISION_REQUESTED', 'OVERDUE'));`);

    this.addSql(`alter table "tranche" add column "requested_by_id" uuid null, add column "requested_at" timestamptz null, add column "approved_by_id" uuid null, add column "approved_at" timestamptz null, add column "paid_minor" bigint null, add column "paid_on" date null, add column "payment_reference" text null, add column "cancellation_reason" text null;`);
    this.addSql(`alter table "tranche" add constraint tranche_four_eyes check(approved_by_id is null or approved_by_id <> requested_by_id);`);
    this.addSql(`alter table "tranche" add constraint tranche_paid_consistent check((status = 'PAID') = (paid_minor is not null and paid_on is not null));`);

    // Hand-written: the paid tranches of an award never exceed what is still committed to it
    // (amount − released), checked at commit whatever code path wrote the rows.
    this.addSql(`create or replace function tranche_check_within_award() returns trigger language plpgsql as $$
      declare paid bigint; cap bigint;
      begin
        select coalesce(sum(t.paid_minor), 0) into paid from tranche t where t.award_id = new.award_id;
        select a.amount_minor - a.released_minor into cap from award a where a.id = new.award_id;
        if paid > cap then
          raise exception 'tranches of award % paid % above its committed %', new.award_id, paid, cap
            using errcode = 'check_violation';
        end if;
        return null;
      end $$;`);
    this.addSql(
      `create constraint trigger tranche_within_award after insert or update on "tranche" deferrable initially deferred for each row execute function tranche_check_within_award();`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists tranche_within_award on "tranche";`);
    this.addSql(`drop function if exists tranche_check_within_award();`);
    this.addSql(`alter table "amendment_vote" drop constraint "amendment_vote_amendment_id_foreign";`);

    this.addSql(`alter table "report" drop constraint "report_current_submission_id_foreign";`);

    this.addSql(`drop table if exists "award_amendment" cascade;`);

    this.addSql(`drop table if exists "report_submission" cascade;`);

    this.addSql(`drop table if exists "notification" cascade;`);

    this.addSql(`drop table if exists "amendment_vote" cascade;`);

    this.addSql(`alter table "report" drop constraint if exists "report_status_check";`);

    this.addSql(`alter table "award" drop column "released_minor", drop column "refunded_minor", drop column "closed_at", drop column "termination_reference";`);

    this.addSql(`alter table "fund" drop column "tranche_approver_roles";`);

    this.addSql(`alter table "report" drop column "accepted_at", drop column "accepted_by_id", drop column "current_submission_id";`);

    this.addSql(`alter table "report" add constraint "report_status_check" check("status" in ('DUE', 'SUBMITTED', 'ACCEPTED', 'REVISION_REQUESTED'));`);

    this.addSql(`alter table "tranche" drop constraint tranche_four_eyes;`);
    this.addSql(`alter table "tranche" drop constraint tranche_paid_consistent;`);
    this.addSql(`alter table "tranche" drop column "requested_by_id", drop column "requested_at", drop column "approved_by_id", drop column "approved_at", drop column "paid_minor", drop column "paid_on", drop column "payment_reference", drop column "cancellation_reason";`);
  }

}
