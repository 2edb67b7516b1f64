import cc from 'currency-codes';
import type { EntityClass } from '@mikro-orm/core';
import type { ReadRule } from '../auth/read-rule';
import type { Context } from '../graphql/context';
import { currencyDigits } from '../core/money';

/**
 * What a compiled read knows of a GraphQL object type backed by an entity's table: the fields
 * whose SQL is spelt out (ids, Money, computed values, relations with their read rules). Each
 * domain declares its types in its `*.sql-read.ts`, beside the entity (see README.md).
 */

/**
 * What the entry knows about the rows it lists, for the relations' read rules: the funds they may
 * belong to ('' for any fund the caller's grants do not name).
 */
export interface ReadScope {
  funds: string[];
}

/** SQL of a row aliased `alias`. */
export type Expr = (alias: string) => string;

export interface ScalarField {
  kind: 'scalar';
  sql: Expr;
}
/** An object built from the same row (Money): its fields are expressions of the row. */
export interface EmbeddedField {
  kind: 'embedded';
  type: string;
  fields: Record<string, Expr>;
  /** The whole object is null when this is true. */
  nullWhen?: Expr;
}
export interface RelationField {
  kind: 'relation';
  type: string;
  list: boolean;
  /** Join condition between the parent's alias and the child's. */
  on: (parent: string, child: string) => string;
  orderBy?: Expr;
  /** Whether the caller may read the relation on every row in scope; false falls back (per-row rules, refusals). */
  allow?: (ctx: Context, scope: ReadScope) => boolean;
  /**
   * A rule that refuses some rows (FORBIDDEN, with this reason, as the resolver would): a condition
   * on the parent row, e.g. the caller's conflict of interest with an application.
   */
  refuse?: (ctx: Context, scope: ReadScope, parent: string) => { when: string; reason: string } | null;
  /** Arguments the field takes (any other argument falls back). */
  args?: string[];
  /**
   * The entity's read rule (src/auth/read-rule.ts): the statement reads only the child rows the
   * caller may read, through the rule's list filter, the same filter the lists use and the
   * agreement test checks (default: every row, as the relation's resolver answers).
   */
  readRule?: ReadRule<object>;
  /** At most this many per parent, from the arguments. */
  limit?: (args: Record<string, unknown>) => number | null;
}
export type SqlField = ScalarField | EmbeddedField | RelationField;

export interface Registration {
  entity: EntityClass<object>;
  fields: Record<string, SqlField>;
  /** Joins every read of the type adds, for fields of a related row (`join award ${t}_award on …`). */
  joins: Expr[];
}

const registrations = new Map<string, Registration>();
const embeddedTypes = new Set<string>();

/** The registered types (by GraphQL name). */
export const registeredTypes: ReadonlyMap<string, Registration> = registrations;
/** The object types built from a registered type's row (Money). */
export const embeddedTypeNames: ReadonlySet<string> = embeddedTypes;

/** Declares a GraphQL object type backed by an entity's table, with the fields that need SQL spelt out. */
export function registerSqlRead(
  type: string,
  entity: EntityClass<object>,
  fields: Record<string, SqlField>,
  joins: Expr[] = [],
): void {
  registrations.set(type, { entity, fields, joins });
  for (const f of Object.values(fields)) if (f.kind === 'embedded') embeddedTypes.add(f.type);
}

const DIGIT_GROUPS = (() => {
  const groups = new Map<number, string[]>();
  for (const code of cc.codes()) {
    const d = currencyDigits(code) ?? 2;
    if (d !== 2) groups.set(d, [...(groups.get(d) ?? []), code]);
  }
  return [...groups].sort(([a], [b]) => a - b);
})();

/** `formatMinor` in SQL: minor units as a decimal string with the currency's digits (2 when unknown). */
export function decimalSql(minor: string, currency: string): string {
  const fmt = (d: number) =>
    d === 0
      ? `(${minor})::text`
      : `(case when ${minor} < 0 then '-' else '' end) || (abs(${minor}) / ${10 ** d})::text || '.' || ` +
        `lpad((abs(${minor}) % ${10 ** d})::text, ${d}, '0')`;
  const whens = DIGIT_GROUPS.map(
    ([d, codes]) => `when ${currency} in (${codes.map((c) => `'${c}'`).join(',')}) then ${fmt(d)}`,
  );
  return `(case ${whens.join(' ')} else ${fmt(2)} end)`;
}

/** A Money field from a minor-units column and a currency expression of the same row. */
export function moneySql(minor: Expr, currency: Expr, opts: { nullable?: boolean } = {}): EmbeddedField {
  return {
    kind: 'embedded',
    type: 'Money',
    fields: {
      amount: (t) => decimalSql(minor(t), currency(t)),
      currency: currency,
      minorUnits: (t) => `(${minor(t)})::text`,
    },
    nullWhen: opts.nullable ? (t) => `${minor(t)} is null` : undefined,
  };
}

/** The Relay global id (`globalId`): base64 of "Type:id". */
export function globalIdSql(type: string): ScalarField {
  return {
    kind: 'scalar',
    sql: (t) => `translate(encode(convert_to('${type}:' || ${t}.id, 'UTF8'), 'base64'), E'\\n', '')`,
  };
}

export const column =
  (name: string): Expr =>
  (t) =>
    `${t}.${name}`;
