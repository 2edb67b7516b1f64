import { Migration } from '@mikro-orm/migrations';

export class Migration20261130043811 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "totp_credential" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "user_id" uuid not null, "secret_ciphertext" varchar(200) not null, "confirmed_at" timestamptz null, "last_used_step" int null, constraint "totp_credential_pkey" primary key ("id"));`);
    this.addSql(`alter table "totp_credential" add constraint "totp_credential_user_id_unique" unique ("user_id");`);

    this.addSql(`create table "recovery_code" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "user_id" uuid not null, "code_hash" varchar(64) not null, "used_at" timestamptz null, constraint "recovery_code_pkey" primary key ("id"));`);
    this.addSql(`create index "recovery_code_user_id_index" on "recovery_code" ("user_id");`);
    this.addSql(`alter table "recovery_code" add constraint "recovery_code_user_id_code_hash_unique" unique ("user_id", "code_hash");`);

    this.addSql(`create table "passkey" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "user_id" uuid not null, "credential_id" varchar(1400) not null, "public_key" text not null, "counter" bigint not null, "transports" jsonb null, "name" varchar(100) not null, "backed_up" boolean not null default false, "last_used_at" timestamptz null, constraint "passkey_pkey" primary key ("id"));`);
    this.addSql(`alter table "passkey" add constraint "passkey_credential_id_unique" unique ("credential_id");`);
    this.addSql(`create index "passkey_user_id_index" on "passkey" ("user_id");`);

    this.addSql(`create table "login_challenge" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "user_id" uuid not null, "token_hash" varchar(64) not null, "expires_at" timestamptz not null, "used_at" timestamptz null, "failed_attempts" int not null default 0, "user_agent" varchar(400) null, constraint "login_challenge_pkey" primary key ("id"));`);
    this.addSql(`alter table "login_challenge" add constraint "login_challenge_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "login_challenge_user_id_index" on "login_challenge" ("user_id");`);

    this.addSql(`create table "webauthn_challenge" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "user_id" uuid null, "challenge" varchar(100) not null, "purpose" varchar(16) not null, "login_challenge_id" uuid null, "expires_at" timestamptz not null, "used_at" timestamptz null, constraint "webauthn_challenge_pkey" primary key ("id"));`);
    this.addSql(`alter table "webauthn_challenge" add constraint "webauthn_challenge_challenge_unique" unique ("challenge");`);

    this.addSql(`alter table "totp_credential" add constraint "totp_credential_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade;`);

    this.addSql(`alter table "recovery_code" add constraint "recovery_code_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade;`);

    this.addSql(`alter table "passkey" add constraint "passkey_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade;`);

    this.addSql(`alter table "login_challenge" add constraint "login_challenge_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade;`);

    this.addSql(`alter table "webauthn_challenge" add constraint "webauthn_challenge_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "fund" add column "step_up_actions" jsonb not null default '["CAST_BOARD_VOTE","APPROVE_TRANCHE","RECORD_PAYMENT","CONFIRM_BANK_ACCOUNT","VET_ORGANIZATION","GRANT_ROLE"]';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "totp_credential" cascade;`);

    this.addSql(`drop table if exists "recovery_code" cascade;`);

    this.addSql(`drop table if exists "passkey" cascade;`);

    this.addSql(`drop table if exists "login_challenge" cascade;`);

    this.addSql(`drop table if exists "webauthn_challenge" cascade;`);

    this.addSql(`alter table "fund" drop column "step_up_actions";`);
  }

}
