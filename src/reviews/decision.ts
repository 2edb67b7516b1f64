import { VoteChoice } from './review.entity';

export interface BoardPolicy {
  minApprovals: number;
  /** Awards at or above this amount need every eligible (non-conflicted) member; null: never. */
  unanimityThresholdMinor: bigint | null;
}

export interface Tally {
  /** Seated board: users holding BOARD_MEMBER on the fund. */
  seated: string[];
  /** Seated members excluded by a conflict (declared or membership). */
  conflicted: Set<string>;
  votes: { voterId: string; choice: VoteChoice }[];
  amountMinor: bigint;
}

export type Outcome = 'APPROVED' | 'REJECTED' | 'PENDING';

export interface Decision {
  outcome: Outcome;
  required: number;
  approvals: number;
  eligible: number;
  unanimity: boolean;
}

/**
 * The fund's board rule: approvals ≥ max(minApprovals, majority of the seated board); at or
 * above the unanimity threshold every eligible member must approve (and at least minApprovals).
 * Conflicted members neither count nor vote. REJECTED as soon as approval can no longer be reached.
 */
export function decide(policy: BoardPolicy, t: Tally): Decision {
  const eligible = t.seated.filter((u) => !t.conflicted.has(u));
  const eligibleSet = new Set(eligible);
  const votes = t.votes.filter((v) => eligibleSet.has(v.voterId));
  const approvals = votes.filter((v) => v.choice === VoteChoice.APPROVE).length;
  const pending = eligible.length - votes.length;
  const unanimity = policy.unanimityThresholdMinor !== null && t.amountMinor >= policy.unanimityThresholdMinor;
  const majority = Math.floor(t.seated.length / 2) + 1;
  const required = unanimity ? Math.max(eligible.length, policy.minApprovals) : Math.max(policy.minApprovals, majority);
  let outcome: Outcome = 'PENDING';
  if (approvals >= required) outcome = 'APPROVED';
  else if (approvals + pending < required) outcome = 'REJECTED';
  return { outcome, required, approvals, eligible: eligible.length, unanimity };
}
