import { InvalidInputError, type TensorDatatype } from '@ballast/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../__fixtures__/models';
import { encodeBinaryTensor } from './binary-tensor';
import { decodeUtf8Elements, encodeUtf8Elements } from './bytes-elements';
import { coerceValues } from './datatypes';
import { functionModel } from '../models/function-model';
import { decodeInferenceRequest, encodeInferenceResponse } from './inference-codec';
import { createInferenceServer, type InferenceServer } from '../http/inference-server';

const datatypes: TensorDatatype[] = [
  'BOOL',
  'UINT8',
  'UINT16',
  'UINT32',
  'UINT64',
  'INT8',
  'INT16',
  'INT32',
  'INT64',
  'FP16',
  'FP32',
  'FP64',
  'BYTES',
];
const samples: Record<string, unknown[]> = {
  BOOL: [true, false, true, true],
  UINT8: [0, 1, 200, 255],
  UINT16: [0, 1, 60000, 65535],
  UINT32: [0, 1, 4000000000, 7],
  UINT64: [0, 1, 2, 9007199254740991],
  INT8: [-128, -1, 0, 127],
  INT16: [-32768, -1, 0, 32767],
  INT32: [-2147483648, -1, 0, 2147483647],
  INT64: [-9007199254740991, -1, 0, 42],
  FP16: [0.5, -2, 1024, 0.25],
  FP32: [0.5, -2.25, 1e10, 3],
  FP64: [0.1, -2.5, 1e300, 3],
  BYTES: ['a', '', 'héllo', 'z'],
};

/** One echo model per datatype: `in` [-1, 2] comes back as `out`. */
function echoModel(datatype: TensorDatatype) {
  return functionModel({
    name: `echo-${datatype.toLowerCase()}`,
    inputs: [{ name: 'in', datatype, shape: [-1, 2] }],
    outputs: [
      { name: 'out', datatype, shape: [-1, 2] },
      { name: 'count', datatype: 'INT32', shape: [1] },
    ],
    predict: ({ in: input }) => ({
      out: { shape: input?.shape ?? [], data: input?.data ?? [] },
      count: { shape: [1], data: [input?.data.length ?? 0] },
    }),
  });
}

let server: InferenceServer;
beforeAll(async () => {
  server = createInferenceServer({ models: datatypes.map(echoModel), onError: () => undefined });
  await server.waitUntilLoaded();
});
afterAll(() => server.shutdown({ graceMs: 0 }));

function binaryBody(
  header: object,
  parts: Buffer[],
): { body: Buffer; headers: Record<string, string> } {
  const json = Buffer.from(JSON.stringify(header));
  return {
    body: Buffer.concat([json, ...parts]),
    headers: {
      'content-type': 'application/octet-stream',
      'inference-header-content-length': String(json.byteLength),
    },
  };
}

function splitBinaryResponse(response: { body: Buffer; headers: Record<string, string> }) {
  const length = Number(response.headers['inference-header-content-length']);
  return {
    header: JSON.parse(response.body.subarray(0, length).toString()),
    binary: response.body.subarray(length),
  };
}

describe('JSON inference for every datatype', () => {
  it.each(datatypes)('%s round-trips, nested or flat, with the id echoed', async datatype => {
    const data = samples[datatype] as unknown[];
    const nested = [data.slice(0, 2), data.slice(2)];
    for (const payload of [data, nested]) {
      const response = await call(
        server,
        'POST',
        `/v2/models/echo-${datatype.toLowerCase()}/infer`,
        {
          id: `req-${datatype}`,
          parameters: { note: 'kept' },
          inputs: [{ name: 'in', shape: [2, 2], datatype, data: payload }],
        },
      );
      expect(response.status).toBe(200);
      expect(response.json).toMatchObject({
        model_name: `echo-${datatype.toLowerCase()}`,
        model_version: '1',
        id: `req-${datatype}`,
      });
      expect(response.json.outputs[0]).toEqual({ name: 'out', datatype, shape: [2, 2], data });
    }
  });

  it('returns only the requested outputs, in the requested order', async () => {
    const response = await call(server, 'POST', '/v2/models/echo-fp32/infer', {
      inputs: [{ name: 'in', shape: [1, 2], datatype: 'FP32', data: [1, 2] }],
      outputs: [{ name: 'count' }],
    });
    expect(response.json.outputs).toEqual([
      { name: 'count', datatype: 'INT32', shape: [1], data: [2] },
    ]);
  });
});

describe('binary tensor extension', () => {
  it.each(datatypes)('%s input and output travel as binary', async datatype => {
    const typed = coerceValues(datatype, samples[datatype] as never);
    const bytes = encodeBinaryTensor(datatype, typed);
    const { body, headers } = binaryBody(
      {
        inputs: [
          {
            name: 'in',
            shape: [2, 2],
            datatype,
            parameters: { binary_data_size: bytes.byteLength },
          },
        ],
        outputs: [{ name: 'out', parameters: { binary_data: true } }, { name: 'count' }],
      },
      [bytes],
    );
    const response = await call(
      server,
      'POST',
      `/v2/models/echo-${datatype.toLowerCase()}/infer`,
      body,
      headers,
    );
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/octet-stream');
    const { header, binary } = splitBinaryResponse(response);
    expect(header.outputs[0]).toEqual({
      name: 'out',
      datatype,
      shape: [2, 2],
      parameters: { binary_data_size: bytes.byteLength },
    });
    expect(header.outputs[1].data).toEqual([4]);
    expect(Buffer.compare(binary, bytes)).toBe(0);
  });

  it('mixes JSON and binary inputs and honours binary_data_output', async () => {
    const first = encodeBinaryTensor('FP32', new Float32Array([1, 2]));
    const { body, headers } = binaryBody(
      {
        parameters: { binary_data_output: true },
        inputs: [
          { name: 'in', shape: [1, 2], datatype: 'FP32', parameters: { binary_data_size: 8 } },
        ],
      },
      [first],
    );
    const response = await call(server, 'POST', '/v2/models/echo-fp32/infer', body, headers);
    const { header, binary } = splitBinaryResponse(response);
    expect(header.outputs.map((output: { parameters: object }) => output.parameters)).toEqual([
      { binary_data_size: 8 },
      { binary_data_size: 4 },
    ]);
    expect(binary.byteLength).toBe(12);
  });

  it('accepts a raw binary body (Inference-Header-Content-Length: 0) for a one-input model', async () => {
    const bytes = encodeBinaryTensor('FP32', new Float32Array([1, 2, 3, 4]));
    const response = await call(server, 'POST', '/v2/models/echo-fp32/infer', bytes, {
      'inference-header-content-length': '0',
    });
    expect(response.status).toBe(200);
    const { header } = splitBinaryResponse(response);
    expect(header.outputs[0].shape).toEqual([2, 2]);
  });

  it.each([
    ['a header length past the body', { 'inference-header-content-length': '999' }],
    ['a negative header length', { 'inference-header-content-length': '-1' }],
  ])('rejects %s', async (_label, headers) => {
    const response = await call(
      server,
      'POST',
      '/v2/models/echo-fp32/infer',
      Buffer.from('{}'),
      headers,
    );
    expect(response.status).toBe(400);
    expect(response.json.error).toContain('Inference-Header-Content-Length');
  });

  it('rejects binary sizes that do not add up', async () => {
    const declaredMore = binaryBody(
      {
        inputs: [
          { name: 'in', shape: [1, 2], datatype: 'FP32', parameters: { binary_data_size: 16 } },
        ],
      },
      [Buffer.alloc(8)],
    );
    const leftover = binaryBody(
      {
        inputs: [
          { name: 'in', shape: [1, 2], datatype: 'FP32', parameters: { binary_data_size: 8 } },
        ],
      },
      [Buffer.alloc(12)],
    );
    for (const { body, headers } of [declaredMore, leftover]) {
      const response = await call(server, 'POST', '/v2/models/echo-fp32/infer', body, headers);
      expect(response.status).toBe(400);
      expect(response.json.error).toMatch(/binary/);
    }
  });
});

/** Deterministic pseudo-random bytes (a 32-bit LCG), so a failure reproduces. */
function randomElements(count: number, seed: number): Uint8Array[] {
  let state = seed;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state >>> 24;
  };
  return Array.from({ length: count }, (_, index) => {
    const element = Uint8Array.from({ length: (next() % 200) + (index === 0 ? 0 : 1) }, next);
    // Every element but the empty first one starts with 0xff, never valid UTF-8.
    if (element.length > 0) element[0] = 0xff;
    return element;
  });
}

describe('BYTES tensors carry raw bytes', () => {
  const received: Uint8Array[][] = [];
  let bytesServer: InferenceServer;
  beforeAll(async () => {
    bytesServer = createInferenceServer({
      models: [
        functionModel({
          name: 'blobs',
          inputs: [{ name: 'in', datatype: 'BYTES', shape: [-1] }],
          outputs: [
            { name: 'out', datatype: 'BYTES', shape: [-1] },
            { name: 'sizes', datatype: 'INT32', shape: [-1] },
          ],
          batching: { maxBatchSize: 64, maxQueueDelayMs: 5 },
          predict: ({ in: input }) => {
            const elements = input?.data as Uint8Array[];
            received.push(elements);
            return {
              out: { shape: input?.shape ?? [], data: elements },
              sizes: { shape: input?.shape ?? [], data: elements.map(element => element.length) },
            };
          },
        }),
        functionModel({
          name: 'greet',
          inputs: [{ name: 'name', datatype: 'BYTES', shape: [-1] }],
          outputs: [{ name: 'greeting', datatype: 'BYTES', shape: [-1] }],
          predict: ({ name }) => ({
            greeting: {
              shape: name?.shape ?? [],
              data: decodeUtf8Elements(name?.data as Uint8Array[], 'name').map(
                text => `hello ${text}`,
              ),
            },
          }),
        }),
      ],
      onError: () => undefined,
    });
    await bytesServer.waitUntilLoaded();
  });
  afterAll(() => bytesServer.shutdown({ graceMs: 0 }));

  function blobRequest(elements: Uint8Array[], binaryOutput: boolean) {
    const bytes = encodeBinaryTensor('BYTES', elements);
    return binaryBody(
      {
        inputs: [
          {
            name: 'in',
            shape: [elements.length],
            datatype: 'BYTES',
            parameters: { binary_data_size: bytes.byteLength },
          },
        ],
        outputs: [
          { name: 'out', parameters: { binary_data: binaryOutput } },
          { name: 'sizes', parameters: { binary_data: false } },
        ],
      },
      [bytes],
    );
  }

  it('round-trips random non-UTF-8 bytes byte for byte through handle()', async () => {
    const elements = randomElements(12, 20261205);
    received.length = 0;
    const { body, headers } = blobRequest(elements, true);
    const response = await call(bytesServer, 'POST', '/v2/models/blobs/infer', body, headers);
    expect(response.status).toBe(200);
    // The model saw exactly the bytes sent.
    expect(received.at(-1)?.map(element => [...element])).toEqual(
      elements.map(element => [...element]),
    );
    const { header, binary } = splitBinaryResponse(response);
    expect(header.outputs[1].data).toEqual(elements.map(element => element.length));
    expect(Buffer.compare(binary, encodeBinaryTensor('BYTES', elements))).toBe(0);
  });

  it('keeps each request its own bytes when BYTES requests are batched', async () => {
    const batches = [randomElements(3, 1), randomElements(5, 2), randomElements(2, 3)];
    // The first request occupies the model, so the next two queue and merge.
    const responses = await Promise.all(
      batches.map(elements => {
        const { body, headers } = blobRequest(elements, true);
        return call(bytesServer, 'POST', '/v2/models/blobs/infer', body, headers);
      }),
    );
    responses.forEach((response, index) => {
      const elements = batches[index] as Uint8Array[];
      expect(response.status).toBe(200);
      expect(
        Buffer.compare(splitBinaryResponse(response).binary, encodeBinaryTensor('BYTES', elements)),
      ).toBe(0);
    });
  });

  it('answers 400 naming the fix when non-UTF-8 output is asked for as JSON', async () => {
    const { body, headers } = blobRequest(randomElements(3, 9), false);
    const response = await call(bytesServer, 'POST', '/v2/models/blobs/infer', body, headers);
    expect(response.status).toBe(400);
    expect(response.json.error).toMatch(/"out" .*not UTF-8.*"binary_data": true/);
  });

  it('sends binary UTF-8 input back as JSON strings', async () => {
    const { body, headers } = blobRequest(encodeUtf8Elements(['zürich', '']), false);
    const response = await call(bytesServer, 'POST', '/v2/models/blobs/infer', body, headers);
    expect(response.status).toBe(200);
    expect(response.json.outputs[0].data).toEqual(['zürich', '']);
  });

  it('gives JSON strings to models as their UTF-8 bytes and takes strings back', async () => {
    received.length = 0;
    const echoed = await call(bytesServer, 'POST', '/v2/models/blobs/infer', {
      inputs: [{ name: 'in', shape: [2], datatype: 'BYTES', data: ['é', 'a\u0000b'] }],
    });
    expect(echoed.json.outputs[0].data).toEqual(['é', 'a\u0000b']);
    expect(received.at(-1)?.map(element => [...element])).toEqual([
      [0xc3, 0xa9],
      [0x61, 0x00, 0x62],
    ]);
    const greeted = await call(bytesServer, 'POST', '/v2/models/greet/infer', {
      inputs: [{ name: 'name', shape: [2], datatype: 'BYTES', data: ['Ada', 'Zoë'] }],
    });
    expect(greeted.json.outputs[0]).toEqual({
      name: 'greeting',
      datatype: 'BYTES',
      shape: [2],
      data: ['hello Ada', 'hello Zoë'],
    });
  });
});

describe('request validation (400 with a message naming the field)', () => {
  it.each([
    ['malformed JSON', Buffer.from('{"inputs": ['), /not valid JSON/],
    ['missing inputs', { id: '1' }, /inputs/],
    [
      'an unknown input',
      { inputs: [{ name: 'nope', shape: [1, 2], datatype: 'FP32', data: [1, 2] }] },
      /no input "nope"/,
    ],
    [
      'a wrong datatype',
      { inputs: [{ name: 'in', shape: [1, 2], datatype: 'FP64', data: [1, 2] }] },
      /expects FP32/,
    ],
    [
      'a wrong shape',
      { inputs: [{ name: 'in', shape: [1, 3], datatype: 'FP32', data: [1, 2, 3] }] },
      /shape \[1, 3\]/,
    ],
    [
      'too few elements',
      { inputs: [{ name: 'in', shape: [2, 2], datatype: 'FP32', data: [1, 2] }] },
      /2 elements/,
    ],
    [
      'a string in FP32',
      { inputs: [{ name: 'in', shape: [1, 2], datatype: 'FP32', data: [1, 'x'] }] },
      /not a valid FP32/,
    ],
    [
      'no data',
      { inputs: [{ name: 'in', shape: [1, 2], datatype: 'FP32' }] },
      /needs a "data" array/,
    ],
    [
      'an unknown datatype',
      { inputs: [{ name: 'in', shape: [1, 2], datatype: 'FLOAT', data: [1, 2] }] },
      /datatype/,
    ],
    [
      'a negative dimension',
      { inputs: [{ name: 'in', shape: [-1, 2], datatype: 'FP32', data: [1, 2] }] },
      /shape/,
    ],
    [
      'an unknown output',
      {
        inputs: [{ name: 'in', shape: [1, 2], datatype: 'FP32', data: [1, 2] }],
        outputs: [{ name: 'zzz' }],
      },
      /no output "zzz"/,
    ],
    [
      'a duplicate input',
      {
        inputs: [
          { name: 'in', shape: [1, 2], datatype: 'FP32', data: [1, 2] },
          { name: 'in', shape: [1, 2], datatype: 'FP32', data: [1, 2] },
        ],
      },
      /twice/,
    ],
    ['a missing input', { inputs: [] }, /needs input "in"/],
  ])('rejects %s', async (_label, body, message) => {
    const response = await call(server, 'POST', '/v2/models/echo-fp32/infer', body as object);
    expect(response.status).toBe(400);
    expect(Object.keys(response.json)).toEqual(['error']);
    expect(response.json.error).toMatch(message);
  });
});

describe('decodeInferenceRequest envelope checks', () => {
  const model = {
    name: 'm',
    inputs: [{ name: 'in', datatype: 'FP32' as const, shape: [-1, 2] }],
    outputs: [{ name: 'out', datatype: 'FP32' as const, shape: [-1, 2] }],
  };
  const input = { name: 'in', shape: [1, 2], datatype: 'FP32', data: [1, 2] };
  const decode = (body: unknown) =>
    decodeInferenceRequest(model, Buffer.from(JSON.stringify(body)), undefined);

  it.each([
    ['a numeric id', { id: 7, inputs: [input] }, 'id'],
    ['an object parameter', { parameters: { a: { b: 1 } }, inputs: [input] }, 'parameters'],
    ['a null parameter', { inputs: [{ ...input, parameters: { a: null } }] }, 'parameters'],
    ['a fractional dimension', { inputs: [{ ...input, shape: [1.5, 2] }] }, 'shape'],
    ['an unsafe dimension', { inputs: [{ ...input, shape: [2 ** 53, 2] }] }, 'shape'],
    ['an empty input name', { inputs: [{ ...input, name: '' }] }, 'name'],
    ['inputs as an object', { inputs: { in: input } }, 'inputs'],
    ['outputs as an object', { inputs: [input], outputs: { name: 'out' } }, 'outputs'],
    ['an output without a name', { inputs: [input], outputs: [{}] }, 'outputs'],
    ['an array body', [input], ''],
  ])('leaves %s to the schema, which names the field', (_label, body, field) => {
    let error: unknown;
    try {
      decode(body);
    } catch (caught) {
      error = caught;
    }
    expect(InvalidInputError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('InferenceRequest');
    expect((error as Error).message).toContain(field);
  });

  it('reads a well-formed request with extra keys and every parameter kind', () => {
    const decoded = decode({
      id: 'r1',
      extra: { ignored: true },
      parameters: { timeout: 5, note: 'x', binary_data_output: false },
      inputs: [{ ...input, parameters: { flag: true }, other: 1 }],
      outputs: [{ name: 'out', parameters: { binary_data: true } }],
    });
    expect(decoded.id).toBe('r1');
    expect(decoded.parameters).toEqual({ timeout: 5, note: 'x', binary_data_output: false });
    expect(decoded.inputs.in?.data).toEqual(new Float32Array([1, 2]));
    expect(decoded.outputs).toEqual([{ name: 'out', binary: true }]);
  });
});

describe('encodeInferenceResponse', () => {
  it('writes the body exactly as JSON.stringify of its document, NaN and Infinity quoted', () => {
    const outputs = {
      a: {
        name: 'a',
        datatype: 'FP32' as const,
        shape: [1, 4],
        data: new Float32Array([0.1, Number.NaN, Number.NEGATIVE_INFINITY, -0]),
      },
      b: {
        name: 'b',
        datatype: 'INT64' as const,
        shape: [2],
        data: new BigInt64Array([1n, 2n ** 60n]),
      },
      c: {
        name: 'c',
        datatype: 'BYTES' as const,
        shape: [1],
        data: encodeUtf8Elements(['say "hi"']),
      },
      d: { name: 'd', datatype: 'BOOL' as const, shape: [2], data: new Uint8Array([1, 0]) },
    };
    const encoded = encodeInferenceResponse({
      modelName: 'm "quoted"',
      modelVersion: '2',
      id: 'req\n1',
      outputs,
      requested: ['a', 'b', 'c', 'd'].map(name => ({ name, binary: false })),
    });
    expect(encoded.body.toString()).toBe(JSON.stringify(encoded.document));
    expect(JSON.parse(encoded.body.toString()).outputs[0].data).toEqual([
      0.10000000149011612,
      'NaN',
      '-Infinity',
      0,
    ]);
    expect(encoded.headers).toEqual({ 'content-type': 'application/json' });
  });

  it('puts binary outputs after the JSON header and describes them in the document', () => {
    const outputs = {
      a: { name: 'a', datatype: 'FP32' as const, shape: [2], data: new Float32Array([1, 2]) },
      b: { name: 'b', datatype: 'INT32' as const, shape: [2], data: new Int32Array([3, 4]) },
    };
    const encoded = encodeInferenceResponse({
      modelName: 'm',
      modelVersion: '1',
      id: 'x',
      outputs,
      requested: [
        { name: 'a', binary: true },
        { name: 'b', binary: false },
      ],
    });
    const headerLength = Number(encoded.headers['inference-header-content-length']);
    const header = encoded.body.subarray(0, headerLength).toString();
    expect(header).toBe(JSON.stringify(encoded.document));
    expect(encoded.document.outputs[0]).toEqual({
      name: 'a',
      datatype: 'FP32',
      shape: [2],
      parameters: { binary_data_size: 8 },
    });
    expect(encoded.body.subarray(headerLength)).toEqual(encodeBinaryTensor('FP32', outputs.a.data));
  });
});
