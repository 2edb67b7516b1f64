import type { AuditInput } from '../audit/audit.service';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { hasRole } from '../auth/actor';
import { allow, authorize } from '../auth/policy';
import { enforce } from '../auth/enforce';
import { auditActor, diff, recordAudit } from '../audit/audit.service';
import { Role } from '../users/user.entity';
import { getByGlobalId } from '../db/find';
import type { Acting } from '../services';
import { DomainError, ErrorCode } from '../core/errors';
import { assertCurrency, parseDecimal } from '../core/money';
import { parseGlobalId } from '../graphql/relay';
import { Fund } from '../funds/fund.entity';
import { Organization, OrganizationKind, VettingStatus } from '../organizations/organization.entity';
import { Pledge, PledgeStatus } from './pledge.entity';
import { canCancelPledge, canCreatePledge } from './pledge.policy';
import type { CancelPledgeInput, CreatePledgeInput } from './pledge.types';
import { required } from '../core/required';
import { Machine, statusField, transition } from '../core/transition';
import { paidOnPledge } from './pledge.repository';
import { rematchOpenLines } from '../reconciliation/rematch';
import { lockFund } from '../ledger/ledger.repository';

export { pledgeReference } from './pledge-reference';

export function pledgeSnapshot(p: Pledge): Record<string, unknown> {
  return {
    fundId: p.fund.id,
    donorOrganizationId: p.donorOrganization.id,
    amountMinor: p.amountMinor.toString(),
    currency: p.currency,
    paidMinor: p.paidMinor.toString(),
    dueDate: p.dueDate,
    earmark: p.earmark,
    status: p.status,
    cancelReason: p.cancelReason,
  };
}

/** Legal status moves; refunds can move a pledge back, a cancellation is final. */
export const PLEDGE_TRANSITIONS: Record<PledgeStatus, PledgeStatus[]> = {
  [PledgeStatus.PLEDGED]: [PledgeStatus.PARTIALLY_PAID, PledgeStatus.FULFILLED, PledgeStatus.CANCELLED],
  [PledgeStatus.PARTIALLY_PAID]: [PledgeStatus.PLEDGED, PledgeStatus.FULFILLED, PledgeStatus.CANCELLED],
  [PledgeStatus.FULFILLED]: [PledgeStatus.PLEDGED, PledgeStatus.PARTIALLY_PAID],
  [PledgeStatus.CANCELLED]: [],
};

/** Payments, refunds and disputes move a pledge (SYSTEM, from its contributions); the donor or secretariat cancels it. */
export const PLEDGE_MACHINE = Machine.fromTable(
  'Pledge',
  PLEDGE_TRANSITIONS,
  (_, to) => (to === PledgeStatus.CANCELLED ? ['DONOR', 'SECRETARIAT'] : ['SYSTEM']),
  'pledge',
);

const PLEDGE_STATUS = statusField<Pledge, 'status'>('status');

function statusForPaid(p: Pledge): PledgeStatus {
  if (p.paidMinor <= 0n) return PledgeStatus.PLEDGED;
  return p.paidMinor >= p.amountMinor ? PledgeStatus.FULFILLED : PledgeStatus.PARTIALLY_PAID;
}

/** Validates a YYYY-MM-DD string as a real calendar date. */
export function assertDate(s: string, field: string): string {
  const d = new Date(`${s}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s) {
    throw new DomainError(ErrorCode.INVALID_VALUE, `"${s}" is not a date (YYYY-MM-DD).`, field);
  }
  return s;
}

/** The donor organisation a caller acts for: the given one, or the caller's only donor organisation. */
export async function resolveDonor(ctx: Acting, tx: EntityManager, gid: string | undefined | null) {
  let org: Organization;
  if (gid) {
    org = await getByGlobalId(tx, Organization, 'Organization', gid, 'donorOrganizationId');
  } else {
    const own = [
      ...new Set(
        ctx.actor.grants
          .filter((g) => g.role === Role.DONOR && g.organizationId)
          .map((g) => required(g.organizationId, 'g.organizationId')),
      ),
    ];
    if (own.length !== 1) {
      throw new DomainError(
        ErrorCode.INVALID_VALUE,
        'Say which donor organisation this is for.',
        'donorOrganizationId',
      );
    }
    org = await tx.findOneOrFail(Organization, { id: own[0] });
  }
  if (org.kind !== OrganizationKind.DONOR) {
    throw new DomainError(ErrorCode.INVALID_VALUE, 'The organisation is not a donor.', 'donorOrganizationId');
  }
  return org;
}

export function assertVerified(org: Organization): void {
  if (org.vettingStatus !== VettingStatus.VERIFIED) {
    throw new DomainError(
      ErrorCode.ORGANIZATION_NOT_VERIFIED,
      'The donor organisation has not been verified by the secretariat.',
      'donorOrganizationId',
    );
  }
}

export async function createPledge(ctx: Acting, input: CreatePledgeInput): Promise<Pledge> {
  return ctx.em.transactional(async (tx) => {
    const fund = await getByGlobalId(tx, Fund, 'Fund', input.fundId, 'fundId');
    const org = await resolveDonor(ctx, tx, input.donorOrganizationId);
    const role = enforce(canCreatePledge(ctx.actor, org, fund.id));
    assertVerified(org);
    const currency = assertCurrency(input.currency);
    const amount = parseDecimal(input.amount, currency);
    if (amount <= 0n) throw new DomainError(ErrorCode.AMOUNT_OUT_OF_RANGE, 'A pledge must be positive.', 'amount');
    const pledge = new Pledge({
      fund,
      donorOrganization: org,
      amountMinor: amount,
      currency,
      dueDate: assertDate(input.dueDate, 'dueDate'),
      createdById: ctx.actor.userId,
    });
    pledge.earmark = input.earmark ?? null;
    pledge.note = input.note ?? null;
    tx.persist(pledge);
    await tx.flush();
    await recordAudit(tx, auditActor(ctx, role), {
      action: 'pledge.create',
      entityType: 'Pledge',
      entityId: pledge.id,
      fundId: fund.id,
      after: pledgeSnapshot(pledge),
    });
    // Credits that waited unmatched in the bank reconciliation queue may be this pledge's payment.
    await lockFund(tx, fund.id);
    await rematchOpenLines(tx, { actorId: null, actorRole: 'system:reconciliation', requestId: ctx.requestId }, fund);
    return pledge;
  });
}

export async function cancelPledge(ctx: Acting, input: CancelPledgeInput): Promise<Pledge> {
  return ctx.em.transactional(async (tx) => {
    const pledge = await getByGlobalId(tx, Pledge, 'Pledge', input.pledgeId, 'pledgeId', {
      lockMode: LockMode.PESSIMISTIC_WRITE,
    });
    if (pledge.status === PledgeStatus.CANCELLED) return pledge;
    const decision = canCancelPledge(ctx.actor, pledge);
    // The secretariat asking at the wrong moment gets a business error, anyone else FORBIDDEN.
    if (!decision.allowed && hasRole(ctx.actor, Role.SECRETARIAT, { fundId: pledge.fund.id })) {
      throw new DomainError(ErrorCode.INVALID_STATE, decision.reason ?? 'Not now.', 'pledgeId');
    }
    const role = authorize(decision);
    const before = pledgeSnapshot(pledge);
    return transition(tx, ctx, PLEDGE_MACHINE, pledge, PLEDGE_STATUS, PledgeStatus.CANCELLED, allow(role), {
      action: 'pledge.cancel',
      fundId: pledge.fund.id,
      field: 'pledgeId',
      apply: () => {
        pledge.cancelReason = input.reason;
        pledge.cancelledAt = ctx.app.clock.now();
        pledge.cancelledById = ctx.actor.userId;
      },
      changes: () => diff(before, pledgeSnapshot(pledge)),
    });
  });
}

/** Loads and locks a pledge a receipt is linked to; a cancelled one takes no more money. */
export async function pledgeForReceipt(
  tx: EntityManager,
  gid: string,
  fund: Fund,
  org: Organization,
  currency: string,
): Promise<Pledge> {
  const { id } = parseGlobalId(gid, 'Pledge', 'pledgeId');
  const pledge = await tx.findOne(Pledge, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!pledge) throw new DomainError(ErrorCode.NOT_FOUND, 'Pledge not found.', 'pledgeId');
  if (pledge.fund.id !== fund.id || pledge.donorOrganization.id !== org.id) {
    throw new DomainError(ErrorCode.INVALID_VALUE, 'The pledge belongs to another fund or donor.', 'pledgeId');
  }
  if (pledge.status === PledgeStatus.CANCELLED) {
    throw new DomainError(ErrorCode.INVALID_STATE, 'The pledge is cancelled.', 'pledgeId');
  }
  if (pledge.currency !== currency) {
    throw new DomainError(ErrorCode.CURRENCY_MISMATCH, `The pledge is in ${pledge.currency}.`, 'currency');
  }
  return pledge;
}

/**
 * Recomputes what was paid on a pledge from its receipts (net of refunds and open or lost
 * disputes) and moves its status. Over-payment stays visible as paid > amount.
 */
export async function refreshPledge(tx: EntityManager, pledge: Pledge): Promise<{ before: string; after: string }> {
  await tx.flush();
  const paid = await paidOnPledge(tx, pledge.id);
  const before = pledge.status;
  pledge.paidMinor = paid;
  if (pledge.status !== PledgeStatus.CANCELLED) {
    // Derived from what was paid: every move between these statuses is in the table, so a refusal is a bug, loudly.
    const next = statusForPaid(pledge);
    if (next !== pledge.status) {
      PLEDGE_MACHINE.assert(pledge.status, next);
      pledge.status = next;
    }
  }
  return { before, after: pledge.status };
}

/** The audit event of a pledge whose status a payment or refund moved; none when it stayed. */
export function pledgeStatusEvents(
  pledge: Pledge | null | undefined,
  move: { before: string; after: string } | null,
  fundId: string,
): AuditInput[] {
  if (!pledge || !move || move.before === move.after) return [];
  return [
    {
      action: 'pledge.status',
      entityType: 'Pledge',
      entityId: pledge.id,
      fundId,
      before: { status: move.before },
      after: { status: move.after, paidMinor: pledge.paidMinor.toString() },
    },
  ];
}
