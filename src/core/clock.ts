import { DomainError, ErrorCode } from './errors';
/** Where services read the time: tests and jobs pass their own clock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Today's date (UTC) as YYYY-MM-DD. */
export const isoDate = (d: Date): string => d.toISOString().slice(0, 10);

/** A YYYY-MM-DD date `days` later (or earlier). */
export function addDays(date: string, days: number): string {
  return isoDate(new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000));
}

/** A value date (YYYY-MM-DD) of money that moved: a real date, not after today (INVALID_VALUE). */
export function assertValueDate(valueDate: string, now: Date, field = 'valueDate'): void {
  if (Number.isNaN(Date.parse(`${valueDate}T00:00:00Z`)) || valueDate > isoDate(now)) {
    throw new DomainError(ErrorCode.INVALID_VALUE, 'The value date must be a real date, not in the future.', field);
  }
}
