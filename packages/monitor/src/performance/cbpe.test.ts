import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../windows/seeded-random';
import { Cbpe } from './cbpe';
import { classificationMetrics } from './classification-metrics';

// A calibrated model: the label is drawn with probability equal to the score.
function calibratedSample(random: SeededRandom, rows: number, shift = 0) {
  const scores: number[] = [];
  const labels: number[] = [];
  for (let index = 0; index < rows; index += 1) {
    const score = Math.min(0.999, Math.max(0.001, random.next() ** (1 + shift)));
    scores.push(score);
    labels.push(random.next() < score ? 1 : 0);
  }
  return { scores, labels };
}

function realised(scores: number[], labels: number[]) {
  let truePositives = 0;
  let falsePositives = 0;
  let trueNegatives = 0;
  let falseNegatives = 0;
  scores.forEach((score, index) => {
    const guess = score >= 0.5 ? 1 : 0;
    if (guess === 1 && labels[index] === 1) truePositives += 1;
    else if (guess === 1) falsePositives += 1;
    else if (labels[index] === 1) falseNegatives += 1;
    else trueNegatives += 1;
  });
  return classificationMetrics(
    { truePositives, falsePositives, trueNegatives, falseNegatives },
    { scores, labels },
  );
}

describe('Cbpe', () => {
  it('tracks realised accuracy, F1 and ROC AUC within its band on a calibrated model (seeded, 40 windows)', () => {
    const random = new SeededRandom(11);
    const reference = calibratedSample(random, 5000);
    const cbpe = new Cbpe(reference.scores, reference.labels);
    let inside = { accuracy: 0, f1: 0, rocAuc: 0 };
    const windows = 40;
    for (let window = 0; window < windows; window += 1) {
      // Covariate shift without concept shift: scores move, P(y|score) stays.
      const current = calibratedSample(random, 1000, window >= 20 ? 1.5 : 0);
      const estimate = cbpe.estimate(current.scores);
      const truth = realised(current.scores, current.labels);
      if (!estimate?.rocAuc) throw new Error('no estimate');
      const within = (band: { lower: number; upper: number }, value = Number.NaN) =>
        value >= band.lower && value <= band.upper ? 1 : 0;
      inside = {
        accuracy: inside.accuracy + within(estimate.accuracy, truth.accuracy),
        f1: inside.f1 + within(estimate.f1, truth.f1),
        rocAuc: inside.rocAuc + within(estimate.rocAuc, truth.rocAuc),
      };
    }
    // A ±3σ band holds ~99.7% of windows; allow one miss per metric.
    expect(inside.accuracy).toBeGreaterThanOrEqual(windows - 1);
    expect(inside.f1).toBeGreaterThanOrEqual(windows - 1);
    expect(inside.rocAuc).toBeGreaterThanOrEqual(windows - 1);
  });

  it('calibrates overconfident scores before estimating', () => {
    const random = new SeededRandom(5);
    const scores: number[] = [];
    const labels: number[] = [];
    for (let index = 0; index < 4000; index += 1) {
      const truth = random.next();
      labels.push(random.next() < truth ? 1 : 0);
      // Overconfident: pushed towards 0 and 1.
      scores.push(truth < 0.5 ? truth ** 2 * 2 : 1 - (1 - truth) ** 2 * 2);
    }
    const cbpe = new Cbpe(scores, labels);
    expect(cbpe.calibrated).toBe(true);
    const estimate = cbpe.estimate(scores.slice(0, 1000));
    const truth = realised(scores.slice(0, 1000), labels.slice(0, 1000));
    expect(Math.abs((estimate?.accuracy.value ?? 0) - (truth.accuracy ?? 0))).toBeLessThan(
      3 * (estimate?.accuracy.samplingError ?? 0) + 1e-9,
    );
    expect(cbpe.estimate([])).toBeUndefined();
  });

  it('sets thresholds from reference chunks and flags an estimate outside them', () => {
    const random = new SeededRandom(21);
    const reference = calibratedSample(random, 6000);
    const cbpe = new Cbpe(reference.scores, reference.labels, 0.5, 0, 500);
    const steady = cbpe.estimate(calibratedSample(random, 500).scores);
    expect(steady?.accuracy.lowerThreshold).toBeLessThan(steady?.accuracy.value ?? 0);
    expect(steady?.accuracy.alert).toBe(false);
    // Scores crowd around 0.5: the model is unsure, so its expected accuracy collapses.
    const unsure = cbpe.estimate(
      Array.from({ length: 500 }, (_, index) => 0.45 + (index % 10) / 100),
    );
    expect(unsure?.accuracy.alert).toBe(true);
    expect(
      new Cbpe(reference.scores.slice(0, 100), reference.labels.slice(0, 100), 0.5, 0, 50).estimate(
        [0.9],
      )?.accuracy.alert,
    ).toBeUndefined();
  });
});
