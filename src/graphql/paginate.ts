import type { EntityManager } from '@mikro-orm/postgresql';
import type { EntityClass, FilterQuery } from '@mikro-orm/core';
import { ArgsType, Field, Int } from 'type-graphql';
import { BadInputError } from './errors';
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

/**
 * Keyset pagination on a strictly increasing key (UUIDv7 `id` by default): rows inserted while
 * a client pages sort after every cursor it holds, so pages have neither duplicates nor gaps.
 * `totalCount` is a getter, so its count query runs only when a client asks for it.
 */
export async function paginate<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  where: FilterQuery<T>,
  args: PageArgs,
  key: keyof T & string = 'id' as keyof T & string,
  parseKey: (cursor: string) => unknown = uuidCursor,
): Promise<ConnectionShape<T>> {
  const first = pageSize(args.first);
  const conds: FilterQuery<T>[] = [where];
  if (args.after) conds.push({ [key]: { $gt: parseKey(decodeCursor(args.after)) } } as FilterQuery<T>);
  const rows =
    first === 0
      ? []
      : await em.find(entity, { $and: conds } as FilterQuery<T>, {
          orderBy: { [key]: 'asc' } as never,
          limit: first + 1,
        });
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
