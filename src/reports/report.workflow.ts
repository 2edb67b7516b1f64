import { isoDate } from '../core/clock';
import { Machine, statusField } from '../core/transition';
import { Role } from '../users/user.entity';
import { ReportStatus, type Report } from './report.entity';

const { DUE, OVERDUE, SUBMITTED, ACCEPTED, REVISION_REQUESTED, WAIVED } = ReportStatus;
const NGO = [Role.NGO];
const SECRETARIAT = [Role.SECRETARIAT];

/** A report's stored status. OVERDUE is set by the overdue job (SYSTEM); clients also see it computed. */
export const REPORT_MACHINE = new Machine<ReportStatus>('Report', Object.values(ReportStatus), [
  { from: DUE, to: SUBMITTED, who: NGO },
  { from: DUE, to: OVERDUE, who: ['SYSTEM'] },
  { from: DUE, to: WAIVED, who: SECRETARIAT },
  { from: OVERDUE, to: SUBMITTED, who: NGO },
  { from: OVERDUE, to: WAIVED, who: SECRETARIAT },
  { from: SUBMITTED, to: ACCEPTED, who: SECRETARIAT },
  { from: SUBMITTED, to: REVISION_REQUESTED, who: SECRETARIAT },
  { from: SUBMITTED, to: WAIVED, who: SECRETARIAT },
  { from: REVISION_REQUESTED, to: SUBMITTED, who: NGO },
  { from: REVISION_REQUESTED, to: OVERDUE, who: ['SYSTEM'] },
  { from: REVISION_REQUESTED, to: WAIVED, who: SECRETARIAT },
]);

/** Allowed transitions of a report's stored status, as from → [to]. */
export const REPORT_TRANSITIONS: Record<ReportStatus, ReportStatus[]> = REPORT_MACHINE.table();

/** Stored statuses that still owe a submission: past the due date they are OVERDUE. */
export const OWING: ReportStatus[] = [ReportStatus.DUE, ReportStatus.REVISION_REQUESTED, ReportStatus.OVERDUE];

/** The status clients see: a report that owes a submission past its due date is OVERDUE. */
export function effectiveReportStatus(r: Report, now: Date): ReportStatus {
  return OWING.includes(r.status) && r.dueDate < isoDate(now) ? ReportStatus.OVERDUE : r.status;
}

export const REPORT_STATUS = statusField<Report, 'status'>('status');
