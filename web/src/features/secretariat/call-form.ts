import { toMinorUnits } from '../../app/format';

/** A call as the form holds it: text as typed, checked with the limits `createGrantCall` applies. */
export interface CallForm {
  title: string;
  description: string;
  themes: string;
  eligibleCountries: string[];
  minAward: string;
  maxAward: string;
  envelope: string;
  maxDurationMonths: string;
  /** `YYYY-MM-DDTHH:mm` in the user's time zone (a datetime-local field). */
  opensAt: string;
  closesAt: string;
  allowPendingVetting: boolean;
  rubric: { key: string; label: string; weight: string }[];
  eligibilityRules: { key: string; label: string }[];
}

/** A stable snake_case key from a label ("Relevance to victims" → relevance_to_victims). */
export function keyOf(label: string): string {
  const slug = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 64);
  return /^[a-z]/.test(slug) ? slug : `c_${slug}`.slice(0, 64);
}

const KEY = /^[a-z][a-z0-9_]{0,63}$/;

/** The sum of the rubric's weights (null while one is not a whole number). */
export function weightSum(rubric: CallForm['rubric']): number | null {
  let sum = 0;
  for (const r of rubric) {
    if (!/^\d{1,3}$/.test(r.weight.trim())) return null;
    sum += Number(r.weight);
  }
  return sum;
}

export type CallProblem =
  | 'title'
  | 'amount'
  | 'minAboveMax'
  | 'envelopeBelowMax'
  | 'duration'
  | 'window'
  | 'weights'
  | 'rubricLabels'
  | 'rubricKeys'
  | 'ruleLabels'
  | 'ruleKeys';

/** Every problem of the form by field (the same rules the API checks; its errors still show beside them). */
export function callProblems(f: CallForm, currency: string): Partial<Record<string, CallProblem>> {
  const out: Partial<Record<string, CallProblem>> = {};
  const title = f.title.trim();
  if (title.length < 3 || title.length > 300) out.title = 'title';
  const min = toMinorUnits(f.minAward, currency);
  const max = toMinorUnits(f.maxAward, currency);
  const envelope = toMinorUnits(f.envelope, currency);
  if (min === null || min <= 0n) out.minAward = 'amount';
  if (max === null || max <= 0n) out.maxAward = 'amount';
  if (envelope === null || envelope <= 0n) out.envelope = 'amount';
  if (min !== null && max !== null && min > max) out.maxAward = 'minAboveMax';
  if (max !== null && envelope !== null && envelope < max) out.envelope = 'envelopeBelowMax';
  const months = Number(f.maxDurationMonths);
  if (!/^\d+$/.test(f.maxDurationMonths.trim()) || months < 1 || months > 120) out.maxDurationMonths = 'duration';
  if (!f.opensAt || !f.closesAt || new Date(f.opensAt) >= new Date(f.closesAt)) out.closesAt = 'window';
  if (f.rubric.length > 0) {
    if (weightSum(f.rubric) !== 100) out.rubric = 'weights';
    else if (f.rubric.some((r) => !r.label.trim())) out.rubric = 'rubricLabels';
    else if (new Set(f.rubric.map((r) => r.key)).size !== f.rubric.length || f.rubric.some((r) => !KEY.test(r.key)))
      out.rubric = 'rubricKeys';
  }
  if (f.eligibilityRules.some((r) => !r.label.trim())) out.eligibilityRules = 'ruleLabels';
  else if (
    new Set(f.eligibilityRules.map((r) => r.key)).size !== f.eligibilityRules.length ||
    f.eligibilityRules.some((r) => !KEY.test(r.key))
  )
    out.eligibilityRules = 'ruleKeys';
  return out;
}

/** The API's input from the form (amounts as decimal strings, times as ISO instants). */
export function callInput(f: CallForm) {
  return {
    title: f.title.trim(),
    description: f.description.trim(),
    themes: f.themes
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    eligibleCountries: f.eligibleCountries,
    minAward: f.minAward.trim(),
    maxAward: f.maxAward.trim(),
    envelope: f.envelope.trim(),
    maxDurationMonths: Number(f.maxDurationMonths),
    opensAt: new Date(f.opensAt).toISOString(),
    closesAt: new Date(f.closesAt).toISOString(),
    allowPendingVetting: f.allowPendingVetting,
    rubric: f.rubric.map((r) => ({ key: r.key, label: r.label.trim(), weight: Number(r.weight) })),
    eligibilityRules: f.eligibilityRules.map((r) => ({ key: r.key, label: r.label.trim() })),
  };
}

/** A date-time for a datetime-local field, in the browser's time zone. */
export function localInput(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** One CSV cell: quoted when it holds a comma, a quote or a line break (RFC 4180). */
function cell(v: string | number): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows as CSV text, the header first, CRLF line ends. */
export function toCsv(header: string[], rows: (string | number)[][]): string {
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
