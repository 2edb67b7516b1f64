import { ReferenceKind, type EntityClass, type EntityMetadata, type EntityProperty } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Read-only views of rows for the hot list loaders: objects with the entity's prototype (so its
 * getters, e.g. `nodeId`, work) and its persistent properties converted as MikroORM's hydrator
 * converts them, but not registered in the identity map, not change-tracked and with to-one
 * relations as `{ id }` stubs of the target's prototype. Hydrating ~1,000 managed entities per
 * nested read cost most of its CPU. Never flush or mutate a view: load the entity for writes.
 */
interface Plan {
  prop: EntityProperty;
  column: string;
  target?: object;
}

const plans = new WeakMap<EntityMetadata, Plan[]>();

function planOf(em: EntityManager, meta: EntityMetadata): Plan[] {
  let plan = plans.get(meta);
  if (plan) return plan;
  plan = [];
  for (const prop of meta.props) {
    if (prop.persist === false || !prop.fieldNames || prop.fieldNames.length !== 1) continue;
    if (prop.kind === ReferenceKind.SCALAR) plan.push({ prop, column: prop.fieldNames[0]! });
    else if (prop.kind === ReferenceKind.MANY_TO_ONE || (prop.kind === ReferenceKind.ONE_TO_ONE && prop.owner)) {
      const targetMeta = em.getMetadata().find(prop.type)!;
      plan.push({ prop, column: prop.fieldNames[0]!, target: targetMeta.class.prototype as object });
    } else if (prop.kind === ReferenceKind.EMBEDDED)
      throw new Error(`views do not map embedded ${meta.className}.${prop.name}`);
  }
  plans.set(meta, plan);
  return plan;
}

/** Maps raw rows (column names) of `entity`'s table to read-only views. */
export function viewsOf<T>(em: EntityManager, entity: EntityClass<T>, rows: Record<string, unknown>[]): T[] {
  const meta = em.getMetadata().get(entity.name);
  const plan = planOf(em, meta);
  const platform = em.getPlatform();
  const proto = entity.prototype as object;
  return rows.map((row) => {
    // Own data properties first, prototype after: assigning on an object whose prototype is the
    // entity's would run MikroORM's change-tracking setters (a WrappedEntity per row).
    const view: Record<string, unknown> = {};
    for (const { prop, column, target } of plan) {
      const raw = row[column];
      if (raw === undefined) continue;
      if (raw === null) view[prop.name] = null;
      else if (target) view[prop.name] = Object.setPrototypeOf({ id: raw }, target) as object;
      else if (prop.customType) view[prop.name] = prop.customType.convertToJSValue(raw, platform);
      else if (prop.runtimeType === 'boolean') view[prop.name] = !!raw;
      else if (prop.runtimeType === 'Date' && !(raw instanceof Date)) view[prop.name] = new Date(raw as string);
      else view[prop.name] = raw;
    }
    return Object.setPrototypeOf(view, proto) as T;
  });
}

/** Views of the rows of `entity` with these ids (any order). */
export async function viewsById<T>(em: EntityManager, entity: EntityClass<T>, ids: readonly string[]): Promise<T[]> {
  const meta = em.getMetadata().get(entity.name);
  const rows = await em.execute<Record<string, unknown>[]>(`select * from "${meta.tableName}" where id in (?)`, [
    [...ids],
  ]);
  return viewsOf(em, entity, rows);
}
