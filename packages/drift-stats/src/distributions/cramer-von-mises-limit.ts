import { besselK } from './bessel-k';
import { logGamma } from './log-gamma';

/**
 * Limiting CDF of the one-sample Cramér–von Mises statistic (Csörgő & Faraway 1996, eq. 1.2),
 * the series scipy's `_cdf_cvm_inf` sums, but down to terms of 1e-18 (scipy stops at 1e-7).
 */
export function cramerVonMisesLimitCdf(x: number): number {
  let total = 0;
  for (let k = 0; ; k++) {
    const u = Math.exp(logGamma(k + 0.5) - logGamma(k + 1)) / (Math.PI ** 1.5 * Math.sqrt(x));
    const y = 4 * k + 1;
    const q = (y * y) / (16 * x);
    const term = u * Math.sqrt(y) * Math.exp(-q) * besselK(0.25, q);
    total += term;
    if (Math.abs(term) < 1e-18 || k > 1000) break;
  }
  return total;
}

/** Gauss–Legendre nodes and weights on [-1, 1] (Newton on the Legendre recurrence). */
function gaussLegendre(order: number): { nodes: Float64Array; weights: Float64Array } {
  const nodes = new Float64Array(order);
  const weights = new Float64Array(order);
  for (let i = 0; i < order; i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (order + 0.5));
    let derivative = 0;
    for (let iteration = 0; iteration < 100; iteration++) {
      let p0 = 1;
      let p1 = x;
      for (let k = 2; k <= order; k++) {
        const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      derivative = (order * (x * p1 - p0)) / (x * x - 1);
      const step = p1 / derivative;
      x -= step;
      if (Math.abs(step) < 1e-16) break;
    }
    nodes[i] = x;
    weights[i] = 2 / ((1 - x * x) * derivative * derivative);
  }
  return { nodes, weights };
}

const rule = gaussLegendre(20);
const panels = 12;

/**
 * `∫ over ((2k−1)π, 2kπ)` of Smirnov's integrand, after `u = (2k−1)π + π sin²(θ/2)`, which
 * removes the inverse-square-root singularities at both ends: θ ∈ [0, π] and the integrand
 * `π sin θ · exp(−x u²/2) / sqrt(u |sin u|)` is smooth. `|sin u|` is taken from the distance to
 * the nearer multiple of π, so it keeps full relative precision near the ends.
 */
function smirnovTerm(k: number, x: number): number {
  const start = (2 * k - 1) * Math.PI;
  let total = 0;
  const width = Math.PI / panels;
  for (let panel = 0; panel < panels; panel++) {
    const middle = (panel + 0.5) * width;
    for (let index = 0; index < rule.nodes.length; index++) {
      const theta = middle + 0.5 * width * (rule.nodes[index] as number);
      const sinHalf = Math.sin(theta / 2);
      const cosHalf = Math.cos(theta / 2);
      const fromStart = Math.PI * sinHalf * sinHalf;
      const toEnd = Math.PI * cosHalf * cosHalf;
      const u = start + fromStart;
      const sinU = Math.sin(Math.min(fromStart, toEnd));
      const value = (Math.PI * Math.sin(theta) * Math.exp((-x * u * u) / 2)) / Math.sqrt(u * sinU);
      total += (rule.weights[index] as number) * value;
    }
  }
  return total * 0.5 * width;
}

/**
 * Survival function of the limiting Cramér–von Mises distribution, `1 − a₁(x)`. Below x = 0.4
 * (survival above 0.06) it is `1 −` the series, as scipy; above, Smirnov's integral series
 * `(1/π) Σ (−1)^{k+1} ∫_{(2k−1)²π²}^{(2k)²π²} sqrt(−√y / sin √y) e^{−xy/2} / y dy`, which gives
 * the far tail with full relative precision (scipy's `1 − cdf` keeps only ~1e-16 absolute, so
 * 1e-5 relative at p = 1e-11).
 */
export function cramerVonMisesLimitSurvival(x: number): number {
  if (x < 0.4) return 1 - cramerVonMisesLimitCdf(x);
  let total = 0;
  for (let k = 1; k < 100; k++) {
    const term = smirnovTerm(k, x);
    total += k % 2 === 1 ? term : -term;
    if (Math.abs(term) <= 1e-17 * Math.abs(total)) break;
  }
  return total / Math.PI;
}
