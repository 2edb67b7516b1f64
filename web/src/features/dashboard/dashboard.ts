/** The dashboard's arithmetic: months, pipeline counts and the reports' state (Vitest beside it). */

export interface Month {
  /** YYYY-MM */
  key: string;
  /** YYYY-MM-DD, first and last day. */
  from: string;
  to: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The last `count` calendar months up to the one of `today` (YYYY-MM-DD), oldest first. */
export function lastMonths(today: string, count: number): Month[] {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7)); // 1..12
  const out: Month[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const index = year * 12 + (month - 1) - i;
    const y = Math.floor(index / 12);
    const m = (index % 12) + 1;
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    out.push({ key: `${y}-${pad(m)}`, from: `${y}-${pad(m)}-01`, to: `${y}-${pad(m)}-${pad(last)}` });
  }
  return out;
}

/** Statuses in the order an application moves through them. */
export const PIPELINE = [
  'SUBMITTED',
  'INFO_REQUESTED',
  'ELIGIBLE',
  'INELIGIBLE',
  'UNDER_REVIEW',
  'RECOMMENDED',
  'NOT_RECOMMENDED',
  'APPROVED',
  'AWARDED',
  'REJECTED',
  'WITHDRAWN',
] as const;

export type PipelineStatus = (typeof PIPELINE)[number];

/**
 * Each call's applications counted by status (drafts are the NGO's own and not counted), with the
 * statuses that occur in any call, in pipeline order.
 */
export function pipeline(calls: readonly { id: string; title: string; applications: readonly { status: string }[] }[]) {
  const rows = calls.map((c) => {
    const counts = new Map<string, number>();
    for (const a of c.applications) counts.set(a.status, (counts.get(a.status) ?? 0) + 1);
    return { id: c.id, title: c.title, counts };
  });
  const statuses = PIPELINE.filter((s) => rows.some((r) => r.counts.has(s)));
  return {
    statuses,
    rows: rows
      .map((r) => ({ ...r, values: statuses.map((s) => r.counts.get(s) ?? 0) }))
      .filter((r) => r.values.some((v) => v > 0)),
  };
}

/** Report statuses in the order the dashboard shows them. */
export const REPORT_STATUSES = ['OVERDUE', 'DUE', 'SUBMITTED', 'REVISION_REQUESTED', 'ACCEPTED', 'WAIVED'] as const;

export interface DashboardReport {
  id: string;
  kind: string;
  status: string;
  dueDate: string;
}

/** The reports counted by status, and the overdue ones, longest overdue first. */
export function reportState<R extends DashboardReport, A extends { reports: readonly R[] }>(awards: readonly A[]) {
  const counts = new Map<string, number>(REPORT_STATUSES.map((s) => [s, 0]));
  const overdue: { award: A; report: R }[] = [];
  for (const award of awards) {
    for (const report of award.reports) {
      counts.set(report.status, (counts.get(report.status) ?? 0) + 1);
      if (report.status === 'OVERDUE') overdue.push({ award, report });
    }
  }
  overdue.sort((a, b) => a.report.dueDate.localeCompare(b.report.dueDate));
  return { counts: REPORT_STATUSES.map((s) => ({ status: s, count: counts.get(s) ?? 0 })), overdue };
}
