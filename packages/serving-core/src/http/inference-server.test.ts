import type { InferencePayload, PayloadSink, TypedInferencePayload } from '@ballast/contracts';
import { describe, expect, it } from 'vitest';
import { call, identityModel, identityRequest } from '../__fixtures__/models';
import { functionModel } from '../models/function-model';
import { createInferenceServer } from './inference-server';
import type { ModelDefinition } from '../models/model';

const quiet = { onError: () => undefined };
const admin = { ...quiet, repositoryApi: { authorize: () => true } };

/** A model whose load waits until `finish` is called. */
function slowLoadingModel(name: string) {
  let finish: () => void = () => undefined;
  const loading = new Promise<void>(resolve => (finish = resolve));
  const base = identityModel({ name });
  const definition: ModelDefinition = {
    ...base,
    load: async () => {
      await loading;
      return base.load();
    },
  };
  return { definition, finish: () => finish() };
}

describe('server metadata and health', () => {
  it('serves server metadata, liveness and readiness', async () => {
    const server = createInferenceServer({
      models: [identityModel()],
      name: 'svc',
      version: '1.2.3',
      ...quiet,
    });
    await server.waitUntilLoaded();
    expect((await call(server, 'GET', '/v2')).json).toEqual({
      name: 'svc',
      version: '1.2.3',
      extensions: ['binary_tensor_data', 'model_repository'],
    });
    expect(await call(server, 'GET', '/v2/health/live')).toMatchObject({
      status: 200,
      json: { live: true },
    });
    expect(await call(server, 'GET', '/v2/health/ready')).toMatchObject({
      status: 200,
      json: { ready: true },
    });
    await server.shutdown({ graceMs: 0 });
  });

  it('is live but not ready while a required model loads, and ready once it has', async () => {
    const slow = slowLoadingModel('slow');
    const server = createInferenceServer({ models: [slow.definition], ...quiet });
    expect((await call(server, 'GET', '/v2/health/live')).status).toBe(200);
    const notReady = await call(server, 'GET', '/v2/health/ready');
    expect(notReady.status).toBe(503);
    expect(notReady.json.error).toContain('loading');
    slow.finish();
    await server.waitUntilLoaded();
    expect((await call(server, 'GET', '/v2/health/ready')).status).toBe(200);
    await server.shutdown({ graceMs: 0 });
  });

  it('is not ready when a required model failed to load, or when it serves no model at all', async () => {
    const broken = functionModel({
      name: 'broken',
      inputs: [],
      outputs: [],
      predict: () => ({}),
      setup: () => {
        throw new Error('weights missing');
      },
    });
    const errors: unknown[] = [];
    const failing = createInferenceServer({
      models: [broken],
      onError: error => errors.push(error),
    });
    await failing.waitUntilLoaded();
    expect((await call(failing, 'GET', '/v2/health/ready')).json.error).toContain('broken');
    expect(errors).toHaveLength(1);
    const index = await call(failing, 'POST', '/v2/repository/index');
    expect(index.json).toEqual([
      { name: 'broken', version: '1', state: 'UNAVAILABLE', reason: 'weights missing' },
    ]);
    const empty = createInferenceServer(quiet);
    await empty.waitUntilLoaded();
    expect((await call(empty, 'GET', '/v2/health/ready')).status).toBe(503);
    const optedOut = createInferenceServer({ requiredModels: [], ...quiet });
    await optedOut.waitUntilLoaded();
    expect((await call(optedOut, 'GET', '/v2/health/ready')).status).toBe(200);
  });
});

describe('model metadata and readiness', () => {
  it('describes a model with and without a version', async () => {
    const server = createInferenceServer({ models: [identityModel({ version: '7' })], ...quiet });
    await server.waitUntilLoaded();
    const expected = {
      name: 'identity',
      versions: ['7'],
      platform: 'ballast_function',
      inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 4] }],
      outputs: [{ name: 'y', datatype: 'FP32', shape: [-1, 4] }],
    };
    expect((await call(server, 'GET', '/v2/models/identity')).json).toEqual(expected);
    expect((await call(server, 'GET', '/v2/models/identity/versions/7')).json).toEqual(expected);
    expect((await call(server, 'GET', '/v2/models/identity/ready')).json).toEqual({
      name: 'identity',
      ready: true,
    });
    expect((await call(server, 'GET', '/v2/models/identity/versions/7/ready')).status).toBe(200);
    const inferred = await call(
      server,
      'POST',
      '/v2/models/identity/versions/7/infer',
      identityRequest(1),
    );
    expect(inferred.json.model_version).toBe('7');
    await server.shutdown({ graceMs: 0 });
  });

  it('answers 404 for unknown models, versions and routes, 405-style 400 for wrong methods', async () => {
    const server = createInferenceServer({ models: [identityModel()], ...quiet });
    await server.waitUntilLoaded();
    const unknownModel = await call(server, 'POST', '/v2/models/nope/infer', identityRequest(1));
    expect(unknownModel).toMatchObject({
      status: 404,
      json: { error: expect.stringContaining('"nope"') },
    });
    expect((await call(server, 'GET', '/v2/models/identity/versions/9')).status).toBe(404);
    expect((await call(server, 'GET', '/v2/models/nope/ready')).status).toBe(404);
    expect((await call(server, 'GET', '/v2/nothing')).status).toBe(404);
    expect((await call(server, 'GET', '/v3')).status).toBe(404);
    const wrongMethod = await call(server, 'GET', '/v2/models/identity/infer');
    expect(wrongMethod).toMatchObject({
      status: 400,
      json: { error: expect.stringContaining('use POST') },
    });
    await server.shutdown({ graceMs: 0 });
  });

  it('answers 503 with Retry-After for a model that is still loading', async () => {
    const slow = slowLoadingModel('slow');
    const server = createInferenceServer({ models: [slow.definition], ...quiet });
    const response = await call(server, 'POST', '/v2/models/slow/infer', identityRequest(1));
    expect(response).toMatchObject({ status: 503, headers: { 'retry-after': '1' } });
    expect((await call(server, 'GET', '/v2/models/slow/ready')).json).toEqual({
      name: 'slow',
      ready: false,
    });
    slow.finish();
    await server.waitUntilLoaded();
    expect((await call(server, 'POST', '/v2/models/slow/infer', identityRequest(1))).status).toBe(
      200,
    );
    await server.shutdown({ graceMs: 0 });
  });
});

describe('deadlines', () => {
  it('answers 504 when the server deadline or a shorter request timeout (µs) passes', async () => {
    const server = createInferenceServer({
      models: [identityModel({ delayMs: 200 })],
      requestTimeoutMs: 50,
      ...quiet,
    });
    await server.waitUntilLoaded();
    const late = await call(server, 'POST', '/v2/models/identity/infer', identityRequest(1));
    expect(late).toMatchObject({
      status: 504,
      json: { error: expect.stringContaining('deadline') },
    });
    const relaxed = createInferenceServer({ models: [identityModel({ delayMs: 100 })], ...quiet });
    await relaxed.waitUntilLoaded();
    const body = JSON.parse(identityRequest(1).toString());
    const timedOut = await call(relaxed, 'POST', '/v2/models/identity/infer', {
      ...body,
      parameters: { timeout: 10_000 },
    });
    expect(timedOut.status).toBe(504);
    expect((await call(relaxed, 'POST', '/v2/models/identity/infer', body)).status).toBe(200);
    await Promise.all([server.shutdown({ graceMs: 0 }), relaxed.shutdown({ graceMs: 0 })]);
  });
});

describe('model repository endpoints', () => {
  it('lists, loads and unloads models', async () => {
    let loads = 0;
    const server = createInferenceServer({
      models: [identityModel()],
      repository: {
        extra: () => {
          loads++;
          return identityModel({ name: 'extra' });
        },
      },
      ...admin,
    });
    await server.waitUntilLoaded();
    expect((await call(server, 'POST', '/v2/repository/index')).json).toEqual([
      { name: 'identity', version: '1', state: 'READY' },
      { name: 'extra', version: '', state: 'UNAVAILABLE', reason: 'unloaded' },
    ]);
    expect((await call(server, 'POST', '/v2/repository/index', { ready: true })).json).toHaveLength(
      1,
    );
    expect((await call(server, 'POST', '/v2/repository/models/extra/load')).status).toBe(200);
    expect(loads).toBe(1);
    expect((await call(server, 'POST', '/v2/models/extra/infer', identityRequest(1))).status).toBe(
      200,
    );
    expect((await call(server, 'POST', '/v2/repository/models/identity/load')).status).toBe(200);
    expect((await call(server, 'POST', '/v2/repository/models/identity/unload')).status).toBe(200);
    expect(
      (await call(server, 'POST', '/v2/models/identity/infer', identityRequest(1))).status,
    ).toBe(503);
    expect((await call(server, 'POST', '/v2/repository/models/ghost/load')).status).toBe(404);
    expect((await call(server, 'POST', '/v2/repository/index', Buffer.from('{oops'))).status).toBe(
      400,
    );
    await server.shutdown({ graceMs: 0 });
  });
});

describe('repository load with parameters.config (Triton model configuration)', () => {
  /** Sends five requests at once to a model that takes 20 ms per call; returns its batch sizes. */
  async function burst(server: ReturnType<typeof createInferenceServer>, batchSizes: number[]) {
    batchSizes.length = 0;
    const responses = await Promise.all(
      Array.from({ length: 5 }, (_, index) =>
        call(server, 'POST', '/v2/models/identity/infer', identityRequest(1, index)),
      ),
    );
    expect(responses.map(response => response.status)).toEqual([200, 200, 200, 200, 200]);
    return [...batchSizes];
  }

  function loadBody(config: object | string, extra: Record<string, unknown> = {}) {
    return {
      parameters: {
        config: typeof config === 'string' ? config : JSON.stringify(config),
        ...extra,
      },
    };
  }

  it('replaces the batching settings, and a load without config goes back to the definition', async () => {
    const batchSizes: number[] = [];
    const server = createInferenceServer({
      models: [identityModel({ batchSizes, delayMs: 20 })],
      ...admin,
    });
    await server.waitUntilLoaded();
    // The definition does not merge: five calls.
    expect(await burst(server, batchSizes)).toEqual([1, 1, 1, 1, 1]);
    const loaded = await call(
      server,
      'POST',
      '/v2/repository/models/identity/load',
      loadBody({
        name: 'identity',
        max_batch_size: 8,
        dynamic_batching: {
          max_queue_delay_microseconds: 100,
          preferred_batch_size: [4],
          default_queue_policy: { max_queue_size: '16' },
        },
      }),
    );
    expect(loaded.status).toBe(200);
    // The first request finds the model idle; the other four queue behind it and merge.
    expect(await burst(server, batchSizes)).toEqual([1, 4]);
    expect((await call(server, 'POST', '/v2/repository/models/identity/load')).status).toBe(200);
    expect(await burst(server, batchSizes)).toEqual([1, 1, 1, 1, 1]);
    // max_batch_size without dynamic_batching does not merge, as in Triton.
    await call(
      server,
      'POST',
      '/v2/repository/models/identity/load',
      loadBody({ max_batch_size: 8 }),
    );
    expect(await burst(server, batchSizes)).toEqual([1, 1, 1, 1, 1]);
    await server.shutdown({ graceMs: 0 });
  });

  it('applies version_policy: all keeps older versions, latest N the N highest', async () => {
    let next = 1;
    const server = createInferenceServer({
      models: [identityModel()],
      repository: { identity: () => identityModel({ version: String(++next) }) },
      ...admin,
    });
    await server.waitUntilLoaded();
    const load = (config: object) =>
      call(server, 'POST', '/v2/repository/models/identity/load', loadBody(config));
    const versions = async () =>
      (await call(server, 'POST', '/v2/repository/index', { ready: true })).json.map(
        (entry: { version: string }) => entry.version,
      );
    expect((await load({ version_policy: { all: {} } })).status).toBe(200);
    expect(await versions()).toEqual(['1', '2']);
    expect((await load({ version_policy: { latest: { num_versions: 2 } } })).status).toBe(200);
    expect(await versions()).toEqual(['2', '3']);
    expect(
      (await call(server, 'POST', '/v2/models/identity/versions/3/infer', identityRequest(1)))
        .status,
    ).toBe(200);
    // A policy that would drop the version being loaded is refused before loading anything.
    const refused = await load({ version_policy: { specific: { versions: [2] } } });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toContain('would not keep version 4');
    expect(await versions()).toEqual(['2', '3']);
    expect((await load({ version_policy: { specific: { versions: ['5'] } } })).status).toBe(200);
    expect(await versions()).toEqual(['5']);
    await server.shutdown({ graceMs: 0 });
  });

  it.each<[string, unknown, string]>([
    [
      'a config that is not a string',
      { parameters: { config: { max_batch_size: 4 } } },
      'JSON string',
    ],
    ['a config that is not JSON', loadBody('{max_batch_size: 4'), 'not valid JSON'],
    ['a config that is not an object', loadBody('[1]'), 'must be a JSON object'],
    ['another model name', loadBody({ name: 'other' }), 'parameters.config.name'],
    [
      'an unsupported field',
      loadBody({ instance_group: [{ count: 2 }] }),
      'parameters.config.instance_group',
    ],
    [
      'a negative max_batch_size',
      loadBody({ max_batch_size: -1 }),
      'parameters.config.max_batch_size',
    ],
    [
      'dynamic batching without max_batch_size',
      loadBody({ dynamic_batching: {} }),
      'needs max_batch_size >= 1',
    ],
    [
      'a preferred size above max_batch_size',
      loadBody({ max_batch_size: 4, dynamic_batching: { preferred_batch_size: [8] } }),
      'preferred_batch_size.0',
    ],
    [
      'two version policies at once',
      loadBody({ version_policy: { all: {}, latest: {} } }),
      'exactly one of',
    ],
    ['parameters that are not an object', { parameters: 'x' }, '"parameters" must be an object'],
    ['a model file upload', loadBody({}, { 'file:1/model.onnx': 'AAAA' }), 'file:1/model.onnx'],
  ])('answers 400 for %s', async (_label, body, message) => {
    const server = createInferenceServer({ models: [identityModel()], ...admin });
    await server.waitUntilLoaded();
    const response = await call(
      server,
      'POST',
      '/v2/repository/models/identity/load',
      body as object,
    );
    expect(response.status).toBe(400);
    expect(response.json.error).toContain(message);
    // Nothing was reloaded: the model still serves.
    expect(
      (await call(server, 'POST', '/v2/models/identity/infer', identityRequest(1))).status,
    ).toBe(200);
    await server.shutdown({ graceMs: 0 });
  });
});

describe('metrics', () => {
  it('exposes per-server Prometheus metrics in seconds with _total counters', async () => {
    const server = createInferenceServer({
      models: [identityModel({ maxBatchSize: 8 })],
      ...quiet,
    });
    await server.waitUntilLoaded();
    await call(server, 'POST', '/v2/models/identity/infer', identityRequest(2));
    await call(server, 'POST', '/v2/models/identity/infer', Buffer.from('{'));
    const response = await server.handle({
      method: 'GET',
      path: '/metrics',
      headers: {},
      body: Buffer.alloc(0),
    });
    const text = response.body.toString();
    expect(response.headers['content-type']).toContain('text/plain');
    expect(text).toContain(
      'ballast_inference_requests_total{model="identity",version="1",outcome="success"} 1',
    );
    expect(text).toContain(
      'ballast_inference_requests_total{model="identity",version="1",outcome="invalid_input"} 1',
    );
    expect(text).toContain('ballast_inference_request_duration_seconds_bucket');
    expect(text).toContain(
      'ballast_inference_queue_duration_seconds_count{model="identity",version="1"} 1',
    );
    // The warm-up call bypasses the queue, so the batch histogram saw only the 2-row request.
    expect(text).toContain('ballast_inference_batch_size_sum{model="identity",version="1"} 2');
    expect(text).toContain('ballast_inference_requests_in_flight{model="identity"} 0');
    expect(text).toContain('ballast_model_ready{model="identity",version="1"} 1');
    // Counters are published on scrape: a second scrape must not count the same requests again.
    expect(await server.registry.metrics()).toContain(
      'ballast_inference_requests_total{model="identity",version="1",outcome="success"} 1',
    );
    await call(server, 'POST', '/v2/models/identity/infer', identityRequest(1));
    expect(await server.registry.metrics()).toContain(
      'ballast_inference_requests_total{model="identity",version="1",outcome="success"} 2',
    );
    const other = createInferenceServer({ models: [identityModel()], ...quiet });
    await other.waitUntilLoaded();
    expect(await other.registry.metrics()).not.toContain('outcome="success"');
    await Promise.all([server.shutdown({ graceMs: 0 }), other.shutdown({ graceMs: 0 })]);
  });
});

describe('graceful shutdown', () => {
  it('reports not ready at once, keeps serving during the grace period, then drains and refuses', async () => {
    const server = createInferenceServer({ models: [identityModel({ delayMs: 30 })], ...quiet });
    await server.waitUntilLoaded();
    const inFlight = call(server, 'POST', '/v2/models/identity/infer', identityRequest(1));
    const stopping = server.shutdown({ graceMs: 100 });
    expect((await call(server, 'GET', '/v2/health/ready')).status).toBe(503);
    expect((await call(server, 'GET', '/v2/health/live')).status).toBe(200);
    expect(
      (await call(server, 'POST', '/v2/models/identity/infer', identityRequest(1))).status,
    ).toBe(200);
    await stopping;
    expect((await inFlight).status).toBe(200);
    const refused = await call(server, 'POST', '/v2/models/identity/infer', identityRequest(1));
    expect(refused).toMatchObject({ status: 503, headers: { 'retry-after': '1' } });
  });
});

describe('payload logging', () => {
  async function identityServerLoggingTo(sink: PayloadSink) {
    const server = createInferenceServer({
      models: [identityModel()],
      payloadLogging: { sink, flushIntervalMs: 1 },
      ...quiet,
    });
    await server.waitUntilLoaded();
    return server;
  }

  it('hands sampled request/response records to the sink asynchronously', async () => {
    const records: InferencePayload[] = [];
    const sink: PayloadSink = {
      specificationVersion: 'v1',
      write: batch => void records.push(...batch),
    };
    const server = await identityServerLoggingTo(sink);
    await call(server, 'POST', '/v2/models/identity/infer', identityRequest(1, 5, 'abc'));
    const bad = JSON.parse(identityRequest(1).toString());
    bad.inputs[0].data[0] = 'x';
    await call(server, 'POST', '/v2/models/identity/infer', bad);
    expect(records).toHaveLength(0); // nothing is written inside the request
    await server.shutdown({ graceMs: 0 });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      model: { name: 'identity', version: '1' },
      requestId: 'abc',
      request: {
        id: 'abc',
        inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: [5, 6, 7, 8] }],
      },
      response: { id: 'abc', outputs: [{ name: 'y', data: [5, 6, 7, 8] }] },
    });
  });

  it('hands a sink with writeTyped the numeric tensors as typed arrays, and never calls write', async () => {
    const typed: TypedInferencePayload[] = [];
    const sink: PayloadSink = {
      specificationVersion: 'v1',
      write: () => {
        throw new Error('write must not be called when writeTyped exists');
      },
      writeTyped: batch => void typed.push(...batch),
    };
    const server = await identityServerLoggingTo(sink);
    await call(server, 'POST', '/v2/models/identity/infer', identityRequest(1, 5, 'abc'));
    await server.shutdown({ graceMs: 0 });
    expect(typed).toHaveLength(1);
    const [input] = typed[0]?.request.inputs ?? [];
    const [output] = typed[0]?.response?.outputs ?? [];
    expect(input?.data).toEqual(new Float32Array([5, 6, 7, 8]));
    expect(output?.data).toEqual(new Float32Array([5, 6, 7, 8]));
  });

  it('flushes and then closes the sink on shutdown, once', async () => {
    const calls: string[] = [];
    const sink: PayloadSink = {
      specificationVersion: 'v1',
      write: batch => void calls.push(`write ${batch.length}`),
      flush: async () => void calls.push('flush'),
      close: async () => void calls.push('close'),
    };
    const server = createInferenceServer({
      models: [identityModel()],
      payloadLogging: { sink, flushIntervalMs: 60_000 },
      ...quiet,
    });
    await server.waitUntilLoaded();
    await call(server, 'POST', '/v2/models/identity/infer', identityRequest(1));
    expect(calls).toEqual([]);
    await Promise.all([server.shutdown({ graceMs: 0 }), server.shutdown({ graceMs: 0 })]);
    expect(calls).toEqual(['write 1', 'flush', 'close']);
  });

  it('records BYTES that are not UTF-8 as base64 marked content_type, never altered', async () => {
    const records: InferencePayload[] = [];
    const sink: PayloadSink = {
      specificationVersion: 'v1',
      write: batch => void records.push(...batch),
    };
    const server = createInferenceServer({
      models: [
        functionModel({
          name: 'blob',
          inputs: [{ name: 'in', datatype: 'BYTES', shape: [-1] }],
          outputs: [{ name: 'out', datatype: 'BYTES', shape: [-1] }],
          predict: ({ in: input }) => ({
            out: { shape: input?.shape ?? [], data: input?.data ?? [] },
          }),
        }),
      ],
      payloadLogging: { sink, flushIntervalMs: 1 },
      ...quiet,
    });
    await server.waitUntilLoaded();
    const elements = [Buffer.from([0xff, 0x00]), Buffer.from('ok')];
    const bytes = Buffer.concat(
      elements.flatMap(element => {
        const prefix = Buffer.alloc(4);
        prefix.writeUInt32LE(element.byteLength);
        return [prefix, element];
      }),
    );
    const header = Buffer.from(
      JSON.stringify({
        id: 'b1',
        inputs: [
          { name: 'in', shape: [2], datatype: 'BYTES', parameters: { binary_data_size: 12 } },
        ],
        outputs: [{ name: 'out', parameters: { binary_data: true } }],
      }),
    );
    const response = await call(
      server,
      'POST',
      '/v2/models/blob/infer',
      Buffer.concat([header, bytes]),
      { 'inference-header-content-length': String(header.byteLength) },
    );
    expect(response.status).toBe(200);
    await server.shutdown({ graceMs: 0 });
    const logged = {
      datatype: 'BYTES',
      shape: [2],
      parameters: { content_type: 'base64' },
      data: ['/wA=', 'b2s='],
    };
    expect(records[0]?.request.inputs[0]).toEqual({ name: 'in', ...logged });
    expect(records[0]?.response?.outputs[0]).toEqual({ name: 'out', ...logged });
  });

  it('samples, bounds its buffer, counts drops and survives a failing sink', async () => {
    let release: () => void = () => undefined;
    const blocked = new Promise<void>(resolve => (release = resolve));
    const written: InferencePayload[] = [];
    const sink: PayloadSink = {
      specificationVersion: 'v1',
      write: async batch => {
        await blocked;
        if (batch.length > 0) written.push(...batch);
        throw new Error('sink down');
      },
    };
    let coin = 0;
    const errors: unknown[] = [];
    const server = createInferenceServer({
      models: [identityModel()],
      payloadLogging: {
        sink,
        sampleRate: 0.5,
        maxBufferedRecords: 3,
        maxBatchRecords: 1,
        random: () => (coin++ % 2) * 0.9,
      },
      onError: error => errors.push(error),
    });
    await server.waitUntilLoaded();
    for (let index = 0; index < 20; index++) {
      expect(
        (await call(server, 'POST', '/v2/models/identity/infer', identityRequest(1))).status,
      ).toBe(200);
    }
    release();
    await server.shutdown({ graceMs: 0 });
    const text = await server.registry.metrics();
    const count = (result: string) =>
      Number(
        text.match(
          new RegExp(`ballast_payload_records_total\\{result="${result}"\\} (\\d+)`),
        )?.[1] ?? 0,
      );
    // 10 of 20 requests sampled. At most 4 reached the sink (3 buffered + 1 being written, all
    // failing); the rest were dropped instead of queuing without bound.
    expect(count('dropped') + count('failed')).toBe(10);
    expect(count('failed')).toBeGreaterThanOrEqual(3);
    expect(count('failed')).toBeLessThanOrEqual(4);
    expect(errors.length).toBeGreaterThanOrEqual(3);
  });
});

describe('path handling', () => {
  it('decodes percent-encoded names and rejects malformed encoding with 400', async () => {
    const server = createInferenceServer({
      models: [identityModel({ name: 'my model' })],
      ...quiet,
    });
    await server.waitUntilLoaded();
    expect((await call(server, 'GET', '/v2/models/my%20model/ready')).status).toBe(200);
    expect((await call(server, 'GET', '/v2/models/%E0%A4%A/ready')).status).toBe(400);
    expect((await call(server, 'GET', '/v2/health/live?verbose=1')).status).toBe(200);
    await server.shutdown({ graceMs: 0 });
    expect((await call(server, 'GET', '/v2/health/live')).status).toBe(503);
  });
});
