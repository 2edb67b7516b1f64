import { Migration } from '@mikro-orm/migrations';

/** Teams (issue 13): the ORG_ADMIN role and invitations to an organisation's team. */
export class Migration20261130053000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "invitation" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "organization_id" uuid not null, "email" varchar(320) not null, "role" text check ("role" in ('MEMBER', 'ADMIN')) not null, "invited_by_id" uuid not null, "token_hash" varchar(64) not null, "expires_at" timestamptz not null, "accepted_at" timestamptz null, "accepted_by_id" uuid null, "revoked_at" timestamptz null, constraint "invitation_pkey" primary key ("id"));`);
    this.addSql(`alter table "invitation" add constraint "invitation_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "invitation_organization_id_email_index" on "invitation" ("organization_id", "email");`);

    this.addSql(`alter table "invitation" add constraint "invitation_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade;`);
    this.addSql(`alter table "invitation" add constraint "invitation_invited_by_id_foreign" foreign key ("invited_by_id") references "app_user" ("id") on update cascade;`);
    this.addSql(`alter table "invitation" add constraint "invitation_accepted_by_id_foreign" foreign key ("accepted_by_id") references "app_user" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "role_grant" drop constraint if exists "role_grant_role_check";`);

    this.addSql(`alter table "role_grant" add constraint "role_grant_role_check" check("role" in ('ADMIN', 'SECRETARIAT', 'BOARD_MEMBER', 'AUDITOR', 'DONOR', 'NGO', 'ORG_ADMIN'));`);
    // Each existing organisation's first member administers its team, as a registering user now does.
    this.addSql(`insert into "role_grant" ("id", "user_id", "role", "fund_id", "organization_id")
      select gen_random_uuid(), m.user_id, 'ORG_ADMIN', null, m.organization_id
        from (select distinct on (organization_id) organization_id, user_id from "membership"
               order by organization_id, created_at, id) m;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "invitation" cascade;`);

    this.addSql(`alter table "role_grant" drop constraint if exists "role_grant_role_check";`);

    this.addSql(`alter table "role_grant" add constraint "role_grant_role_check" check("role" in ('ADMIN', 'SECRETARIAT', 'BOARD_MEMBER', 'AUDITOR', 'DONOR', 'NGO'));`);
  }

}
