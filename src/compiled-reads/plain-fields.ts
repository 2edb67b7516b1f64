import { getMetadataStorage } from 'type-graphql';
import { isObjectType, type GraphQLSchema } from 'graphql';

interface FieldMeta {
  target: object;
  name: string;
  schemaName: string;
  roles?: unknown[];
  middlewares?: unknown[];
  params?: unknown[];
}

/**
 * type-graphql resolves every plain property field through its middleware pipeline (a resolver
 * data object and a closure per field and row), even with no roles and no middlewares. This
 * replaces exactly those resolvers by the property read they end in, `root[propertyName]`: the
 * property, not the GraphQL name (`id` reads `nodeId`). Fields with a field resolver, roles
 * (`@Authorized`, even without roles) or middlewares keep type-graphql's resolver. Nested reads
 * resolve thousands of such fields per request. Only for a schema built without
 * `globalMiddlewares` (they would run in the replaced resolvers).
 */
/** GraphQL type → its plain property fields (GraphQL name → property), as replaced below. */
export const plainPropertyFields = new Map<string, Map<string, string>>();

export function directPropertyFields(schema: GraphQLSchema): number {
  const storage = getMetadataStorage() as unknown as {
    objectTypes: { name: string; target: { prototype: object }; interfaceClasses?: object[] }[];
    fields: FieldMeta[];
  };
  const fieldsByTarget = new Map<object, FieldMeta[]>();
  for (const f of storage.fields) {
    const list = fieldsByTarget.get(f.target) ?? [];
    list.push(f);
    fieldsByTarget.set(f.target, list);
  }
  let replaced = 0;
  for (const ot of storage.objectTypes) {
    const type = schema.getType(ot.name);
    if (!type || !isObjectType(type)) continue;
    // Where type-graphql looks for a field's metadata: the class, its superclasses, its interfaces.
    const owners: object[] = [];
    for (
      let c = ot.target as unknown as { prototype?: object } | null;
      c && c.prototype;
      c = Object.getPrototypeOf(c) as never
    )
      owners.push(c);
    owners.push(...(ot.interfaceClasses ?? []));
    for (const [schemaName, field] of Object.entries(type.getFields())) {
      if (!field.resolve || !field.resolve.toString().includes('root[fieldMetadata.name]')) continue;
      const meta = owners.map((o) => fieldsByTarget.get(o)?.find((f) => f.schemaName === schemaName)).find(Boolean);
      if (!meta || meta.roles || meta.middlewares?.length || meta.params?.length) continue;
      const property = meta.name;
      field.resolve = (root: Record<string, unknown>) => root[property];
      const plain = plainPropertyFields.get(ot.name) ?? new Map<string, string>();
      plainPropertyFields.set(ot.name, plain.set(schemaName, property));
      replaced++;
    }
  }
  return replaced;
}
