import { InvalidInputError } from '@ballast/contracts';
import { describe, expect, it } from 'vitest';
import type { MonitorOptions } from './monitor-options';
import { resolveOptions } from './resolve-options';

const base: MonitorOptions = { model: { name: 'm' }, reference: { x: [1, 2, 3] } };

function pathOf(options: unknown): unknown {
  try {
    resolveOptions(options as MonitorOptions);
  } catch (error) {
    expect(InvalidInputError.isInstance(error)).toBe(true);
    return (error as InvalidInputError).message;
  }
  return undefined;
}

describe('resolveOptions', () => {
  it('applies the documented defaults', () => {
    expect(resolveOptions(base)).toMatchObject({
      window: { kind: 'rows', paneRows: 1000, panesPerWindow: 1 },
      sampleSize: 5000,
      directory: '.ballast/monitor',
      openAfter: 2,
      resolveAfter: 3,
      labelHorizonMs: 86_400_000,
    });
  });

  it('reads time and sliding windows', () => {
    expect(resolveOptions({ ...base, window: { every: '5m', sliding: '1m' } }).window).toEqual({
      kind: 'time',
      paneMs: 60_000,
      panesPerWindow: 5,
    });
    expect(resolveOptions({ ...base, window: { rows: 1000, sliding: 250 } }).window).toEqual({
      kind: 'rows',
      paneRows: 250,
      panesPerWindow: 4,
    });
  });

  it('names the bad field', () => {
    expect(pathOf({ ...base, model: {} })).toMatch(/model\.name/);
    expect(pathOf({ ...base, window: { rows: 0 } })).toMatch(/window/);
    expect(pathOf({ ...base, methods: { x: 'nope' } })).toMatch(/methods\.x/);
    expect(pathOf({ ...base, window: { rows: 100, sliding: 30 } })).toMatch(/window\.sliding/);
    expect(pathOf({ ...base, window: { every: 'soon' } })).toMatch(/window\.every/);
    expect(pathOf({ ...base, alerts: { openAfter: 0 } })).toMatch(/alerts\.openAfter/);
    expect(pathOf({ ...base, onAlert: 'x' })).toMatch(/onAlert/);
  });
});
