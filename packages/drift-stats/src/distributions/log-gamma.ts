// Lanczos approximation (g = 607/128, 15 terms, Godfrey's coefficients): relative error
// below 1e-15 over the positive reals, enough for the p-value tails we report.
const lanczosG = 607 / 128;
const lanczosCoefficients = [
  0.9999999999999971, 57.15623566586292, -59.59796035547549, 14.136097974741746,
  -0.4919138160976202, 0.00003399464998481189, 0.00004652362892704858, -0.00009837447530487956,
  0.0001580887032249125, -0.00021026444172410488, 0.00021743961811521265, -0.0001643181065367639,
  0.00008441822398385275, -0.000026190838401581408, 0.0000036899182659531625,
];
const halfLogTwoPi = 0.9189385332046728;

/**
 * Natural logarithm of the gamma function for `x > 0`.
 */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const shifted = x - 1;
  let sum = lanczosCoefficients[0] as number;
  for (let index = 1; index < lanczosCoefficients.length; index++) {
    sum += (lanczosCoefficients[index] as number) / (shifted + index);
  }
  const base = shifted + lanczosG + 0.5;
  return halfLogTwoPi + (shifted + 0.5) * Math.log(base) - base + Math.log(sum);
}

/**
 * Natural logarithm of the binomial coefficient `C(n, k)`.
 */
export function logBinomial(n: number, k: number): number {
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
}
