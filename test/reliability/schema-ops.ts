import { getNamedType, isObjectType, type GraphQLField, type GraphQLObjectType, type GraphQLSchema } from 'graphql';

export interface SchemaOperation {
  kind: 'query' | 'mutation';
  field: GraphQLField<unknown, unknown>;
}

/** Every root field of the schema: the queries, then the mutations. */
export function schemaOperations(schema: GraphQLSchema): SchemaOperation[] {
  return [
    ...Object.values(schema.getQueryType()!.getFields()).map((field) => ({ kind: 'query' as const, field })),
    ...Object.values(schema.getMutationType()?.getFields() ?? {}).map((field) => ({
      kind: 'mutation' as const,
      field,
    })),
  ];
}

/**
 * A selection valid for any output type that asks for nothing guarded below the root: __typename,
 * plus the payload's errors and a connection's edges when present.
 */
export function selection(field: GraphQLField<unknown, unknown>): string {
  const t = getNamedType(field.type);
  if (!isObjectType(t) && !('getFields' in t)) return '';
  const fields = (t as GraphQLObjectType).getFields();
  const parts = ['__typename'];
  if (fields.errors) parts.push('errors { field code message }');
  if (fields.edges) parts.push('edges { cursor }');
  if (fields.pageInfo) parts.push('pageInfo { hasNextPage }');
  return `{ ${parts.join(' ')} }`;
}

/** `query Op($a: T!) { field(a: $a) { … } }` with every argument as a variable. */
export function operationFor({ kind, field }: SchemaOperation): string {
  const defs = field.args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  return `${kind} Op${defs ? `(${defs})` : ''} { ${field.name}${args ? `(${args})` : ''} ${selection(field)} }`;
}
