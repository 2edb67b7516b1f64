import { describe, expect, it } from 'vitest';
import { checkCounts, emptyCounts, parseCount, type CountsDraft } from './counts';

/** 10 victims: 7 women and 3 men, 4 children, all sexually exploited, 6 Nigerian and 4 Ghanaian. */
function consistent(): CountsDraft {
  const d = emptyCounts();
  d.total = '10';
  d.bySex.FEMALE = '7';
  d.bySex.MALE = '3';
  d.byAgeGroup.CHILD = '4';
  d.byAgeGroup.ADULT = '6';
  d.byExploitation.SEXUAL_EXPLOITATION = '10';
  d.byAssistance.SHELTER = '10';
  d.byAssistance.LEGAL = '4';
  d.byNationality = [
    { country: 'ng', count: '6' },
    { country: 'GH', count: '4' },
  ];
  return d;
}

describe('parseCount', () => {
  it('reads blank as 0 and refuses anything but a whole number from 0', () => {
    expect(parseCount('')).toBe(0);
    expect(parseCount(' 12 ')).toBe(12);
    for (const bad of ['-1', '1.5', '1e3', 'ten', '12345678901']) expect(parseCount(bad)).toBeNull();
  });
});

describe('checkCounts', () => {
  it('gives the API input when every dimension adds up to the total', () => {
    const c = checkCounts(consistent());
    expect(c.problems).toEqual({});
    expect(c.input).toMatchObject({
      total: 10,
      bySex: { FEMALE: 7, MALE: 3, OTHER_OR_UNKNOWN: 0 },
      byNationality: [
        { country: 'NG', count: 6 },
        { country: 'GH', count: 4 },
      ],
    });
  });

  it('says which dimension does not add up, with its sum, as the user types', () => {
    const d = consistent();
    d.bySex.MALE = '2';
    d.byNationality[1]!.count = '5';
    const c = checkCounts(d);
    expect(c.sums).toEqual({ bySex: 9, byAgeGroup: 10, byExploitation: 10, byNationality: 11 });
    expect(c.problems).toEqual({
      bySex: { kind: 'sumMismatch', sum: 9, total: 10 },
      byNationality: { kind: 'sumMismatch', sum: 11, total: 10 },
    });
    expect(c.input).toBeNull();
  });

  it('lets a kind of assistance reach the total but not exceed it', () => {
    const d = consistent();
    d.byAssistance.MEDICAL = '11';
    expect(checkCounts(d).problems).toEqual({ 'byAssistance.MEDICAL': { kind: 'aboveTotal', value: 11, total: 10 } });
  });

  it('names the cell that is not a whole number, and a nationality row without a country or listed twice', () => {
    const d = consistent();
    d.byAgeGroup.CHILD = '4.5';
    d.byNationality = [
      { country: 'NG', count: '6' },
      { country: '', count: '2' },
      { country: 'ng', count: '2' },
    ];
    const p = checkCounts(d).problems;
    expect(p['byAgeGroup.CHILD']).toEqual({ kind: 'notWholeNumber' });
    expect(p['byNationality.1']).toEqual({ kind: 'countryMissing' });
    expect(p['byNationality.2']).toEqual({ kind: 'countryTwice' });
  });

  it('accepts a report of nobody assisted (all zero, empty nationality row ignored)', () => {
    const d = emptyCounts();
    d.total = '0';
    expect(checkCounts(d)).toMatchObject({ problems: {}, input: { total: 0, byNationality: [] } });
  });
});
