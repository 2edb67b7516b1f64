import 'reflect-metadata';
import { ReportStatus as R, Report, ReportKind } from '../../src/reports/report.entity';
import { TrancheStatus as T } from '../../src/tranches/tranche.entity';
import { effectiveReportStatus } from '../../src/reports/report.workflow';
import { canMove } from '../../src/core/transition';
import { REPORT_TRANSITIONS } from '../../src/reports/report.workflow';
import { TRANCHE_TRANSITIONS } from '../../src/tranches/tranche.workflow';
import { validateBeneficiaries, type BeneficiariesInput } from '../../src/reports/beneficiaries';
import { DomainError } from '../../src/core/errors';

const input = (over: Partial<BeneficiariesInput> = {}): BeneficiariesInput =>
  ({
    total: 3,
    bySex: { FEMALE: 2, MALE: 1, OTHER_OR_UNKNOWN: 0 },
    byAgeGroup: { CHILD: 1, ADULT: 2, UNKNOWN: 0 },
    byExploitation: {
      SEXUAL_EXPLOITATION: 3,
      FORCED_LABOUR: 0,
      DOMESTIC_SERVITUDE: 0,
      FORCED_MARRIAGE: 0,
      ORGAN_REMOVAL: 0,
      FORCED_CRIMINALITY: 0,
      OTHER: 0,
    },
    byNationality: [{ country: 'ng', count: 3 }],
    byAssistance: { SHELTER: 3, MEDICAL: 3, PSYCHOLOGICAL: 0, LEGAL: 1, REINTEGRATION: 0, OTHER: 0 },
    ...over,
  }) as BeneficiariesInput;

const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof DomainError ? [e.code, e.field] : ['?', String(e)];
  }
  return null;
};

describe('tranche and report transition tables', () => {
  it('moves a tranche SCHEDULED → REQUESTED → APPROVED → PAID, cancellable until paid', () => {
    expect(canMove(TRANCHE_TRANSITIONS, T.SCHEDULED, T.REQUESTED)).toBe(true);
    expect(canMove(TRANCHE_TRANSITIONS, T.REQUESTED, T.APPROVED)).toBe(true);
    expect(canMove(TRANCHE_TRANSITIONS, T.APPROVED, T.PAID)).toBe(true);
    expect(canMove(TRANCHE_TRANSITIONS, T.SCHEDULED, T.PAID)).toBe(false);
    expect(canMove(TRANCHE_TRANSITIONS, T.REQUESTED, T.PAID)).toBe(false);
    expect(
      Object.values(T)
        .filter((s) => canMove(TRANCHE_TRANSITIONS, s, T.CANCELLED))
        .sort(),
    ).toEqual([T.APPROVED, T.REQUESTED, T.SCHEDULED].sort());
    expect(TRANCHE_TRANSITIONS[T.PAID]).toEqual([]);
  });

  it('lets a report be submitted again only after a revision request, never after acceptance', () => {
    expect(canMove(REPORT_TRANSITIONS, R.DUE, R.SUBMITTED)).toBe(true);
    expect(canMove(REPORT_TRANSITIONS, R.OVERDUE, R.SUBMITTED)).toBe(true);
    expect(canMove(REPORT_TRANSITIONS, R.REVISION_REQUESTED, R.SUBMITTED)).toBe(true);
    expect(canMove(REPORT_TRANSITIONS, R.SUBMITTED, R.SUBMITTED)).toBe(false);
    expect(canMove(REPORT_TRANSITIONS, R.DUE, R.ACCEPTED)).toBe(false);
    expect(REPORT_TRANSITIONS[R.ACCEPTED]).toEqual([]);
  });

  it('shows a report OVERDUE from the day after its due date until it is submitted', () => {
    const r = Object.assign(Object.create(Report.prototype) as Report, {
      kind: ReportKind.INTERIM,
      dueDate: '2027-06-01',
    });
    r.status = R.DUE;
    expect(effectiveReportStatus(r, new Date('2027-06-01T23:59:59Z'))).toBe(R.DUE);
    expect(effectiveReportStatus(r, new Date('2027-06-02T00:00:00Z'))).toBe(R.OVERDUE);
    r.status = R.REVISION_REQUESTED;
    expect(effectiveReportStatus(r, new Date('2027-06-02T00:00:00Z'))).toBe(R.OVERDUE);
    r.status = R.SUBMITTED;
    expect(effectiveReportStatus(r, new Date('2028-01-01T00:00:00Z'))).toBe(R.SUBMITTED);
  });
});

describe('beneficiary counts', () => {
  it('stores consistent counts in the contract shape, nationality upper-cased as a map', () => {
    const b = validateBeneficiaries(input());
    expect(b.byNationality).toEqual({ NG: 3 });
    expect(b.total).toBe(3);
  });

  it('accepts zero victims', () => {
    const zero = input({
      total: 0,
      bySex: { FEMALE: 0, MALE: 0, OTHER_OR_UNKNOWN: 0 },
      byAgeGroup: { CHILD: 0, ADULT: 0, UNKNOWN: 0 },
      byExploitation: { ...input().byExploitation, SEXUAL_EXPLOITATION: 0 },
      byNationality: [],
      byAssistance: { SHELTER: 0, MEDICAL: 0, PSYCHOLOGICAL: 0, LEGAL: 0, REINTEGRATION: 0, OTHER: 0 },
    });
    expect(validateBeneficiaries(zero).total).toBe(0);
  });

  it('names the breakdown that does not add up, a negative or fractional count, and a bad country', () => {
    expect(codeOf(() => validateBeneficiaries(input({ total: 4 })))).toEqual([
      'INCONSISTENT_COUNTS',
      'beneficiaries.bySex',
    ]);
    expect(
      codeOf(() => validateBeneficiaries(input({ byExploitation: { ...input().byExploitation, OTHER: 1 } }))),
    ).toEqual(['INCONSISTENT_COUNTS', 'beneficiaries.byExploitation']);
    expect(codeOf(() => validateBeneficiaries(input({ byAgeGroup: { CHILD: 1.5, ADULT: 1.5, UNKNOWN: 0 } })))).toEqual([
      'INVALID_VALUE',
      'beneficiaries.byAgeGroup.CHILD',
    ]);
    expect(
      codeOf(() =>
        validateBeneficiaries(
          input({
            byNationality: [
              { country: 'NG', count: 2 },
              { country: 'ng', count: 1 },
            ],
          }),
        ),
      ),
    ).toEqual(['INVALID_VALUE', 'beneficiaries.byNationality.1']);
    expect(codeOf(() => validateBeneficiaries(input({ byNationality: [{ country: 'ZZ', count: 3 }] })))).toEqual([
      'INVALID_VALUE',
      'beneficiaries.byNationality.0',
    ]);
  });
});
