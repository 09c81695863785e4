import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from './__fixtures__/models';
import { createInferenceServer, type InferenceServer } from './inference-server';
import { type TfjsLike, tfjsModel } from './tfjs-model';

/** A dense layer with fixed weights: y = x W + b, W = [[1, 0], [0, 1], [1, 1], [2, -1]], b = [0.5, -0.5]. */
function denseModel() {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [4] })] });
  model.setWeights([
    tf.tensor2d([
      [1, 0],
      [0, 1],
      [1, 1],
      [2, -1],
    ]),
    tf.tensor1d([0.5, -0.5]),
  ]);
  return model;
}

let server: InferenceServer;
beforeAll(async () => {
  await tf.setBackend('cpu');
  server = createInferenceServer({
    models: [
      tfjsModel({
        name: 'dense',
        tf: tf as unknown as TfjsLike,
        model: denseModel,
        batching: { maxBatchSize: 8 },
      }),
      tfjsModel({
        name: 'renamed',
        tf: () => tf as unknown as TfjsLike,
        model: denseModel(),
        inputs: [{ name: 'features', datatype: 'FP32', shape: [-1, 4] }],
        outputs: [{ name: 'scores', datatype: 'FP32', shape: [-1, 2] }],
      }),
    ],
  });
  await server.waitUntilLoaded();
});
afterAll(() => server.shutdown({ graceMs: 0 }));

describe('tfjsModel', () => {
  it('reads the signature from the model and predicts through the injected tf', async () => {
    const metadata = await call(server, 'GET', '/v2/models/dense');
    expect(metadata.json.platform).toBe('tensorflow_tfjs');
    expect(metadata.json.inputs[0]).toMatchObject({ datatype: 'FP32', shape: [-1, 4] });
    expect(metadata.json.outputs[0]).toMatchObject({ datatype: 'FP32', shape: [-1, 2] });
    const inputName = metadata.json.inputs[0].name;
    const response = await call(server, 'POST', '/v2/models/dense/infer', {
      inputs: [
        {
          name: inputName,
          shape: [2, 4],
          datatype: 'FP32',
          data: [
            [1, 2, 3, 4],
            [0, 0, 0, 1],
          ],
        },
      ],
    });
    expect(response.json.outputs[0]).toMatchObject({ shape: [2, 2], data: [12.5, 0.5, 2.5, -1.5] });
  });

  it('accepts an explicit signature and disposes every tensor it creates', async () => {
    const before = tf.memory().numTensors;
    const response = await call(server, 'POST', '/v2/models/renamed/infer', {
      inputs: [{ name: 'features', shape: [1, 4], datatype: 'FP32', data: [1, 1, 1, 1] }],
    });
    expect(response.json.outputs).toEqual([
      { name: 'scores', datatype: 'FP32', shape: [1, 2], data: [4.5, 0.5] },
    ]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
