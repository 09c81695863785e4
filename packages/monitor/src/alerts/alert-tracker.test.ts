import { describe, expect, it } from 'vitest';
import { AlertTracker } from './alert-tracker';

const drifted = (value: boolean | undefined) => [
  { feature: 'temp', kind: 'feature_drift' as const, drifted: value },
];

describe('AlertTracker', () => {
  it('opens after N drifted windows, ignores blips, resolves after M clean ones, once per key', () => {
    const tracker = new AlertTracker({ name: 'm', version: '1' }, 2, 3);
    expect(tracker.update(0, 't0', drifted(true))).toEqual([]);
    expect(tracker.update(1, 't1', drifted(false))).toEqual([]);
    expect(tracker.update(2, 't2', drifted(true))).toEqual([]);
    const opened = tracker.update(3, 't3', drifted(true));
    expect(opened).toMatchObject([
      { id: 'm:1:temp@3', key: 'm:1:temp', status: 'open', openedWindow: 3 },
    ]);
    expect(tracker.update(4, 't4', drifted(true))).toEqual([]);
    expect(tracker.update(5, 't5', drifted(undefined))).toEqual([]);
    expect(tracker.update(6, 't6', drifted(false))).toEqual([]);
    expect(tracker.update(7, 't7', drifted(false))).toEqual([]);
    const restored = new AlertTracker(
      { name: 'm', version: '1' },
      2,
      3,
      JSON.parse(JSON.stringify(tracker.toState())),
    );
    expect(restored.open()).toHaveLength(1);
    expect(restored.update(8, 't8', drifted(false))).toMatchObject([
      { id: 'm:1:temp@3', status: 'resolved', resolvedWindow: 8, resolvedAt: 't8' },
    ]);
    expect(restored.open()).toEqual([]);
  });
});
