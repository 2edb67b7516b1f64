import { Migration } from '@mikro-orm/migrations';

export class Migration20261128211614 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "grant_call" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "fund_id" uuid not null, "title" varchar(300) not null, "description" text not null, "themes" jsonb not null, "eligible_countries" jsonb not null, "currency" varchar(3) not null, "min_award_minor" bigint not null, "max_award_minor" bigint not null, "envelope_minor" bigint not null, "max_duration_months" int not null, "opens_at" timestamptz not null, "closes_at" timestamptz not null, "rubric" jsonb not null, "eligibility_rules" jsonb not null, "allow_pending_vetting" boolean not null default false, "status" text check ("status" in ('DRAFT', 'OPEN', 'CLOSED', 'IN_REVIEW', 'DECIDED', 'CANCELLED')) not null default 'DRAFT', "created_by_id" uuid not null, constraint "grant_call_pkey" primary key ("id"), constraint grant_call_envelope_positive check (envelope_minor > 0), constraint grant_call_window check (opens_at < closes_at), constraint grant_call_award_limits check (min_award_minor > 0 and min_award_minor <= max_award_minor));`);
    this.addSql(`create index "grant_call_fund_id_status_index" on "grant_call" ("fund_id", "status");`);

    this.addSql(`create table "application" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "call_id" uuid not null, "fund_id" uuid not null, "organization_id" uuid not null, "project_title" varchar(300) not null, "summary" text not null, "requested_minor" bigint not null, "currency" varchar(3) not null, "duration_months" int not null, "start_date" date null, "budget_lines" jsonb not null, "target_beneficiaries" jsonb not null, "countries" jsonb not null, "status" text check ("status" in ('DRAFT', 'SUBMITTED', 'INFO_REQUESTED', 'ELIGIBLE', 'INELIGIBLE', 'UNDER_REVIEW', 'RECOMMENDED', 'NOT_RECOMMENDED', 'APPROVED', 'REJECTED', 'AWARDED', 'WITHDRAWN')) not null default 'DRAFT', "version" int not null default 0, "submitted_at" timestamptz null, "created_by_id" uuid not null, "info_request" text null, "recommended_by_id" uuid null, "recommended_at" timestamptz null, "proposed_minor" bigint null, "recommendation_comment" text null, "decided_at" timestamptz null, constraint "application_pkey" primary key ("id"), constraint application_requested_non_negative check (requested_minor >= 0));`);
    this.addSql(`create index "application_organization_id_index" on "application" ("organization_id");`);
    this.addSql(`create index "application_fund_id_status_index" on "application" ("fund_id", "status");`);
    this.addSql(`alter table "application" add constraint "application_call_organization_unique" unique ("call_id", "organization_id");`);

    this.addSql(`create table "eligibility_check" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "application_id" uuid not null, "version" int not null, "rule_key" varchar(100) not null, "passed" boolean not null, "comment" text null, "decided_by_id" uuid not null, "decided_at" timestamptz not null, constraint "eligibility_check_pkey" primary key ("id"));`);
    this.addSql(`create index "eligibility_check_application_id_index" on "eligibility_check" ("application_id");`);

    this.addSql(`create table "award" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "application_id" uuid not null, "fund_id" uuid not null, "call_id" uuid not null, "organization_id" uuid not null, "amount_minor" bigint not null, "currency" varchar(3) not null, "status" text check ("status" in ('ACTIVE', 'COMPLETED', 'TERMINATED')) not null default 'ACTIVE', "start_date" date not null, "end_date" date not null, "approved_at" timestamptz not null, constraint "award_pkey" primary key ("id"), constraint award_amount_positive check (amount_minor > 0));`);
    this.addSql(`create index "award_call_id_index" on "award" ("call_id");`);
    this.addSql(`create index "award_fund_id_organization_id_index" on "award" ("fund_id", "organization_id");`);
    this.addSql(`alter table "award" add constraint "award_one_per_application" unique ("application_id");`);

    this.addSql(`create table "application_version" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "application_id" uuid not null, "version" int not null, "content" jsonb not null, "submitted_at" timestamptz not null, "submitted_by_id" uuid not null, constraint "application_version_pkey" primary key ("id"));`);
    this.addSql(`alter table "application_version" add constraint "application_version_application_id_version_unique" unique ("application_id", "version");`);

    this.addSql(`create table "report" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "award_id" uuid not null, "kind" text check ("kind" in ('INTERIM', 'FINAL', 'FINANCIAL', 'AUDIT')) not null, "due_date" date not null, "status" text check ("status" in ('DUE', 'SUBMITTED', 'ACCEPTED', 'REVISION_REQUESTED')) not null default 'DUE', constraint "report_pkey" primary key ("id"));`);
    this.addSql(`create index "report_award_id_index" on "report" ("award_id");`);

    this.addSql(`create table "tranche" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "award_id" uuid not null, "number" int not null, "planned_minor" bigint not null, "planned_date" date not null, "condition_report_id" uuid null, "status" text check ("status" in ('SCHEDULED', 'REQUESTED', 'APPROVED', 'PAID', 'CANCELLED')) not null default 'SCHEDULED', constraint "tranche_pkey" primary key ("id"), constraint tranche_amount_positive check (planned_minor > 0));`);
    this.addSql(`alter table "tranche" add constraint "tranche_award_id_number_unique" unique ("award_id", "number");`);

    this.addSql(`create table "review" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "application_id" uuid not null, "reviewer_id" uuid not null, "scores" jsonb not null, "comment" text not null, "weighted_hundredths" int not null, constraint "review_pkey" primary key ("id"));`);
    this.addSql(`alter table "review" add constraint "review_one_per_reviewer" unique ("application_id", "reviewer_id");`);

    this.addSql(`create table "conflict_declaration" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "member_id" uuid not null, "fund_id" uuid not null, "organization_id" uuid null, "application_id" uuid null, "has_conflict" boolean not null, "nature" text not null, "declared_at" timestamptz not null, constraint "conflict_declaration_pkey" primary key ("id"), constraint conflict_declaration_target check (organization_id is not null or application_id is not null));`);
    this.addSql(`create index "conflict_declaration_member_id_fund_id_index" on "conflict_declaration" ("member_id", "fund_id");`);

    this.addSql(`create table "board_vote" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "application_id" uuid not null, "voter_id" uuid not null, "choice" text check ("choice" in ('APPROVE', 'REJECT', 'ABSTAIN')) not null, "reason" text not null, "cast_at" timestamptz not null, constraint "board_vote_pkey" primary key ("id"));`);
    this.addSql(`alter table "board_vote" add constraint "board_vote_one_per_member" unique ("application_id", "voter_id");`);

    this.addSql(`alter table "grant_call" add constraint "grant_call_fund_id_foreign" foreign key ("fund_id") references "fund" ("id") on update cascade;`);

    this.addSql(`alter table "application" add constraint "application_call_id_foreign" foreign key ("call_id") references "grant_call" ("id") on update cascade;`);
    this.addSql(`alter table "application" add constraint "application_fund_id_foreign" foreign key ("fund_id") references "fund" ("id") on update cascade;`);
    this.addSql(`alter table "application" add constraint "application_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade;`);

    this.addSql(`alter table "eligibility_check" add constraint "eligibility_check_application_id_foreign" foreign key ("application_id") references "application" ("id") on update cascade;`);

    this.addSql(`alter table "award" add constraint "award_application_id_foreign" foreign key ("application_id") references "application" ("id") on update cascade;`);
    this.addSql(`alter table "award" add constraint "award_fund_id_foreign" foreign key ("fund_id") references "fund" ("id") on update cascade;`);
    this.addSql(`alter table "award" add constraint "award_call_id_foreign" foreign key ("call_id") references "grant_call" ("id") on update cascade;`);
    this.addSql(`alter table "award" add constraint "award_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade;`);

    this.addSql(`alter table "application_version" add constraint "application_version_application_id_foreign" foreign key ("application_id") references "application" ("id") on update cascade;`);

    this.addSql(`alter table "report" add constraint "report_award_id_foreign" foreign key ("award_id") references "award" ("id") on update cascade;`);

    this.addSql(`alter table "tranche" add constraint "tranche_award_id_foreign" foreign key ("award_id") references "award" ("id") on update cascade;`);
    this.addSql(`alter table "tranche" add constraint "tranche_condition_report_id_foreign" foreign key ("condition_report_id") references "report" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "review" add constraint "review_application_id_foreign" foreign key ("application_id") references "application" ("id") on update cascade;`);
    this.addSql(`alter table "review" add constraint "review_reviewer_id_foreign" foreign key ("reviewer_id") references "app_user" ("id") on update cascade;`);

    this.addSql(`alter table "conflict_declaration" add constraint "conflict_declaration_member_id_foreign" foreign key ("member_id") references "app_user" ("id") on update cascade;`);
    this.addSql(`alter table "conflict_declaration" add constraint "conflict_declaration_fund_id_foreign" foreign key ("fund_id") references "fund" ("id") on update cascade;`);
    this.addSql(`alter table "conflict_declaration" add constraint "conflict_declaration_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "conflict_declaration" add constraint "conflict_declaration_application_id_foreign" foreign key ("application_id") references "application" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "board_vote" add constraint "board_vote_application_id_foreign" foreign key ("application_id") references "application" ("id") on update cascade;`);
    this.addSql(`alter table "board_vote" add constraint "board_vote_voter_id_foreign" foreign key ("voter_id") references "app_user" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "application" drop constraint "application_call_id_foreign";`);

    this.addSql(`alter table "award" drop constraint "award_call_id_foreign";`);

    this.addSql(`alter table "eligibility_check" drop constraint "eligibility_check_application_id_foreign";`);

    this.addSql(`alter table "award" drop constraint "award_application_id_foreign";`);

    this.addSql(`alter table "application_version" drop constraint "application_version_application_id_foreign";`);

    this.addSql(`alter table "review" drop constraint "review_application_id_foreign";`);

    this.addSql(`alter table "conflict_declaration" drop constraint "conflict_declaration_application_id_foreign";`);

    this.addSql(`alter table "board_vote" drop constraint "board_vote_application_id_foreign";`);

    this.addSql(`alter table "report" drop constraint "report_award_id_foreign";`);

    this.addSql(`alter table "tranche" drop constraint "tranche_award_id_foreign";`);

    this.addSql(`alter table "tranche" drop constraint "tranche_condition_report_id_foreign";`);

    this.addSql(`drop table if exists "grant_call" cascade;`);

    this.addSql(`drop table if exists "application" cascade;`);

    this.addSql(`drop table if exists "eligibility_check" cascade;`);

    this.addSql(`drop table if exists "award" cascade;`);

    this.addSql(`drop table if exists "application_version" cascade;`);

    this.addSql(`drop table if exists "report" cascade;`);

    this.addSql(`drop table if exists "tranche" cascade;`);

    this.addSql(`drop table if exists "review" cascade;`);

    this.addSql(`drop table if exists "conflict_declaration" cascade;`);

    this.addSql(`drop table if exists "board_vote" cascade;`);
  }

}
