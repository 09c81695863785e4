/**
 * Survival function of the one-sided Kolmogorov–Smirnov statistic, `P(D_n^+ >= x)`, by the
 * exact Birnbaum–Tingey sum (all terms positive, summed in log space with a running
 * maximum so nothing under- or overflows). This is what scipy's `special.smirnov(n, x)`
 * computes.
 */
export function smirnovSurvival(n: number, x: number): number {
  if (x <= 0) return 1;
  if (x >= 1) return 0;
  const last = Math.floor(n * (1 - x));
  const logX = Math.log(x);
  // ln C(n, j) grows to ~0.7 n: summed with Neumaier compensation, or its rounding errors
  // random-walk to ~1e-7 relative at n = 5e6 (every later term inherits them).
  let logBinomial = 0;
  let logBinomialCompensation = 0;
  let maximum = Number.NEGATIVE_INFINITY;
  let scaledSum = 0;
  let previousLogTerm = Number.NEGATIVE_INFINITY;
  for (let j = 0; j <= last; j++) {
    if (j > 0) {
      const step = Math.log((n - j + 1) / j);
      const next = logBinomial + step;
      logBinomialCompensation +=
        Math.abs(logBinomial) >= Math.abs(step)
          ? logBinomial - next + step
          : step - next + logBinomial;
      logBinomial = next;
    }
    const logChoose = logBinomial + logBinomialCompensation;
    const remaining = 1 - x - j / n;
    const exponent = n - j;
    let logTerm: number;
    if (remaining <= 0) {
      if (exponent !== 0) continue;
      logTerm = logChoose + (j - 1) * Math.log(x + j / n);
    } else {
      logTerm = logChoose + exponent * Math.log(remaining) + (j - 1) * Math.log(x + j / n);
    }
    // Terms are unimodal in j; once far below the peak (e^-60) the rest cannot matter.
    if (logTerm < maximum - 60 && j > 0 && logTerm < previousLogTerm) break;
    previousLogTerm = logTerm;
    if (logTerm > maximum) {
      scaledSum = scaledSum * Math.exp(maximum - logTerm) + 1;
      maximum = logTerm;
    } else {
      scaledSum += Math.exp(logTerm - maximum);
    }
  }
  return Math.min(1, Math.exp(logX + maximum + Math.log(scaledSum)));
}
