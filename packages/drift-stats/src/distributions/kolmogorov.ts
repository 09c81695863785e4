import { smirnovSurvival } from './smirnov';

// Port of scipy.stats._ksstats (Simard & L'Ecuyer 2011 selection of algorithms) restricted
// to the survival function, so `ks` reproduces scipy's `kstwo.sf(d, n)`.

const scaleExponent = 128;
const scaleUp = 2 ** scaleExponent;
const scaleDown = 2 ** -scaleExponent;
const logTwoPi = Math.log(2 * Math.PI);
const sqrtTwoPi = Math.sqrt(2 * Math.PI);
const piSquared = Math.PI ** 2;
const piFour = Math.PI ** 4;
const piSix = Math.PI ** 6;
const stirlingCoefficients = [
  -0.029550653594771242, 0.00641025641025641, -0.0019175269175269176, 0.0008417508417508417,
  -0.0005952380952380953, 0.0007936507936507937, -0.002777777777777778, 0.08333333333333333,
];

function clip(probability: number): number {
  return Math.min(Math.max(probability, 0), 1);
}

function logFactorialOverPower(n: number): number {
  const reciprocal = 1 / n;
  let polynomial = 0;
  for (const coefficient of stirlingCoefficients)
    polynomial = polynomial * (reciprocal / n) + coefficient;
  return Math.log(n) / 2 - n + logTwoPi / 2 + reciprocal * polynomial;
}

function multiply(left: Float64Array, right: Float64Array, size: number): Float64Array {
  const product = new Float64Array(size * size);
  for (let row = 0; row < size; row++) {
    for (let inner = 0; inner < size; inner++) {
      const value = left[row * size + inner] as number;
      if (value === 0) continue;
      for (let column = 0; column < size; column++) {
        product[row * size + column] =
          (product[row * size + column] as number) +
          value * (right[inner * size + column] as number);
      }
    }
  }
  return product;
}

/** Durbin matrix method (Marsaglia–Tsang–Wang) for `P(D_n <= d)`. */
function durbinMatrixCdf(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let factorial = 1;
  for (let j = 1; j <= m; j++) {
    v[j - 1] = 1 - h ** j;
    w[j - 1] = factorial;
    factorial /= j;
    v[j - 1] = (v[j - 1] as number) * factorial;
  }
  const tail = Math.max(2 * h - 1, 0) ** m - 2 * h ** m;
  v[m - 1] = (1 + tail) * factorial;
  let matrix: Float64Array = new Float64Array(m * m);
  for (let i = 1; i < m; i++) {
    for (let row = i - 1; row < m; row++) matrix[row * m + i] = w[row - i + 1] as number;
  }
  for (let row = 0; row < m; row++) matrix[row * m] = v[row] as number;
  for (let column = 0; column < m; column++)
    matrix[(m - 1) * m + column] = v[m - 1 - column] as number;

  let power: Float64Array = new Float64Array(m * m);
  for (let index = 0; index < m; index++) power[index * m + index] = 1;
  let remaining = n;
  let exponent = 0;
  let matrixExponent = 0;
  while (remaining > 0) {
    if (remaining % 2) {
      power = multiply(power, matrix, m);
      exponent += matrixExponent;
    }
    matrix = multiply(matrix, matrix, m);
    matrixExponent *= 2;
    if (Math.abs(matrix[(k - 1) * m + (k - 1)] as number) > scaleUp) {
      for (let index = 0; index < matrix.length; index++)
        matrix[index] = (matrix[index] as number) / scaleUp;
      matrixExponent += scaleExponent;
    }
    remaining = Math.floor(remaining / 2);
  }
  let probability = power[(k - 1) * m + (k - 1)] as number;
  for (let i = 1; i <= n; i++) {
    probability = (i * probability) / n;
    if (Math.abs(probability) < scaleDown) {
      probability *= scaleUp;
      exponent -= scaleExponent;
    }
  }
  if (exponent !== 0) probability *= 2 ** exponent;
  return clip(probability);
}

function pomeranzBounds(
  i: number,
  n: number,
  whole: number,
  ceilFraction: number,
  roundFraction: number,
): [number, number] {
  let first: number;
  let second: number;
  if (i === 0) {
    first = -whole - ceilFraction - 1;
    second = whole + ceilFraction - 1;
  } else {
    const half = Math.floor((i + 1) / 2);
    const parity = (i + 1) % 2;
    if (parity === 0) {
      if (half === n + 1) {
        first = n - whole - ceilFraction - 1;
        second = n + whole + ceilFraction - 1;
      } else {
        first = half - 1 - whole - roundFraction - 1;
        second = half + whole - 1 + ceilFraction - 1;
      }
    } else {
      first = half - 1 - whole - 1;
      second = half + whole + roundFraction - 1;
    }
  }
  return [Math.max(first + 2, 0), Math.min(second, n)];
}

/** Pomeranz recursion for `P(D_n <= x)` (used for n <= 140). */
function pomeranzCdf(n: number, x: number): number {
  const t = n * x;
  const whole = Math.floor(t);
  const fraction = t - whole;
  const g = Math.min(fraction, 1 - fraction);
  const ceilFraction = fraction > 0 ? 1 : 0;
  const roundFraction = fraction > 0.5 ? 1 : 0;
  const powers = 2 * (whole + 1);
  const gPower = new Float64Array(powers);
  const twoGPower = new Float64Array(powers);
  const oneMinusTwoGPower = new Float64Array(powers);
  gPower[0] = 1;
  twoGPower[0] = 1;
  oneMinusTwoGPower[0] = 1;
  for (let m = 1; m < powers; m++) {
    gPower[m] = ((gPower[m - 1] as number) * (g / n)) / m;
    twoGPower[m] = ((twoGPower[m - 1] as number) * ((2 * g) / n)) / m;
    oneMinusTwoGPower[m] = ((oneMinusTwoGPower[m - 1] as number) * ((1 - 2 * g) / n)) / m;
  }
  let previousRow = new Float64Array(powers);
  let row = new Float64Array(powers);
  row[0] = 1;
  let previousStart = 0;
  let rowStart = 0;
  let exponent = 0;
  let [first, second] = pomeranzBounds(0, n, whole, ceilFraction, roundFraction);
  for (let i = 1; i < 2 * n + 2; i++) {
    const carried = first;
    [previousRow, row] = [row, previousRow];
    [previousStart, rowStart] = [rowStart, previousStart];
    row.fill(0);
    [first, second] = pomeranzBounds(i, n, whole, ceilFraction, roundFraction);
    const weights = i === 1 || i === 2 * n + 1 ? gPower : i % 2 ? twoGPower : oneMinusTwoGPower;
    const span = second - carried + 1;
    if (span > 0) {
      const offset = carried - previousStart;
      const start = first - carried;
      const length = second - first + 1;
      for (let out = 0; out < length; out++) {
        const position = start + out;
        let sum = 0;
        for (
          let source = Math.max(0, position - span + 1);
          source <= Math.min(position, span - 1);
          source++
        ) {
          sum += (previousRow[offset + source] ?? 0) * (weights[position - source] ?? 0);
        }
        row[out] = sum;
      }
      let maximum = 0;
      for (const value of row) if (value > maximum) maximum = value;
      if (maximum > 0 && maximum < scaleDown) {
        for (let index = 0; index < row.length; index++)
          row[index] = (row[index] as number) * scaleUp;
        exponent -= scaleExponent;
      }
      rowStart = previousStart + first - carried;
    }
  }
  let answer = row[n - rowStart] as number;
  for (let m = 1; m <= n; m++) {
    if (Math.abs(answer) > scaleUp) {
      answer *= scaleDown;
      exponent += scaleExponent;
    }
    answer *= m;
  }
  if (exponent !== 0) answer *= 2 ** exponent;
  return clip(answer);
}

/** Pelz–Good asymptotic series for `P(D_n <= x)`. */
function pelzGoodCdf(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const z2 = z ** 2;
  const z3 = z ** 3;
  const z4 = z ** 4;
  const z6 = z ** 6;
  const qLog = -piSquared / 8 / z2;
  if (qLog < -708) return 0;
  let q = Math.exp(qLog);
  const k1a = -z2;
  const k1b = piSquared / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * piSquared) / 4;
  const k2c = (piFour * (1 - 2 * z2)) / 16;
  const k3d = (piSix * (5 - 30 * z2)) / 64;
  const k3c = (piFour * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (piSquared * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * z ** 8;
  const terms = [0, 0, 0, 0];
  const maximumK = Math.ceil((16 * z) / Math.PI);
  for (let k = maximumK; k > 0; k--) {
    const m = 2 * k - 1;
    const m2 = m ** 2;
    const m4 = m ** 4;
    const m6 = m ** 6;
    const qPower = q ** (8 * k);
    const coefficients = [
      1,
      k1a + k1b * m2,
      k2a + k2b * m2 + k2c * m4,
      k3a + k3b * m2 + k3c * m4 + k3d * m6,
    ];
    for (let index = 0; index < 4; index++) {
      terms[index] = (terms[index] as number) * qPower + (coefficients[index] as number);
    }
  }
  const divisors = [z, 6 * z4, 72 * z ** 7, 6480 * z ** 10];
  for (let index = 0; index < 4; index++) {
    terms[index] = ((terms[index] as number) * q * sqrtTwoPi) / (divisors[index] as number);
  }
  q = Math.exp(-piSquared / 2 / z2);
  const sqrt3z = Math.sqrt(3) * z;
  let k2extra = 0;
  let k3extra = 0;
  for (let k = maximumK; k > 0; k--) {
    const k2 = k * k;
    const power = q ** k2;
    const kPi = Math.PI * k;
    k2extra += k2 * power;
    k3extra += (sqrt3z + kPi) * (sqrt3z - kPi) * k2 * power;
  }
  terms[2] = (terms[2] as number) + (k2extra * piSquared * sqrtTwoPi) / (-36 * z3);
  terms[3] = (terms[3] as number) + (k3extra * piSquared * sqrtTwoPi) / (216 * z6);
  let sum = 0;
  for (let index = 0; index < 4; index++) sum += (terms[index] as number) / n ** (index / 2);
  return sum;
}

/**
 * Survival function of the two-sided one-sample Kolmogorov–Smirnov statistic,
 * `P(D_n >= x)` — scipy's `kstwo.sf(x, n)` with the same algorithm choices (Ruben–Gambino
 * edges, Durbin matrix, Pomeranz, Pelz–Good, `2 · smirnov`).
 */
export function kolmogorovSurvival(x: number, n: number): number {
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const t = n * x;
  if (t <= 1) {
    if (t <= 0.5) return 1;
    let cdf: number;
    if (n <= 140) {
      cdf = 1;
      for (let i = 1; i <= n; i++) cdf *= i * (1 / n) * (2 * t - 1);
    } else {
      cdf = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    }
    return clip(1 - cdf);
  }
  if (t >= n - 1) return clip(2 * (1 - x) ** n);
  if (x >= 0.5) return clip(2 * smirnovSurvival(n, x));
  const nxSquared = t * x;
  if (n <= 140) {
    if (nxSquared <= 0.754693) return clip(1 - durbinMatrixCdf(n, x));
    if (nxSquared <= 4) return clip(1 - pomeranzCdf(n, x));
    return clip(2 * smirnovSurvival(n, x));
  }
  if (nxSquared >= 370) return 0;
  if (nxSquared >= 2.2) return clip(2 * smirnovSurvival(n, x));
  const cdf = n <= 100_000 && n * x ** 1.5 <= 1.4 ? durbinMatrixCdf(n, x) : clip(pelzGoodCdf(n, x));
  return clip(1 - cdf);
}
