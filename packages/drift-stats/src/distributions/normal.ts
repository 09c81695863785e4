import { lowerRegularizedGamma, upperRegularizedGamma } from './incomplete-gamma';

/**
 * Complementary error function, through `erfc(x) = Q(1/2, x²)` so the tail keeps full
 * relative precision.
 */
export function complementaryErrorFunction(x: number): number {
  if (x >= 0) return upperRegularizedGamma(0.5, x * x);
  return 1 + lowerRegularizedGamma(0.5, x * x);
}

/**
 * Standard normal cumulative distribution `Φ(z)` (scipy's `ndtr`).
 */
export function normalCdf(z: number): number {
  return 0.5 * complementaryErrorFunction(-z / Math.SQRT2);
}

/**
 * Two-sided normal tail `2 Φ(−|z|) = erfc(|z| / √2)`, computed as `Q(1/2, z²/2)` so the far
 * tail keeps full relative precision (`2 (1 − Φ(|z|))` loses it: 2% at p ≈ 1e-14).
 */
export function normalTwoSided(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  return upperRegularizedGamma(0.5, (z * z) / 2);
}
