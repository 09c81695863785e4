import { BallastError, type TensorDatatype } from '@ballast/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeInferenceRequest,
  decodeParsedRequest,
  type ModelSignature,
} from './inference-request';
import { encodeInferenceResponseParts } from './inference-response';
import { JsonNumberArray, scanJsonNumberArray } from './json-number-array';
import { parseInferenceRequestJson } from './json-request-body';

function model(datatype: TensorDatatype, shape: number[] = [-1]): ModelSignature {
  return {
    name: 'm',
    inputs: [{ name: 'x', datatype, shape }],
    outputs: [{ name: 'y', datatype, shape }],
  };
}

/** The reference: JSON.parse of the whole body, then the ordinary decoder on JS arrays. */
function reference(signature: ModelSignature, body: Buffer) {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return { error: 'MALFORMED_JSON' };
  }
  return outcome(() => decodeParsedRequest(signature, parsed, undefined));
}

function outcome(run: () => unknown): unknown {
  try {
    return { value: run() };
  } catch (error) {
    if (!BallastError.isInstance(error)) throw error;
    return error.code === 'MALFORMED_JSON'
      ? { error: error.code }
      : { error: error.code, message: error.message };
  }
}

function request(data: string, extra = ''): Buffer {
  return Buffer.from(
    `{"id":"r"${extra},"inputs":[{"name":"x","datatype":"FP32","shape":[3],"data":${data}}]}`,
  );
}

describe('parseInferenceRequestJson', () => {
  it('leaves numeric data arrays, flat or nested, in the body', () => {
    const parsed = parseInferenceRequestJson(request('[ [1, -2.5e3] ,[0.1] ]')) as {
      inputs: Array<{ data: unknown }>;
    };
    const data = parsed.inputs[0]?.data as JsonNumberArray;
    expect(data).toBeInstanceOf(JsonNumberArray);
    expect(data.count).toBe(3);
    expect(data.nested).toBe(true);
  });

  it.each([
    ['strings such as "NaN"', '[1, "NaN", 2]'],
    ['booleans', '[true, 1, 2]'],
    ['an empty nested array', '[[], [1, 2, 3]]'],
    ['an object', '[{"a":1}, 2, 3]'],
  ])('parses data holding %s the ordinary way', (_, data) => {
    const parsed = parseInferenceRequestJson(request(data)) as { inputs: Array<{ data: unknown }> };
    expect(parsed.inputs[0]?.data).toEqual(JSON.parse(data));
  });

  it.each([
    ['a repeated data key', '{"inputs":[{"name":"x","data":[9],"data":[1,2,3]}]}'],
    ['an escaped data key', '{"inputs":[{"name":"x","d\\u0061ta":[1,2,3]}]}'],
    ['a __proto__ key', '{"__proto__":{"a":1},"inputs":[{"name":"x","data":[1,2,3]}]}'],
  ])('gives what JSON.parse gives for %s', (_, text) => {
    const parsed = parseInferenceRequestJson(Buffer.from(text)) as {
      inputs: Array<{ data: unknown }>;
    };
    const expected = JSON.parse(text) as { inputs: Array<{ data: unknown }> };
    const data = parsed.inputs[0]?.data;
    const asJson =
      data instanceof JsonNumberArray
        ? JSON.parse(data.bytes.toString('latin1', data.start, data.end))
        : data;
    expect(asJson).toEqual(expected.inputs[0]?.data);
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
  });

  it.each([
    '[1,,2]',
    '[1,2,]',
    '[,1]',
    '[1 2]',
    '[01]',
    '[1.]',
    '[.5]',
    '[1e]',
    '[-]',
    '[+1]',
    '[1,2',
    '[[1,2],3',
    '[1]]',
    '[0x1]',
    '[Infinity]',
  ])('refuses malformed data %s with the message JSON.parse gives', data => {
    const body = request(data);
    let expected = '';
    try {
      JSON.parse(body.toString());
    } catch (error) {
      expected = (error as Error).message;
    }
    expect(() => parseInferenceRequestJson(body)).toThrowError(
      expect.objectContaining({
        code: 'MALFORMED_JSON',
        message: expect.stringContaining(expected.slice(0, 40)),
      }),
    );
  });

  it('scans deep nesting without recursion', () => {
    const depth = 100_000;
    const text = `${'['.repeat(depth)}1${']'.repeat(depth)}`;
    const array = scanJsonNumberArray(Buffer.from(text), 0);
    expect(array?.count).toBe(1);
  });
});

describe('decodeInferenceRequest on numeric JSON data', () => {
  it.each<[TensorDatatype, string]>([
    [
      'FP32',
      '[0.1, -0, 1e400, -1e400, 1E-400, 3.4028235677973366e38, 123456789012345678901234567890]',
    ],
    [
      'FP64',
      '[0.1, 0.30000000000000004, 2.2250738585072014e-308, 5e-324, 9007199254740993, 1.7976931348623157e308]',
    ],
    ['FP16', '[1.5, 65504, 70000, 6e-8]'],
    ['INT8', '[-128, 127, 1.0, 1e2]'],
    ['UINT32', '[0, 4294967295, 42]'],
    ['INT64', '[-9007199254740991, 9007199254740991, 0]'],
    ['UINT64', '[0, 1, 9007199254740991]'],
  ])('decodes %s exactly as JSON.parse would', (datatype, data) => {
    const count = (JSON.parse(data) as unknown[]).length;
    const body = Buffer.from(
      `{"inputs":[{"name":"x","datatype":"${datatype}","shape":[${count}],"data":${data}}]}`,
    );
    expect(outcome(() => decodeInferenceRequest(model(datatype), body, undefined))).toEqual(
      reference(model(datatype), body),
    );
  });

  it.each<[TensorDatatype, string]>([
    ['INT8', '[1, 128]'],
    ['INT32', '[1, 2.5]'],
    ['UINT8', '[-1, 2]'],
    ['INT64', '[1, 1.5]'],
    ['UINT64', '[1, -1]'],
    ['BOOL', '[1, 0]'],
    ['BYTES', '[1, 2]'],
  ])('refuses invalid %s numbers with the same error as the ordinary path', (datatype, data) => {
    const body = Buffer.from(
      `{"inputs":[{"name":"x","datatype":"${datatype}","shape":[2],"data":${data}}]}`,
    );
    const result = outcome(() => decodeInferenceRequest(model(datatype), body, undefined));
    expect(result).toMatchObject({ error: 'TENSOR_DATA_INVALID' });
    expect(result).toEqual(reference(model(datatype), body));
  });

  it('checks the element count against the shape before allocating anything', () => {
    const body = Buffer.from(
      '{"inputs":[{"name":"x","datatype":"FP64","shape":[1000000000000],"data":[1,2]}]}',
    );
    expect(() => decodeInferenceRequest(model('FP64'), body, undefined)).toThrowError(
      expect.objectContaining({ code: 'TENSOR_SIZE_MISMATCH' }),
    );
  });

  it('decodes any nested array of doubles as JSON.parse + the ordinary decoder would (property)', () => {
    const element = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer(),
      fc.double({ min: -1e6, max: 1e6, noNaN: true }).map(Math.fround),
    );
    const nested = fc.array(fc.oneof(element, fc.array(element, { minLength: 1, maxLength: 4 })), {
      maxLength: 40,
    });
    fc.assert(
      fc.property(
        nested,
        fc.constantFrom<TensorDatatype>('FP32', 'FP64', 'FP16', 'INT32', 'INT64'),
        fc.boolean(),
        (data, datatype, spaced) => {
          const count = data.flat().length;
          const text = JSON.stringify({
            inputs: [{ name: 'x', datatype, shape: [count], data }],
          }).replace(/,/g, spaced ? ' ,\n' : ',');
          const body = Buffer.from(text);
          expect(outcome(() => decodeInferenceRequest(model(datatype), body, undefined))).toEqual(
            reference(model(datatype), body),
          );
        },
      ),
      { numRuns: 300, seed: 14 },
    );
  });
});

describe('encodeInferenceResponseParts with allowPieces', () => {
  it.each<[TensorDatatype, (index: number) => number | bigint]>([
    ['FP32', index => (index % 1000 === 7 ? Number.NaN : Math.fround(Math.sin(index) * 255))],
    ['FP64', index => (index % 999 === 3 ? Number.NEGATIVE_INFINITY : Math.cos(index) / 3)],
    ['INT64', index => BigInt(index) * 3_000_000_000_000n],
    ['BOOL', index => index % 3],
    ['INT8', index => (index % 256) - 128],
  ])('writes the same bytes as one JSON.stringify for a large %s output', (datatype, value) => {
    const length = 70_000;
    const values = Array.from({ length }, (_, index) => value(index));
    const data =
      datatype === 'INT64'
        ? BigInt64Array.from(values as bigint[])
        : datatype === 'FP32'
          ? Float32Array.from(values as number[])
          : datatype === 'FP64'
            ? Float64Array.from(values as number[])
            : datatype === 'INT8'
              ? Int8Array.from(values as number[])
              : Uint8Array.from(values as number[]);
    const options = {
      modelName: 'm"é',
      modelVersion: '1',
      id: 'x\u2028y',
      outputs: { y: { name: 'y', datatype, shape: [length], data } },
      requested: [{ name: 'y', binary: false }],
    };
    const whole = encodeInferenceResponseParts(options);
    const pieces = encodeInferenceResponseParts({ ...options, allowPieces: true });
    expect(pieces.pieces).toBeDefined();
    expect(Buffer.concat(pieces.pieces ?? []).toString('utf8')).toBe(whole.json);
  });

  it('keeps small responses as one string', () => {
    const parts = encodeInferenceResponseParts({
      modelName: 'm',
      modelVersion: '1',
      id: 'x',
      outputs: { y: { name: 'y', datatype: 'FP32', shape: [2], data: new Float32Array(2) } },
      requested: [{ name: 'y', binary: false }],
      allowPieces: true,
    });
    expect(parts.pieces).toBeUndefined();
    expect(JSON.parse(parts.json).outputs[0].data).toEqual([0, 0]);
  });
});
