import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { enforce } from '../auth/enforce';
import { auditActor, recordAudit } from '../audit/audit.service';
import { getByGlobalId } from '../db/find';
import type { Acting } from '../services';
import { DomainError, ErrorCode } from '../core/errors';
import { fundSecretariat, notify, organizationMembers } from '../notifications/notification.service';
import {
  markBankDetailsChanged,
  markBankDetailsConfirmed,
  maskedBankAccount,
  normalizeBankAccount,
  sameBankAccount,
} from './bank-account';
import { Organization } from './organization.entity';
import { canChangeBankAccount, canConfirmBankAccount } from './organization.policy';
import { fundsOfOrganization, type OrganizationFunds } from './organization.repository';
import type { ConfirmBankAccountInput, SetBankAccountInput } from './organization.types';
import { requireStepUp, StepUpAction } from '../auth/step-up';

async function lockOrganization(tx: EntityManager, gid: string): Promise<Organization> {
  return getByGlobalId(tx, Organization, 'Organization', gid, 'organizationId', {
    lockMode: LockMode.PESSIMISTIC_WRITE,
  });
}

/** Every new account waits for a confirmation (the first one: the first vetting's). */
export async function setBankAccount(ctx: Acting, input: SetBankAccountInput): Promise<Organization> {
  return ctx.em.transactional(async (tx) => {
    const org = await lockOrganization(tx, input.organizationId);
    const funds = await fundsOfOrganization(tx, org.id);
    const role = enforce(canChangeBankAccount(ctx.actor, org, funds));
    const account = normalizeBankAccount(input);
    if (org.bankAccount && sameBankAccount(org.bankAccount, account)) return org;
    const before = maskedBankAccount(org);
    org.bankAccount = account;
    markBankDetailsChanged(org, ctx.actor.userId, ctx.app.clock.now());
    await tx.flush();
    await recordAudit(tx, auditActor(ctx, role), {
      action: 'organization.set_bank_account',
      entityType: 'Organization',
      entityId: org.id,
      before,
      after: maskedBankAccount(org),
    });
    await announceBankChange(tx, org, funds, 'The bank account');
    return org;
  });
}

export async function confirmBankAccount(ctx: Acting, input: ConfirmBankAccountInput): Promise<Organization> {
  return ctx.em.transactional(async (tx) => {
    const org = await lockOrganization(tx, input.organizationId);
    const role = enforce(canConfirmBankAccount(ctx.actor, org, await fundsOfOrganization(tx, org.id)));
    // An organisation's account serves every fund: the strictest fund policy applies.
    await requireStepUp(tx, ctx, StepUpAction.CONFIRM_BANK_ACCOUNT, null);
    if (org.bankAccountChangedAt?.getTime() !== input.changedAt.getTime()) {
      throw new DomainError(
        ErrorCode.BANK_DETAILS_CHANGED,
        `The bank details changed again at ${org.bankAccountChangedAt?.toISOString() ?? 'an unknown time'}; ` +
          'check the current details, then confirm them.',
        'changedAt',
      );
    }
    const before = maskedBankAccount(org);
    markBankDetailsConfirmed(org, ctx.actor.userId, ctx.app.clock.now());
    await tx.flush();
    await recordAudit(tx, auditActor(ctx, role), {
      action: 'organization.confirm_bank_account',
      entityType: 'Organization',
      entityId: org.id,
      before,
      after: { ...maskedBankAccount(org), note: input.note },
    });
    return org;
  });
}

/**
 * Tells the organisation's other members at once (a hijacked login cannot move the money
 * silently) and the secretariat of the funds it holds awards in that a confirmation waits.
 * `what` names the change ("The bank account", "The legal name"); no account number is sent.
 */
export async function announceBankChange(
  tx: EntityManager,
  org: Organization,
  funds: OrganizationFunds,
  what: string,
): Promise<void> {
  const author = org.bankAccountChangedById;
  const at = (org.bankAccountChangedAt ?? new Date()).toISOString();
  for (const userId of await organizationMembers(tx, org.id)) {
    if (userId === author) continue;
    await notify(tx, {
      userId,
      kind: 'BANK_ACCOUNT_CHANGED',
      subject: `Bank details of ${org.legalName} changed`,
      body:
        `${what} of ${org.legalName} was changed on ${at.slice(0, 10)}. Payments are held until the fund's ` +
        'secretariat confirms the change. If you did not expect it, tell the secretariat at once.',
      entityType: 'Organization',
      entityId: org.id,
      dedupeKey: `bank-change:${org.id}:${at}:${userId}`,
    });
  }
  const staff = new Set<string>();
  for (const fundId of funds.awarded) for (const u of await fundSecretariat(tx, fundId)) staff.add(u);
  for (const userId of staff) {
    if (userId === author) continue;
    await notify(tx, {
      userId,
      kind: 'BANK_ACCOUNT_TO_CONFIRM',
      subject: `Confirm the new bank details of ${org.legalName}`,
      body: `${what} of ${org.legalName} changed on ${at.slice(0, 10)}; its tranches wait for your confirmation.`,
      entityType: 'Organization',
      entityId: org.id,
      dedupeKey: `bank-confirm:${org.id}:${at}:${userId}`,
    });
  }
}
