import { Field, ID, InterfaceType, ObjectType, Int, ClassType } from 'type-graphql';
import { fromGlobalId } from 'graphql-relay';
import { BadInputError } from './errors';
import { isUuid } from '../core/ids';

@InterfaceType({ description: 'An object with a global id, fetchable through `node(id)`.' })
export abstract class Node {
  @Field(() => ID, { name: 'id', description: 'Global id.' })
  nodeId!: string;
}

/** graphql-relay's `toGlobalId`, with Node's native base64 (its pure-JS encoder showed in profiles). */
export function globalId(type: string, id: string): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64');
}

const INT8_MAX = 9_223_372_036_854_775_807n;

/** Types whose database id is a 64-bit sequence number rather than a UUID. */
const SEQUENCE_ID_TYPES = new Set(['AuditEvent']);

/** A positive PostgreSQL bigint written in decimal; anything else would fail in the database. */
export function isSequence(value: string): boolean {
  return /^\d{1,19}$/.test(value) && BigInt(value) <= INT8_MAX;
}

/** Whether `id` has the form of the database id of `type`, so a lookup cannot fail in PostgreSQL. */
export function isIdOf(type: string, id: string): boolean {
  return SEQUENCE_ID_TYPES.has(type) ? isSequence(id) : isUuid(id);
}

/** Decodes a global id; when `expected` is given the id must be of that type. */
export function parseGlobalId(gid: string, expected?: string, field = 'id'): { type: string; id: string } {
  const { type, id } = fromGlobalId(gid);
  if (!type || !isIdOf(type, id) || (expected && type !== expected)) {
    throw new BadInputError(`"${gid}" is not a valid ${expected ?? 'node'} id.`, field);
  }
  return { type, id };
}

@ObjectType()
export class PageInfo {
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => Boolean) hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true }) startCursor!: string | null;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

export interface ConnectionShape<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  totalCount?: number;
}

const connectionTypes = new Map<string, ClassType>();

/** Builds (once per type) the `XConnection` and `XEdge` GraphQL types for a node type. */
export function Connection<T extends object>(
  nodeType: ClassType<T>,
  name = nodeType.name,
): ClassType<ConnectionShape<T>> {
  const existing = connectionTypes.get(name);
  if (existing) return existing as ClassType<ConnectionShape<T>>;

  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => String) cursor!: string;
    @Field(() => nodeType) node!: T;
  }

  @ObjectType(`${name}Connection`)
  class Conn {
    @Field(() => [Edge]) edges!: Edge[];
    @Field(() => PageInfo) pageInfo!: PageInfo;
    @Field(() => Int, { nullable: true, description: 'Total number of items matching the filter.' })
    totalCount?: number;
  }
  connectionTypes.set(name, Conn);
  return Conn as ClassType<ConnectionShape<T>>;
}

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export function pageSize(first: number | null | undefined): number {
  if (first == null) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw new BadInputError(`first must be between 0 and ${MAX_PAGE_SIZE}.`, 'first');
  }
  return first;
}

export function encodeCursor(key: string): string {
  return Buffer.from(`c:${key}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  const raw = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!raw.startsWith('c:')) throw new BadInputError('Invalid cursor.', 'after');
  return raw.slice(2);
}
