/** One changed field of an audit event: its value before and after (absent: undefined). */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
  /** added (no value before), removed (none after) or changed. */
  kind: 'added' | 'removed' | 'changed';
}

type Fields = Record<string, unknown> | null | undefined;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The fields an event changed, in the order they appear (before's first, then the new ones). */
export function changes(before: Fields, after: Fields): FieldChange[] {
  const b = before ?? {};
  const a = after ?? {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  const out: FieldChange[] = [];
  for (const field of keys) {
    const had = field in b;
    const has = field in a;
    if (had && has && same(b[field], a[field])) continue;
    out.push({
      field,
      before: b[field],
      after: a[field],
      kind: !had ? 'added' : !has ? 'removed' : 'changed',
    });
  }
  return out;
}

/** A value as a reader sees it: strings as they are, anything else as compact JSON. */
export function show(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
