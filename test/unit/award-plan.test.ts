import 'reflect-metadata';
import { addMonths, planAward } from '../../src/awards/award.service';
import { ReportKind } from '../../src/reports/report.entity';

describe('award schedule', () => {
  it('splits the amount exactly by the fund weights, remainder to the first tranche', () => {
    const { plan } = planAward(100_001n, [70, 30], '2027-01-15', 12, false);
    expect(plan.tranches.map((t) => t.amount)).toEqual([70_001n, 30_000n]);
    expect(plan.tranches.reduce((s, t) => s + t.amount, 0n)).toBe(100_001n);
  });

  it('conditions every tranche after the first on an interim report due 30 days before it, and ends with a final report', () => {
    const { plan, end } = planAward(90_000n, [40, 30, 30], '2027-01-15', 12, false);
    expect(plan.tranches.map((t) => t.date)).toEqual(['2027-01-15', '2027-05-15', '2027-09-15']);
    expect(plan.tranches.map((t) => t.conditionIndex)).toEqual([null, 0, 1]);
    expect(plan.reports).toEqual([
      { kind: ReportKind.INTERIM, dueDate: '2027-04-15' },
      { kind: ReportKind.INTERIM, dueDate: '2027-08-16' },
      { kind: ReportKind.FINAL, dueDate: '2028-01-15' },
    ]);
    expect(end).toBe('2028-01-15');
  });

  it('adds an audit report three months after the end when the award reaches the audit threshold', () => {
    const { plan } = planAward(10n, [100], '2027-03-01', 6, true);
    expect(plan.reports.map((r) => [r.kind, r.dueDate])).toEqual([
      [ReportKind.FINAL, '2027-09-01'],
      [ReportKind.AUDIT, '2027-12-01'],
    ]);
  });

  it('clamps month arithmetic to the end of shorter months', () => {
    expect(addMonths('2027-01-31', 1)).toBe('2027-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2027-11-30', 3)).toBe('2028-02-29');
  });
});
