import { isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';

/**
 * Which fields of a type are a plain read of an entity property, found through the built schema
 * only (no type-graphql internals): the field's own resolver is called once with a probe row whose
 * every property is one marker value, and with arguments, context and info that throw when
 * touched. A plain `@Field` answers `row[property]` synchronously and touches nothing else; a field
 * resolver, `@Authorized` (the auth check reads the context, and runs as a middleware, which makes
 * the answer a promise), any middleware, a field argument or a global middleware does not. So a
 * field is plain when its resolver returned the marker after reading exactly one property, and
 * that property is the one to read (`id` reads `nodeId`).
 */
export function plainFieldOf(resolve: GraphQLFieldResolver<unknown, unknown>): string | null {
  const marker = Object.freeze({});
  const read = probe(resolve, marker);
  // Again with every property null: `row.a ?? row.b` reads one property only when `a` is set.
  return read && read === probe(resolve, null) ? read : null;
}

/** The property the resolver read and answered unchanged, when every property is `value`. */
function probe(resolve: GraphQLFieldResolver<unknown, unknown>, value: object | null): string | null {
  const read: (string | symbol)[] = [];
  const row = new Proxy(Object.create(null) as object, {
    get: (_, key) => (read.push(key), value),
    has: (_, key) => (read.push(key), false),
    ownKeys: (target) => (read.push('*'), Reflect.ownKeys(target)),
  });
  const touched = () => {
    throw new Error('touched');
  };
  const untouchable = new Proxy(Object.create(null) as object, {
    get: touched,
    has: touched,
    ownKeys: touched,
    getPrototypeOf: touched,
  });
  let answer: unknown;
  try {
    answer = resolve(row, untouchable as never, untouchable, untouchable as never);
  } catch {
    return null;
  }
  if (answer instanceof Promise) answer.catch(() => undefined);
  return answer === value && read.length === 1 && typeof read[0] === 'string' ? read[0] : null;
}

/** GraphQL type → its plain property fields (GraphQL name → property), as replaced below. */
export const plainPropertyFields = new Map<string, Map<string, string>>();

/**
 * Gives the plain property fields of `types` a resolver that reads the property, `row[property]`,
 * instead of type-graphql's pipeline (a resolver data object and a closure per field and row), and
 * records them for the compiled reads. Nested reads resolve thousands of such fields per request.
 */
export function directPropertyFields(schema: GraphQLSchema, types: Iterable<string>): number {
  let replaced = 0;
  for (const name of types) {
    const type = schema.getType(name);
    if (!isObjectType(type)) continue;
    const plain = new Map<string, string>();
    for (const [schemaName, field] of Object.entries(type.getFields())) {
      const property = field.resolve && !field.args.length ? plainFieldOf(field.resolve) : null;
      if (!property) continue;
      field.resolve = (row: Record<string, unknown>) => row[property];
      plain.set(schemaName, property);
      replaced++;
    }
    plainPropertyFields.set(name, plain);
  }
  return replaced;
}
