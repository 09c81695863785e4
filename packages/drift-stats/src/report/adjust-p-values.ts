/** Multiple-testing corrections across columns. */
export type Correction = 'none' | 'bonferroni' | 'benjamini-hochberg';

/**
 * Adjusted p-values, in input order: Bonferroni `min(1, p·m)`, or Benjamini–Hochberg
 * step-up `min(1, min_{j ≥ i} p_(j)·m / j)` (the values `statsmodels` reports as
 * `fdr_bh`). Comparing an adjusted value with the threshold gives the corrected verdict.
 */
export function adjustPValues(pValues: ReadonlyArray<number>, correction: Correction): number[] {
  const count = pValues.length;
  if (correction === 'none') return [...pValues];
  if (correction === 'bonferroni') return pValues.map(p => Math.min(1, p * count));
  const order = pValues
    .map((_, index) => index)
    .sort((a, b) => (pValues[a] as number) - (pValues[b] as number));
  const adjusted = new Array<number>(count).fill(1);
  let running = 1;
  for (let rank = count; rank >= 1; rank--) {
    const index = order[rank - 1] as number;
    running = Math.min(running, ((pValues[index] as number) * count) / rank);
    adjusted[index] = Math.min(1, running);
  }
  return adjusted;
}
