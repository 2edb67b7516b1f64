/**
 * The fund statement's cash equation, checked in exact minor units: opening cash + money in −
 * money out (+ other movements, signed) = closing cash.
 */

interface Money {
  amount: string;
  currency: string;
}

function digitsOf(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** A signed decimal string as minor units of its currency. */
export function minor(m: Money): bigint {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(m.amount.trim());
  if (!match) throw new Error(`Not an amount: ${m.amount}`);
  const digits = digitsOf(m.currency);
  const value =
    BigInt(match[2]) * 10n ** BigInt(digits) + BigInt((match[3] ?? '').padEnd(digits, '0').slice(0, digits) || '0');
  return match[1] ? -value : value;
}

/** Minor units back to a decimal string of the currency. */
export function money(value: bigint, currency: string): Money {
  const digits = digitsOf(currency);
  const negative = value < 0n;
  const abs = (negative ? -value : value).toString().padStart(digits + 1, '0');
  const amount = digits === 0 ? abs : `${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
  return { amount: `${negative ? '-' : ''}${amount}`, currency };
}

export interface CashFlows {
  opening: { cash: Money };
  closing: { cash: Money };
  receipts: Money;
  grantRefundsReceived: Money;
  refundsToDonors: Money;
  disbursements: Money;
  otherCashMovements: Money;
}

/** Money in, money out (other movements counted on their side) and what the closing cash is off by. */
export function cashEquation(s: CashFlows) {
  const currency = s.opening.cash.currency;
  const other = minor(s.otherCashMovements);
  const moneyIn = minor(s.receipts) + minor(s.grantRefundsReceived) + (other > 0n ? other : 0n);
  const moneyOut = minor(s.refundsToDonors) + minor(s.disbursements) + (other < 0n ? -other : 0n);
  const difference = minor(s.closing.cash) - (minor(s.opening.cash) + moneyIn - moneyOut);
  return {
    moneyIn: money(moneyIn, currency),
    moneyOut: money(moneyOut, currency),
    difference: money(difference, currency),
    holds: difference === 0n,
  };
}
