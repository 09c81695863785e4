import { describe, expectTypeOf, it } from 'vitest';
import {
  createInferenceServer,
  functionModel,
  type InferenceHttpResponse,
  type ModelDefinition,
  type Tensor,
  type TensorValues,
} from './index';

describe('public types', () => {
  it('types handle() as request in, response out', () => {
    const server = createInferenceServer();
    expectTypeOf(server.handle).parameter(0).toHaveProperty('body').toEqualTypeOf<Buffer>();
    expectTypeOf(server.handle).returns.resolves.toEqualTypeOf<InferenceHttpResponse>();
  });

  it('gives predict typed tensors and returns a ModelDefinition', () => {
    const model = functionModel({
      name: 'm',
      inputs: [],
      outputs: [],
      predict: inputs => {
        expectTypeOf(inputs).toEqualTypeOf<Record<string, Tensor>>();
        expectTypeOf<Tensor['data']>().toEqualTypeOf<TensorValues>();
        return {};
      },
    });
    expectTypeOf(model).toEqualTypeOf<ModelDefinition>();
  });
});
