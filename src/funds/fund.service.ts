import { createHash } from 'node:crypto';
import { Role } from '../users/user.entity';
import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import { authorize } from '../auth/policy';
import { auditActor, diff, recordAudit } from '../audit/audit.service';
import { getByGlobalId } from '../db/find';
import type { Acting } from '../services';
import { DomainError, ErrorCode } from '../core/errors';
import { assertCurrency, parseDecimal } from '../core/money';
import { normalizeBankAccount } from '../organizations/bank-account';
import { Fund } from './fund.entity';
import { canManageFunds } from './fund.policy';
import type { CreateFundInput, FundPolicyInput, UpdateFundPolicyInput } from './fund.types';

/**
 * The fund's account as the trail keeps it: the trail masks account numbers, so the ending and a
 * fingerprint of the whole account show that (and when) it changed.
 */
function receivingAccountTrail(f: Fund): Record<string, unknown> | null {
  const a = f.receivingAccount;
  if (!a) return null;
  return {
    holder: a.accountHolder,
    bankName: a.bankName,
    bankCountry: a.bankCountry ?? null,
    bic: a.swift,
    ending: (a.iban ?? a.accountNumber ?? '').slice(-4),
    fingerprint: createHash('sha256').update(JSON.stringify(a)).digest('hex').slice(0, 16),
  };
}

export function fundSnapshot(f: Fund): Record<string, unknown> {
  return {
    code: f.code,
    name: f.name,
    baseCurrency: f.baseCurrency,
    supportCostRateBps: f.supportCostRateBps,
    minApprovals: f.minApprovals,
    unanimityThresholdMinor: f.unanimityThresholdMinor,
    auditThresholdMinor: f.auditThresholdMinor,
    trancheWeights: f.trancheWeights,
    secretariatMayReview: f.secretariatMayReview,
    trancheApproverRoles: f.trancheApproverRoles,
    paymentSeparationOfDuties: f.paymentSeparationOfDuties,
    fxToleranceBps: f.fxToleranceBps,
    awardAcceptanceDays: f.awardAcceptanceDays,
    receiptAcknowledgementDays: f.receiptAcknowledgementDays,
    receivingAccount: receivingAccountTrail(f),
    stepUpActions: f.stepUpActions,
  };
}

function applyPolicy(f: Fund, p: FundPolicyInput): void {
  if (p.supportCostRateBps != null) f.supportCostRateBps = p.supportCostRateBps;
  if (p.minApprovals != null) f.minApprovals = p.minApprovals;
  if (p.unanimityThreshold != null) {
    f.unanimityThresholdMinor =
      p.unanimityThreshold === '' ? null : parseDecimal(p.unanimityThreshold, f.baseCurrency, 'unanimityThreshold');
  }
  if (p.auditThreshold != null)
    f.auditThresholdMinor = parseDecimal(p.auditThreshold, f.baseCurrency, 'auditThreshold');
  if (p.trancheWeights != null) {
    if (p.trancheWeights.reduce((a, b) => a + b, 0) !== 100) {
      throw new DomainError(ErrorCode.INVALID_VALUE, 'Tranche weights must sum to 100.', 'trancheWeights');
    }
    f.trancheWeights = p.trancheWeights;
  }
  if (p.secretariatMayReview != null) f.secretariatMayReview = p.secretariatMayReview;
  if (p.stepUpActions != null) f.stepUpActions = [...new Set(p.stepUpActions)];
  if (p.paymentSeparationOfDuties != null) f.paymentSeparationOfDuties = p.paymentSeparationOfDuties;
  if (p.fxToleranceBps != null) f.fxToleranceBps = p.fxToleranceBps;
  if (p.awardAcceptanceDays != null) f.awardAcceptanceDays = p.awardAcceptanceDays === 0 ? null : p.awardAcceptanceDays;
  if (p.receiptAcknowledgementDays != null) f.receiptAcknowledgementDays = p.receiptAcknowledgementDays;
  if (p.receivingAccount != null) {
    try {
      f.receivingAccount = normalizeBankAccount(p.receivingAccount);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      throw new DomainError(e.code, e.message, `receivingAccount.${e.field ?? 'iban'}`);
    }
  }
  if (p.trancheApproverRoles != null) {
    // Payments are approved by fund-management staff only: never a grantee, donor, trustee or auditor.
    const allowed = [Role.SECRETARIAT, Role.ADMIN];
    if (p.trancheApproverRoles.some((r) => !allowed.includes(r))) {
      throw new DomainError(
        ErrorCode.INVALID_VALUE,
        'Tranche approvers are SECRETARIAT or ADMIN.',
        'trancheApproverRoles',
      );
    }
    f.trancheApproverRoles = [...new Set(p.trancheApproverRoles)];
  }
}

export async function createFund(ctx: Acting, input: CreateFundInput): Promise<Fund> {
  const role = authorize(canManageFunds(ctx.actor));
  const currency = assertCurrency(input.baseCurrency, 'baseCurrency');
  try {
    return await ctx.em.transactional(async (tx) => {
      if (await tx.count(Fund, { code: input.code })) {
        throw new DomainError(ErrorCode.ALREADY_EXISTS, `A fund with code ${input.code} exists.`, 'code');
      }
      const fund = new Fund(input.code, input.name, currency);
      applyPolicy(fund, input);
      tx.persist(fund);
      await tx.flush();
      await recordAudit(tx, auditActor(ctx, role), {
        action: 'fund.create',
        entityType: 'Fund',
        entityId: fund.id,
        fundId: fund.id,
        after: fundSnapshot(fund),
      });
      return fund;
    });
  } catch (e) {
    if (e instanceof UniqueConstraintViolationException) {
      throw new DomainError(ErrorCode.ALREADY_EXISTS, `A fund with code ${input.code} exists.`, 'code');
    }
    throw e;
  }
}

export async function updateFundPolicy(ctx: Acting, input: UpdateFundPolicyInput): Promise<Fund> {
  const role = authorize(canManageFunds(ctx.actor));
  return ctx.em.transactional(async (tx) => {
    const fund = await getByGlobalId(tx, Fund, 'Fund', input.fundId, 'fundId', {
      lockMode: LockMode.PESSIMISTIC_WRITE,
    });
    const before = fundSnapshot(fund);
    if (input.name) fund.name = input.name;
    applyPolicy(fund, input);
    const changes = diff(before, fundSnapshot(fund));
    if (Object.keys(changes.after).length === 0) return fund;
    await tx.flush();
    await recordAudit(tx, auditActor(ctx, role), {
      action: 'fund.update_policy',
      entityType: 'Fund',
      entityId: fund.id,
      fundId: fund.id,
      ...changes,
    });
    return fund;
  });
}
