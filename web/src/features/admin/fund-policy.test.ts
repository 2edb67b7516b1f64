import { describe, expect, it } from 'vitest';
import { policyProblems, toPolicyForm } from './fund-policy';

const fund = {
  name: 'UN Voluntary Trust Fund',
  minApprovals: 3,
  unanimityThreshold: { amount: '100000.00' },
  auditThreshold: { amount: '50000.00' },
  supportCostRateBps: 1300,
  trancheWeights: [40, 40, 20],
  secretariatMayReview: false,
  paymentSeparationOfDuties: true,
  fxToleranceBps: 200,
  awardAcceptanceDays: null,
  trancheApproverRoles: ['SECRETARIAT'],
};

describe('the fund policy form', () => {
  it('starts from the fund: percentages from basis points, acceptance off as 0', () => {
    const f = toPolicyForm(fund);
    expect(f).toMatchObject({ supportCostPercent: 13, fxTolerancePercent: 2, trancheWeights: '40, 40, 20' });
    expect(f.awardAcceptanceDays).toBe(0);
    expect(policyProblems(f)).toEqual({});
  });

  it('holds the limits of UpdateFundPolicyInput as the user types', () => {
    const f = toPolicyForm(fund);
    expect(policyProblems({ ...f, trancheWeights: '50, 40' })).toEqual({ trancheWeights: 'weightsSum' });
    expect(policyProblems({ ...f, trancheWeights: '50, 0, 50' })).toEqual({ trancheWeights: 'weights' });
    expect(policyProblems({ ...f, minApprovals: 0 })).toEqual({ minApprovals: 'range' });
    expect(policyProblems({ ...f, minApprovals: '' })).toEqual({ minApprovals: 'range' });
    expect(policyProblems({ ...f, awardAcceptanceDays: 366 })).toEqual({ awardAcceptanceDays: 'range' });
    expect(policyProblems({ ...f, supportCostPercent: 100.5 })).toEqual({ supportCostPercent: 'range' });
    expect(policyProblems({ ...f, auditThreshold: '12,5' })).toEqual({ auditThreshold: 'amount' });
    // An empty unanimity threshold clears it; a bad one is refused.
    expect(policyProblems({ ...f, unanimityThreshold: '' })).toEqual({});
    expect(policyProblems({ ...f, unanimityThreshold: 'abc' })).toEqual({ unanimityThreshold: 'amount' });
    expect(policyProblems({ ...f, trancheApproverRoles: [] })).toEqual({ trancheApproverRoles: 'approvers' });
    expect(policyProblems({ ...f, name: ' x ' })).toEqual({ name: 'required' });
  });
});
