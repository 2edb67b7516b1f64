import type { EntityManager } from '@mikro-orm/postgresql';
import type { EntityClass, FilterQuery, LockMode } from '@mikro-orm/core';
import { DomainError, ErrorCode } from '../core/errors';
import { parseGlobalId } from '../graphql/relay';

/** Loads an entity by its global id or fails with NOT_FOUND on `field`. */
export async function getByGlobalId<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  typeName: string,
  gid: string,
  field: string,
  opts: { lockMode?: LockMode } = {},
): Promise<T> {
  const { id } = parseGlobalId(gid, typeName, field);
  const row = await em.findOne(entity, { id } as FilterQuery<T>, opts);
  if (!row) throw new DomainError(ErrorCode.NOT_FOUND, `${typeName} not found.`, field);
  return row;
}
