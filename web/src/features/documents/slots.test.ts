import { describe, expect, it } from 'vitest';
import { applicationSlots, reportSlots } from './slots';

describe('document slots', () => {
  it("an application shows the proposal and budget, required only when the call asks, then the call's own documents", () => {
    expect(applicationSlots(['BUDGET', 'WORKPLAN'])).toEqual([
      { slot: 'APPLICATION_PROPOSAL', required: false },
      { slot: 'APPLICATION_BUDGET', required: true },
      { slot: 'APPLICATION_CALL_DOCUMENT', requirement: 'WORKPLAN', required: true },
    ]);
    expect(applicationSlots([]).every((s) => !s.required)).toBe(true);
  });
  it('an audit report requires its audit file; other reports require none', () => {
    expect(
      reportSlots('AUDIT')
        .filter((s) => s.required)
        .map((s) => s.slot),
    ).toEqual(['REPORT_AUDIT_REPORT']);
    expect(reportSlots('INTERIM').some((s) => s.required)).toBe(false);
  });
});
