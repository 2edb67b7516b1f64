import type { EntityManager } from '@mikro-orm/postgresql';
import type { EntityClass, FilterQuery } from '@mikro-orm/core';
import { ArgsType, Field, Int } from 'type-graphql';
import { BadInputError } from './errors';
import { viewsOf } from '../db/view';
import { ConnectionShape, decodeCursor, encodeCursor, isUuid, pageSize } from './relay';

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: 'Page size, at most 100 (default 20).' })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Cursor after which the page starts.' })
  after?: string | null;
}

/** The default key is a UUID column: a forged cursor must not reach PostgreSQL as a bad uuid. */
function uuidCursor(cursor: string): string {
  if (!isUuid(cursor)) throw new BadInputError('Invalid cursor.', 'after');
  return cursor;
}

type Fetch = <T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  where: FilterQuery<T>,
  orderBy: Record<string, 'asc'>,
  limit: number,
) => Promise<T[]>;

const managed: Fetch = (em, entity, where, orderBy, limit) =>
  em.find(entity, where, { orderBy: orderBy as never, limit });

/** Read-only views (src/db/view.ts) instead of managed entities. */
const views: Fetch = async (em, entity, where, orderBy, limit) =>
  viewsOf(
    em,
    entity,
    await em.createQueryBuilder(entity).select('*').where(where).orderBy(orderBy).limit(limit).execute('all', false),
  );

/**
 * Keyset pagination on a strictly increasing key (UUIDv7 `id` by default): rows inserted while
 * a client pages sort after every cursor it holds, so pages have neither duplicates nor gaps.
 * `totalCount` is a getter, so its count query runs only when a client asks for it.
 */
export function paginate<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  where: FilterQuery<T>,
  args: PageArgs,
  key: keyof T & string = 'id' as keyof T & string,
  parseKey: (cursor: string) => unknown = uuidCursor,
): Promise<ConnectionShape<T>> {
  return keysetPage(managed, em, entity, where, args, key, parseKey);
}

/** `paginate` for lists that are only displayed: read-only views, never flushed. */
export function paginateViews<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  where: FilterQuery<T>,
  args: PageArgs,
): Promise<ConnectionShape<T>> {
  return keysetPage(views, em, entity, where, args, 'id' as keyof T & string, uuidCursor);
}

async function keysetPage<T extends object>(
  fetch: Fetch,
  em: EntityManager,
  entity: EntityClass<T>,
  where: FilterQuery<T>,
  args: PageArgs,
  key: keyof T & string,
  parseKey: (cursor: string) => unknown,
): Promise<ConnectionShape<T>> {
  const first = pageSize(args.first);
  const conds: FilterQuery<T>[] = [where];
  if (args.after) conds.push({ [key]: { $gt: parseKey(decodeCursor(args.after)) } } as FilterQuery<T>);
  const rows =
    first === 0 ? [] : await fetch(em, entity, { $and: conds } as FilterQuery<T>, { [key]: 'asc' }, first + 1);
  const page = rows.slice(0, first);
  const edges = page.map((node) => ({ cursor: encodeCursor(String((node as Record<string, unknown>)[key])), node }));
  const conn: ConnectionShape<T> = {
    edges,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: !!args.after,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
  Object.defineProperty(conn, 'totalCount', { get: () => em.count(entity, where), enumerable: true });
  return conn;
}
