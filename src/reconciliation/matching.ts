import { formatMinor } from '../core/money';
import { nameScore, prepareName } from '../sanctions/name-match';
import { MatchKind } from './bank-statement.entity';

/** What the matcher needs of a statement credit. */
export interface LineFacts {
  amountMinor: bigint;
  currency: string;
  remittance: string;
  debtorName: string | null;
}

/** What the matcher needs of an open pledge of the fund. */
export interface PledgeFacts {
  pledgeId: string;
  /** The reference the donor is asked to quote (`pledgeReference`: UNVTF-P-1A2B3C4D5E). */
  reference: string;
  donorName: string;
  amountMinor: bigint;
  paidMinor: bigint;
  currency: string;
}

export interface Proposal {
  pledgeId: string;
  kind: MatchKind;
  score: number;
  reasons: string[];
}

/** Below this score nothing is proposed: the line waits in the queue unmatched. */
export const PROPOSE_AT = 35;
/** A debtor name at least this similar to the donor's legal name counts as the donor. */
const SAME_DONOR = 0.88;

const squash = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, '');

/**
 * Scores one pledge against one credit: the reference quoted (50; 40 for its digits alone), the
 * ordering party's name against the donor (up to 25) and the amount (25 for the outstanding
 * amount, 20 for the whole pledge, 10 for a part of what is outstanding). A pledge in another
 * currency never matches: the wire would be refused (CURRENCY_MISMATCH).
 */
export function scorePledge(line: LineFacts, p: PledgeFacts): Proposal | null {
  if (p.currency !== line.currency) return null;
  const reasons: string[] = [];
  let score = 0;
  const remittance = squash(line.remittance);
  const digits = squash(p.reference.split('-').pop() ?? '');
  let referenced = false;
  if (remittance.includes(squash(p.reference))) {
    score += 50;
    referenced = true;
    reasons.push(`reference ${p.reference} quoted`);
  } else if (digits.length >= 8 && remittance.includes(digits)) {
    score += 40;
    reasons.push(`reference digits ${digits} quoted without the fund code`);
  }
  const similarity = line.debtorName ? nameScore(prepareName(line.debtorName), prepareName(p.donorName)) : 0;
  const sameDonor = similarity >= SAME_DONOR;
  if (sameDonor) {
    score += Math.round(25 * similarity);
    reasons.push(`ordering party "${line.debtorName}" is the donor (${Math.round(similarity * 100)} %)`);
  } else if (line.debtorName) {
    reasons.push(`ordering party "${line.debtorName}" differs from the donor "${p.donorName}"`);
  }
  const outstanding = p.amountMinor - p.paidMinor;
  const fmt = (m: bigint) => `${formatMinor(m, p.currency)} ${p.currency}`;
  let exactAmount = false;
  if (outstanding > 0n && line.amountMinor === outstanding) {
    score += 25;
    exactAmount = true;
    reasons.push(`amount ${fmt(line.amountMinor)} is what is outstanding`);
  } else if (line.amountMinor === p.amountMinor) {
    score += 20;
    reasons.push(`amount ${fmt(line.amountMinor)} is the whole pledge`);
  } else if (outstanding > 0n && line.amountMinor < outstanding) {
    score += 10;
    reasons.push(`amount ${fmt(line.amountMinor)} pays part of the ${fmt(outstanding)} outstanding`);
  } else {
    reasons.push(`amount ${fmt(line.amountMinor)} does not fit the ${fmt(outstanding)} outstanding`);
  }
  const exact = referenced && sameDonor && exactAmount;
  return {
    pledgeId: p.pledgeId,
    kind: exact ? MatchKind.EXACT : MatchKind.FUZZY,
    score: exact ? 100 : Math.min(score, 99),
    reasons,
  };
}

/**
 * The pledge to propose for a credit: an exact match first, else the best fuzzy score at or above
 * PROPOSE_AT. Two candidates sharing the best score propose nothing (the secretariat picks).
 */
export function proposeMatch(line: LineFacts, pledges: PledgeFacts[]): Proposal | { none: string[] } {
  const scored = pledges
    .map((p) => scorePledge(line, p))
    .filter((s): s is Proposal => s !== null)
    .sort((a, b) => b.score - a.score);
  const [best, second] = scored;
  if (!best) return { none: [`no open pledge in ${line.currency}`] };
  if (best.score < PROPOSE_AT)
    return { none: [`best candidate scored ${best.score} (< ${PROPOSE_AT})`, ...best.reasons] };
  if (second && second.score === best.score) {
    return {
      none: [`${scored.filter((s) => s.score === best.score).length} pledges fit equally (score ${best.score})`],
    };
  }
  return best;
}
