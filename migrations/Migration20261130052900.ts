import { Migration } from '@mikro-orm/migrations';

/** E-mail verification (issue 13): links sent at registration, and when each address was proved. */
export class Migration20261130052900 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "email_verification" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "user_id" uuid not null, "token_hash" varchar(64) not null, "expires_at" timestamptz not null, "used_at" timestamptz null, constraint "email_verification_pkey" primary key ("id"));`);
    this.addSql(`alter table "email_verification" add constraint "email_verification_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "email_verification_user_id_index" on "email_verification" ("user_id");`);

    this.addSql(`alter table "email_verification" add constraint "email_verification_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade;`);

    this.addSql(`alter table "app_user" add column "email_verified_at" timestamptz null;`);
    // Accounts made before verification existed keep working: they count as verified when they were made.
    this.addSql(`update "app_user" set "email_verified_at" = "created_at";`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "email_verification" cascade;`);

    this.addSql(`alter table "app_user" drop column "email_verified_at";`);
  }

}
