import { Migration } from '@mikro-orm/migrations';

export class Migration20261129194749 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "rate_limit" ("key" varchar(255) not null, "points" int not null default 0, "expire" bigint null, constraint "rate_limit_pkey" primary key ("key"));`);

    this.addSql(`drop table if exists "login_throttle" cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`create table "login_throttle" ("email" varchar(320) not null, "failures" int not null default 0, "locked_until" timestamptz null, constraint "login_throttle_pkey" primary key ("email"));`);

    this.addSql(`drop table if exists "rate_limit" cascade;`);
  }

}
