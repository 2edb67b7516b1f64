import { Machine } from '../core/transition';
import { Role } from '../users/user.entity';
import { BankLineStatus } from './bank-statement.entity';

const { UNMATCHED, PROPOSED, CONFIRMED } = BankLineStatus;
const SECRETARIAT = [Role.SECRETARIAT];

/**
 * A statement credit in the reconciliation queue. The import creates it PROPOSED (a pledge fits)
 * or UNMATCHED; the secretariat confirms it (recorded as a wire contribution, final) or rejects
 * the proposal (back to the queue, unmatched).
 */
export const BANK_LINE_MACHINE = new Machine<BankLineStatus>(
  'BankStatementLine',
  Object.values(BankLineStatus),
  [
    { from: PROPOSED, to: CONFIRMED, who: SECRETARIAT },
    { from: UNMATCHED, to: CONFIRMED, who: SECRETARIAT },
    { from: PROPOSED, to: UNMATCHED, who: SECRETARIAT },
  ],
  'statement line',
);

export const lineStatus = {
  get: (l: { status: BankLineStatus }) => l.status,
  set: (l: { status: BankLineStatus }, s: BankLineStatus) => {
    l.status = s;
  },
};
