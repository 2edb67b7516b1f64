import type { Role } from '../../gql/graphql';

/** The fund policy form: its values, and the limits UpdateFundPolicyInput applies, checked as typed. */

export interface PolicyForm {
  name: string;
  minApprovals: number | '';
  unanimityThreshold: string;
  auditThreshold: string;
  supportCostPercent: number | '';
  trancheWeights: string;
  secretariatMayReview: boolean;
  paymentSeparationOfDuties: boolean;
  fxTolerancePercent: number | '';
  awardAcceptanceDays: number | '';
  trancheApproverRoles: Role[];
}

interface FundPolicy {
  name: string;
  minApprovals: number;
  unanimityThreshold?: { amount: string } | null;
  auditThreshold: { amount: string };
  supportCostRateBps: number;
  trancheWeights: number[];
  secretariatMayReview: boolean;
  paymentSeparationOfDuties: boolean;
  fxToleranceBps: number;
  awardAcceptanceDays?: number | null;
  trancheApproverRoles: readonly string[];
}

export function toPolicyForm(f: FundPolicy): PolicyForm {
  return {
    name: f.name,
    minApprovals: f.minApprovals,
    unanimityThreshold: f.unanimityThreshold?.amount ?? '',
    auditThreshold: f.auditThreshold.amount,
    supportCostPercent: f.supportCostRateBps / 100,
    trancheWeights: f.trancheWeights.join(', '),
    secretariatMayReview: f.secretariatMayReview,
    paymentSeparationOfDuties: f.paymentSeparationOfDuties,
    fxTolerancePercent: f.fxToleranceBps / 100,
    awardAcceptanceDays: f.awardAcceptanceDays ?? 0,
    trancheApproverRoles: f.trancheApproverRoles.filter((r): r is Role => r === 'SECRETARIAT' || r === 'ADMIN'),
  };
}

export type PolicyProblem = 'required' | 'range' | 'amount' | 'weightsSum' | 'weights' | 'approvers';

const AMOUNT = /^\d{1,15}(\.\d{1,2})?$/;
const inRange = (v: number | '', min: number, max: number, integer = true) =>
  v !== '' && v >= min && v <= max && (!integer || Number.isInteger(v));

/** What the API would refuse, by field (the same limits as UpdateFundPolicyInput and applyPolicy). */
export function policyProblems(f: PolicyForm): Partial<Record<keyof PolicyForm, PolicyProblem>> {
  const out: Partial<Record<keyof PolicyForm, PolicyProblem>> = {};
  const name = f.name.trim();
  if (name.length < 2 || name.length > 300) out.name = 'required';
  if (!inRange(f.minApprovals, 1, 50)) out.minApprovals = 'range';
  if (f.unanimityThreshold.trim() && !AMOUNT.test(f.unanimityThreshold.trim())) out.unanimityThreshold = 'amount';
  if (!AMOUNT.test(f.auditThreshold.trim())) out.auditThreshold = 'amount';
  if (!inRange(f.supportCostPercent, 0, 100, false)) out.supportCostPercent = 'range';
  if (!inRange(f.fxTolerancePercent, 0, 50, false)) out.fxTolerancePercent = 'range';
  if (!inRange(f.awardAcceptanceDays, 0, 365)) out.awardAcceptanceDays = 'range';
  const parts = f.trancheWeights.split(/[,\s]+/).filter(Boolean);
  const weights = parts.map(Number);
  if (!parts.length || parts.length > 12 || weights.some((w) => !Number.isInteger(w) || w < 1))
    out.trancheWeights = 'weights';
  else if (weights.reduce((a, b) => a + b, 0) !== 100) out.trancheWeights = 'weightsSum';
  if (!f.trancheApproverRoles.length) out.trancheApproverRoles = 'approvers';
  return out;
}
