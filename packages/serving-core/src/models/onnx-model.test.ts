import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  deepModelPath,
  halfModelPath,
  irisModelPath,
  stringModelPath,
} from '../__fixtures__/models';
import { encodeBinaryTensor } from '../codec/binary-tensor';
import { encodeUtf8Elements } from '../codec/bytes-elements';
import { functionModel } from './function-model';
import { createInferenceServer, type InferenceServer } from '../http/inference-server';
import { onnxModel } from './onnx-model';

interface GoldenTensor {
  shape: number[];
  data: number[];
}
const golden = JSON.parse(
  readFileSync(fileURLToPath(new URL('../__fixtures__/onnx-golden.json', import.meta.url)), 'utf8'),
) as {
  iris: Record<'input' | 'probabilities' | 'label', GoldenTensor>;
  deep: Record<'input' | 'score', GoldenTensor>;
};

let server: InferenceServer;
beforeAll(async () => {
  server = createInferenceServer({
    models: [
      onnxModel({ name: 'iris', path: irisModelPath, batching: { maxBatchSize: 32 } }),
      onnxModel({ name: 'deep', path: deepModelPath, workers: 2 }),
    ],
  });
  await server.waitUntilLoaded();
});
afterAll(() => server.shutdown({ graceMs: 0 }));

function row(tensor: GoldenTensor, index: number): number[] {
  const width = tensor.data.length / (tensor.shape[0] as number);
  return tensor.data.slice(index * width, (index + 1) * width);
}

describe('onnxModel', () => {
  it('reads the signature from the session, symbolic dimensions as -1', async () => {
    const metadata = await call(server, 'GET', '/v2/models/iris');
    expect(metadata.json).toEqual({
      name: 'iris',
      versions: ['1'],
      platform: 'onnx_onnxv1',
      inputs: [{ name: 'input', datatype: 'FP32', shape: [-1, 4] }],
      outputs: [
        { name: 'probabilities', datatype: 'FP32', shape: [-1, 3] },
        { name: 'label', datatype: 'INT64', shape: [-1] },
      ],
    });
  });

  it('matches onnxruntime in Python on the committed golden outputs', async () => {
    const { input, probabilities, label } = golden.iris;
    const response = await call(server, 'POST', '/v2/models/iris/infer', {
      inputs: [{ name: 'input', shape: input.shape, datatype: 'FP32', data: input.data }],
    });
    expect(response.status).toBe(200);
    const [probabilitiesOut, labelOut] = response.json.outputs;
    expect(probabilitiesOut.shape).toEqual(probabilities.shape);
    probabilitiesOut.data.forEach((value: number, index: number) => {
      expect(value).toBeCloseTo(probabilities.data[index] as number, 6);
    });
    expect(labelOut).toEqual({
      name: 'label',
      datatype: 'INT64',
      shape: label.shape,
      data: label.data,
    });
    const deep = await call(server, 'POST', '/v2/models/deep/infer', {
      inputs: [
        {
          name: 'input',
          shape: golden.deep.input.shape,
          datatype: 'FP32',
          data: golden.deep.input.data,
        },
      ],
    });
    deep.json.outputs[0].data.forEach((value: number, index: number) => {
      expect(value).toBeCloseTo(golden.deep.score.data[index] as number, 4);
    });
  });

  it('gives each concurrent request its own rows when requests are batched', async () => {
    const { input, label } = golden.iris;
    const modelCalls = async () =>
      Number(
        (await server.registry.metrics()).match(
          /ballast_inference_batch_size_count\{model="iris",version="1"\} (\d+)/,
        )?.[1],
      );
    const before = await modelCalls();
    const responses = await Promise.all(
      Array.from({ length: input.shape[0] as number }, (_, index) =>
        call(server, 'POST', '/v2/models/iris/infer', {
          id: String(index),
          inputs: [{ name: 'input', shape: [1, 4], datatype: 'FP32', data: row(input, index) }],
          outputs: [{ name: 'label' }],
        }),
      ),
    );
    responses.forEach((response, index) => {
      expect(response.json.id).toBe(String(index));
      expect(response.json.outputs[0].data).toEqual([label.data[index]]);
    });
    // The first request finds the model idle and runs alone; the other nine queue and merge.
    expect((await modelCalls()) - before).toBe(2);
  });

  it('keeps the event loop free while a session runs in its worker thread', async () => {
    // Counts event-loop turns (setImmediate) between submitting a deliberately long run and
    // its answer. A run on the main thread blocks the loop, so at most a couple of turns
    // happen (shown by the blocking control below); a worker-thread run leaves the loop
    // turning throughout, thousands of times on an idle machine and still far above the
    // bound under CPU load, because the bound counts turns, not time.
    const turnsDuring = async (target: InferenceServer, path: string, body: object) => {
      let turns = 0;
      let done = false;
      const pending = call(target, 'POST', path, body).finally(() => {
        done = true;
      });
      while (!done) {
        await new Promise(resolve => setImmediate(resolve));
        turns++;
      }
      return { turns, response: await pending };
    };
    // Long enough (about 10x the worker's per-request cost on an idle machine) that the main
    // thread is scheduled during the run even when other test processes load both cores.
    const rows = 10_000;
    const longRun = await turnsDuring(server, '/v2/models/deep/infer', {
      inputs: [
        {
          name: 'input',
          shape: [rows, 128],
          datatype: 'FP32',
          data: new Array(rows * 128).fill(0.01),
        },
      ],
    });
    expect(longRun.response.status).toBe(200);
    // More turns than any main-thread run allows (the control below: at most 2).
    expect(longRun.turns).toBeGreaterThan(4);

    const blocking = createInferenceServer({
      models: [
        functionModel({
          name: 'blocking',
          inputs: [{ name: 'x', datatype: 'FP32', shape: [1] }],
          outputs: [{ name: 'y', datatype: 'FP32', shape: [1] }],
          warmup: false,
          predict: ({ x }) => {
            // Stands in for a synchronous native call on the main thread.
            const until = performance.now() + 50;
            while (performance.now() < until) {}
            return { y: { shape: [1], data: x?.data ?? [] } };
          },
        }),
      ],
    });
    await blocking.waitUntilLoaded();
    const blocked = await turnsDuring(blocking, '/v2/models/blocking/infer', {
      inputs: [{ name: 'x', shape: [1], datatype: 'FP32', data: [1] }],
    });
    expect(blocked.response.status).toBe(200);
    expect(blocked.turns).toBeLessThanOrEqual(2);
    await blocking.shutdown({ graceMs: 0 });
  });

  it('converts FP16 to and from onnxruntime, over JSON and binary', async () => {
    const half = createInferenceServer({
      models: [onnxModel({ name: 'half', path: halfModelPath })],
    });
    await half.waitUntilLoaded();
    const response = await call(half, 'POST', '/v2/models/half/infer', {
      inputs: [{ name: 'x', shape: [2, 2], datatype: 'FP16', data: [0.5, -1.25, 1000, 0.1] }],
    });
    expect(response.json.outputs[0]).toMatchObject({ datatype: 'FP16', shape: [2, 2] });
    const [a, b, c, d] = response.json.outputs[0].data;
    expect([a, b, c]).toEqual([1, -2.5, 2000]);
    expect(d).toBeCloseTo(0.2, 3); // 0.1 is not exact in half precision
    const bytes = encodeBinaryTensor('FP16', new Float32Array([1, 2]));
    const header = Buffer.from(
      JSON.stringify({
        inputs: [
          { name: 'x', shape: [1, 2], datatype: 'FP16', parameters: { binary_data_size: 4 } },
        ],
        outputs: [{ name: 'y', parameters: { binary_data: true } }],
      }),
    );
    const binary = await call(
      half,
      'POST',
      '/v2/models/half/infer',
      Buffer.concat([header, bytes]),
      {
        'inference-header-content-length': String(header.byteLength),
      },
    );
    const length = Number(binary.headers['inference-header-content-length']);
    expect([
      ...new Uint16Array(
        binary.body.buffer.slice(
          binary.body.byteOffset + length,
          binary.body.byteOffset + length + 4,
        ),
      ),
    ]).toEqual([0x4000, 0x4400]);
    await half.shutdown({ graceMs: 0 });
  });

  it('passes BYTES to ONNX string tensors as UTF-8 text, JSON and binary alike', async () => {
    const strings = createInferenceServer({
      models: [onnxModel({ name: 'strings', path: stringModelPath })],
    });
    await strings.waitUntilLoaded();
    const metadata = await call(strings, 'GET', '/v2/models/strings');
    expect(metadata.json.inputs).toEqual([{ name: 'text', datatype: 'BYTES', shape: [-1] }]);
    const viaJson = await call(strings, 'POST', '/v2/models/strings/infer', {
      inputs: [{ name: 'text', shape: [3], datatype: 'BYTES', data: ['héllo', '', 'wörld'] }],
    });
    expect(viaJson.json.outputs[0]).toEqual({
      name: 'echo',
      datatype: 'BYTES',
      shape: [3],
      data: ['héllo', '', 'wörld'],
    });
    const binaryRequest = (elements: Uint8Array[]) => {
      const bytes = encodeBinaryTensor('BYTES', elements);
      const header = Buffer.from(
        JSON.stringify({
          inputs: [
            {
              name: 'text',
              shape: [elements.length],
              datatype: 'BYTES',
              parameters: { binary_data_size: bytes.byteLength },
            },
          ],
          outputs: [{ name: 'echo', parameters: { binary_data: true } }],
        }),
      );
      return call(strings, 'POST', '/v2/models/strings/infer', Buffer.concat([header, bytes]), {
        'inference-header-content-length': String(header.byteLength),
      });
    };
    const elements = encodeUtf8Elements(['naïve', 'ok']);
    const binary = await binaryRequest(elements);
    const length = Number(binary.headers['inference-header-content-length']);
    expect(
      Buffer.compare(binary.body.subarray(length), encodeBinaryTensor('BYTES', elements)),
    ).toBe(0);
    // onnxruntime-node's JS API carries strings only: arbitrary bytes get a 400, not mojibake.
    const invalid = await binaryRequest([new Uint8Array([0xff, 0xfe])]);
    expect(invalid.status).toBe(400);
    expect(invalid.json.error).toContain('not valid UTF-8');
    await strings.shutdown({ graceMs: 0 });
  });

  it('fails to load with a typed error naming the file', async () => {
    const broken = createInferenceServer({ requiredModels: [], onError: () => undefined });
    await expect(
      broken.loadModel(onnxModel({ name: 'missing', path: '/nonexistent/model.onnx' })),
    ).rejects.toMatchObject({
      code: 'MODEL_LOAD_FAILED',
      message: expect.stringContaining('/nonexistent/model.onnx'),
    });
    await expect(
      broken.loadModel(
        onnxModel({
          name: 'no-runtime',
          path: irisModelPath,
          ortModulePath: '/nonexistent/ort.js',
        }),
      ),
    ).rejects.toMatchObject({ code: 'MODEL_LOAD_FAILED' });
    await broken.shutdown({ graceMs: 0 });
  });
});

const distDirectory = fileURLToPath(new URL('../../dist/', import.meta.url));
describe.runIf(existsSync(`${distDirectory}index.js`))('onnxModel from the built package', () => {
  it.each(['index.js', 'index.cjs'])('runs worker threads from dist/%s', file => {
    const script = `
      const mod = ${file.endsWith('.cjs') ? `require(${JSON.stringify(distDirectory + file)})` : `await import(${JSON.stringify(distDirectory + file)})`};
      const onnx = ${file.endsWith('.cjs') ? `require(${JSON.stringify(`${distDirectory}onnx.cjs`)})` : `await import(${JSON.stringify(`${distDirectory}onnx.js`)})`};
      const server = mod.createInferenceServer({ models: [onnx.onnxModel({ name: 'iris', path: ${JSON.stringify(irisModelPath)} })] });
      await server.waitUntilLoaded();
      const body = Buffer.from(JSON.stringify({ inputs: [{ name: 'input', shape: [1, 4], datatype: 'FP32', data: [5.1, 3.5, 1.4, 0.2] }] }));
      const response = await server.handle({ method: 'POST', path: '/v2/models/iris/infer', headers: {}, body });
      process.stdout.write(String(response.status) + ' ' + JSON.parse(response.body.toString()).outputs[1].data[0]);
      await server.shutdown({ graceMs: 0 });`;
    const wrapped = file.endsWith('.cjs') ? `(async () => {${script}})()` : script;
    const result = spawnSync(
      process.execPath,
      [
        file.endsWith('.cjs') ? '-e' : '--input-type=module',
        ...(file.endsWith('.cjs') ? [wrapped] : ['-e', wrapped]),
      ],
      {
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`200 ${golden.iris.label.data[0]}`);
  });
});
