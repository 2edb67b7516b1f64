/** Where services read the time: tests and jobs pass their own clock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Today's date (UTC) as YYYY-MM-DD. */
export const isoDate = (d: Date): string => d.toISOString().slice(0, 10);
