import { describe, expect, it } from 'vitest';
import type { TensorMap } from '../codec/datatypes';
import { fitsSignature, mirrorRequest, type ShadowOutcome } from './shadow-traffic';

const inputs: TensorMap = {
  x: { name: 'x', datatype: 'FP32', shape: [2, 3], data: new Float32Array(6) },
};

describe('fitsSignature', () => {
  it('matches names, datatypes and shapes, with -1 as any size', () => {
    expect(fitsSignature(inputs, [{ name: 'x', datatype: 'FP32', shape: [-1, 3] }])).toBe(true);
    expect(fitsSignature(inputs, [{ name: 'x', datatype: 'FP32', shape: [] }])).toBe(true);
    expect(fitsSignature(inputs, [{ name: 'x', datatype: 'FP64', shape: [-1, 3] }])).toBe(false);
    expect(fitsSignature(inputs, [{ name: 'x', datatype: 'FP32', shape: [-1, 4] }])).toBe(false);
    expect(fitsSignature(inputs, [{ name: 'y', datatype: 'FP32', shape: [-1, 3] }])).toBe(false);
    expect(
      fitsSignature(inputs, [
        { name: 'x', datatype: 'FP32', shape: [-1, 3] },
        { name: 'y', datatype: 'FP32', shape: [1] },
      ]),
    ).toBe(false);
  });
});

describe('mirrorRequest', () => {
  const signature = [{ name: 'x', datatype: 'FP32' as const, shape: [-1, 3] }];

  it('reports success or failure of the mirrored call', async () => {
    const outcomes: ShadowOutcome[] = [];
    const done = new Promise<void>(resolve => {
      mirrorRequest({ inputs: signature, submit: async () => ({}) }, inputs, outcome => {
        outcomes.push(outcome);
        resolve();
      });
    });
    await done;
    const failure = new Error('boom');
    const failed = new Promise<unknown>(resolve => {
      mirrorRequest(
        { inputs: signature, submit: () => Promise.reject(failure) },
        inputs,
        (outcome, error) => {
          outcomes.push(outcome);
          resolve(error);
        },
      );
    });
    expect(await failed).toBe(failure);
    expect(outcomes).toEqual(['success', 'failed']);
  });

  it('never calls a target whose inputs differ', () => {
    let called = false;
    const outcomes: ShadowOutcome[] = [];
    mirrorRequest(
      {
        inputs: [{ name: 'other', datatype: 'FP32', shape: [1] }],
        submit: async () => {
          called = true;
        },
      },
      inputs,
      outcome => outcomes.push(outcome),
    );
    expect(called).toBe(false);
    expect(outcomes).toEqual(['invalid_input']);
  });
});
