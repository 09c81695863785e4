import type { InferencePayload } from '@ballast/contracts';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  cellAt,
  findColumn,
  type PayloadRows,
  parseTimestamp,
  payloadRows,
  rowId,
} from './payload-rows';

function plain(rows: PayloadRows): Record<string, unknown[]> {
  const names = rows.tensors.flatMap(tensor => tensor.names);
  return Object.fromEntries(
    names.map(name => [
      name,
      Array.from({ length: rows.count }, (_, row) =>
        cellAt(findColumn(rows, name) as NonNullable<ReturnType<typeof findColumn>>, row),
      ),
    ]),
  );
}

function ids(rows: PayloadRows): string[] {
  return Array.from({ length: rows.count }, (_, row) => rowId(rows, row));
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
    expect(ids(rows)).toEqual(['r1#0', 'r1#1']);
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
    expect(ids(rows)).toEqual(['r1']);
    expect(plain(rows)).toEqual({ x_0: [7], x_1: [8] });
  });

  it('parses timestamps as Date.parse does, whatever came before', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc
              .integer({ min: -8_000_000_000_000, max: 8_000_000_000_000 })
              .map(ms => new Date(ms).toISOString()),
            fc.constantFrom(
              '2026-01-01T00:00:00Z',
              '2026-01-01T00:00:00.5Z',
              '2026-01-01T01:00:00.123+01:00',
              '2026-01-01T00:00:00.12xZ',
              'not a date',
              '',
              '+275760-09-13T00:00:00.000Z',
              '2026-13-01T00:00:00.000Z',
              '2026-01-01T24:00:00.000Z',
              '2026-01-01T24:00:00.500Z',
            ),
          ),
          { maxLength: 12 },
        ),
        texts => {
          for (const text of texts) {
            expect(Object.is(parseTimestamp(text), Date.parse(text))).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
