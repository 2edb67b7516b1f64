import { Migration } from '@mikro-orm/migrations';

export class Migration20261129002053 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "application_call_id_id_index" on "application" ("call_id", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "application_call_id_id_index";`);
  }

}
