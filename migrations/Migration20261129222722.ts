import { Migration } from '@mikro-orm/migrations';

export class Migration20261129222722 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "fund" add column "receiving_account" jsonb null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "fund" drop column "receiving_account";`);
  }

}
