import { describe, expect, it } from 'vitest';
import { changedSince, contentInput, localProblems, type ApplicationDraft } from './application-content';

const draft = (): ApplicationDraft => ({
  projectTitle: 'Safe Harbour',
  summary: 'Shelter for survivors.',
  requestedAmount: '30000',
  durationMonths: '12',
  startDate: '2027-01-01',
  countries: ['NG', 'GH'],
  budgetLines: [{ category: 'Shelter', description: 'Rent', amount: '30000.00' }],
  targets: [{ sex: 'FEMALE', ageGroup: 'ADULT', exploitation: '', count: '80' }],
});

describe('contentInput', () => {
  it('sends every valid field', () => {
    expect(contentInput(draft(), 'USD')).toEqual({
      projectTitle: 'Safe Harbour',
      summary: 'Shelter for survivors.',
      requestedAmount: '30000',
      durationMonths: 12,
      startDate: '2027-01-01',
      countries: ['NG', 'GH'],
      budgetLines: [{ category: 'Shelter', description: 'Rent', amount: '30000.00' }],
      targetBeneficiaries: [{ sex: 'FEMALE', ageGroup: 'ADULT', exploitation: null, count: 80 }],
    });
  });

  it('holds back the fields the API would refuse, and names them', () => {
    const d = { ...draft(), requestedAmount: '30,000', durationMonths: '0', projectTitle: 'ab' };
    expect(localProblems(d, 'USD')).toEqual({
      requestedAmount: 'invalid',
      durationMonths: 'invalid',
      projectTitle: 'invalid',
    });
    const input = contentInput(d, 'USD');
    expect(input).not.toHaveProperty('requestedAmount');
    expect(input).not.toHaveProperty('durationMonths');
    expect(input).not.toHaveProperty('projectTitle');
    expect(input.summary).toBe('Shelter for survivors.');
  });
});

describe('changedSince', () => {
  const version = {
    projectTitle: 'Safe Harbour',
    summary: 'Shelter for survivors.',
    requestedMinor: '3000000',
    durationMonths: 12,
    startDate: '2027-01-01',
    countries: ['GH', 'NG'],
    budgetLines: [{ category: 'Shelter', description: 'Rent', amountMinor: '3000000' }],
    targetBeneficiaries: [{ sex: 'FEMALE', ageGroup: 'ADULT', exploitation: null, count: 80 }],
  };

  it('finds nothing changed when the draft is the submitted version (amounts compared exactly)', () => {
    expect([...changedSince(version, draft(), 'USD')]).toEqual([]);
  });

  it('compares the lines whatever the order of their keys (jsonb keeps its own)', () => {
    const stored = {
      ...version,
      budgetLines: [{ amountMinor: '3000000', category: 'Shelter', description: 'Rent' }],
      targetBeneficiaries: [{ sex: 'FEMALE', count: 80, ageGroup: 'ADULT', exploitation: null }],
    };
    expect([...changedSince(stored, draft(), 'USD')]).toEqual([]);
  });

  it('names each changed field', () => {
    const d = draft();
    d.summary = 'Shelter and legal aid for survivors.';
    d.budgetLines = [
      { category: 'Shelter', description: 'Rent', amount: '20000' },
      { category: 'Legal aid', description: 'Lawyers', amount: '10000' },
    ];
    expect([...changedSince(version, d, 'USD')].sort()).toEqual(['budgetLines', 'summary']);
  });
});
