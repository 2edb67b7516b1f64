import type { EntityManager } from '@mikro-orm/postgresql';
import { auditActor, recordAudit, type AuditActor } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { enforce, type RuleDecision } from '../auth/enforce';
import { DomainError, ErrorCode, ForbiddenError } from './errors';

/** One allowed move of a state machine: from, to, and who makes it (roles, or SYSTEM for jobs and cascades). */
export interface Move<S extends string> {
  from: S;
  to: S;
  who: readonly string[];
}

/**
 * A state machine as data: every status, and the moves allowed between them. `assert` is the
 * loud failure for a move that is not in the table (a coded INVALID_STATE, never a silent no-op).
 */
export class Machine<S extends string> {
  constructor(
    /** The entity, as in audit events and error messages ("Tranche"). */
    readonly entity: string,
    readonly statuses: readonly S[],
    readonly moves: readonly Move<S>[],
    /** How messages name one ("tranche", "organisation"). */
    readonly noun: string = entity.toLowerCase(),
  ) {
    for (const m of moves) {
      if (!statuses.includes(m.from) || !statuses.includes(m.to))
        throw new Error(`${entity}: unknown status in a move`);
    }
  }

  /** Builds a machine from a from → [to] table; `who` says which roles make which moves. */
  static fromTable<S extends string>(
    entity: string,
    table: Record<S, readonly S[]>,
    who: (from: S, to: S) => readonly string[],
    noun?: string,
  ): Machine<S> {
    const statuses = Object.keys(table) as S[];
    return new Machine(
      entity,
      statuses,
      statuses.flatMap((from) => table[from].map((to) => ({ from, to, who: who(from, to) }))),
      noun,
    );
  }

  allows(from: S, to: S): boolean {
    return this.moves.some((m) => m.from === from && m.to === to);
  }

  /** The statuses reachable from `from` in one move. */
  next(from: S): S[] {
    return this.moves.filter((m) => m.from === from).map((m) => m.to);
  }

  /** Who may make a move (empty when the move is not in the table). */
  whoMoves(from: S, to: S): readonly string[] {
    return this.moves.find((m) => m.from === from && m.to === to)?.who ?? [];
  }

  assert(from: S, to: S, field: string | null = null): void {
    if (!this.allows(from, to)) {
      throw new DomainError(ErrorCode.INVALID_STATE, `A ${from} ${this.noun} cannot become ${to}.`, field);
    }
  }

  /** The table as from → [to], for code that still reads it that way. */
  table(): Record<S, S[]> {
    return Object.fromEntries(this.statuses.map((s) => [s, this.next(s)])) as Record<S, S[]>;
  }
}

export interface TransitionOptions {
  /** Audit action, e.g. `tranche.request`. */
  action: string;
  fundId?: string | null;
  /** Extra changes made with the status (applied after the checks, before the flush). */
  apply?: () => void;
  /** Extra audit detail, e.g. the reason. */
  detail?: Record<string, unknown>;
  /** Extra audit detail of the state before (besides the status). */
  beforeDetail?: Record<string, unknown>;
  /** The audited subject when it is not the moved row itself (a sanctions match is audited on its organisation). */
  subject?: { type: string; id: string };
  /**
   * The audited change when it is more than the status, computed after `apply` (replaces
   * `before`/`after`; it names the status itself, e.g. an organisation's `vettingStatus`).
   */
  changes?: () => { before: Record<string, unknown>; after: Record<string, unknown> };
  /** Input field a refused move is about. */
  field?: string;
}

/** How `transition()` reads and writes the status of an entity. */
export interface StatusOf<S extends string, E> {
  get: (e: E) => S;
  set: (e: E, s: S) => void;
}

/** The status accessor of an entity's `key` property (`status`, `vettingStatus`). */
export function statusField<E, K extends keyof E>(key: K): StatusOf<E[K] & string, E> {
  return {
    get: (e) => e[key] as E[K] & string,
    set: (e, s) => {
      e[key] = s as E[K];
    },
  };
}

/**
 * The one way a status changes: the policy's decision (FORBIDDEN, or its coded refusal), then
 * "already there" (returns unchanged: a repeat is not an error), then the table (INVALID_STATE),
 * then the change, the flush and the audit event, in the caller's transaction.
 */
export async function transition<S extends string, E extends { id: string }>(
  tx: EntityManager,
  by: { actor: Actor | null; requestId: string },
  machine: Machine<S>,
  entity: E,
  status: StatusOf<S, E>,
  to: S,
  decision: RuleDecision,
  opts: TransitionOptions,
): Promise<E> {
  if (!decision.allowed && !decision.code) throw new ForbiddenError(decision.reason ?? 'Not allowed.');
  if (status.get(entity) === to) return entity;
  const role = enforce(decision);
  await move(tx, auditActor(by, role), machine, entity, status, to, opts);
  return entity;
}

/**
 * `transition()` for a move decided elsewhere: a job (the overdue reports, the calls past their
 * closing time), a cascade (a terminated award cancels its tranches), a decision reached by votes
 * or a provider's event. Same table, change and audit event; already in `to`: returns false.
 */
export async function move<S extends string, E extends { id: string }>(
  tx: EntityManager,
  by: AuditActor,
  machine: Machine<S>,
  entity: E,
  status: StatusOf<S, E>,
  to: S,
  opts: TransitionOptions,
): Promise<boolean> {
  const from = status.get(entity);
  if (from === to) return false;
  machine.assert(from, to, opts.field ?? null);
  status.set(entity, to);
  opts.apply?.();
  await tx.flush();
  await recordAudit(tx, by, {
    action: opts.action,
    entityType: opts.subject?.type ?? machine.entity,
    entityId: opts.subject?.id ?? entity.id,
    fundId: opts.fundId ?? null,
    ...(opts.changes?.() ?? {
      before: { ...(opts.beforeDetail ?? {}), status: from },
      after: { status: to, ...(opts.detail ?? {}) },
    }),
  });
  return true;
}

export function canMove<S extends string>(table: Record<S, readonly S[]>, from: S, to: S): boolean {
  return table[from].includes(to);
}
