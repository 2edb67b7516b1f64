import { Machine, statusField } from '../core/transition';
import { type GrantCall, GrantCallStatus } from './grant-call.entity';

/** Allowed transitions of a call (state machine as data). */
export const CALL_TRANSITIONS: Record<GrantCallStatus, GrantCallStatus[]> = {
  [GrantCallStatus.DRAFT]: [GrantCallStatus.OPEN, GrantCallStatus.CANCELLED],
  [GrantCallStatus.OPEN]: [GrantCallStatus.CLOSED, GrantCallStatus.CANCELLED],
  [GrantCallStatus.CLOSED]: [GrantCallStatus.IN_REVIEW, GrantCallStatus.CANCELLED],
  [GrantCallStatus.IN_REVIEW]: [GrantCallStatus.DECIDED, GrantCallStatus.CANCELLED],
  [GrantCallStatus.DECIDED]: [],
  [GrantCallStatus.CANCELLED]: [],
};

/** The call's table as a machine: the fund's secretariat moves it (canTransitionCall), closing also happens by the clock. */
export const CALL_MACHINE = Machine.fromTable(
  'GrantCall',
  CALL_TRANSITIONS,
  (from, to) =>
    from === GrantCallStatus.OPEN && to === GrantCallStatus.CLOSED ? ['SECRETARIAT', 'SYSTEM'] : ['SECRETARIAT'],
  'call',
);

export const CALL_STATUS = statusField<GrantCall, 'status'>('status');
