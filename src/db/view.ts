import { ReferenceKind, type EntityClass, type EntityMetadata, type EntityProperty } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { required } from '../core/required';

/**
 * Read-only views of rows for the hot list loaders: objects with the entity's prototype (so its
 * getters, e.g. `nodeId`, work) and its persistent properties converted as MikroORM's hydrator
 * converts them, but not registered in the identity map, not change-tracked and with to-one
 * relations as `{ id }` stubs of the target's prototype. Hydrating ~1,000 managed entities per
 * nested read cost most of its CPU. Never flush or mutate a view: load the entity for writes.
 */
interface Plan {
  proto: object;
  props: { prop: EntityProperty; column: string; stub?: object }[];
}

const plans = new WeakMap<EntityMetadata, Plan>();

/**
 * Assigning on an object whose prototype is the entity's would run MikroORM's change-tracking
 * setters (a WrappedEntity per row): views inherit from a prototype between the two whose
 * writable data properties shadow those setters, so a view's properties are plain own ones.
 */
function shadowOf(meta: EntityMetadata, names: string[]): object {
  const descriptors: PropertyDescriptorMap = {};
  for (const name of names) descriptors[name] = { value: undefined, writable: true, configurable: true };
  return Object.create(meta.class.prototype as object, descriptors) as object;
}

function planOf(em: EntityManager, meta: EntityMetadata): Plan {
  let plan = plans.get(meta);
  if (plan) return plan;
  const props: Plan['props'] = [];
  for (const prop of meta.props) {
    if (prop.persist === false || !prop.fieldNames || prop.fieldNames.length !== 1) continue;
    if (prop.kind === ReferenceKind.SCALAR)
      props.push({ prop, column: required(prop.fieldNames[0], 'prop.fieldNames[0]') });
    else if (prop.kind === ReferenceKind.MANY_TO_ONE || (prop.kind === ReferenceKind.ONE_TO_ONE && prop.owner)) {
      const stub = shadowOf(required(em.getMetadata().find(prop.type), 'metadata of the relation'), ['id']);
      props.push({ prop, column: required(prop.fieldNames[0], 'prop.fieldNames[0]'), stub });
    } else if (prop.kind === ReferenceKind.EMBEDDED)
      throw new Error(`views do not map embedded ${meta.className}.${prop.name}`);
  }
  plan = {
    proto: shadowOf(
      meta,
      props.map((p) => p.prop.name),
    ),
    props,
  };
  plans.set(meta, plan);
  return plan;
}

/** Maps raw rows (column names) of `entity`'s table to read-only views. */
export function viewsOf<T>(em: EntityManager, entity: EntityClass<T>, rows: Record<string, unknown>[]): T[] {
  const { proto, props } = planOf(em, em.getMetadata().get(entity.name));
  const platform = em.getPlatform();
  return rows.map((row) => {
    const view = Object.create(proto) as Record<string, unknown>;
    for (const { prop, column, stub } of props) {
      const raw = row[column];
      if (raw === undefined) continue;
      if (raw === null) view[prop.name] = null;
      else if (stub) {
        const ref = Object.create(stub) as { id: unknown };
        ref.id = raw;
        view[prop.name] = ref;
      } else if (prop.customType) view[prop.name] = prop.customType.convertToJSValue(raw, platform);
      else if (prop.runtimeType === 'boolean') view[prop.name] = !!raw;
      else if (prop.runtimeType === 'Date' && !(raw instanceof Date)) view[prop.name] = new Date(raw as string);
      else view[prop.name] = raw;
    }
    return view as T;
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
