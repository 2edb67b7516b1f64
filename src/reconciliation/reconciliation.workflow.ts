import { Machine } from '../core/transition';
import { Role } from '../users/user.entity';
import { BankLineStatus } from './bank-statement.entity';

const { UNMATCHED, PROPOSED, CONFIRMED, IGNORED } = BankLineStatus;
const SECRETARIAT = [Role.SECRETARIAT];

/**
 * A statement credit in the reconciliation queue. The import creates it PROPOSED (a pledge fits)
 * or UNMATCHED; the secretariat confirms it (recorded as a wire contribution, final) or rejects
 * the proposal (back to the queue, unmatched), or sets a credit that is no donation aside (IGNORED,
 * with its reason; reopened if that was a mistake). A pledge created later is proposed for the
 * unmatched credits it fits (never one the secretariat rejected for that credit).
 */
export const BANK_LINE_MACHINE = new Machine<BankLineStatus>(
  'BankStatementLine',
  Object.values(BankLineStatus),
  [
    { from: PROPOSED, to: CONFIRMED, who: SECRETARIAT },
    { from: UNMATCHED, to: CONFIRMED, who: SECRETARIAT },
    { from: PROPOSED, to: UNMATCHED, who: SECRETARIAT },
    // A pledge that arrives later fits a credit that waited unmatched (createPledge, an import, rematch).
    { from: UNMATCHED, to: PROPOSED, who: ['SYSTEM'] },
    { from: UNMATCHED, to: IGNORED, who: SECRETARIAT },
    { from: PROPOSED, to: IGNORED, who: SECRETARIAT },
    { from: IGNORED, to: UNMATCHED, who: SECRETARIAT },
  ],
  'statement line',
);

export const lineStatus = {
  get: (l: { status: BankLineStatus }) => l.status,
  set: (l: { status: BankLineStatus }, s: BankLineStatus) => {
    l.status = s;
  },
};
