import { logGamma } from './log-gamma';
import { complementaryErrorFunction } from './normal';

const epsilon = 1e-16;
const tiny = 1e-300;

// Modified Lentz continued fraction for I_x(a, b) (Numerical Recipes' betacf). It converges in
// O(sqrt(max(a, b))) terms, so the iteration cap grows with the parameters (df ≈ 1e9 needs ~1e5).
function betaContinuedFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  const limit = 10_000 + Math.ceil(50 * Math.sqrt(Math.max(a, b)));
  for (let m = 1; m <= limit; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < epsilon) break;
  }
  return h;
}

/** Stirling's correction `δ(x) = ln Γ(x) − ((x − ½) ln x − x + ½ ln 2π)` for x >= 10 (error < 1e-14). */
function stirlingCorrection(x: number): number {
  const inverse = 1 / x;
  const inverseSquared = inverse * inverse;
  return (
    inverse *
    (1 / 12 -
      inverseSquared *
        (1 / 360 -
          inverseSquared * (1 / 1260 - inverseSquared * (1 / 1680 - inverseSquared / 1188))))
  );
}

/**
 * `ln B(a, b)`. When one parameter is large, `ln Γ(big) − ln Γ(big + small)` is formed from
 * Stirling's series without subtracting two huge logarithms (at df = 2e6 the plain difference
 * of `logGamma` values loses 7 digits).
 */
export function logBeta(a: number, b: number): number {
  const big = Math.max(a, b);
  const small = Math.min(a, b);
  if (big < 10) return logGamma(a) + logGamma(b) - logGamma(a + b);
  const difference =
    -small * Math.log(big) -
    (big + small - 0.5) * Math.log1p(small / big) +
    small +
    stirlingCorrection(big) -
    stirlingCorrection(big + small);
  if (small >= 10) {
    // Both large: ln Γ(small) by Stirling as well, so nothing cancels.
    return (
      (small - 0.5) * Math.log(small) -
      small +
      0.5 * Math.log(2 * Math.PI) +
      stirlingCorrection(small) +
      difference
    );
  }
  return logGamma(small) + difference;
}

/**
 * `I_x(a, b)` from `ln x`, `ln(1 − x)`, `x` and `1 − x` given separately, so callers that know
 * `1 − x` exactly (Student's t) keep the precision that `1 − x` computed in floating point loses.
 */
function incompleteBetaParts(
  a: number,
  b: number,
  x: number,
  oneMinusX: number,
  logX: number,
  logOneMinusX: number,
): number {
  const logFront = a * logX + b * logOneMinusX - logBeta(a, b);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(logFront) * betaContinuedFraction(a, b, x)) / a;
  return 1 - (Math.exp(logFront) * betaContinuedFraction(b, a, oneMinusX)) / b;
}

/**
 * Regularised incomplete beta `I_x(a, b)`.
 */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  return incompleteBetaParts(a, b, x, 1 - x, Math.log(x), Math.log1p(-x));
}

/** Above this many degrees of freedom the continued fraction needs ~sqrt(ν) steps and loses digits. */
const quadratureDegrees = 1e5;

/**
 * `P(|T| >= t)` for large ν by integrating the density over [t, ∞) directly (no `1 −`
 * anywhere): `2 C ∫₀^∞ exp(g(t + w) − g(t)) dw · exp(g(t))`, with `g(u) = −(ν+1)/2 · log1p(u²/ν)`
 * and `C = 1 / (√ν B(ν/2, 1/2))`, by the exp-sinh rule (trapezoid in τ after
 * `w = L exp(π/2 sinh τ)`), which converges double-exponentially for this smooth integrand.
 */
function studentTailByQuadrature(t: number, degrees: number): number {
  const half = (degrees + 1) / 2;
  const denominator = degrees + t * t;
  const logAtT = -half * Math.log1p((t / degrees) * t);
  const length = 1 / (1 + t);
  const step = 1 / 32;
  let total = 0;
  for (let k = -160; k <= 160; k++) {
    const tau = k * step;
    const sinhTerm = (Math.PI / 2) * Math.sinh(tau);
    if (sinhTerm > 700) break;
    const w = length * Math.exp(sinhTerm);
    const weight = w * (Math.PI / 2) * Math.cosh(tau);
    const logRatio = -half * Math.log1p((w * (2 * t + w)) / denominator);
    const term = Math.exp(logRatio) * weight;
    total += term;
    if (k > 0 && term < total * 1e-18) break;
  }
  const logScale = -0.5 * Math.log(degrees) - logBeta(degrees / 2, 0.5);
  return 2 * Math.exp(logScale + logAtT) * total * step;
}

/**
 * Two-sided p-value of Student's t: `P(|T| >= |t|)` with `degrees` degrees of freedom, computed
 * as `I_{ν/(ν+t²)}(ν/2, 1/2)` with `ln x = −log1p(t²/ν)` and `1 − x = t²/(ν + t²)` formed
 * directly, so small p-values keep full precision; above 1e5 degrees of freedom the tail is
 * integrated directly instead (the continued fraction would need ~sqrt(ν) steps and lose
 * digits); `degrees = Infinity` is the normal limit.
 */
export function studentTTwoSided(t: number, degrees: number): number {
  if (Number.isNaN(t)) return Number.NaN;
  if (!Number.isFinite(t)) return 0;
  if (Number.isNaN(degrees) || degrees <= 0) return Number.NaN;
  const absolute = Math.abs(t);
  if (degrees === Number.POSITIVE_INFINITY)
    return complementaryErrorFunction(absolute / Math.SQRT2);
  if (absolute === 0) return 1;
  if (degrees > quadratureDegrees && absolute < 1e150)
    return Math.min(1, studentTailByQuadrature(absolute, degrees));
  const squareOverDegrees = (absolute / degrees) * absolute;
  const degreesOverSquare = degrees / absolute / absolute;
  // ln x and ln(1 − x) without forming t² (which overflows above 1e154).
  const logX = Number.isFinite(squareOverDegrees)
    ? -Math.log1p(squareOverDegrees)
    : Math.log(degrees) - 2 * Math.log(absolute);
  const logOneMinusX = -Math.log1p(degreesOverSquare);
  const x = 1 / (1 + squareOverDegrees);
  const oneMinusX = 1 / (1 + degreesOverSquare);
  return incompleteBetaParts(degrees / 2, 0.5, x, oneMinusX, logX, logOneMinusX);
}
