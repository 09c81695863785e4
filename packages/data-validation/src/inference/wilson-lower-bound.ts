import { InvalidInputError } from '@ballast/contracts';

/**
 * The standard normal quantile z with P(Z <= z) = p, by Acklam's rational approximation
 * (relative error below 1.15e-9), enough for confidence levels.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    throw new InvalidInputError({
      message: `probability must be in (0, 1), got ${p}`,
      details: { path: 'p' },
    });
  }
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972,
    -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734,
    4.374664141464968, 2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  let x: number;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    x =
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  } else if (p <= 1 - low) {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
      (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x =
      -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  return x;
}

/**
 * The lower end of the Wilson score interval for a proportion of `successes` out of `total`
 * at two-sided `confidence`:
 *
 * (p + z²/2n − z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n), with p = successes/n and z the
 * (1 + confidence)/2 normal quantile.
 *
 * Deequ's RetainCompletenessRule uses this bound so an inferred threshold tolerates sampling
 * noise instead of demanding the observed share.
 */
export function wilsonLowerBound(successes: number, total: number, confidence = 0.95): number {
  if (total === 0) return 0;
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p = successes / total;
  const z2 = z * z;
  const centre = p + z2 / (2 * total);
  const margin = z * Math.sqrt((p * (1 - p)) / total + z2 / (4 * total * total));
  return Math.max(0, (centre - margin) / (1 + z2 / total));
}
