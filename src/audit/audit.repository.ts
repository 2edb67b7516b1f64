import type { Knex } from '@mikro-orm/postgresql';

/** An object of the trail: its GraphQL type name (`audit_event.entity_type`) and database id. */
export interface EntityKey {
  type: string;
  id: string;
}

/**
 * The objects an award, application or organisation owns, itself included, for
 * `history(entityId, includeRelated: true)`: one statement.
 * - Award: its tranches (requests, approvals, payments, cancellations), reports (submissions,
 *   acceptances, revisions, waivers) and schedule amendments;
 * - Application: its reviews, board votes and declared conflicts, and its award with the above;
 * - Organization: its applications with the above, and conflicts declared about it.
 * An event type owned by one of these must be added here to appear in the owner's history.
 */
export async function ownedEntities(knex: Knex, root: EntityKey): Promise<EntityKey[]> {
  const sql = `
    with
      orgs as (select id from organization where ?::text = 'Organization' and id::text = ?),
      apps as (
        select id from application where ?::text = 'Application' and id::text = ?
        union select id from application where organization_id in (select id from orgs)),
      awards as (
        select id from award where ?::text = 'Award' and id::text = ?
        union select id from award where application_id in (select id from apps))
    select 'Organization' as type, id::text as id from orgs
    union all select 'Application', id::text from apps
    union all select 'Review', id::text from review where application_id in (select id from apps)
    union all select 'BoardVote', id::text from board_vote where application_id in (select id from apps)
    union all select 'ConflictDeclaration', id::text from conflict_declaration
      where application_id in (select id from apps) or organization_id in (select id from orgs)
    union all select 'Award', id::text from awards
    union all select 'Tranche', id::text from tranche where award_id in (select id from awards)
    union all select 'Report', id::text from report where award_id in (select id from awards)
    union all select 'AwardAmendment', id::text from award_amendment where award_id in (select id from awards)`;
  const { rows } = await knex.raw(sql, [root.type, root.id, root.type, root.id, root.type, root.id]);
  const keys = rows as EntityKey[];
  return keys.some((k) => k.type === root.type && k.id === root.id) ? keys : [root, ...keys];
}

/** One keyset page (`seq > after`) of the events of `keys`, oldest first. */
export async function eventsOfEntities(
  knex: Knex,
  keys: EntityKey[],
  after: bigint | null,
  limit: number,
): Promise<Record<string, unknown>[]> {
  const { rows } = await knex.raw(
    `select e.* from audit_event e
      join unnest(?::text[], ?::text[]) as k(type, id) on e.entity_type = k.type and e.entity_id = k.id
     where e.seq > ?::bigint order by e.seq limit ?`,
    [keys.map((k) => k.type), keys.map((k) => k.id), (after ?? 0n).toString(), limit],
  );
  return rows as Record<string, unknown>[];
}

export async function countEventsOfEntities(knex: Knex, keys: EntityKey[]): Promise<number> {
  const { rows } = await knex.raw(
    `select count(*)::int as n from audit_event e
      join unnest(?::text[], ?::text[]) as k(type, id) on e.entity_type = k.type and e.entity_id = k.id`,
    [keys.map((k) => k.type), keys.map((k) => k.id)],
  );
  return (rows as { n: number }[])[0].n;
}
