import type { EntityClass, FilterQuery } from '@mikro-orm/core';
import type { Role } from '../users/user.entity';
import { Actor, Grant } from './actor';
import { allow, deny, type Decision } from './policy';
import { required } from '../core/required';

/**
 * A condition on a row's own columns (a relation stands for its id): the one form of a read
 * rule. The in-memory predicate evaluates it on an entity, the list filter is it as a MikroORM
 * filter, and the compiled reads select through that filter's SQL, so the three cannot differ.
 */
export type Condition =
  | { all: true }
  | { and: Condition[] }
  | { or: Condition[] }
  | { field: string; in: readonly string[] }
  | { field: string; notIn: readonly string[] };

export const ALL: Condition = { all: true };
export const NONE: Condition = { or: [] };
export const isIn = (field: string, values: readonly string[]): Condition => ({ field, in: values });
export const notIn = (field: string, values: readonly string[]): Condition => ({ field, notIn: values });
export const and = (...cs: Condition[]): Condition => ({ and: cs });

/** Rows of the funds where the actor holds `role` (all funds for a grant without a fund). */
export function inFundsOf(actor: Actor | null, role: Role, field = 'fund'): Condition {
  const grants = (actor?.grants ?? []).filter((g) => g.role === role);
  if (grants.some((g) => g.fundId === null)) return ALL;
  return isIn(field, [...new Set(grants.map((g) => required(g.fundId, 'g.fundId')))]);
}

/** Every row when the actor holds `role` on some fund (or every fund), none otherwise. */
export function anywhereAs(actor: Actor | null, role: Role): Condition {
  return (actor?.grants ?? []).some((g) => g.role === role) ? ALL : NONE;
}

/** The caller's own rows: `field` names the caller's user id. */
export const isSelf = (actor: Actor | null, field: string): Condition => isIn(field, actor ? [actor.userId] : []);

/** Rows of the organisations where the actor holds `role` (grants naming an organisation). */
export function inOrganizationsOf(actor: Actor | null, role: Role, field: string): Condition {
  const grants = (actor?.grants ?? []).filter((g: Grant) => g.role === role && g.organizationId);
  return isIn(field, [...new Set(grants.map((g) => required(g.organizationId, 'g.organizationId')))]);
}

/** The read rule of an entity: who reads which rows, under which role (first clause that holds). */
export interface ReadRule<T extends object> {
  name: string;
  entity: EntityClass<T>;
  /** The columns the clauses read, with the values random test data draws from (test/access-rules.test.ts). */
  fields: Record<string, 'fund' | 'organization' | 'user' | readonly string[]>;
  clauses(actor: Actor | null): { role: Role | 'SELF'; when: Condition }[];
  denied: string;
}

const valueOf = (row: object, field: string): string | null => {
  const v = (row as Record<string, unknown>)[field];
  if (v === null || v === undefined) return null;
  return typeof v === 'object' ? ((v as { id: string }).id ?? null) : (v as string);
};

/** The condition evaluated on an entity (or any object with the fields). */
export function holds(c: Condition, row: object): boolean {
  if ('all' in c) return true;
  if ('and' in c) return c.and.every((x) => holds(x, row));
  if ('or' in c) return c.or.some((x) => holds(x, row));
  const v = valueOf(row, c.field);
  // As in SQL: a null column is in no list and not outside one either.
  return v !== null && ('in' in c ? c.in.includes(v) : !c.notIn.includes(v));
}

/** The condition as a MikroORM filter. */
export function toFilter(c: Condition): FilterQuery<object> {
  if ('all' in c) return {};
  if ('and' in c) return { $and: c.and.map(toFilter) };
  if ('or' in c) return c.or.length ? { $or: c.or.map(toFilter) } : { id: null };
  return 'in' in c ? { [c.field]: { $in: [...c.in] } } : { [c.field]: { $nin: [...c.notIn] } };
}

/** The rule's clauses for the caller, simplified (an `all` clause makes the whole rule `all`). */
function ruleCondition<T extends object>(rule: ReadRule<T>, actor: Actor | null): Condition {
  const conds = rule.clauses(actor).map((c) => c.when);
  return conds.some((c) => 'all' in c) ? ALL : { or: conds.filter((c) => !('in' in c && c.in.length === 0)) };
}

/** May the caller read this row, and under which role. */
export function decideRead<T extends object>(rule: ReadRule<T>, actor: Actor | null, row: T): Decision {
  const clause = rule.clauses(actor).find((c) => holds(c.when, row));
  return clause ? allow(clause.role) : deny(rule.denied);
}

/** The rows the caller may read, as a MikroORM filter. */
export function readFilter<T extends object>(rule: ReadRule<T>, actor: Actor | null): FilterQuery<T> {
  return toFilter(ruleCondition(rule, actor)) as FilterQuery<T>;
}

/** Every entity read rule, for the agreement test (a new rule registers here). */
export const READ_RULES: ReadRule<object>[] = [];

export function defineReadRule<T extends object>(rule: ReadRule<T>): ReadRule<T> {
  READ_RULES.push(rule as unknown as ReadRule<object>);
  return rule;
}
