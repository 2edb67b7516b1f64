/** Money, dates and numbers in the user's language through Intl (no hand-written formats). */

interface MoneyLike {
  amount: string;
  currency: string;
}

/** The amount stays a decimal string so that large sums keep every digit. */
export function formatMoney(money: MoneyLike, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency: money.currency }).format(
    money.amount as Intl.StringNumericLiteral,
  );
}

export function formatNumber(value: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(value);
}

/** A date-time from the API, or a plain YYYY-MM-DD date (shown as that calendar day). */
export function formatDate(value: string, locale: string, withTime = false): string {
  const plain = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const d = new Date(plain ? `${value}T00:00:00Z` : value);
  return new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    ...(withTime && !plain ? { timeStyle: 'short' } : {}),
    ...(plain ? { timeZone: 'UTC' } : {}),
  }).format(d);
}

export function countryName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** Minor units of a decimal string in a currency (exact, no floats); null when not a valid amount. */
export function toMinorUnits(amount: string, currency: string): bigint | null {
  const digits =
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  const m = /^\s*(\d+)(?:\.(\d*))?\s*$/.exec(amount);
  if (!m) return null;
  const frac = m[2] ?? '';
  if (frac.length > digits) return null;
  return BigInt(m[1]) * 10n ** BigInt(digits) + BigInt(frac.padEnd(digits, '0') || '0');
}

/** A decimal string of minor units in a currency. */
export function fromMinorUnits(minor: bigint, currency: string): string {
  const digits =
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  if (digits === 0) return minor.toString();
  const negative = minor < 0n;
  const abs = negative ? -minor : minor;
  const s = abs.toString().padStart(digits + 1, '0');
  return `${negative ? '-' : ''}${s.slice(0, -digits)}.${s.slice(-digits)}`;
}
