/**
 * The value, or a loud failure: for what the data guarantees (a row a foreign key points to, a
 * key taken from the same list). A missing value here is a bug, never an input error.
 */
export function required<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`${what} is missing.`);
  return value;
}
