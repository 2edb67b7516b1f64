import { Machine, statusField } from '../core/transition';
import { Role } from '../users/user.entity';
import { ReceiptStatus, type TranchePayment } from './tranche-payment.entity';

const { AWAITING, CONFIRMED, DISCREPANCY, RESOLVED } = ReceiptStatus;

/**
 * The grantee's acknowledgement of one transfer: the amount arrived (CONFIRMED, final) or another
 * amount did (DISCREPANCY, with the grantee's note), which the secretariat clears up (RESOLVED).
 * Nothing here moves money: what was sent is booked when the payment is recorded.
 */
export const RECEIPT_MACHINE = new Machine<ReceiptStatus>(
  'TranchePayment',
  Object.values(ReceiptStatus),
  [
    { from: AWAITING, to: CONFIRMED, who: [Role.NGO] },
    { from: AWAITING, to: DISCREPANCY, who: [Role.NGO] },
    { from: DISCREPANCY, to: RESOLVED, who: [Role.SECRETARIAT] },
  ],
  'payment receipt',
);

export const RECEIPT_STATUS = statusField<TranchePayment, 'receiptStatus'>('receiptStatus');
