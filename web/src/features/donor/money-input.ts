import type { TFunction } from 'i18next';
import { toMinorUnits } from '../../app/format';

/** Currencies a donor may pledge or pay in (the API accepts those with a monthly exchange rate). */
export const CURRENCIES = ['USD', 'EUR', 'GBP', 'CHF', 'JPY', 'CAD', 'AUD', 'SEK', 'NOK', 'DKK'];

/** Stripe's ceiling for one card payment: 8 digits of minor units (the API refuses above it). */
export const CARD_MAX_MINOR = 99_999_999n;

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function digitsOf(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** The amount's problem as the user types (positive, the currency's decimals), or null. */
export function amountError(amount: string, currency: string, t: TFunction, maxMinor?: bigint): string | null {
  if (!amount.trim()) return t('form.required');
  const minor = toMinorUnits(amount, currency);
  if (minor === null || minor <= 0n) return t('donor.pledgeForm.invalidAmount', { digits: digitsOf(currency) });
  if (maxMinor !== undefined && minor > maxMinor) return t('errors.AMOUNT_OUT_OF_RANGE');
  return null;
}
