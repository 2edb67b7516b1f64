import 'reflect-metadata';
import { ApplicationStatus as S } from '../../src/applications/application.entity';
import { APPLICATION_TRANSITIONS, canMove, DECIDED } from '../../src/applications/application.rules';

describe('application transition table', () => {
  it('allows each step of the application workflow, draft to award', () => {
    expect(canMove(S.DRAFT, S.SUBMITTED)).toBe(true);
    expect(canMove(S.SUBMITTED, S.ELIGIBLE)).toBe(true);
    expect(canMove(S.INFO_REQUESTED, S.SUBMITTED)).toBe(true);
    expect(canMove(S.ELIGIBLE, S.UNDER_REVIEW)).toBe(true);
    expect(canMove(S.UNDER_REVIEW, S.RECOMMENDED)).toBe(true);
    expect(canMove(S.RECOMMENDED, S.APPROVED)).toBe(true);
    expect(canMove(S.APPROVED, S.AWARDED)).toBe(true);
    expect(canMove(S.DRAFT, S.ELIGIBLE)).toBe(false);
    expect(canMove(S.SUBMITTED, S.RECOMMENDED)).toBe(false);
  });

  it('allows withdrawal before a decision only', () => {
    const withdrawable = Object.values(S).filter((s) => canMove(s, S.WITHDRAWN));
    expect(withdrawable.sort()).toEqual(
      [S.DRAFT, S.SUBMITTED, S.INFO_REQUESTED, S.ELIGIBLE, S.UNDER_REVIEW, S.RECOMMENDED].sort(),
    );
    for (const d of DECIDED) expect(canMove(d, S.WITHDRAWN)).toBe(false);
  });

  it('has terminal states with no way out', () => {
    for (const s of [S.INELIGIBLE, S.NOT_RECOMMENDED, S.REJECTED, S.AWARDED, S.WITHDRAWN]) {
      expect(APPLICATION_TRANSITIONS[s]).toEqual([]);
    }
  });
});
