import type { TypedInferencePayload } from '@ballast/contracts';
import { describe, expect, it } from 'vitest';
import { ColumnRegistry } from '../features/column-registry';
import type { PayloadRows } from '../features/payload-rows';
import type { MonitorOptions } from '../options/monitor-options';
import { resolveOptions } from '../options/resolve-options';
import type { ClosedWindow } from './closed-window';
import { WindowCutter } from './window-cutter';

const model = { name: 'weather', version: '1' };
const origin = Date.parse('2100-01-01T00:00:00.000Z');

function record(rows: number, at: number, id: string, name = 'weather'): TypedInferencePayload {
  return {
    model: { name, version: '1' },
    requestId: id,
    receivedAt: new Date(at).toISOString(),
    latencySeconds: 0.001,
    request: {
      inputs: [
        {
          name: 'x',
          datatype: 'FP32',
          shape: [rows, 2],
          data: Float32Array.from({ length: rows * 2 }, (_, cell) => cell),
        },
      ],
      outputs: [{ name: 'score' }],
    },
    response: {
      model_name: name,
      outputs: [
        {
          name: 'score',
          datatype: 'FP32',
          shape: [rows, 1],
          data: Float32Array.from({ length: rows }, () => 0.5),
        },
      ],
    },
  };
}

function cutter(window: MonitorOptions['window']) {
  const options: MonitorOptions = {
    model,
    reference: { a: [1, 2, 3], b: [1, 2, 3] },
    features: { x: ['a', 'b'] },
    ...(window ? { window } : {}),
  };
  const closed: ClosedWindow[] = [];
  const counted: [string, number, number, number][] = [];
  const windows = new WindowCutter(
    model,
    options.features,
    resolveOptions(options),
    new ColumnRegistry(new Map(), ['a', 'b']),
    ['a', 'b'],
    {
      counted: (rows: PayloadRows, from, to, index) => {
        counted.push([rows.requestId, from, to, index]);
      },
      closed: window => {
        closed.push(window);
      },
    },
  );
  const ingest = (records: TypedInferencePayload[]) => {
    const tally = { rows: 0 };
    const errors: unknown[] = [];
    let index = 0;
    while (index < records.length) {
      index = windows.ingestFrom(records, index, tally, error => errors.push(error));
    }
    return { rows: tally.rows, errors };
  };
  return { windows, closed, counted, ingest };
}

describe('WindowCutter', () => {
  it('cuts rows windows at their size, splitting a request across two windows', () => {
    const { windows, closed, counted, ingest } = cutter({ rows: 5 });
    const result = ingest([
      record(2, origin, 'r0'),
      record(2, origin, 'r1'),
      record(3, origin, 'r2'),
      record(1, origin, 'r3', 'other'),
    ]);
    expect(result).toEqual({ rows: 7, errors: [] });
    expect(closed.map(window => [window.index, window.rows])).toEqual([[0, 5]]);
    expect(windows.nextWindow).toBe(1);
    expect(windows.holdsRows).toBe(true);
    // r2's three rows: one finishes window 0, two open window 1. The other model's request is skipped.
    expect(counted).toEqual([
      ['r0', 0, 2, 0],
      ['r1', 0, 2, 0],
      ['r2', 0, 1, 0],
      ['r2', 1, 3, 1],
    ]);
    windows.closeOpen();
    expect(closed.map(window => [window.index, window.rows])).toEqual([
      [0, 5],
      [1, 2],
    ]);
    windows.closeOpen();
    expect(closed).toHaveLength(2);
  });

  it('closes a time window at a request of a later slot, or once the slot and its grace passed', () => {
    const { windows, closed, ingest } = cutter({ every: '1s' });
    ingest([record(1, origin + 100, 'r0'), record(1, origin + 900, 'r1')]);
    expect(closed).toHaveLength(0);
    ingest([record(1, origin + 1200, 'r2')]);
    expect(closed.map(window => [window.index, window.rows, window.end])).toEqual([
      [0, 2, origin + 1000],
    ]);
    // A late request of the closed slot counts in the open one.
    ingest([record(1, origin + 500, 'r3')]);
    expect(windows.closeElapsed(origin + 2400)).toBe(false);
    expect(windows.closeElapsed(origin + 2500)).toBe(true);
    expect(closed.map(window => [window.index, window.rows])).toEqual([
      [0, 2],
      [1, 2],
    ]);
  });

  it('resumes its open pane from its state', () => {
    const first = cutter({ rows: 4 });
    first.ingest([record(3, origin, 'r0')]);
    const state = JSON.parse(JSON.stringify(first.windows.toState()));
    const second = cutter({ rows: 4 });
    second.windows.restore(state);
    second.windows.nextWindow = state.nextWindow;
    second.ingest([record(2, origin, 'r1')]);
    expect(second.closed.map(window => [window.index, window.rows])).toEqual([[0, 4]]);
  });

  it('reports a record that cannot be read and ingests the others', () => {
    const { ingest } = cutter({ rows: 100 });
    const broken = record(1, origin, 'bad');
    (broken.request.inputs as unknown as { shape: unknown }[])[0] = { shape: null } as never;
    const result = ingest([record(1, origin, 'r0'), broken, record(1, origin, 'r1')]);
    expect(result.rows).toBe(2);
    expect(result.errors).toHaveLength(1);
  });
});
