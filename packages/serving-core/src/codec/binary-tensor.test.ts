import type { TensorDatatype } from '@ballast/contracts';
import { describe, expect, it } from 'vitest';
import { decodeBinaryTensor, encodeBinaryTensor } from './binary-tensor';
import { encodeUtf8Elements } from './bytes-elements';
import { coerceValues } from './datatypes';

describe('binary tensor extension', () => {
  it.each<[TensorDatatype, unknown[], number]>([
    ['BOOL', [1, 0, 1], 3],
    ['UINT8', [1, 2, 255], 3],
    ['UINT16', [1, 2, 65535], 6],
    ['UINT32', [1, 2, 3], 12],
    ['UINT64', [1n, 2n, 3n], 24],
    ['INT8', [-1, 0, 1], 3],
    ['INT16', [-1, 0, 1], 6],
    ['INT32', [-1, 0, 1], 12],
    ['INT64', [-1n, 0n, 2n ** 62n], 24],
    ['FP16', [0.5, -2, 65504], 6],
    ['BF16', [1, -2, 0.5], 6],
    ['FP32', [0.25, -1, 3], 12],
    ['FP64', [0.1, -1, 3], 24],
    ['BYTES', ['a', '', 'héllo'], 4 * 3 + 1 + 6],
  ])('round-trips %s little-endian', (datatype, values, byteLength) => {
    const typed = coerceValues(datatype, values as never);
    const bytes = encodeBinaryTensor(datatype, typed);
    expect(bytes.byteLength).toBe(byteLength);
    expect(decodeBinaryTensor('x', datatype, [3], bytes)).toEqual(typed);
  });

  it('reads little-endian bytes at an unaligned offset', () => {
    const body = Buffer.alloc(9);
    body.writeFloatLE(1.5, 1);
    body.writeFloatLE(-2, 5);
    expect(decodeBinaryTensor('x', 'FP32', [2], body.subarray(1))).toEqual(
      new Float32Array([1.5, -2]),
    );
  });

  it('rejects a byte size that does not fit the shape', () => {
    expect(() => decodeBinaryTensor('x', 'FP32', [3], Buffer.alloc(8))).toThrow(
      expect.objectContaining({ code: 'BINARY_DATA_SIZE_MISMATCH' }),
    );
    const truncated = Buffer.from([5, 0, 0, 0, 97]);
    expect(() => decodeBinaryTensor('x', 'BYTES', [1], truncated)).toThrow(
      expect.objectContaining({ code: 'BINARY_DATA_SIZE_MISMATCH' }),
    );
    expect(() =>
      decodeBinaryTensor('x', 'BYTES', [2], encodeBinaryTensor('BYTES', encodeUtf8Elements(['a']))),
    ).toThrow(expect.objectContaining({ code: 'TENSOR_SIZE_MISMATCH' }));
  });

  it('keeps BYTES elements as raw bytes, invalid UTF-8 and NUL included', () => {
    const elements = [
      new Uint8Array([0xff, 0xfe, 0x00, 0x80]),
      new Uint8Array(0),
      new Uint8Array([0xc3, 0x28]),
      new Uint8Array([0xff, 0xd8, 0xff, 0xe0]),
    ];
    const bytes = encodeBinaryTensor('BYTES', elements);
    expect(bytes.byteLength).toBe(4 * 4 + 4 + 0 + 2 + 4);
    const body = Buffer.concat([Buffer.from([7]), bytes]);
    const decoded = decodeBinaryTensor('x', 'BYTES', [2, 2], body.subarray(1)) as Uint8Array[];
    expect(decoded.map(element => [...element])).toEqual(elements.map(element => [...element]));
    expect(decoded.every(element => element.constructor === Uint8Array)).toBe(true);
  });
});
