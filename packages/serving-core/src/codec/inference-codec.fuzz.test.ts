import { BallastError } from '@ballast/contracts';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInferenceServer, type InferenceServer } from '../http/inference-server';
import { functionModel } from '../models/function-model';
import { encodeBinaryTensor } from './binary-tensor';
import {
  decodeInferenceRequest,
  decodeParsedRequest,
  type ModelSignature,
} from './inference-request';

// Every mutated request must end, in bounded time, as a decoded request or a typed error
// (BallastError; over HTTP a 4xx), never another kind of throw or a 500. JSON bodies are also
// checked against the reference decoder (JSON.parse of the whole body, then the decoder on JS
// arrays): reading numbers straight from the bytes must change nothing but memory and speed.
// Runs are few and bodies small, so the suite stays fast; the seed is fixed.

const signature: ModelSignature = {
  name: 'm',
  inputs: [
    { name: 'x', datatype: 'FP32', shape: [-1, 2] },
    { name: 'i', datatype: 'INT64', shape: [-1] },
    { name: 'b', datatype: 'BOOL', shape: [-1] },
    { name: 's', datatype: 'BYTES', shape: [-1] },
  ],
  outputs: [{ name: 'y', datatype: 'FP32', shape: [-1, 2] }],
};

const jsonSeeds = [
  {
    id: 'a',
    parameters: { binary_data_output: false },
    inputs: [
      {
        name: 'x',
        datatype: 'FP32',
        shape: [2, 2],
        data: [
          [1.5, -2e-3],
          [3, 4],
        ],
      },
      { name: 'i', datatype: 'INT64', shape: [2], data: [-7, '9223372036854775807'] },
      { name: 'b', datatype: 'BOOL', shape: [2], data: [true, false] },
      { name: 's', datatype: 'BYTES', shape: [1], data: ['hé'] },
    ],
    outputs: [{ name: 'y', parameters: { binary_data: false } }],
  },
  {
    inputs: [
      { name: 'x', datatype: 'FP32', shape: [1, 2], data: [0.1, 'NaN'] },
      { name: 'i', datatype: 'INT64', shape: [1], data: [1] },
      { name: 'b', datatype: 'BOOL', shape: [0], data: [] },
      { name: 's', datatype: 'BYTES', shape: [2], data: ['', 'z'] },
    ],
  },
].map(seed => Buffer.from(JSON.stringify(seed)));

function binarySeed(): { body: Buffer; header: string } {
  const x = encodeBinaryTensor('FP32', new Float32Array([1, 2, 3, 4]));
  const i = encodeBinaryTensor('INT64', new BigInt64Array([5n]));
  const b = encodeBinaryTensor('BOOL', new Uint8Array([1]));
  const s = encodeBinaryTensor('BYTES', [new Uint8Array([104, 105])]);
  const json = Buffer.from(
    JSON.stringify({
      inputs: [
        {
          name: 'x',
          datatype: 'FP32',
          shape: [2, 2],
          parameters: { binary_data_size: x.byteLength },
        },
        {
          name: 'i',
          datatype: 'INT64',
          shape: [1],
          parameters: { binary_data_size: i.byteLength },
        },
        { name: 'b', datatype: 'BOOL', shape: [1], parameters: { binary_data_size: b.byteLength } },
        {
          name: 's',
          datatype: 'BYTES',
          shape: [1],
          parameters: { binary_data_size: s.byteLength },
        },
      ],
    }),
  );
  return { body: Buffer.concat([json, x, i, b, s]), header: String(json.byteLength) };
}

const interesting = [...'[]{},:"\\-+.eE0123456789 \n'].map(character => character.charCodeAt(0));
type Mutation =
  | { op: 'set'; at: number; byte: number }
  | { op: 'insert'; at: number; bytes: number[] }
  | { op: 'delete'; at: number; length: number }
  | { op: 'repeat'; at: number; length: number }
  | { op: 'truncate'; at: number };

const byteArbitrary = fc.oneof(fc.constantFrom(...interesting), fc.integer({ min: 0, max: 255 }));
const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('set' as const), at: fc.nat(), byte: byteArbitrary }),
  fc.record({
    op: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.array(byteArbitrary, { minLength: 1, maxLength: 4 }),
  }),
  fc.record({
    op: fc.constant('delete' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 8 }),
  }),
  fc.record({
    op: fc.constant('repeat' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 16 }),
  }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
);

function mutate(body: Buffer, mutations: Mutation[]): Buffer {
  let bytes = [...body];
  for (const mutation of mutations) {
    const at = bytes.length === 0 ? 0 : mutation.at % bytes.length;
    if (mutation.op === 'set') bytes[at] = mutation.byte;
    else if (mutation.op === 'insert') bytes.splice(at, 0, ...mutation.bytes);
    else if (mutation.op === 'delete') bytes.splice(at, mutation.length);
    else if (mutation.op === 'repeat')
      bytes.splice(at, 0, ...bytes.slice(at, at + mutation.length));
    else bytes = bytes.slice(0, at);
  }
  return Buffer.from(bytes);
}

/** A decoded request or a typed error's code; anything else is rethrown and fails the run. */
function outcome(run: () => unknown): unknown {
  try {
    return { value: run() };
  } catch (error) {
    if (!BallastError.isInstance(error)) throw error;
    return error.code === 'MALFORMED_JSON'
      ? { error: error.code }
      : { error: error.code, message: error.message };
  }
}

function reference(body: Buffer): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return { error: 'MALFORMED_JSON' };
  }
  return outcome(() => decodeParsedRequest(signature, parsed, undefined));
}

describe('fuzz: OIP request decoding', () => {
  it('decodes mutated JSON requests as the reference decoder does, or refuses them with a typed error', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...jsonSeeds),
        fc.array(mutationArbitrary, { minLength: 1, maxLength: 4 }),
        (seed, mutations) => {
          const body = mutate(seed, mutations);
          const result = outcome(() => decodeInferenceRequest(signature, body, undefined));
          expect(result).toEqual(reference(body));
        },
      ),
      { numRuns: 300, seed: 1414 },
    );
  });

  it('decodes mutated binary-extension requests or refuses them with a typed error', () => {
    const seed = binarySeed();
    const headerArbitrary = fc.oneof(
      fc.constant(seed.header),
      fc.integer({ min: -2, max: seed.body.byteLength + 2 }).map(String),
      fc.constantFrom('', 'NaN', '1e3', '0x10', ' 12', '-0', '99999999999999999999'),
    );
    fc.assert(
      fc.property(
        fc.array(mutationArbitrary, { maxLength: 4 }),
        headerArbitrary,
        (mutations, header) => {
          const body = mutate(seed.body, mutations);
          outcome(() => decodeInferenceRequest(signature, body, header));
        },
      ),
      { numRuns: 300, seed: 1415 },
    );
  });
});

describe('fuzz: the inference endpoint', () => {
  let server: InferenceServer;
  beforeAll(async () => {
    server = createInferenceServer({
      models: [
        functionModel({
          name: 'm',
          inputs: signature.inputs,
          outputs: signature.outputs,
          predict: ({ x }) => ({ y: { shape: x?.shape ?? [], data: x?.data ?? [] } }),
        }),
      ],
      onError: () => undefined,
    });
    await server.waitUntilLoaded();
  });
  afterAll(() => server.shutdown({ graceMs: 0, drainTimeoutMs: 100 }));

  it('answers mutated requests with 200 or a 4xx, never a 500', async () => {
    const binary = binarySeed();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc
            .constantFrom(...jsonSeeds)
            .map(body => ({ body, header: undefined as string | undefined })),
          fc.constant({ body: binary.body, header: binary.header as string | undefined }),
        ),
        fc.array(mutationArbitrary, { maxLength: 4 }),
        async ({ body, header }, mutations) => {
          const response = await server.handle({
            method: 'POST',
            path: '/v2/models/m/infer',
            headers: header === undefined ? {} : { 'inference-header-content-length': header },
            body: mutate(body, mutations),
          });
          expect(response.status === 200 || (response.status >= 400 && response.status < 500)).toBe(
            true,
          );
        },
      ),
      { numRuns: 150, seed: 1416 },
    );
  });
});
