import { describe, expect, it } from 'vitest';
import { lastMonths, pipeline, reportState } from './dashboard';

describe('lastMonths', () => {
  it('counts back across a year end, each month with its first and last day', () => {
    expect(lastMonths('2027-02-14', 3)).toEqual([
      { key: '2026-12', from: '2026-12-01', to: '2026-12-31' },
      { key: '2027-01', from: '2027-01-01', to: '2027-01-31' },
      { key: '2027-02', from: '2027-02-01', to: '2027-02-28' },
    ]);
    expect(lastMonths('2028-02-29', 1)).toEqual([{ key: '2028-02', from: '2028-02-01', to: '2028-02-29' }]);
  });
});

describe('pipeline', () => {
  it('counts each call’s applications by status, keeping only statuses and calls that occur', () => {
    const p = pipeline([
      { id: 'a', title: 'A', applications: [{ status: 'AWARDED' }, { status: 'SUBMITTED' }, { status: 'AWARDED' }] },
      { id: 'b', title: 'B', applications: [{ status: 'RECOMMENDED' }, { status: 'DRAFT' }] },
      { id: 'c', title: 'C', applications: [] },
    ]);
    expect(p.statuses).toEqual(['SUBMITTED', 'RECOMMENDED', 'AWARDED']);
    expect(p.rows.map((r) => [r.title, r.values])).toEqual([
      ['A', [1, 0, 2]],
      ['B', [0, 1, 0]],
    ]);
  });
});

describe('reportState', () => {
  it('counts reports by status and lists the overdue ones, longest overdue first', () => {
    const r = (id: string, status: string, dueDate: string) => ({ id, kind: 'INTERIM', status, dueDate });
    const s = reportState([
      { reports: [r('1', 'OVERDUE', '2027-03-01'), r('2', 'ACCEPTED', '2027-01-01')] },
      { reports: [r('3', 'OVERDUE', '2027-02-01'), r('4', 'DUE', '2027-06-01')] },
    ]);
    expect(Object.fromEntries(s.counts.map((c) => [c.status, c.count]))).toEqual({
      OVERDUE: 2,
      DUE: 1,
      SUBMITTED: 0,
      REVISION_REQUESTED: 0,
      ACCEPTED: 1,
      WAIVED: 0,
    });
    expect(s.overdue.map((o) => o.report.id)).toEqual(['3', '1']);
  });
});
