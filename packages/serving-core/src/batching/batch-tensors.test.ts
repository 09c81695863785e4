import { describe, expect, it } from 'vitest';
import type { TensorMap } from '../codec/datatypes';
import { firstDimension, mergeInputs, splitOutputs } from './batch-tensors';

const part = (rows: number, start: number) => ({
  rows,
  inputs: {
    x: {
      name: 'x',
      datatype: 'FP32' as const,
      shape: [rows, 2],
      data: Float32Array.from({ length: rows * 2 }, (_, index) => start + index),
    },
  } satisfies TensorMap,
});

describe('batch tensors', () => {
  it('merges requests along the first dimension and splits outputs back in order', () => {
    const batch = [part(1, 0), part(2, 10)];
    const merged = mergeInputs(batch);
    expect(merged.x?.shape).toEqual([3, 2]);
    expect(Array.from(merged.x?.data as Float32Array)).toEqual([0, 1, 10, 11, 12, 13]);
    const split = splitOutputs(
      { y: { ...(merged.x as TensorMap[string]), name: 'y' } },
      batch,
      3,
      'm',
    );
    expect(split.map(outputs => outputs.y?.shape)).toEqual([
      [1, 2],
      [2, 2],
    ]);
    expect(Array.from(split[1]?.y?.data as Float32Array)).toEqual([10, 11, 12, 13]);
  });

  it('merges BYTES elements as arrays', () => {
    const bytes = (rows: number) => ({
      rows,
      inputs: {
        s: {
          name: 's',
          datatype: 'BYTES' as const,
          shape: [rows],
          data: Array.from({ length: rows }, () => new Uint8Array([rows])),
        },
      },
    });
    expect(mergeInputs([bytes(1), bytes(2)]).s?.data).toHaveLength(3);
  });

  it('refuses outputs that lost the batch dimension', () => {
    const batch = [part(1, 0), part(1, 2)];
    expect(() =>
      splitOutputs(
        { y: { name: 'y', datatype: 'FP32', shape: [1], data: new Float32Array(1) } },
        batch,
        2,
        'm',
      ),
    ).toThrow(expect.objectContaining({ code: 'MODEL_OUTPUT_INVALID' }));
  });

  it('reads the rows from the first tensor, 1 for scalars', () => {
    expect(firstDimension(part(4, 0).inputs)).toBe(4);
    expect(firstDimension({})).toBe(1);
  });
});
