import { toMinorUnits } from '../../app/format';
import { budgetInput, type BudgetLineDraft } from './budget';

export const TARGET_SEXES = ['FEMALE', 'MALE', 'OTHER'] as const;
export const TARGET_AGES = ['CHILD', 'ADULT'] as const;

export interface TargetDraft {
  sex: string;
  ageGroup: string;
  exploitation: string;
  count: string;
}

/** The application as the form holds it (strings as typed). */
export interface ApplicationDraft {
  projectTitle: string;
  summary: string;
  requestedAmount: string;
  durationMonths: string;
  startDate: string;
  countries: string[];
  budgetLines: BudgetLineDraft[];
  targets: TargetDraft[];
}

export const CONTENT_FIELDS = [
  'projectTitle',
  'summary',
  'requestedAmount',
  'durationMonths',
  'startDate',
  'countries',
  'budgetLines',
  'targetBeneficiaries',
] as const;
export type ContentField = (typeof CONTENT_FIELDS)[number];

/** Field errors found before asking the API (the input rules updateApplication enforces). */
export function localProblems(d: ApplicationDraft, currency: string): Partial<Record<ContentField, 'invalid'>> {
  const out: Partial<Record<ContentField, 'invalid'>> = {};
  const title = d.projectTitle.trim();
  if (title.length < 3 || title.length > 300) out.projectTitle = 'invalid';
  if (d.requestedAmount.trim() && toMinorUnits(d.requestedAmount, currency) === null) out.requestedAmount = 'invalid';
  if (d.durationMonths.trim() && !/^\d{1,3}$/.test(d.durationMonths.trim())) out.durationMonths = 'invalid';
  else if (d.durationMonths.trim() && (Number(d.durationMonths) < 1 || Number(d.durationMonths) > 240))
    out.durationMonths = 'invalid';
  if (d.startDate && !/^\d{4}-\d{2}-\d{2}$/.test(d.startDate)) out.startDate = 'invalid';
  if (budgetInput(d.budgetLines).some((l) => toMinorUnits(l.amount, currency) === null || !l.category))
    out.budgetLines = 'invalid';
  if (d.targets.some((t) => !/^\d{1,8}$/.test(t.count.trim()))) out.targetBeneficiaries = 'invalid';
  return out;
}

/** The updateApplication input for the fields that are valid now (invalid ones wait for the user). */
export function contentInput(d: ApplicationDraft, currency: string) {
  const bad = localProblems(d, currency);
  return {
    ...(bad.projectTitle ? {} : { projectTitle: d.projectTitle.trim() }),
    summary: d.summary,
    ...(bad.requestedAmount || !d.requestedAmount.trim() ? {} : { requestedAmount: d.requestedAmount.trim() }),
    ...(bad.durationMonths || !d.durationMonths.trim() ? {} : { durationMonths: Number(d.durationMonths) }),
    ...(bad.startDate || !d.startDate ? {} : { startDate: d.startDate }),
    countries: d.countries,
    ...(bad.budgetLines ? {} : { budgetLines: budgetInput(d.budgetLines) }),
    ...(bad.targetBeneficiaries
      ? {}
      : {
          targetBeneficiaries: d.targets.map((t) => ({
            sex: t.sex,
            ageGroup: t.ageGroup,
            exploitation: t.exploitation || null,
            count: Number(t.count),
          })),
        }),
  };
}

/** The content of a submitted version (ApplicationVersion.content), as the API froze it. */
export interface VersionContent {
  projectTitle?: string;
  summary?: string;
  requestedMinor?: string;
  durationMonths?: number;
  startDate?: string | null;
  countries?: string[];
  budgetLines?: { category: string; description: string; amountMinor: string }[];
  targetBeneficiaries?: { sex: string; ageGroup: string; exploitation: string | null; count: number }[];
}

/**
 * The fields changed since a submitted version: the answer to a request for information shows
 * them highlighted.
 */
export function changedSince(v: VersionContent, d: ApplicationDraft, currency: string): Set<ContentField> {
  const out = new Set<ContentField>();
  const same = (a: unknown, b: unknown) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
  if ((v.projectTitle ?? '') !== d.projectTitle.trim()) out.add('projectTitle');
  if ((v.summary ?? '') !== d.summary) out.add('summary');
  if ((v.requestedMinor ?? '') !== (toMinorUnits(d.requestedAmount, currency)?.toString() ?? d.requestedAmount))
    out.add('requestedAmount');
  if (String(v.durationMonths ?? '') !== d.durationMonths.trim()) out.add('durationMonths');
  if ((v.startDate ?? '') !== d.startDate) out.add('startDate');
  if (!same([...(v.countries ?? [])].sort(), [...d.countries].sort())) out.add('countries');
  const lines = budgetInput(d.budgetLines).map((l) => ({
    category: l.category,
    description: l.description,
    amountMinor: toMinorUnits(l.amount, currency)?.toString() ?? l.amount,
  }));
  if (!same(v.budgetLines ?? [], lines)) out.add('budgetLines');
  const targets = d.targets.map((t) => ({
    sex: t.sex,
    ageGroup: t.ageGroup,
    exploitation: t.exploitation || null,
    count: Number(t.count),
  }));
  if (!same(v.targetBeneficiaries ?? [], targets)) out.add('targetBeneficiaries');
  return out;
}

/** Objects with their keys sorted (PostgreSQL's jsonb returns keys in its own order), recursively. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, x]) => [k, canonical(x)]),
    );
  }
  return v;
}
