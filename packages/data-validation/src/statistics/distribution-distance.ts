/** Normalises counts to probabilities; all-zero counts stay zero. */
function normalise(counts: readonly number[]): number[] {
  const total = counts.reduce((sum, count) => sum + count, 0);
  return counts.map(count => (total === 0 ? 0 : count / total));
}

/**
 * L-infinity distance between two categorical distributions given as counts over the same
 * categories: max over categories of |p_i − q_i| after normalising each side (TFDV's
 * `infinity_norm` comparator).
 *
 * @example
 * ```ts
 * lInfinityDistance([50, 50], [80, 20]); // 0.3
 * ```
 */
export function lInfinityDistance(left: readonly number[], right: readonly number[]): number {
  const p = normalise(left);
  const q = normalise(right);
  let distance = 0;
  for (let index = 0; index < p.length; index++)
    distance = Math.max(distance, Math.abs(p[index]! - (q[index] ?? 0)));
  return distance;
}

/**
 * Jensen-Shannon divergence with base-2 logarithms, so it lies in [0, 1]:
 * JSD(P, Q) = ½ KL(P ‖ M) + ½ KL(Q ‖ M), M = ½ (P + Q), over histogram counts on the same
 * buckets (TFDV's `jensen_shannon_divergence` comparator on numeric histograms).
 *
 * @example
 * ```ts
 * jensenShannonDivergence([1, 0], [0, 1]); // 1
 * ```
 */
export function jensenShannonDivergence(left: readonly number[], right: readonly number[]): number {
  const p = normalise(left);
  const q = normalise(right);
  let divergence = 0;
  for (let index = 0; index < p.length; index++) {
    const pi = p[index]!;
    const qi = q[index] ?? 0;
    const mi = (pi + qi) / 2;
    if (pi > 0) divergence += 0.5 * pi * Math.log2(pi / mi);
    if (qi > 0) divergence += 0.5 * qi * Math.log2(qi / mi);
  }
  return Math.min(1, Math.max(0, divergence));
}
