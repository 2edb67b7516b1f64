import { Machine, statusField } from '../core/transition';
import { type Organization, VettingStatus } from './organization.entity';

export const VETTING_TRANSITIONS: Record<VettingStatus, VettingStatus[]> = {
  [VettingStatus.PENDING]: [VettingStatus.VERIFIED, VettingStatus.REJECTED],
  [VettingStatus.VERIFIED]: [VettingStatus.SUSPENDED],
  [VettingStatus.SUSPENDED]: [VettingStatus.VERIFIED, VettingStatus.REJECTED],
  [VettingStatus.REJECTED]: [VettingStatus.VERIFIED],
};

/** Vetting as a machine: the secretariat (or an admin) moves it, canVetOrganization says who exactly. */
export const VETTING_MACHINE = Machine.fromTable(
  'Organization',
  VETTING_TRANSITIONS,
  () => ['SECRETARIAT', 'ADMIN'],
  'organisation',
);

export const VETTING_STATUS = statusField<Organization, 'vettingStatus'>('vettingStatus');
