import { describe, expect, it } from 'vitest';
import { budgetInput, checkBudget } from './budget';

const line = (amount: string, category = 'Shelter') => ({ category, description: '', amount });

describe('checkBudget', () => {
  it('is balanced when the lines add up exactly to the requested amount', () => {
    expect(checkBudget([line('10000.00'), line('20000', 'Legal aid')], '30000.00', 'USD')).toMatchObject({
      state: 'balanced',
      total: '30000.00',
      difference: '0.00',
    });
  });

  it('says how much is left to allocate, and how much is over, to the cent', () => {
    expect(checkBudget([line('10000.01')], '30000', 'USD')).toMatchObject({ state: 'under', difference: '19999.99' });
    expect(checkBudget([line('30000.01')], '30000', 'USD')).toMatchObject({ state: 'over', difference: '-0.01' });
  });

  it('keeps every digit of large sums (no floating point)', () => {
    const lines = [line('9007199254740993.01'), line('0.02')];
    expect(checkBudget(lines, '9007199254740993.03', 'USD')).toMatchObject({
      state: 'balanced',
      total: '9007199254740993.03',
    });
  });

  it('flags lines whose amount is not an amount in the currency, and leaves them out of the total', () => {
    const c = checkBudget([line('abc'), line('100.005'), line('50')], '50', 'USD');
    expect(c).toMatchObject({ state: 'invalid', invalidLines: [0, 1], total: '50.00' });
    // Yen have no minor unit: a decimal part is not an amount.
    expect(checkBudget([line('100.5')], '100', 'JPY')).toMatchObject({ state: 'invalid', invalidLines: [0] });
    expect(checkBudget([line('100')], '100', 'JPY')).toMatchObject({ state: 'balanced', total: '100' });
  });

  it('is invalid while the requested amount is not an amount, and empty without lines', () => {
    expect(checkBudget([line('10')], '', 'USD').state).toBe('invalid');
    expect(checkBudget([], '10', 'USD')).toMatchObject({ state: 'empty', difference: '10.00' });
  });

  it('names the lines without a category', () => {
    expect(checkBudget([line('5', ' '), line('5')], '10', 'USD').unnamedLines).toEqual([0]);
  });
});

describe('budgetInput', () => {
  it('drops blank rows and trims what was typed', () => {
    expect(
      budgetInput([
        { category: ' Shelter ', description: ' Rent ', amount: ' 10.00 ' },
        { category: '', description: '', amount: '' },
      ]),
    ).toEqual([{ category: 'Shelter', description: 'Rent', amount: '10.00' }]);
  });
});
