import { Migration } from '@mikro-orm/migrations';

export class Migration20261130045610 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "bank_statement_line" drop constraint if exists "bank_statement_line_status_check";`);

    this.addSql(`alter table "bank_statement_line" add column "rejected_pledge_ids" jsonb not null default '[]', add column "ignore_reason" text null;`);
    this.addSql(`alter table "bank_statement_line" add constraint "bank_statement_line_status_check" check("status" in ('UNMATCHED', 'PROPOSED', 'CONFIRMED', 'IGNORED'));`);
    // Proposals rejected before this column existed: their pledges, from the trail, are not proposed again.
    this.addSql(`update "bank_statement_line" l set "rejected_pledge_ids" = r.ids
      from (select entity_id, jsonb_agg(distinct after->>'rejectedPledgeId') as ids from audit_event
             where action = 'bank_line.reject_match' and after->>'rejectedPledgeId' is not null group by entity_id) r
     where r.entity_id = l.id::text;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "bank_statement_line" drop constraint if exists "bank_statement_line_status_check";`);

    this.addSql(`alter table "bank_statement_line" drop column "rejected_pledge_ids", drop column "ignore_reason";`);

    this.addSql(`alter table "bank_statement_line" add constraint "bank_statement_line_status_check" check("status" in ('UNMATCHED', 'PROPOSED', 'CONFIRMED'));`);
  }

}
