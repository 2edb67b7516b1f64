import { Machine, statusField } from '../core/transition';
import { Role } from '../users/user.entity';
import { type Tranche, TrancheStatus } from './tranche.entity';

const { SCHEDULED, REQUESTED, APPROVED, PAID, CANCELLED } = TrancheStatus;
const SECRETARIAT = [Role.SECRETARIAT];

/**
 * A tranche's life. The approver's roles come from the fund's policy (tranche.rules.ts,
 * approverRoles); a partial payment leaves the tranche APPROVED, the last one makes it PAID.
 */
export const TRANCHE_MACHINE = new Machine<TrancheStatus>('Tranche', Object.values(TrancheStatus), [
  { from: SCHEDULED, to: REQUESTED, who: SECRETARIAT },
  { from: SCHEDULED, to: CANCELLED, who: SECRETARIAT },
  { from: REQUESTED, to: APPROVED, who: ['FUND_APPROVER_ROLES'] },
  { from: REQUESTED, to: CANCELLED, who: SECRETARIAT },
  { from: APPROVED, to: PAID, who: SECRETARIAT },
  { from: APPROVED, to: CANCELLED, who: SECRETARIAT },
]);

/** Allowed transitions of a tranche, as from → [to]. */
export const TRANCHE_TRANSITIONS: Record<TrancheStatus, TrancheStatus[]> = TRANCHE_MACHINE.table();

export const TRANCHE_STATUS = statusField<Tranche, 'status'>('status');
