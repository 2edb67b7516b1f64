import { describe, expect, it } from 'vitest';
import { cashEquation, minor, money } from './statement-math';

const usd = (amount: string) => ({ amount, currency: 'USD' });

describe('the statement’s cash equation', () => {
  it('reads signed amounts exactly, in the currency’s minor units', () => {
    expect(minor(usd('1234.50'))).toBe(123450n);
    expect(minor(usd('-0.05'))).toBe(-5n);
    expect(minor({ amount: '1500', currency: 'JPY' })).toBe(1500n);
    expect(money(-5n, 'USD')).toEqual(usd('-0.05'));
    expect(money(90071992547409930n, 'USD')).toEqual(usd('900719925474099.30'));
  });

  it('holds when opening + in − out = closing, other movements on their side', () => {
    const r = cashEquation({
      opening: { cash: usd('1000.00') },
      closing: { cash: usd('1200.00') },
      receipts: usd('500.00'),
      grantRefundsReceived: usd('50.00'),
      refundsToDonors: usd('100.00'),
      disbursements: usd('240.00'),
      otherCashMovements: usd('-10.00'),
    });
    expect(r).toEqual({ moneyIn: usd('550.00'), moneyOut: usd('350.00'), difference: usd('0.00'), holds: true });
  });

  it('says by how much it does not hold', () => {
    const r = cashEquation({
      opening: { cash: usd('0.00') },
      closing: { cash: usd('100.01') },
      receipts: usd('100.00'),
      grantRefundsReceived: usd('0.00'),
      refundsToDonors: usd('0.00'),
      disbursements: usd('0.00'),
      otherCashMovements: usd('0.00'),
    });
    expect(r.holds).toBe(false);
    expect(r.difference).toEqual(usd('0.01'));
  });
});
