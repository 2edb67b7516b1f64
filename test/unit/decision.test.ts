import { decide } from '../../src/reviews/decision';
import { VoteChoice } from '../../src/reviews/review.entity';

const board = ['a', 'b', 'c', 'd', 'e'];
const votes = (...c: [string, VoteChoice][]) => c.map(([voterId, choice]) => ({ voterId, choice }));
const A = VoteChoice.APPROVE;
const R = VoteChoice.REJECT;
const X = VoteChoice.ABSTAIN;
const policy = { minApprovals: 3, unanimityThresholdMinor: 1_000_000n };

describe('board decision rule', () => {
  it('approves at three approvals of a five-member board', () => {
    const d = decide(policy, {
      seated: board,
      conflicted: new Set(),
      votes: votes(['a', A], ['b', A], ['c', A]),
      amountMinor: 1n,
    });
    expect(d).toMatchObject({ outcome: 'APPROVED', required: 3, approvals: 3 });
  });

  it('stays pending at two approvals while members still have to vote', () => {
    const d = decide(policy, {
      seated: board,
      conflicted: new Set(),
      votes: votes(['a', A], ['b', A], ['c', R]),
      amountMinor: 1n,
    });
    expect(d.outcome).toBe('PENDING');
  });

  it('rejects as soon as the approvals can no longer be reached', () => {
    const d = decide(policy, {
      seated: board,
      conflicted: new Set(),
      votes: votes(['a', R], ['b', X], ['c', R]),
      amountMinor: 1n,
    });
    expect(d.outcome).toBe('REJECTED');
  });

  it('needs a majority of a larger board even above the minimum', () => {
    const seven = [...board, 'f', 'g'];
    const d = decide(policy, {
      seated: seven,
      conflicted: new Set(),
      votes: votes(['a', A], ['b', A], ['c', A]),
      amountMinor: 1n,
    });
    expect(d).toMatchObject({ outcome: 'PENDING', required: 4 });
  });

  it('ignores the vote of a conflicted member and removes it from the possible approvals', () => {
    const d = decide(policy, {
      seated: board,
      conflicted: new Set(['a', 'b', 'c']),
      votes: votes(['a', A], ['d', A]),
      amountMinor: 1n,
    });
    expect(d).toMatchObject({ approvals: 1, eligible: 2, outcome: 'REJECTED' });
  });

  it('at or above the unanimity threshold needs every non-conflicted member', () => {
    const t = { seated: board, conflicted: new Set(['e']), amountMinor: 1_000_000n };
    expect(decide(policy, { ...t, votes: votes(['a', A], ['b', A], ['c', A]) }).outcome).toBe('PENDING');
    expect(decide(policy, { ...t, votes: votes(['a', A], ['b', A], ['c', A], ['d', A]) }).outcome).toBe('APPROVED');
    expect(decide(policy, { ...t, votes: votes(['a', A], ['b', X]) }).outcome).toBe('REJECTED');
  });
});
