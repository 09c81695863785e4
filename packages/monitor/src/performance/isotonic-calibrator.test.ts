import { describe, expect, it } from 'vitest';
import { IsotonicCalibrator } from './isotonic-calibrator';

describe('IsotonicCalibrator', () => {
  it('pools violators and interpolates like scikit-learn', () => {
    // sklearn IsotonicRegression().fit([1,2,3,4,5],[1,0,1,0,1]) → [0.5,0.5,0.5,0.5,1]... with 0/1:
    // pooled: (1,0)→0.5, (1,0)→0.5, 1 → [0.5, 0.5, 0.5, 0.5, 1]
    const calibrator = new IsotonicCalibrator([0.1, 0.2, 0.3, 0.4, 0.5], [1, 0, 1, 0, 1]);
    expect([0.1, 0.2, 0.3, 0.4, 0.5].map(score => calibrator.calibrate(score))).toEqual([
      0.5, 0.5, 0.5, 0.5, 1,
    ]);
    expect(calibrator.calibrate(0.45)).toBeCloseTo(0.75);
    expect(calibrator.calibrate(0)).toBe(0.5);
    expect(calibrator.calibrate(0.9)).toBe(1);
  });

  it('averages tied scores and stays monotone', () => {
    const calibrator = new IsotonicCalibrator([0.2, 0.2, 0.8, 0.8], [0, 1, 1, 1]);
    expect(calibrator.calibrate(0.2)).toBe(0.5);
    expect(calibrator.calibrate(0.8)).toBe(1);
  });
});
