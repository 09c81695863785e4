import { describe, expectTypeOf, it } from 'vitest';
import {
  createInferenceServer,
  functionModel,
  type InferenceHttpResponse,
  type ModelDefinition,
  type Tensor,
  type TensorSignature,
  type TensorValues,
} from './index';

describe('public types', () => {
  it('types handle() as request in, response out', () => {
    const server = createInferenceServer();
    expectTypeOf(server.handle).parameter(0).toHaveProperty('body').toEqualTypeOf<Buffer>();
    expectTypeOf(server.handle).returns.resolves.toEqualTypeOf<InferenceHttpResponse>();
  });

  it('returns a ModelDefinition', () => {
    const model = functionModel({ name: 'm', inputs: [], outputs: [], predict: () => ({}) });
    expectTypeOf(model).toEqualTypeOf<ModelDefinition>();
    expectTypeOf<Tensor['data']>().toEqualTypeOf<TensorValues>();
  });
});

describe('functionModel predict typed from the declared datatypes', () => {
  it('gives each input the array type of its datatype', () => {
    functionModel({
      name: 'typed',
      inputs: [
        { name: 'f32', datatype: 'FP32', shape: [-1, 4] },
        { name: 'f64', datatype: 'FP64', shape: [-1] },
        { name: 'f16', datatype: 'FP16', shape: [-1] },
        { name: 'i64', datatype: 'INT64', shape: [-1] },
        { name: 'u64', datatype: 'UINT64', shape: [-1] },
        { name: 'i32', datatype: 'INT32', shape: [-1] },
        { name: 'u8', datatype: 'UINT8', shape: [-1] },
        { name: 'flag', datatype: 'BOOL', shape: [-1] },
        { name: 'text', datatype: 'BYTES', shape: [-1] },
      ],
      outputs: [{ name: 'y', datatype: 'FP32', shape: [-1] }],
      predict: inputs => {
        expectTypeOf(inputs.f32.data).toEqualTypeOf<Float32Array>();
        expectTypeOf(inputs.f64.data).toEqualTypeOf<Float64Array>();
        expectTypeOf(inputs.f16.data).toEqualTypeOf<Float32Array>();
        expectTypeOf(inputs.i64.data).toEqualTypeOf<BigInt64Array>();
        expectTypeOf(inputs.u64.data).toEqualTypeOf<BigUint64Array>();
        expectTypeOf(inputs.i32.data).toEqualTypeOf<Int32Array>();
        expectTypeOf(inputs.u8.data).toEqualTypeOf<Uint8Array>();
        expectTypeOf(inputs.flag.data).toEqualTypeOf<Uint8Array>();
        expectTypeOf(inputs.text.data).toEqualTypeOf<Uint8Array[]>();
        expectTypeOf(inputs.i64.datatype).toEqualTypeOf<'INT64'>();
        // @ts-expect-error: "missing" is not a declared input
        void inputs.missing;
        return { y: { shape: inputs.f32.shape, data: inputs.f32.data.map(value => value * 2) } };
      },
    });
  });

  it('checks outputs by name and datatype', () => {
    functionModel({
      name: 'outputs',
      inputs: [{ name: 'x', datatype: 'INT64', shape: [-1] }],
      outputs: [
        { name: 'count', datatype: 'INT64', shape: [1] },
        { name: 'label', datatype: 'BYTES', shape: [1] },
      ],
      predict: ({ x }) => ({
        count: { shape: [1], data: [BigInt(x.data.length)] },
        label: { shape: [1], data: ['ok'] },
      }),
    });
    functionModel({
      name: 'missing-output',
      inputs: [],
      outputs: [{ name: 'y', datatype: 'FP32', shape: [1] }],
      // @ts-expect-error: the declared output "y" is missing
      predict: () => ({}),
    });
  });

  it('falls back to the union for signatures typed as TensorSignature[]', () => {
    const inputs: TensorSignature[] = [{ name: 'x', datatype: 'FP32', shape: [-1] }];
    functionModel({
      name: 'wide',
      inputs,
      outputs: [],
      predict: tensors => {
        expectTypeOf(tensors.x?.data).toEqualTypeOf<TensorValues | undefined>();
        return {};
      },
    });
  });
});
