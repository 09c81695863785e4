import type { InferencePayload } from '@ballast/contracts';
import { describe, expect, it } from 'vitest';
import { cellAt, type PayloadRows, payloadRows } from './payload-rows';

function plain(rows: PayloadRows): Record<string, unknown[]> {
  return Object.fromEntries(
    [...rows.columns].map(([name, view]) => [name, rows.ids.map((_, row) => cellAt(view, row))]),
  );
}

function payload(overrides: Partial<InferencePayload> = {}): InferencePayload {
  return {
    model: { name: 'weather', version: '1' },
    requestId: 'r1',
    receivedAt: '2026-01-01T00:00:00.000Z',
    latencySeconds: 0.001,
    request: {
      inputs: [
        {
          name: 'x',
          shape: [2, 3],
          datatype: 'FP32',
          data: [
            [1, 2, 3],
            [4, 5, 6],
          ],
        },
        { name: 'city', shape: [2], datatype: 'BYTES', data: ['a', 'b'] },
      ],
    },
    response: {
      model_name: 'weather',
      outputs: [{ name: 'proba', shape: [2, 1], datatype: 'FP32', data: [0.2, 0.9] }],
    },
    ...overrides,
  };
}

describe('payloadRows', () => {
  it('names tensor columns from `features`, rank-1 tensors after themselves, outputs by index', () => {
    const rows = payloadRows(payload(), { x: ['temp_max', 'precipitation', 'wind'] });
    expect(rows.ids).toEqual(['r1#0', 'r1#1']);
    expect(rows.receivedAt).toBe(Date.parse('2026-01-01T00:00:00.000Z'));
    expect(plain(rows)).toEqual({
      temp_max: [1, 4],
      precipitation: [2, 5],
      wind: [3, 6],
      city: ['a', 'b'],
      proba_0: [0.2, 0.9],
    });
  });

  it('defaults to <input>_<index> and keeps a single-row request id', () => {
    const rows = payloadRows(
      payload({
        request: { inputs: [{ name: 'x', shape: [1, 2], datatype: 'FP32', data: [7, 8] }] },
        response: undefined,
      }),
    );
    expect(rows.ids).toEqual(['r1']);
    expect(plain(rows)).toEqual({ x_0: [7], x_1: [8] });
  });
});
