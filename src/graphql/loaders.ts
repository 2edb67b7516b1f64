import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EntityClass, FilterQuery } from '@mikro-orm/core';
import { viewsById } from '../db/view';

/**
 * Per-request DataLoaders: one batched `where id in (...)` per entity class and tick, so
 * field resolvers of a list cost one statement however many rows the list has.
 */
export class Loaders {
  private readonly byIdLoaders = new Map<string, DataLoader<string, object | null>>();
  private readonly entityKeys = new Map<EntityClass<object>, number>();
  private readonly custom = new Map<string, DataLoader<unknown, unknown>>();

  constructor(private readonly em: EntityManager) {}

  /**
   * `scope` names the field that loads (e.g. 'review.reviewer'): one loader per field keeps the
   * number of statements of an operation fixed, whatever order sibling fields resolve in.
   */
  byId<T extends { id: string }>(entity: EntityClass<T>, scope = ''): DataLoader<string, T | null> {
    let entityKey = this.entityKeys.get(entity as EntityClass<object>);
    if (entityKey === undefined) {
      entityKey = this.entityKeys.size;
      this.entityKeys.set(entity as EntityClass<object>, entityKey);
    }
    const key = `${entityKey}:${scope}`;
    let loader = this.byIdLoaders.get(key);
    if (!loader) {
      loader = new DataLoader<string, object | null>(async (ids) => {
        const rows = await this.em.find(entity, { id: { $in: [...ids] } } as unknown as FilterQuery<T>);
        const map = new Map(rows.map((r) => [r.id, r]));
        return ids.map((id) => map.get(id) ?? null);
      });
      this.byIdLoaders.set(key, loader);
    }
    return loader as DataLoader<string, T | null>;
  }

  /**
   * Like `byId`, but read-only views (src/db/view.ts) instead of managed entities: for relation
   * fields of lists that only display the row.
   */
  viewById<T extends { id: string }>(entity: EntityClass<T>, scope: string): DataLoader<string, T | null> {
    return this.named<string, T | null>(`view:${entity.name}:${scope}`, async (ids) => {
      const map = new Map((await viewsById(this.em, entity, ids)).map((r) => [r.id, r]));
      return ids.map((id) => map.get(id) ?? null);
    });
  }

  /** A named loader built on first use, for relations and aggregates (e.g. tranches by award). */
  named<K, V>(name: string, batch: (keys: readonly K[]) => Promise<V[]>): DataLoader<K, V> {
    let loader = this.custom.get(name);
    if (!loader) {
      loader = new DataLoader<K, V>(batch) as DataLoader<unknown, unknown>;
      this.custom.set(name, loader);
    }
    return loader as DataLoader<K, V>;
  }
}

/** Groups rows by a key, in the order of `keys`, for one-to-many loaders. */
export function groupBy<K, V>(keys: readonly K[], rows: V[], keyOf: (v: V) => K): V[][] {
  const map = new Map<K, V[]>();
  for (const r of rows) {
    const k = keyOf(r);
    const list = map.get(k);
    if (list) list.push(r);
    else map.set(k, [r]);
  }
  return keys.map((k) => map.get(k) ?? []);
}
