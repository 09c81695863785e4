import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  copyNumericArray,
  isoTimestamp,
  payloadRecord,
  typedPayloadRecord,
} from './payload-record';

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

describe('typedPayloadRecord', () => {
  const parts = (inputs: Parameters<typeof typedPayloadRecord>[0]['inputs']) => ({
    model: { name: 'm' },
    requestId: 'r',
    receivedAt: 0,
    latencySeconds: 0,
    id: undefined,
    parameters: undefined,
    outputNames: [],
    inputs,
  });

  it('keeps numeric tensors as typed arrays the record owns, NaN included', () => {
    const values = new Float32Array([1, Number.NaN, 3]);
    const counts = new Int32Array([-4, 5]);
    const record = typedPayloadRecord(
      parts([
        { name: 'x', datatype: 'FP32', shape: [1, 3], data: values },
        { name: 'n', datatype: 'INT32', shape: [2], data: counts },
        { name: 'h', datatype: 'FP16', shape: [1], data: new Float32Array([0.5]) },
      ]),
    );
    const [x, n, h] = record.request.inputs;
    expect(x?.data).toBeInstanceOf(Float32Array);
    expect(Array.from(x?.data as Float32Array)).toEqual([1, Number.NaN, 3]);
    expect(n?.data).toEqual(new Int32Array([-4, 5]));
    expect(h?.data).toEqual(new Float32Array([0.5]));
    // A copy: a model reusing its buffers cannot change what was logged.
    values[0] = 99;
    expect(x?.data?.[0]).toBe(1);
  });

  it('keeps 64-bit integers, BOOL and BYTES as JSON, as payloadRecord does', () => {
    const inputs = [
      {
        name: 'i',
        datatype: 'INT64' as const,
        shape: [2],
        data: new BigInt64Array([1n, 2n ** 60n]),
      },
      { name: 'b', datatype: 'BOOL' as const, shape: [2], data: new Uint8Array([1, 0]) },
      {
        name: 's',
        datatype: 'BYTES' as const,
        shape: [1],
        data: [new TextEncoder().encode('ok')],
      },
    ];
    expect(typedPayloadRecord(parts(inputs)).request.inputs).toEqual(
      payloadRecord(parts(inputs)).request.inputs,
    );
    expect(typedPayloadRecord(parts(inputs)).request.inputs.map(input => input.data)).toEqual([
      [1, '1152921504606846976'],
      [true, false],
      ['ok'],
    ]);
  });
});

describe('copyNumericArray', () => {
  const kinds = [
    Float32Array,
    Float64Array,
    Int8Array,
    Int16Array,
    Int32Array,
    Uint8Array,
    Uint16Array,
    Uint32Array,
  ] as const;

  it('copies any sequence of arrays into views that never overlap nor follow their source', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            kind: fc.integer({ min: 0, max: kinds.length - 1 }),
            // Below, within and above the slab's range (64 bytes to 4 KiB), and whole slabs.
            length: fc.oneof(
              fc.integer({ min: 0, max: 20 }),
              fc.integer({ min: 9, max: 600 }),
              fc.integer({ min: 1000, max: 9000 }),
            ),
            seed: fc.integer({ min: 1, max: 1000 }),
          }),
          { minLength: 1, maxLength: 60 },
        ),
        specs => {
          const made = specs.map(({ kind, length, seed }) => {
            const Kind = kinds[kind] as (typeof kinds)[number];
            const source = new Kind(length);
            for (let index = 0; index < length; index += 1)
              source[index] = (seed * (index + 1)) % 97;
            const copy = copyNumericArray(source);
            const expected = Array.from(source);
            source.fill(1);
            return { Kind, copy, expected };
          });
          // Checked after every copy was made: a later copy never overwrote an earlier one.
          for (const { Kind, copy, expected } of made) {
            expect(copy).toBeInstanceOf(Kind);
            expect(copy.byteOffset % Kind.BYTES_PER_ELEMENT).toBe(0);
            expect(Array.from(copy)).toEqual(expected);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('starts a new slab when a sink transferred the buffer of a copy', () => {
    const first = copyNumericArray(new Float64Array(100).fill(3));
    const { port1, port2 } = new MessageChannel();
    port1.postMessage(first, [first.buffer as ArrayBuffer]);
    port1.close();
    port2.close();
    expect(first.length).toBe(0);
    const next = copyNumericArray(new Float64Array(100).fill(4));
    expect(Array.from(next)).toEqual(new Array(100).fill(4));
  });
});

describe('payload records are not object literals', () => {
  // V8 may pretenure the allocation site of a literal whose objects outlive a scavenge, as
  // records waiting for the sink do, and then drags every tensor copy they hold into the old
  // generation (see payload-record.ts). Class instances have no allocation site.
  it('builds the record and every object made for it with constructors', () => {
    const tensor = {
      name: 'x',
      datatype: 'FP32' as const,
      shape: [1, 1],
      data: new Float32Array([1]),
    };
    for (const build of [payloadRecord, typedPayloadRecord]) {
      const record = build({
        model: { name: 'm', version: '1' },
        requestId: 'r',
        receivedAt: 0,
        latencySeconds: 0,
        id: 'r',
        parameters: undefined,
        outputNames: [{ name: 'y' }],
        inputs: [tensor],
        response: { model_name: 'm', id: 'r', outputs: [] },
        outputs: [{ ...tensor, name: 'y' }],
      });
      const made = [
        record,
        record.model,
        record.request,
        record.request.outputs?.[0],
        record.response,
      ];
      if (build === typedPayloadRecord)
        made.push(record.request.inputs[0], record.response?.outputs[0]);
      for (const object of made) {
        expect(object).toBeDefined();
        expect(Object.getPrototypeOf(object)).not.toBe(Object.prototype);
      }
    }
  });
});
