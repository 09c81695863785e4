import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoTimestamp, payloadRecord } from './payload-record';

describe('isoTimestamp', () => {
  it('equals Date#toISOString for any time, in any order of calls', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -62_000_000_000_000, max: 250_000_000_000_000 }), {
          minLength: 1,
          maxLength: 20,
        }),
        times => {
          for (const ms of times) {
            expect(isoTimestamp(ms)).toBe(new Date(ms).toISOString());
            // The next millisecond of the same second reuses the cached prefix.
            expect(isoTimestamp(ms + 1)).toBe(new Date(ms + 1).toISOString());
          }
        },
      ),
      { numRuns: 200 },
    );
    expect(isoTimestamp(1_700_000_000_000.5)).toBe(new Date(1_700_000_000_000.5).toISOString());
  });
});

describe('payloadRecord', () => {
  const x = { name: 'x', datatype: 'FP32' as const, shape: [1, 2], data: new Float32Array([1, 2]) };
  const y = { name: 'y', datatype: 'FP32' as const, shape: [1, 1], data: new Float32Array([0.5]) };

  it('builds the record in the contract key order, with tensors as JSON', () => {
    const record = payloadRecord({
      model: { name: 'm', version: '1' },
      requestId: 'r1',
      receivedAt: Date.UTC(2026, 0, 2, 3, 4, 5, 6),
      latencySeconds: 0.002,
      id: 'r1',
      parameters: { priority: 1 },
      outputNames: [{ name: 'y' }],
      inputs: [x],
      response: { model_name: 'm', model_version: '1', id: 'r1', outputs: [] },
      outputs: [y],
    });
    expect(JSON.stringify(record)).toBe(
      JSON.stringify({
        model: { name: 'm', version: '1' },
        requestId: 'r1',
        receivedAt: '2026-01-02T03:04:05.006Z',
        latencySeconds: 0.002,
        request: {
          id: 'r1',
          parameters: { priority: 1 },
          inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 2], data: [1, 2] }],
          outputs: [{ name: 'y' }],
        },
        response: {
          model_name: 'm',
          model_version: '1',
          id: 'r1',
          outputs: [{ name: 'y', datatype: 'FP32', shape: [1, 1], data: [0.5] }],
        },
      }),
    );
  });

  it('leaves out what a failed request does not have', () => {
    const record = payloadRecord({
      model: { name: 'm' },
      requestId: 'r2',
      receivedAt: 0,
      latencySeconds: 0,
      id: undefined,
      parameters: undefined,
      outputNames: [],
      inputs: [x],
      error: { status: 400, message: 'bad' },
    });
    expect(Object.keys(record)).toEqual([
      'model',
      'requestId',
      'receivedAt',
      'latencySeconds',
      'request',
      'error',
    ]);
    expect(Object.keys(record.request)).toEqual(['inputs', 'outputs']);
  });
});
