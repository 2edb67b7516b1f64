import type { EntityManager } from '@mikro-orm/postgresql';
import type { FilterQuery } from '@mikro-orm/core';
import { authorize } from '../auth/policy';
import type { Context } from '../graphql/context';
import { BadInputError } from '../graphql/errors';
import type { PageArgs } from '../graphql/paginate';
import { ConnectionShape, decodeCursor, encodeCursor, isSequence, pageSize, parseGlobalId } from '../graphql/relay';
import { AuditEvent } from './audit-event.entity';
import { canReadAudit } from './audit.policy';
import type { AuditEventFilter } from './audit.types';
import { countEventsOfEntities, eventsOfEntities, ownedEntities } from './audit.repository';

function afterSeq(after: string | null | undefined): bigint | null {
  if (!after) return null;
  const c = decodeCursor(after);
  if (!isSequence(c)) throw new BadInputError('Invalid cursor.', 'after');
  return BigInt(c);
}

function tryGlobalId(value: string): { type: string; id: string } | null {
  try {
    return parseGlobalId(value);
  } catch {
    return null;
  }
}

/** A global id names its type, which lets the (entity_type, entity_id, seq) index serve the filter. */
function entityCondition(filter: AuditEventFilter): Record<string, unknown> {
  const where: Record<string, unknown> = filter.entityType ? { entityType: filter.entityType } : {};
  if (!filter.entityId) return where;
  const g = tryGlobalId(filter.entityId);
  if (!g) return { ...where, entityId: filter.entityId };
  if (filter.entityType && filter.entityType !== g.type) {
    throw new BadInputError(`entityId is a ${g.type} id, not ${filter.entityType}.`, 'filter.entityId');
  }
  return { entityType: g.type, entityId: g.id };
}

export function auditEventWhere(filter: AuditEventFilter | null | undefined): FilterQuery<AuditEvent> {
  if (!filter) return {};
  const where: Record<string, unknown> = entityCondition(filter);
  if (filter.actorId) where.actorId = parseGlobalId(filter.actorId, 'User', 'filter.actorId').id;
  if (filter.action) where.action = filter.action;
  if (filter.fundId) where.fundId = parseGlobalId(filter.fundId, 'Fund', 'filter.fundId').id;
  if (filter.from || filter.to) {
    where.occurredAt = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) };
  }
  return where as FilterQuery<AuditEvent>;
}

/**
 * The statement of one page: keyset on `seq` (`seq > cursor order by seq limit n`), so a deep page
 * costs as much as the first one. Exported so a test can EXPLAIN the very SQL the API runs.
 */
export function auditPageQuery(em: EntityManager, where: FilterQuery<AuditEvent>, after: bigint | null, limit: number) {
  const qb = em.createQueryBuilder(AuditEvent).select('*').where(where);
  if (after !== null) qb.andWhere({ seq: { $gt: after } });
  return qb.orderBy({ seq: 'asc' }).limit(limit);
}

function toConnection(
  rows: AuditEvent[],
  first: number,
  after: string | null | undefined,
  count: () => Promise<number>,
): ConnectionShape<AuditEvent> {
  const edges = rows.slice(0, first).map((node) => ({ cursor: encodeCursor(node.seq.toString()), node }));
  const conn: ConnectionShape<AuditEvent> = {
    edges,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: !!after,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
  // A getter: the count runs only when a client asks for totalCount.
  Object.defineProperty(conn, 'totalCount', { get: count, enumerable: true });
  return conn;
}

/** `auditEvents`: the filtered trail, oldest first. */
export async function listAuditEvents(ctx: Context, filter: AuditEventFilter | null, page: PageArgs) {
  authorize(canReadAudit(ctx.actor));
  const where = auditEventWhere(filter);
  const first = pageSize(page.first);
  const rows = first === 0 ? [] : await auditPageQuery(ctx.em, where, afterSeq(page.after), first + 1).getResult();
  return toConnection(rows, first, page.after, () => ctx.em.count(AuditEvent, where));
}

/**
 * `history(entityId, includeRelated)`: every event of one object, by its global id, oldest first;
 * with `includeRelated`, also those of the objects it owns (see `ownedEntities`), interleaved in
 * sequence order, keyset-paginated on `seq` like the rest of the trail.
 */
export async function historyOf(ctx: Context, entityGlobalId: string, page: PageArgs, includeRelated = false) {
  authorize(canReadAudit(ctx.actor));
  const { type, id } = parseGlobalId(entityGlobalId, undefined, 'entityId');
  if (!includeRelated) return trailOf(ctx, type, id, page);
  const knex = ctx.em.getKnex();
  const keys = await ownedEntities(knex, { type, id });
  const first = pageSize(page.first);
  const rows = first === 0 ? [] : await eventsOfEntities(knex, keys, afterSeq(page.after), first + 1);
  return toConnection(
    rows.map((r) => ctx.em.map(AuditEvent, r)),
    first,
    page.after,
    () => countEventsOfEntities(knex, keys),
  );
}

interface TrailRow {
  entity_id: string;
}

/**
 * The trail of one object as a connection. Calls made in the same tick for objects of the same
 * type and page are batched into one statement (a LATERAL join that walks the
 * (entity_type, entity_id, seq) index once per object), so a list of 50 funds asking for
 * `auditTrail` costs one query, not 50.
 */
export async function trailOf(ctx: Context, entityType: string, entityId: string, page: PageArgs) {
  authorize(canReadAudit(ctx.actor));
  const first = pageSize(page.first);
  const after = afterSeq(page.after);
  const group = `${entityType}:${first}:${after ?? ''}`;
  const loader = ctx.loaders.named<string, AuditEvent[]>(`auditTrail:${group}`, async (ids) => {
    if (first === 0) return ids.map(() => []);
    const { rows } = await ctx.em.getKnex().raw(
      `select e.* from unnest(?::text[]) as k(id) cross join lateral (
         select * from audit_event a where a.entity_type = ? and a.entity_id = k.id and a.seq > ?::bigint
         order by a.seq limit ?) e`,
      [[...ids], entityType, (after ?? 0n).toString(), first + 1],
    );
    const byId = new Map<string, AuditEvent[]>();
    for (const r of rows as TrailRow[]) {
      const list = byId.get(r.entity_id) ?? [];
      list.push(ctx.em.map(AuditEvent, r));
      byId.set(r.entity_id, list);
    }
    return ids.map((id) => byId.get(id) ?? []);
  });
  const counts = ctx.loaders.named<string, number>(`auditTrailCount:${entityType}`, async (ids) => {
    const { rows } = await ctx.em
      .getKnex()
      .raw(
        'select entity_id, count(*)::int as n from audit_event where entity_type = ? and entity_id = any(?::text[]) group by entity_id',
        [entityType, [...ids]],
      );
    const n = new Map((rows as { entity_id: string; n: number }[]).map((r) => [r.entity_id, r.n]));
    return ids.map((id) => n.get(id) ?? 0);
  });
  return toConnection(await loader.load(entityId), first, page.after, () => counts.load(entityId));
}
