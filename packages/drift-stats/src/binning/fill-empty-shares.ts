/**
 * Evidently's empty-bin smoothing, applied to one side: every zero share becomes `1e-4`, or
 * the smallest non-zero share divided by `1e6` when that share is itself `<= 1e-4`. Shares
 * are not renormalised afterwards (as in Evidently). Returns a new array.
 */
export function fillEmptyShares(shares: Float64Array): Float64Array {
  let smallest = Number.POSITIVE_INFINITY;
  for (const share of shares) if (share !== 0 && share < smallest) smallest = share;
  const filled = shares.slice();
  if (smallest === Number.POSITIVE_INFINITY) return filled;
  const replacement = smallest <= 0.0001 ? smallest / 1e6 : 0.0001;
  for (let index = 0; index < filled.length; index++) {
    if (filled[index] === 0) filled[index] = replacement;
  }
  return filled;
}
