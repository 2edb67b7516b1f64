import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { allow, authorize } from '../auth/policy';
import { transition } from '../core/transition';
import { VETTING_MACHINE, VETTING_STATUS } from './organization.workflow';
import { enforce } from '../auth/enforce';
import { auditActor, diff, recordAudit } from '../audit/audit.service';
import { getByGlobalId } from '../db/find';
import type { Acting } from '../services';
import { DomainError, ErrorCode } from '../core/errors';
import { markBankDetailsChanged, markBankDetailsConfirmed } from './bank-account';
import { announceBankChange } from './bank-account.service';
import { BankAccountStatus, Organization, VettingStatus } from './organization.entity';
import { ScreeningTrigger } from '../sanctions/sanctions.entity';
import { screeningDeps } from '../sanctions/sanctions.service';
import { screenOrganization } from '../sanctions/screening.service';
import {
  canCreateOrganization,
  canEditOrganization,
  canVetOrganization,
  canVetOrganizationTo,
} from './organization.policy';
import { fundsOfOrganization } from './organization.repository';
import { requireStepUp, StepUpAction } from '../auth/step-up';
import type {
  CreateOrganizationInput,
  OrganizationProfileInput,
  UpdateOrganizationInput,
  VetOrganizationInput,
} from './organization.types';

const PROFILE_FIELDS = [
  'legalName',
  'country',
  'registrationNumber',
  'registrationDate',
  'countriesOfOperation',
  'website',
  'isPublicDonor',
] as const;

export function snapshot(org: Organization): Record<string, unknown> {
  return {
    kind: org.kind,
    legalName: org.legalName,
    country: org.country,
    registrationNumber: org.registrationNumber,
    registrationDate: org.registrationDate,
    countriesOfOperation: org.countriesOfOperation,
    website: org.website,
    isPublicDonor: org.isPublicDonor,
    vettingStatus: org.vettingStatus,
    vettingReason: org.vettingReason,
    bankConfirmation: org.bankAccountStatus,
  };
}

export function applyProfile(org: Organization, input: OrganizationProfileInput): void {
  for (const k of PROFILE_FIELDS) {
    const v = input[k];
    if (v !== undefined && v !== null)
      (org as unknown as Record<string, unknown>)[k] = k === 'country' ? String(v).toUpperCase() : v;
  }
}

/** Creates an organisation inside `tx`, with its audit event. Used by registration too. */
export function newOrganization(tx: EntityManager, input: CreateOrganizationInput): Organization {
  const org = new Organization(input.kind, input.legalName, input.country.toUpperCase());
  applyProfile(org, input);
  tx.persist(org);
  return org;
}

export async function createOrganization(ctx: Acting, input: CreateOrganizationInput): Promise<Organization> {
  const role = authorize(canCreateOrganization(ctx.actor));
  return ctx.em.transactional(async (tx) => {
    const org = newOrganization(tx, input);
    await tx.flush();
    await recordAudit(tx, auditActor(ctx, role), {
      action: 'organization.create',
      entityType: 'Organization',
      entityId: org.id,
      after: snapshot(org),
    });
    await screenOrganization(tx, screeningDeps(ctx), auditActor(ctx, role), org, ScreeningTrigger.REGISTRATION);
    return org;
  });
}

export async function updateOrganization(ctx: Acting, input: UpdateOrganizationInput): Promise<Organization> {
  return ctx.em.transactional(async (tx) => {
    const org = await getByGlobalId(tx, Organization, 'Organization', input.organizationId, 'organizationId', {
      lockMode: LockMode.PESSIMISTIC_WRITE,
    });
    const funds = await fundsOfOrganization(tx, org.id);
    const role = authorize(canEditOrganization(ctx.actor, org, funds));
    if (input.isPublicDonor !== undefined && input.isPublicDonor !== null && org.kind !== 'DONOR') {
      throw new DomainError(ErrorCode.INVALID_VALUE, 'Only donors can choose to be named publicly.', 'isPublicDonor');
    }
    const before = snapshot(org);
    applyProfile(org, input);
    // The account holder must be the organisation: a new legal name is checked like a new account.
    const renamed = before.legalName !== org.legalName && org.bankAccount !== null;
    if (renamed) markBankDetailsChanged(org, ctx.actor.userId, ctx.app.clock.now());
    const changes = diff(before, snapshot(org));
    if (Object.keys(changes.after).length === 0) return org;
    await tx.flush();
    await recordAudit(tx, auditActor(ctx, role), {
      action: 'organization.update',
      entityType: 'Organization',
      entityId: org.id,
      ...changes,
    });
    if (renamed) await announceBankChange(tx, org, funds, 'The legal name');
    return org;
  });
}

export { VETTING_MACHINE, VETTING_TRANSITIONS } from './organization.workflow';

export async function vetOrganization(ctx: Acting, input: VetOrganizationInput): Promise<Organization> {
  return ctx.em.transactional(async (tx) => {
    const org = await getByGlobalId(tx, Organization, 'Organization', input.organizationId, 'organizationId', {
      lockMode: LockMode.PESSIMISTIC_WRITE,
    });
    const funds = await fundsOfOrganization(tx, org.id);
    // A repeat of the move just made (same status, same reason) returns the row unchanged.
    if (org.vettingStatus === input.status && org.vettingReason === input.reason) {
      authorize(canVetOrganization(ctx.actor, org, funds));
      return org;
    }
    const role = enforce(canVetOrganizationTo(ctx.actor, org, funds, input.status));
    // An organisation serves every fund: the strictest fund policy applies.
    await requireStepUp(tx, ctx, StepUpAction.VET_ORGANIZATION, null);
    const before = snapshot(org);
    const now = ctx.app.clock.now();
    // The first vetting checks the account given with the registration papers, unless the
    // vetter entered it (then someone else confirms it).
    if (
      org.vettingStatus === VettingStatus.PENDING &&
      input.status === VettingStatus.VERIFIED &&
      org.bankAccountStatus === BankAccountStatus.PENDING_CONFIRMATION &&
      org.bankAccountChangedById !== ctx.actor.userId
    ) {
      markBankDetailsConfirmed(org, ctx.actor.userId, now);
    }
    await transition(tx, ctx, VETTING_MACHINE, org, VETTING_STATUS, input.status, allow(role), {
      action: 'organization.vet',
      field: 'status',
      apply: () => {
        org.vettingReason = input.reason;
        org.vettedById = ctx.actor.userId;
        org.vettedAt = now;
      },
      changes: () => diff(before, snapshot(org)),
    });
    await screenOrganization(tx, screeningDeps(ctx), auditActor(ctx, role), org, ScreeningTrigger.VETTING);
    return org;
  });
}
