import { describe, expect, it } from 'vitest';
import { callInput, callProblems, keyOf, toCsv, weightSum, type CallForm } from './call-form';

const good: CallForm = {
  title: 'Direct assistance to survivors',
  description: 'Shelter and legal aid.',
  themes: 'shelter, legal aid',
  eligibleCountries: [],
  minAward: '10000',
  maxAward: '50000.00',
  envelope: '1000000',
  maxDurationMonths: '24',
  opensAt: '2027-01-01T09:00',
  closesAt: '2027-02-01T17:00',
  allowPendingVetting: false,
  rubric: [
    { key: 'relevance', label: 'Relevance', weight: '60' },
    { key: 'capacity', label: 'Capacity', weight: '40' },
  ],
  eligibilityRules: [{ key: 'registered_ngo', label: 'Registered non-profit' }],
};

describe('call form', () => {
  it('accepts a valid call and builds the API input', () => {
    expect(callProblems(good, 'USD')).toEqual({});
    expect(callInput(good)).toMatchObject({ themes: ['shelter', 'legal aid'], maxDurationMonths: 24 });
    expect(callInput(good).rubric).toEqual([
      { key: 'relevance', label: 'Relevance', weight: 60 },
      { key: 'capacity', label: 'Capacity', weight: 40 },
    ]);
  });

  it('wants rubric weights that sum to 100', () => {
    const rubric = [
      { key: 'relevance', label: 'Relevance', weight: '60' },
      { key: 'capacity', label: 'Capacity', weight: '30' },
    ];
    expect(weightSum(rubric)).toBe(90);
    expect(callProblems({ ...good, rubric }, 'USD')).toEqual({ rubric: 'weights' });
    expect(weightSum([{ key: 'a', label: 'A', weight: '6.5' }])).toBeNull();
  });

  it('refuses what the API refuses: amounts, limits, window, duplicate keys', () => {
    expect(callProblems({ ...good, minAward: '60000' }, 'USD')).toEqual({ maxAward: 'minAboveMax' });
    expect(callProblems({ ...good, envelope: '40000' }, 'USD')).toEqual({ envelope: 'envelopeBelowMax' });
    expect(callProblems({ ...good, minAward: '1,000' }, 'USD').minAward).toBe('amount');
    expect(callProblems({ ...good, closesAt: '2026-12-01T00:00' }, 'USD')).toEqual({ closesAt: 'window' });
    expect(callProblems({ ...good, maxDurationMonths: '0' }, 'USD')).toEqual({ maxDurationMonths: 'duration' });
    const twice = [
      { key: 'relevance', label: 'Relevance', weight: '50' },
      { key: 'relevance', label: 'Relevance', weight: '50' },
    ];
    expect(callProblems({ ...good, rubric: twice }, 'USD')).toEqual({ rubric: 'rubricKeys' });
  });

  it('derives snake_case keys from labels', () => {
    expect(keyOf('Relevance to victims')).toBe('relevance_to_victims');
    expect(keyOf('Capacité de l’organisation')).toBe('capacite_de_l_organisation');
    expect(keyOf('2nd criterion')).toBe('c_2nd_criterion');
  });

  it('writes CSV with quoted cells', () => {
    expect(toCsv(['a', 'b'], [['x, y', 'say "hi"']])).toBe('a,b\r\n"x, y","say ""hi"""\r\n');
  });
});
