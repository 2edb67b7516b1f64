import { fromMinorUnits, toMinorUnits } from '../../app/format';

/** A budget line as typed in the form: the amount stays the decimal string the user wrote. */
export interface BudgetLineDraft {
  category: string;
  description: string;
  amount: string;
}

export type BudgetState = 'empty' | 'invalid' | 'under' | 'over' | 'balanced';

export interface BudgetCheck {
  state: BudgetState;
  /** Sum of the valid lines, as a decimal string in the currency. */
  total: string;
  /** Requested minus total (positive: still to allocate; negative: over), as a decimal string. */
  difference: string;
  /** Index of each line whose amount is not a valid amount in the currency. */
  invalidLines: number[];
  /** Index of each line without a category (the API names budget lines by category). */
  unnamedLines: number[];
}

/**
 * The live check of the budget (the same rule submitApplication applies: at least one line,
 * the lines add up exactly to the requested amount), in exact minor units.
 */
export function checkBudget(lines: readonly BudgetLineDraft[], requested: string, currency: string): BudgetCheck {
  const invalidLines: number[] = [];
  const unnamedLines: number[] = [];
  let total = 0n;
  lines.forEach((l, i) => {
    const minor = toMinorUnits(l.amount, currency);
    if (minor === null) invalidLines.push(i);
    else total += minor;
    if (!l.category.trim()) unnamedLines.push(i);
  });
  const req = toMinorUnits(requested, currency);
  const difference = fromMinorUnits((req ?? 0n) - total, currency);
  const base = { total: fromMinorUnits(total, currency), difference, invalidLines, unnamedLines };
  if (lines.length === 0) return { ...base, state: 'empty' };
  if (invalidLines.length || req === null) return { ...base, state: 'invalid' };
  if (total < req) return { ...base, state: 'under' };
  if (total > req) return { ...base, state: 'over' };
  return { ...base, state: 'balanced' };
}

/** The lines the API accepts (blank rows left out), amounts as typed. */
export function budgetInput(lines: readonly BudgetLineDraft[]): BudgetLineDraft[] {
  return lines
    .filter((l) => l.category.trim() || l.description.trim() || l.amount.trim())
    .map((l) => ({ category: l.category.trim(), description: l.description.trim(), amount: l.amount.trim() }));
}
