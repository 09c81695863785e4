/**
 * Isotonic regression of binary labels on scores (pool adjacent violators), read with linear
 * interpolation between fitted points and clipped outside the fitted range, as scikit-learn's
 * `IsotonicRegression(out_of_bounds='clip')` which NannyML uses to calibrate CBPE.
 */
export class IsotonicCalibrator {
  private readonly xs: number[];
  private readonly ys: number[];

  constructor(scores: ArrayLike<number>, labels: ArrayLike<number>) {
    const order = Array.from({ length: scores.length }, (_, index) => index).sort(
      (left, right) => (scores[left] as number) - (scores[right] as number),
    );
    // Blocks of equal scores first (their mean label), then pool while a block violates order.
    const blockX: number[] = [];
    const blockY: number[] = [];
    const blockWeight: number[] = [];
    for (const index of order) {
      const x = scores[index] as number;
      const y = labels[index] as number;
      const last = blockX.length - 1;
      if (last >= 0 && blockX[last] === x) {
        const weight = blockWeight[last] as number;
        blockY[last] = ((blockY[last] as number) * weight + y) / (weight + 1);
        blockWeight[last] = weight + 1;
      } else {
        blockX.push(x);
        blockY.push(y);
        blockWeight.push(1);
      }
    }
    const values: number[] = [];
    const weights: number[] = [];
    const starts: number[] = [];
    for (let index = 0; index < blockX.length; index += 1) {
      values.push(blockY[index] as number);
      weights.push(blockWeight[index] as number);
      starts.push(index);
      while (
        values.length > 1 &&
        (values[values.length - 2] as number) > (values[values.length - 1] as number)
      ) {
        const w2 = weights.pop() as number;
        const v2 = values.pop() as number;
        starts.pop();
        const w1 = weights[weights.length - 1] as number;
        const v1 = values[values.length - 1] as number;
        values[values.length - 1] = (v1 * w1 + v2 * w2) / (w1 + w2);
        weights[weights.length - 1] = w1 + w2;
      }
    }
    // Every distinct score is a fitted point carrying the value of its pooled block.
    this.xs = blockX;
    this.ys = new Array(blockX.length);
    for (let block = 0; block < starts.length; block += 1) {
      const end = block + 1 < starts.length ? (starts[block + 1] as number) : blockX.length;
      for (let index = starts[block] as number; index < end; index += 1)
        this.ys[index] = values[block] as number;
    }
  }

  /** The calibrated probability of a score. */
  calibrate(score: number): number {
    const { xs, ys } = this;
    if (xs.length === 0) return score;
    if (score <= (xs[0] as number)) return ys[0] as number;
    if (score >= (xs[xs.length - 1] as number)) return ys[ys.length - 1] as number;
    let low = 0;
    let high = xs.length - 1;
    while (high - low > 1) {
      const middle = (low + high) >> 1;
      if ((xs[middle] as number) <= score) low = middle;
      else high = middle;
    }
    const x0 = xs[low] as number;
    const x1 = xs[high] as number;
    const y0 = ys[low] as number;
    const y1 = ys[high] as number;
    return y0 + ((y1 - y0) * (score - x0)) / (x1 - x0);
  }
}
