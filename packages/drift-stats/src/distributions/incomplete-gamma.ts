const epsilon = 1e-16;
const tiny = 1e-300;
const maximumIterations = 10_000;
import { logGamma } from './log-gamma';

function lowerSeries(a: number, x: number, logPrefix: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < maximumIterations; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * epsilon) break;
  }
  return sum * Math.exp(logPrefix);
}

// Modified Lentz evaluation of the continued fraction of Q(a, x).
function upperContinuedFraction(a: number, x: number, logPrefix: number): number {
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let n = 1; n < maximumIterations; n++) {
    const an = -n * (n - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < epsilon) break;
  }
  return Math.exp(logPrefix) * h;
}

/**
 * Regularised upper incomplete gamma `Q(a, x) = Γ(a, x) / Γ(a)`, accurate in the far tail
 * (computed directly, never as `1 − P`).
 */
export function upperRegularizedGamma(a: number, x: number): number {
  if (x <= 0) return 1;
  if (!Number.isFinite(x)) return 0;
  const logPrefix = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) return 1 - lowerSeries(a, x, logPrefix);
  return upperContinuedFraction(a, x, logPrefix);
}

/**
 * Regularised lower incomplete gamma `P(a, x) = γ(a, x) / Γ(a)`.
 */
export function lowerRegularizedGamma(a: number, x: number): number {
  if (x <= 0) return 0;
  if (!Number.isFinite(x)) return 1;
  const logPrefix = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) return lowerSeries(a, x, logPrefix);
  return 1 - upperContinuedFraction(a, x, logPrefix);
}

/**
 * Survival function of the chi-square distribution, `P(X > statistic)` with `degrees`
 * degrees of freedom.
 */
export function chiSquareSurvival(statistic: number, degrees: number): number {
  if (Number.isNaN(statistic)) return Number.NaN;
  if (statistic === Number.POSITIVE_INFINITY) return 0;
  return upperRegularizedGamma(degrees / 2, statistic / 2);
}
