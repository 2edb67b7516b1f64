import type { EntityManager } from '@mikro-orm/postgresql';
import type { EntityClass, FilterQuery } from '@mikro-orm/core';
import { ArgsType, Field, Int } from 'type-graphql';
import { BadInputError } from './errors';
import { viewsOf } from '../db/view';
import { ConnectionShape, decodeCursor, encodeCursor, pageSize } from './relay';
import { isUuid } from '../core/ids';

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

/** Fetches a page's rows (`limit` is one more than the page) with each row's key, in key order. */
export type Fetch<T> = (where: FilterQuery<T>, orderBy: Record<string, 'asc'>, limit: number) => Promise<Keyed<T>[]>;
export interface Keyed<T> {
  key: string;
  node: T;
}

const keyed = <T extends object>(rows: T[], key: string): Keyed<T>[] =>
  rows.map((node) => ({ key: String((node as Record<string, unknown>)[key]), node }));

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
  const fetch: Fetch<T> = async (w, orderBy, limit) =>
    keyed(await em.find(entity, w, { orderBy: orderBy as never, limit }), key);
  return keysetPage(fetch, em, entity, where, args, key, parseKey);
}

/** `paginate` for lists that are only displayed: read-only views (src/db/view.ts), never flushed. */
export function paginateViews<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  where: FilterQuery<T>,
  args: PageArgs,
): Promise<ConnectionShape<T>> {
  const fetch: Fetch<T> = async (w, orderBy, limit) =>
    keyed(
      viewsOf(
        em,
        entity,
        await em.createQueryBuilder(entity).select('*').where(w).orderBy(orderBy).limit(limit).execute('all', false),
      ),
      'id',
    );
  return keysetPage(fetch, em, entity, where, args, 'id' as keyof T & string, uuidCursor);
}

/** Pages of `id`-keyed rows read by `fetch` (e.g. a compiled statement, src/compiled-reads/). */
export function paginateWith<T extends object>(
  em: EntityManager,
  entity: EntityClass<object>,
  where: FilterQuery<object>,
  args: PageArgs,
  fetch: Fetch<object>,
): Promise<ConnectionShape<T>> {
  return keysetPage(fetch, em, entity, where, args, 'id' as never, uuidCursor) as unknown as Promise<
    ConnectionShape<T>
  >;
}

async function keysetPage<T extends object>(
  fetch: Fetch<T>,
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
  const rows = first === 0 ? [] : await fetch({ $and: conds } as FilterQuery<T>, { [key]: 'asc' }, first + 1);
  const page = rows.slice(0, first);
  const edges = page.map((r) => ({ cursor: encodeCursor(r.key), node: r.node }));
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
