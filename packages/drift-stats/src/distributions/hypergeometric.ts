// Loader's saddle-point form of the binomial and hypergeometric probabilities ("Fast and
// accurate computation of binomial probabilities", 2000; R's dbinom_raw/dhyper): no large
// logarithms are subtracted, so the relative precision stays ~1e-14 at N = 1e9, where
// `ln C(N, k)` from log-gamma differences loses 7 digits.

const halfLogTwoPi = 0.5 * Math.log(2 * Math.PI);

/** `ln n! − ln(√(2πn) (n/e)^n)` for integer n >= 1. */
function stirlingError(n: number): number {
  if (n <= 15) {
    let logFactorial = 0;
    for (let k = 2; k <= n; k++) logFactorial += Math.log(k);
    return logFactorial - (n + 0.5) * Math.log(n) + n - halfLogTwoPi;
  }
  const squared = n * n;
  const s0 = 1 / 12;
  const s1 = 1 / 360;
  const s2 = 1 / 1260;
  const s3 = 1 / 1680;
  const s4 = 1 / 1188;
  if (n > 500) return (s0 - s1 / squared) / n;
  if (n > 80) return (s0 - (s1 - s2 / squared) / squared) / n;
  if (n > 35) return (s0 - (s1 - (s2 - s3 / squared) / squared) / squared) / n;
  return (s0 - (s1 - (s2 - (s3 - s4 / squared) / squared) / squared) / squared) / n;
}

/** Deviance term `x ln(x / m) + m − x`, stable when x ≈ m. */
function devianceTerm(x: number, m: number): number {
  if (Math.abs(x - m) < 0.1 * (x + m)) {
    const v = (x - m) / (x + m);
    let sum = (x - m) * v;
    let power = 2 * x * v;
    const vSquared = v * v;
    for (let j = 1; j < 1000; j++) {
      power *= vSquared;
      const next = sum + power / (2 * j + 1);
      if (next === sum) return next;
      sum = next;
    }
    return sum;
  }
  return x * Math.log(x / m) + m - x;
}

/** `ln P(X = x)` for X ~ Binomial(n, p), q = 1 − p given separately. */
function logBinomialProbability(x: number, n: number, p: number, q: number): number {
  if (p === 0) return x === 0 ? 0 : Number.NEGATIVE_INFINITY;
  if (q === 0) return x === n ? 0 : Number.NEGATIVE_INFINITY;
  if (x === 0) {
    if (n === 0) return 0;
    return p < 0.1 ? -devianceTerm(n, n * q) - n * p : n * Math.log(q);
  }
  if (x === n) return q < 0.1 ? -devianceTerm(n, n * p) - n * q : n * Math.log(p);
  if (x < 0 || x > n) return Number.NEGATIVE_INFINITY;
  const logCore =
    stirlingError(n) -
    stirlingError(x) -
    stirlingError(n - x) -
    devianceTerm(x, n * p) -
    devianceTerm(n - x, n * q);
  const logScale = Math.log(2 * Math.PI) + Math.log(x) + Math.log1p(-x / n);
  return logCore - 0.5 * logScale;
}

/**
 * `ln P(X = x)` for the hypergeometric distribution: `draws` items drawn without replacement
 * from `successes + failures`, x of them successes (R's `dhyper`, Loader's method).
 */
export function logHypergeometricProbability(
  x: number,
  successes: number,
  failures: number,
  draws: number,
): number {
  if (x < Math.max(0, draws - failures) || x > Math.min(draws, successes))
    return Number.NEGATIVE_INFINITY;
  if (draws === 0) return 0;
  const total = successes + failures;
  const p = draws / total;
  const q = (total - draws) / total;
  return (
    logBinomialProbability(x, successes, p, q) +
    logBinomialProbability(draws - x, failures, p, q) -
    logBinomialProbability(draws, total, p, q)
  );
}
