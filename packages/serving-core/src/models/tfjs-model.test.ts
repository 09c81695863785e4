import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../__fixtures__/models';
import { encodeBinaryTensor } from '../codec/binary-tensor';
import { createInferenceServer, type InferenceServer } from '../http/inference-server';
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

  it('passes BYTES through tfjs string tensors without decoding them', async () => {
    const strings = createInferenceServer({
      models: [
        tfjsModel({
          name: 'strings',
          tf: tf as unknown as TfjsLike,
          model: {
            inputs: [{ name: 'text', shape: [null], dtype: 'string' }],
            outputs: [{ name: 'echo', shape: [null], dtype: 'string' }],
            predict: input => tf.clone(input as tf.Tensor),
          },
        }),
      ],
    });
    await strings.waitUntilLoaded();
    const elements = [new Uint8Array([0xff, 0x00, 0xd8]), new Uint8Array([0x68, 0x69])];
    const bytes = encodeBinaryTensor('BYTES', elements);
    const header = Buffer.from(
      JSON.stringify({
        inputs: [
          {
            name: 'text',
            shape: [2],
            datatype: 'BYTES',
            parameters: { binary_data_size: bytes.byteLength },
          },
        ],
        outputs: [{ name: 'echo', parameters: { binary_data: true } }],
      }),
    );
    const response = await call(
      strings,
      'POST',
      '/v2/models/strings/infer',
      Buffer.concat([header, bytes]),
      { 'inference-header-content-length': String(header.byteLength) },
    );
    expect(response.status).toBe(200);
    const length = Number(response.headers['inference-header-content-length']);
    expect(Buffer.compare(response.body.subarray(length), bytes)).toBe(0);
    await strings.shutdown({ graceMs: 0 });
  });
});
