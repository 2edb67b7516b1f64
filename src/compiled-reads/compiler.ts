import DataLoader from 'dataloader';
import {
  defaultFieldResolver,
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isAbstractType,
  isObjectType,
  Kind,
  type FieldNode,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { DateTimeType, DateType, JsonType, type EntityClass, type FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { readFilter } from '../auth/read-rule';
import type { Context } from '../graphql/context';
import { ForbiddenError } from '../core/errors';
import { paginateWith, type PageArgs } from '../graphql/paginate';
import type { ConnectionShape } from '../graphql/relay';
import { directPropertyFields, plainPropertyFields } from './plain-fields';
import {
  column,
  embeddedTypeNames,
  globalIdSql,
  registeredTypes,
  type Expr,
  type ReadScope,
  type SqlField,
} from './registry';

/**
 * Look-ahead for nested list reads: compiles the selection under a list field into one SQL
 * statement that builds the GraphQL result with `json_build_object` / `json_agg`, instead of one
 * batched statement per relation level and an object per row. What compiles and what falls back
 * to the resolvers (the reference, compared both ways by `test/sql-read.test.ts`): README.md.
 */

/** Marks an object that came from a compiled statement: its fields are keyed by response name. */
const COMPILED = Symbol('compiled');
/** Key of the value standing for a refused field in a compiled object (GraphQL names have no `$`). */
const REFUSED = '$refused';

const TIMESTAMP = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

interface ResolvedType {
  table: string;
  fields: Map<string, SqlField>;
  joins: Expr[];
}
const resolved = new Map<string, ResolvedType>();

/** A registration completed with the type's plain column fields, from the two metadata stores. */
function typeOf(em: EntityManager, name: string): ResolvedType | undefined {
  let r = resolved.get(name);
  if (r) return r;
  const reg = registeredTypes.get(name);
  if (!reg) return undefined;
  const meta = em.getMetadata().get(reg.entity.name);
  const fields = new Map<string, SqlField>([['id', globalIdSql(name)]]);
  for (const [schemaName, property] of plainPropertyFields.get(name) ?? []) {
    const prop = meta.properties[property as never] as (typeof meta.props)[number] | undefined;
    if (!prop || prop.persist === false || prop.kind !== 'scalar' || prop.fieldNames?.length !== 1) continue;
    const col = prop.fieldNames[0]!;
    const custom = prop.customType;
    if (custom instanceof DateTimeType) {
      fields.set(schemaName, { kind: 'scalar', sql: (t) => `to_char(${t}.${col} at time zone 'UTC', ${TIMESTAMP})` });
    } else if (!custom || custom instanceof JsonType || custom instanceof DateType) {
      if (custom || ['string', 'number', 'boolean'].includes(prop.runtimeType))
        fields.set(schemaName, { kind: 'scalar', sql: column(col) });
    }
  }
  for (const [k, f] of Object.entries(reg.fields)) fields.set(k, f);
  r = { table: meta.tableName, fields, joins: reg.joins };
  resolved.set(name, r);
  return r;
}

/** A compiled selection: its `json_build_object(...)`, and where its nested objects will be. */
interface Built {
  sql: string;
  marks: Marks[];
}

/** Where a compiled object's nested objects are, to mark them after the JSON is parsed. */
interface Marks {
  key: string;
  children: Marks[];
}

class Compiler {
  private n = 0;
  constructor(
    private readonly ctx: Context,
    private readonly info: GraphQLResolveInfo,
    private readonly scope: ReadScope,
  ) {}

  /** `json_build_object(...)` of the selection on a row of `type` aliased `alias`, or null to fall back. */
  object(type: GraphQLObjectType, alias: string, sets: readonly SelectionSetNode[]): Built | null {
    const t = typeOf(this.ctx.em, type.name);
    const selected = t && this.collect(type, sets);
    if (!t || !selected || selected.size > 50) return null;
    const pairs: string[] = [];
    const marks: Marks[] = [];
    for (const [key, nodes] of selected) {
      const name = nodes[0]!.name.value;
      if (name === '__typename') continue;
      const field = t.fields.get(name);
      if (!field || (field.kind !== 'relation' && nodes.some((n) => n.arguments?.length))) return null;
      let sql: string;
      if (field.kind === 'scalar') sql = field.sql(alias);
      else if (field.kind === 'embedded') {
        const embedded = this.info.schema.getType(field.type) as GraphQLObjectType;
        const sub = this.collect(
          embedded,
          nodes.map((n) => n.selectionSet!),
        );
        if (!sub) return null;
        const inner: string[] = [];
        for (const [k, ns] of sub) {
          if (ns[0]!.name.value === '__typename') continue;
          const e = field.fields[ns[0]!.name.value];
          if (!e || ns.some((n) => n.arguments?.length)) return null;
          inner.push(`'${k}', ${e(alias)}`);
        }
        const obj = `json_build_object(${inner.join(', ')})`;
        sql = field.nullWhen ? `(case when ${field.nullWhen(alias)} then null else ${obj} end)` : obj;
        marks.push({ key, children: [] });
      } else {
        if (field.allow && !field.allow(this.ctx, this.scope)) return null;
        const childType = this.info.schema.getType(field.type);
        const child = `t${++this.n}`;
        const target = isObjectType(childType) ? typeOf(this.ctx.em, childType.name) : undefined;
        const args = this.args(type, nodes, field.args ?? []);
        const built =
          target &&
          args &&
          this.object(
            childType as GraphQLObjectType,
            child,
            nodes.map((n) => n.selectionSet!),
          );
        if (!target || !args || !built) return null;
        const rule = field.readRule;
        const table = rule
          ? `(${selectSql(this.ctx.em, rule.entity, readFilter(rule, this.ctx.actor) as FilterQuery<object>)})`
          : `"${target.table}"`;
        const joins = target.joins.map((j) => ` ${j(child)}`).join('');
        const limit = field.limit?.(args) ?? null;
        const order = field.orderBy ? ` order by ${field.orderBy(child)}` : '';
        let from = `from ${table} ${child}${joins} where ${field.on(alias, child)}`;
        if (limit !== null) {
          const rows = `${child}_rows`;
          const ordered = field.orderBy ? ` order by ${field.orderBy(rows)}` : '';
          from =
            `from (select * from ${table} ${rows} where ${field.on(alias, rows)}${ordered} limit ${Number(limit)}) ` +
            `${child}${joins}`;
        }
        sql = field.list
          ? `(select coalesce(json_agg(${built.sql}${order}), '[]'::json) ${from})`
          : `(select ${built.sql} ${from})`;
        const refusal = field.refuse?.(this.ctx, this.scope, alias);
        if (refusal) {
          const reason = refusal.reason.replace(/'/g, "''");
          sql = `(case when ${refusal.when} then json_build_object('${REFUSED}', '${reason}') else ${sql} end)`;
        }
        marks.push({ key, children: built.marks });
      }
      pairs.push(`'${key}', ${sql}`);
    }
    return { sql: `json_build_object(${pairs.join(', ')})`, marks };
  }

  /** The field's argument values, or null when it has one the relation does not take. */
  private args(parent: GraphQLObjectType, nodes: FieldNode[], known: string[]): Record<string, unknown> | null {
    const node = nodes[0]!;
    if (node.arguments?.some((a) => !known.includes(a.name.value))) return null;
    const def = parent.getFields()[node.name.value];
    return def ? getArgumentValues(def, node, this.info.variableValues) : null;
  }

  /** graphql-js's field collection (fragments, @skip/@include), or null for anything else. */
  collect(type: GraphQLObjectType, sets: readonly SelectionSetNode[]): Map<string, FieldNode[]> | null {
    const out = new Map<string, FieldNode[]>();
    const visit = (set: SelectionSetNode): boolean => {
      for (const sel of set.selections) {
        for (const d of sel.directives ?? []) if (d.name.value !== 'skip' && d.name.value !== 'include') return false;
        if (getDirectiveValues(GraphQLSkipDirective, sel, this.info.variableValues)?.if === true) continue;
        if (getDirectiveValues(GraphQLIncludeDirective, sel, this.info.variableValues)?.if === false) continue;
        if (sel.kind === Kind.FIELD) {
          const key = sel.alias?.value ?? sel.name.value;
          out.set(key, [...(out.get(key) ?? []), sel]);
          continue;
        }
        const fragment = sel.kind === Kind.FRAGMENT_SPREAD ? this.info.fragments[sel.name.value] : sel;
        if (!fragment) return false;
        const condition = fragment.typeCondition?.name.value;
        if (condition && condition !== type.name) {
          const abstract = this.info.schema.getType(condition);
          if (!abstract || !isAbstractType(abstract)) continue;
          if (!this.info.schema.isSubType(abstract, type)) continue;
        }
        if (!visit(fragment.selectionSet)) return false;
      }
      return true;
    };
    return sets.every(visit) ? out : null;
  }
}

function mark(value: unknown, marks: Marks[]): void {
  if (Array.isArray(value)) {
    for (const v of value) mark(v, marks);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  (value as Record<symbol, boolean>)[COMPILED] = true;
  for (const m of marks) mark((value as Record<string, unknown>)[m.key], m.children);
}

export interface CompiledList {
  /** Entity listed, and the column of its parent's id (e.g. `call_id`). */
  entity: EntityClass<object>;
  parentColumn: string;
  /** The caller's read rule for the listed rows, as a filter, for every row in `scope`. */
  where: FilterQuery<object>;
  scope: ReadScope;
  orderBy: string;
  /** At most this many per parent (all when null). */
  first: number | null;
}

/** Keeps at most `max` entries: cleared when full (the keys are few in practice: queries × callers' rules). */
function bounded<K, V>(map: Map<K, V>, key: K, make: () => V, max = 500): V {
  if (map.has(key)) return map.get(key)!;
  const value = make();
  if (map.size >= max) map.clear();
  map.set(key, value);
  return value;
}

const plans = new WeakMap<FieldNode, Map<string, Built | null>>();

/**
 * The compiled selection of a field, kept across requests: it depends on the document (Apollo
 * keeps parsed documents, so the field node is the same object), the variables (@skip/@include,
 * arguments), the caller (read rules: grants, organisations, conflicts) and the scope.
 */
function planOf(ctx: Context, info: GraphQLResolveInfo, scope: ReadScope, compile: (c: Compiler) => Built | null) {
  const node = info.fieldNodes[0]!;
  let byKey = plans.get(node);
  if (!byKey) plans.set(node, (byKey = new Map()));
  const actor = ctx.actor && [ctx.actor.userId, ctx.actor.grants, ctx.actor.memberships];
  const key = JSON.stringify([scope.funds, info.variableValues, actor]);
  return bounded(byKey, key, () => compile(new Compiler(ctx, info, scope)), 50);
}

const selects = new Map<string, string>();

/** Literal question marks (in values of the filters) must not read as knex parameters: its escape is \?. */
const literal = (text: string) => text.replace(/\?/g, '\\?');

/**
 * `select a.* from <table> a where …` of a filter through MikroORM's query builder, kept across
 * requests (building it each time showed in profiles). Filters of plain values only: their JSON
 * identifies them.
 */
export function selectSql(
  em: EntityManager,
  entity: EntityClass<object>,
  where: FilterQuery<object>,
  page?: { orderBy: Record<string, 'asc'>; limit: number },
): string {
  return bounded(selects, JSON.stringify([entity.name, where, page]), () => {
    const qb = em.createQueryBuilder(entity, 'a').select(['a.*']).where(where);
    if (page) qb.orderBy(page.orderBy).limit(page.limit);
    return qb.getFormattedQuery();
  });
}

/**
 * A loader of the list field's compiled result per parent id, or null when this selection does
 * not compile (SQL_READS=0, or a field that only a resolver answers). One statement per tick for
 * all parents; the plan is compiled once per field node and scope.
 */
export function compiledList(
  ctx: Context,
  info: GraphQLResolveInfo,
  list: CompiledList,
): DataLoader<string, unknown[]> | null {
  if (ctx.app.config.SQL_READS === '0') return null;
  const type = getNamedType(info.returnType);
  if (!isObjectType(type)) return null;
  const key = `sqlRead:${type.name}:${list.scope.funds.join(',')}:${list.first}`;
  const plan = planOf(ctx, info, list.scope, (c) =>
    c.object(
      type,
      'x',
      info.fieldNodes.map((n) => n.selectionSet!),
    ),
  );
  if (!plan) return null;
  const sql = listStatement(ctx.em, list, plan.sql, typeOf(ctx.em, type.name)!.joins);
  return ctx.loaders.named<string, unknown[]>(`${key}:${sql}`, async (parents) => {
    const rows = await ctx.em.execute<{ k: string; v: unknown[] }[]>(sql, [[...parents]]);
    const byParent = new Map(rows.map((r) => [r.k, r.v]));
    return parents.map((p) => {
      const v = byParent.get(p) ?? [];
      mark(v, plan.marks);
      return v;
    });
  });
}

export interface CompiledConnection {
  entity: EntityClass<object>;
  /** The caller's read rule and the filters, without the page. */
  where: FilterQuery<object>;
  page: PageArgs;
  scope: ReadScope;
}

/**
 * A keyset page (src/graphql/paginate.ts) whose nodes, with everything selected under them, come
 * from one statement; null when the selection does not compile. `pageInfo` and `totalCount` are
 * the paginator's.
 */
export function compiledConnection<T extends object>(
  ctx: Context,
  info: GraphQLResolveInfo,
  conn: CompiledConnection,
): Promise<ConnectionShape<T>> | null {
  if (ctx.app.config.SQL_READS === '0') return null;
  const connType = getNamedType(info.returnType);
  const edgeType = isObjectType(connType) ? getNamedType(connType.getFields().edges?.type) : undefined;
  const nodeType = isObjectType(edgeType) ? getNamedType(edgeType.getFields().node?.type) : undefined;
  if (!isObjectType(connType) || !isObjectType(edgeType) || !isObjectType(nodeType)) return null;
  const object = planOf(ctx, info, conn.scope, (compiler) => {
    const top = compiler.collect(
      connType,
      info.fieldNodes.map((n) => n.selectionSet!),
    );
    const edges = top && [...top].filter(([, ns]) => ns[0]!.name.value === 'edges').flatMap(([, ns]) => ns);
    const inEdges =
      edges &&
      compiler.collect(
        edgeType,
        edges.map((n) => n.selectionSet!),
      );
    if (!inEdges) return null;
    const nodes = [...inEdges].filter(([, ns]) => ns[0]!.name.value === 'node').flatMap(([, ns]) => ns);
    if (!nodes.length) return { sql: 'json_build_object()', marks: [] };
    return compiler.object(
      nodeType,
      'x',
      nodes.map((n) => n.selectionSet!),
    );
  });
  if (!object) return null;
  const joins = typeOf(ctx.em, nodeType.name)!
    .joins.map((j) => ` ${j('x')}`)
    .join('');
  return paginateWith<T>(ctx.em, conn.entity, conn.where, conn.page, async (where, orderBy, limit) => {
    const page = selectSql(ctx.em, conn.entity, where, { orderBy, limit });
    // The row after the page only tells whether there is a next page: no JSON for it.
    const sql =
      `select x.id as k, case when x.n__ < ${Number(limit)} then ${object.sql} end as v ` +
      `from (select p.*, row_number() over (order by p.id) as n__ from (${page}) p) x${joins} order by x.id`;
    const rows = await ctx.em.execute<{ k: string; v: object }[]>(literal(sql), []);
    return rows.map((r) => {
      mark(r.v, object.marks);
      return { key: r.k, node: r.v };
    });
  });
}

const statements = new Map<string, string>();

/** The statement of a compiled list, with one parameter (the parent ids), kept across requests. */
function listStatement(em: EntityManager, list: CompiledList, object: string, joins: Expr[]): string {
  const { parentColumn: parent, orderBy, first } = list;
  const key = JSON.stringify([list.entity.name, parent, orderBy, first, list.where, object]);
  return bounded(statements, key, () => {
    const visible = selectSql(em, list.entity, list.where);
    return (
      literal(
        `select x.${parent} as k, json_agg(${object} order by x.${orderBy}) as v from (select *, ` +
          `row_number() over (partition by a.${parent} order by a.${orderBy}) as rn__ from (${visible}) a ` +
          `where a.${parent} in (`,
      ) +
      '?)' +
      literal(
        `) x${joins.map((j) => ` ${j('x')}`).join('')}` +
          (first === null ? '' : ` where x.rn__ <= ${Number(first)}`) +
          ` group by x.${parent}`,
      )
    );
  });
}

/**
 * Installs the compiled reads on the built schema: finds the plain property fields of the
 * registered types (plain-fields.ts), then every field of a registered (or embedded) type answers
 * a compiled object from its response key, and anything else through its own resolver.
 */
export function installCompiledReads(schema: GraphQLSchema): void {
  directPropertyFields(schema, registeredTypes.keys());
  for (const name of [...registeredTypes.keys(), ...embeddedTypeNames]) {
    const type = schema.getType(name);
    if (!isObjectType(type)) throw new Error(`sql-read: ${name} is not an object type of the schema`);
    for (const field of Object.values(type.getFields())) {
      const own = field.resolve ?? defaultFieldResolver;
      field.resolve = (root, args, ctx, info) => {
        if (!root || !(root as Record<symbol, unknown>)[COMPILED]) return own(root, args, ctx, info);
        const value = (root as Record<string, unknown>)[info.path.key as string];
        if (value !== null && typeof value === 'object' && REFUSED in value) {
          throw new ForbiddenError((value as Record<string, string>)[REFUSED]);
        }
        return value;
      };
    }
  }
}
