import type { TensorDatatype } from '@ballast/contracts';
import { describe, expect, it } from 'vitest';
import { encodeUtf8Elements } from './bytes-elements';
import { decodeJsonTensorData, encodeJsonTensorData } from './json-tensor';

describe('decodeJsonTensorData', () => {
  it.each<[TensorDatatype, unknown[], unknown]>([
    ['BOOL', [true, false], new Uint8Array([1, 0])],
    ['UINT8', [0, 255], new Uint8Array([0, 255])],
    ['UINT16', [0, 65535], new Uint16Array([0, 65535])],
    ['UINT32', [0, 4294967295], new Uint32Array([0, 4294967295])],
    ['UINT64', [0, '18446744073709551615'], new BigUint64Array([0n, 18446744073709551615n])],
    ['INT8', [-128, 127], new Int8Array([-128, 127])],
    ['INT16', [-32768, 32767], new Int16Array([-32768, 32767])],
    ['INT32', [-2147483648, 2147483647], new Int32Array([-2147483648, 2147483647])],
    ['INT64', [-5, '-9223372036854775808'], new BigInt64Array([-5n, -9223372036854775808n])],
    ['FP16', [1.5, -2], new Float32Array([1.5, -2])],
    ['FP32', [0.25, 'NaN'], new Float32Array([0.25, Number.NaN])],
    ['FP64', [0.1, '-Infinity'], new Float64Array([0.1, Number.NEGATIVE_INFINITY])],
    ['BYTES', ['a', 'hé'], [new Uint8Array([97]), new Uint8Array([104, 195, 169])]],
  ])('decodes %s', (datatype, data, expected) => {
    expect(decodeJsonTensorData('x', datatype, [2], data as never)).toEqual(expected);
  });

  it('accepts nested row-major data and flat data alike', () => {
    const nested = decodeJsonTensorData(
      'x',
      'INT32',
      [2, 2],
      [
        [1, 2],
        [3, 4],
      ],
    );
    const flat = decodeJsonTensorData('x', 'INT32', [2, 2], [1, 2, 3, 4]);
    expect(nested).toEqual(new Int32Array([1, 2, 3, 4]));
    expect(flat).toEqual(nested);
  });

  it('rejects an element count that does not match the shape (the spec example BOOL [3] with one value)', () => {
    expect(() => decodeJsonTensorData('input1', 'BOOL', [3], [true])).toThrow(
      expect.objectContaining({
        code: 'TENSOR_SIZE_MISMATCH',
        message: expect.stringContaining('input1'),
      }),
    );
  });

  it.each<[TensorDatatype, unknown]>([
    ['UINT8', 256],
    ['UINT8', -1],
    ['INT8', 1.5],
    ['INT32', 'seven'],
    ['BOOL', 1],
    ['FP32', 'one'],
    ['FP64', 'constructor'],
    ['FP16', 'toString'],
    ['BYTES', 3],
    ['INT64', '9223372036854775808'],
    ['UINT64', -1],
  ])('rejects %s value %j', (datatype, value) => {
    expect(() => decodeJsonTensorData('x', datatype, [1], [value] as never)).toThrow(
      expect.objectContaining({ code: 'TENSOR_DATA_INVALID', name: 'InvalidInputError' }),
    );
  });
});

describe('encodeJsonTensorData', () => {
  it('writes BOOL as booleans, 64-bit integers exactly and non-finite floats as names', () => {
    expect(encodeJsonTensorData('BOOL', new Uint8Array([1, 0]))).toEqual([true, false]);
    expect(encodeJsonTensorData('INT64', new BigInt64Array([3n, 2n ** 60n]))).toEqual([
      3,
      '1152921504606846976',
    ]);
    expect(
      encodeJsonTensorData('FP32', new Float32Array([1, Number.NaN, Number.POSITIVE_INFINITY])),
    ).toEqual([1, 'NaN', 'Infinity']);
    expect(encodeJsonTensorData('BYTES', encodeUtf8Elements(['a', 'hé']))).toEqual(['a', 'hé']);
  });

  it('refuses BYTES that are not UTF-8 rather than altering them', () => {
    expect(() =>
      encodeJsonTensorData('BYTES', [new Uint8Array([97]), new Uint8Array([0xff])], 'blob'),
    ).toThrow(
      expect.objectContaining({
        code: 'BYTES_NOT_UTF8',
        name: 'InvalidInputError',
        message: expect.stringContaining('"blob" element 1'),
      }),
    );
  });
});
