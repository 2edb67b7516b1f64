import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { authorize } from '../auth/policy';
import { auditActor, diff, recordAudit } from '../audit/audit.service';
import { getByGlobalId } from '../db/find';
import { Fund } from '../funds/fund.entity';
import type { Acting } from '../services';
import { DomainError, ErrorCode } from '../core/errors';
import { parseDecimal } from '../core/money';
import { GrantCall, GrantCallStatus } from './grant-call.entity';
import { callContentProblem, canManageCalls, canTransitionCall, canUpdateCall } from './grant-call.policy';
import { enforce } from '../auth/enforce';
import { transition, type StatusOf } from '../core/transition';
import { CALL_MACHINE } from './grant-call.workflow';
import type { CreateGrantCallInput, GrantCallFieldsInput, UpdateGrantCallInput } from './grant-call.types';

export function callSnapshot(c: GrantCall): Record<string, unknown> {
  return {
    title: c.title,
    description: c.description,
    themes: c.themes,
    eligibleCountries: c.eligibleCountries,
    requiredDocuments: c.requiredDocuments,
    minAwardMinor: c.minAwardMinor,
    maxAwardMinor: c.maxAwardMinor,
    envelopeMinor: c.envelopeMinor,
    maxDurationMonths: c.maxDurationMonths,
    opensAt: c.opensAt.toISOString(),
    closesAt: c.closesAt.toISOString(),
    rubric: c.rubric,
    eligibilityRules: c.eligibilityRules,
    allowPendingVetting: c.allowPendingVetting,
    conceptClosesAt: c.conceptClosesAt?.toISOString() ?? null,
    conceptMaxChars: c.conceptMaxChars,
    categories: c.categories,
    costShareMaxBps: c.costShareMaxBps,
    excludeCurrentGrantees: c.excludeCurrentGrantees,
    status: c.status,
  };
}

/** Fields that may still change once a call is open (the rest is what applicants rely on). */
const OPEN_EDITABLE = new Set(['title', 'description', 'closesAt']);

function apply(c: GrantCall, input: GrantCallFieldsInput): void {
  if (input.title != null) c.title = input.title;
  if (input.description != null) c.description = input.description;
  if (input.themes != null) c.themes = input.themes;
  if (input.eligibleCountries != null) c.eligibleCountries = input.eligibleCountries.map((x) => x.toUpperCase());
  if (input.requiredDocuments != null) c.requiredDocuments = [...new Set(input.requiredDocuments)];
  if (input.minAward != null) c.minAwardMinor = parseDecimal(input.minAward, c.currency, 'minAward');
  if (input.maxAward != null) c.maxAwardMinor = parseDecimal(input.maxAward, c.currency, 'maxAward');
  if (input.envelope != null) c.envelopeMinor = parseDecimal(input.envelope, c.currency, 'envelope');
  if (input.maxDurationMonths != null) c.maxDurationMonths = input.maxDurationMonths;
  if (input.opensAt != null) c.opensAt = input.opensAt;
  if (input.closesAt != null) c.closesAt = input.closesAt;
  if (input.rubric != null) c.rubric = input.rubric.map((r) => ({ key: r.key, label: r.label, weight: r.weight }));
  if (input.eligibilityRules != null)
    c.eligibilityRules = input.eligibilityRules.map((r) => ({ key: r.key, label: r.label }));
  if (input.allowPendingVetting != null) c.allowPendingVetting = input.allowPendingVetting;
  if (input.conceptClosesAt != null) c.conceptClosesAt = input.conceptClosesAt;
  if (input.conceptMaxChars != null) c.conceptMaxChars = input.conceptMaxChars;
  if (input.categories != null) {
    c.categories = input.categories.map((k, i) => ({
      key: k.key,
      label: k.label,
      maxAwardMinor: parseDecimal(k.maxAward, c.currency, `categories.${i}.maxAward`).toString(),
      firstGrantOnly: k.firstGrantOnly ?? false,
    }));
  }
  if (input.costShareMaxBps != null) c.costShareMaxBps = input.costShareMaxBps;
  if (input.excludeCurrentGrantees != null) c.excludeCurrentGrantees = input.excludeCurrentGrantees;
}

function validate(c: GrantCall): void {
  const problem = callContentProblem(c);
  if (problem) enforce(problem);
}

export async function createGrantCall(ctx: Acting, input: CreateGrantCallInput): Promise<GrantCall> {
  return ctx.em.transactional(async (tx) => {
    const fund = await getByGlobalId(tx, Fund, 'Fund', input.fundId, 'fundId');
    const role = authorize(canManageCalls(ctx.actor, fund.id));
    const call = new GrantCall(fund, input.title, input.opensAt, input.closesAt, ctx.actor.userId);
    apply(call, input);
    validate(call);
    tx.persist(call);
    await tx.flush();
    await recordAudit(tx, auditActor(ctx, role), {
      action: 'grant_call.create',
      entityType: 'GrantCall',
      entityId: call.id,
      fundId: fund.id,
      after: callSnapshot(call),
    });
    return call;
  });
}

async function lockCall(tx: EntityManager, callId: string): Promise<GrantCall> {
  return getByGlobalId(tx, GrantCall, 'GrantCall', callId, 'callId', { lockMode: LockMode.PESSIMISTIC_WRITE });
}

export async function updateGrantCall(ctx: Acting, input: UpdateGrantCallInput): Promise<GrantCall> {
  return ctx.em.transactional(async (tx) => {
    const call = await lockCall(tx, input.callId);
    const now = ctx.app.clock.now();
    const role = enforce(canUpdateCall(ctx.actor, call, now));
    const status = call.effectiveStatus(now);
    const given = Object.entries(input)
      .filter(([k, v]) => k !== 'callId' && v != null)
      .map(([k]) => k);
    if (status !== GrantCallStatus.DRAFT) {
      const locked = given.filter((k) => !OPEN_EDITABLE.has(k));
      if (locked.length) {
        throw new DomainError(
          ErrorCode.INVALID_STATE,
          `Once a call is open only its title, description and closing time can change (not ${locked.join(', ')}).`,
          locked[0] ?? 'callId',
        );
      }
      if (input.closesAt && input.closesAt <= call.closesAt) {
        throw new DomainError(ErrorCode.INVALID_VALUE, 'An open call can only be extended.', 'closesAt');
      }
    }
    const before = callSnapshot(call);
    apply(call, input);
    validate(call);
    const changes = diff(before, callSnapshot(call));
    if (Object.keys(changes.after).length === 0) return call;
    await tx.flush();
    await recordAudit(tx, auditActor(ctx, role), {
      action: 'grant_call.update',
      entityType: 'GrantCall',
      entityId: call.id,
      fundId: call.fund.id,
      ...changes,
    });
    return call;
  });
}

/** The one function that moves a call between statuses: table, rules, audit; idempotent. */
export async function transitionCall(
  ctx: Acting,
  callId: string,
  to: GrantCallStatus,
  reason: string | null = null,
): Promise<GrantCall> {
  return ctx.em.transactional(async (tx) => {
    const call = await lockCall(tx, callId);
    const now = ctx.app.clock.now();
    if (call.status === to && call.effectiveStatus(now) === to) {
      authorize(canManageCalls(ctx.actor, call.fund.id));
      return call; // a repeat, answered as done
    }
    return transition(tx, ctx, CALL_MACHINE, call, statusAt(now, to), to, canTransitionCall(ctx.actor, call, to, now), {
      action: `grant_call.${to.toLowerCase()}`,
      fundId: call.fund.id,
      field: 'callId',
      detail: reason ? { reason } : {},
    });
  });
}

/**
 * A call moves from the status the clock shows (an OPEN call past its closing time is CLOSED
 * before the job stores it), except that closing it stores what the clock already shows.
 */
const statusAt = (now: Date, to: GrantCallStatus): StatusOf<GrantCallStatus, GrantCall> => ({
  get: (c) => (to === GrantCallStatus.CLOSED ? c.status : c.effectiveStatus(now)),
  set: (c, s) => (c.status = s),
});
