/**
 * The weighted total of a rubric on the 0..10 scale (weights in percent, summing to 100), as the
 * API computes it; null while a criterion has no score.
 */
export function weightedTotal(
  rubric: readonly { key: string; weight: number }[],
  scores: Record<string, number | ''>,
): number | null {
  let hundredths = 0;
  for (const c of rubric) {
    const s = scores[c.key];
    if (s === '' || s === undefined) return null;
    hundredths += s * c.weight;
  }
  return hundredths / 100;
}
