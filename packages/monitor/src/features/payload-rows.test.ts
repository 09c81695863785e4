import type { InferencePayload } from '@ballast/contracts';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  cellAt,
  emptyPayloadRows,
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

  it('reads any sequence of requests into one reused object as it reads each afresh', () => {
    // Tensors that come and go, change width, rank or element kind between requests: the entry
    // reused for a tensor position must never keep a previous request's names or data.
    interface TensorSpec {
      name: string;
      rank: number;
      width: number;
      typed: boolean;
    }
    const tensorArb: fc.Arbitrary<TensorSpec> = fc.record({
      name: fc.constantFrom('x', 'y', 'proba'),
      rank: fc.constantFrom(1, 2),
      width: fc.integer({ min: 1, max: 3 }),
      typed: fc.boolean(),
    });
    const requestArb = fc.record({
      rows: fc.integer({ min: 1, max: 3 }),
      inputs: fc.array(tensorArb, { minLength: 1, maxLength: 3 }),
      outputs: fc.option(fc.array(tensorArb, { maxLength: 2 }), { nil: undefined }),
      seed: fc.integer({ min: 0, max: 1000 }),
    });
    const names = { x: ['a', 'b'], proba: ['p'] };
    const build = (request: {
      rows: number;
      inputs: TensorSpec[];
      outputs: TensorSpec[] | undefined;
      seed: number;
    }): InferencePayload => {
      let next = request.seed;
      const tensor = (spec: TensorSpec) => {
        const width = spec.rank === 1 ? 1 : spec.width;
        const values = Array.from({ length: request.rows * width }, () => (next += 1));
        return {
          name: spec.name,
          datatype: 'FP32' as const,
          shape: spec.rank === 1 ? [request.rows] : [request.rows, width],
          data: spec.typed ? (Float32Array.from(values) as unknown as number[]) : values,
        };
      };
      return payload({
        requestId: `r${request.seed}`,
        request: { inputs: request.inputs.map(tensor) },
        response:
          request.outputs === undefined
            ? undefined
            : { model_name: 'weather', outputs: request.outputs.map(tensor) },
      });
    };
    fc.assert(
      fc.property(fc.array(requestArb, { minLength: 1, maxLength: 8 }), requests => {
        const reused = emptyPayloadRows();
        for (const request of requests) {
          const record = build(request);
          const fresh = payloadRows(record, names);
          const into = payloadRows(record, names, reused);
          expect(into).toBe(reused);
          expect(ids(into)).toEqual(ids(fresh));
          expect(into.receivedAt).toBe(fresh.receivedAt);
          expect(into.tensors.map(tensor => tensor.names)).toEqual(
            fresh.tensors.map(tensor => tensor.names),
          );
          expect(plain(into)).toEqual(plain(fresh));
        }
      }),
      { numRuns: 300 },
    );
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
