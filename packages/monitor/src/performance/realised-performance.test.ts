import { describe, expect, it } from 'vitest';
import { PendingPredictions } from './pending-predictions';
import { RealisedPerformance } from './realised-performance';

describe('PendingPredictions', () => {
  it('joins within the horizon, reports late and unknown labels, and stays bounded', () => {
    const pending = new PendingPredictions(1000, 2);
    pending.add('a', { window: 0, at: 0, prediction: 0.9 });
    pending.add('b', { window: 0, at: 10, prediction: 0.1 });
    pending.add('c', { window: 1, at: 20, prediction: 0.7 });
    expect(pending.size).toBe(2);
    expect(pending.take('a', 30).outcome).toBe('unknown');
    expect(pending.take('b', 500)).toEqual({
      outcome: 'joined',
      entry: { window: 0, at: 10, prediction: 0.1 },
    });
    expect(pending.take('c', 5000).outcome).toBe('late');
    expect(pending.late).toBe(1);
    pending.add('d', { window: 2, at: 100, prediction: 1 });
    pending.prune(2000);
    expect(pending.size).toBe(0);
  });
});

describe('RealisedPerformance', () => {
  it('gives classification metrics for a binary task and MAE/RMSE for a regression', () => {
    const binary = new RealisedPerformance('binary', 0.5);
    for (const [score, label] of [
      [0.9, 1],
      [0.4, 1],
      [0.2, 0],
      [0.6, 0],
      [0.8, 1],
    ] as const)
      binary.add(score, label);
    const restored = new RealisedPerformance(
      'binary',
      0.5,
      JSON.parse(JSON.stringify(binary.toState())),
    );
    expect(restored.metrics().accuracy).toBeCloseTo(0.6);
    expect(restored.metrics().rocAuc).toBeCloseTo(5 / 6);
    const regression = new RealisedPerformance('regression', 0.5);
    regression.add(3, 1);
    regression.add(1, 1);
    expect(regression.metrics()).toEqual({ mae: 1, rmse: Math.sqrt(2) });
    expect(new RealisedPerformance('binary', 0.5).metrics()).toEqual({});
  });
});
