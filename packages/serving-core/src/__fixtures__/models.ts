import { fileURLToPath } from 'node:url';
import type { InferenceServer } from '../http/inference-server';
import { functionModel } from '../models/function-model';
import type { ModelDefinition } from '../models/model';

/** Path of the committed iris MLP (see scripts/generate-onnx-model.py). */
export const irisModelPath = fileURLToPath(new URL('./iris-mlp.onnx', import.meta.url));
/** Path of the committed deep shared-weight MLP used by the batching benchmark. */
export const deepModelPath = fileURLToPath(new URL('./deep-mlp.onnx', import.meta.url));

/** Path of a model that returns its STRING tensor `text` [batch] unchanged as `echo`. */
export const stringModelPath = fileURLToPath(new URL('./string-identity.onnx', import.meta.url));

/** Path of a model that doubles an FP16 tensor. */
export const halfModelPath = fileURLToPath(new URL('./half-double.onnx', import.meta.url));

/** Returns `x` unchanged as `y` (FP32 [-1, 4]); records the batch sizes it saw. */
export function identityModel(
  options: {
    name?: string;
    version?: string;
    maxBatchSize?: number;
    batchSizes?: number[];
    delayMs?: number;
  } = {},
): ModelDefinition {
  return functionModel({
    name: options.name ?? 'identity',
    ...(options.version === undefined ? {} : { version: options.version }),
    inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 4] }],
    outputs: [{ name: 'y', datatype: 'FP32', shape: [-1, 4] }],
    batching: { maxBatchSize: options.maxBatchSize ?? 1 },
    predict: async ({ x }) => {
      const input = x as NonNullable<typeof x>;
      options.batchSizes?.push(input.shape[0] as number);
      if (options.delayMs) await new Promise(resolve => setTimeout(resolve, options.delayMs));
      return { y: { shape: input.shape, data: input.data as Float32Array } };
    },
  });
}

/** A JSON body for the identity model with `rows` rows whose values start at `start`. */
export function identityRequest(rows: number, start = 0, id?: string): Buffer {
  const data = Array.from({ length: rows * 4 }, (_, index) => start + index);
  return Buffer.from(
    JSON.stringify({
      ...(id === undefined ? {} : { id }),
      inputs: [{ name: 'x', shape: [rows, 4], datatype: 'FP32', data }],
    }),
  );
}

/** Calls `server.handle` and parses a JSON answer. */
export async function call(
  server: { handle: InferenceServer['handle'] },
  method: string,
  path: string,
  body: Buffer | object = Buffer.alloc(0),
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string>; json: any; body: Buffer }> {
  const payload = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
  const response = await server.handle({ method, path, headers, body: payload });
  const isJson = response.headers['content-type']?.startsWith('application/json');
  return { ...response, json: isJson ? JSON.parse(response.body.toString()) : undefined };
}
