import { BallastError } from '@ballast/contracts';
import { coerceValues, type Tensor, type TensorMap, type TensorValues } from './datatypes';
import type { BatchingOptions, LoadedModel, ModelDefinition, TensorSignature } from './model';

/**
 * What a `functionModel` predict may return per output: a full tensor or just its values.
 * BYTES outputs may be byte arrays (sent as they are) or strings (sent as UTF-8).
 *
 * @example
 * ```ts
 * const output: PredictOutput = { shape: [1, 2], data: new Float32Array([0.2, 0.8]) };
 * const text: PredictOutput = { shape: [1], data: ['positive'] };
 * ```
 */
export type PredictOutput =
  | Tensor
  | { shape: number[]; data: TensorValues | ArrayLike<number> | readonly string[] };

/**
 * Options of {@link functionModel}.
 *
 * @example
 * ```ts
 * const options: FunctionModelOptions = { name: 'sum', inputs, outputs, predict: ({ x }) => ({ total: { shape: [1], data: [x.data.length] } }) };
 * ```
 */
export interface FunctionModelOptions {
  name: string;
  version?: string;
  /** Input signature; -1 marks variable dimensions (the batch dimension first when batching). */
  inputs: TensorSignature[];
  /** Output signature. */
  outputs: TensorSignature[];
  /** Reported platform; default "ballast_function". */
  platform?: string;
  batching?: BatchingOptions;
  warmup?: boolean;
  /**
   * Computes the outputs from typed input tensors (FP32 as Float32Array, INT64 as BigInt64Array,
   * BOOL as Uint8Array, BYTES as one Uint8Array per element, the exact bytes sent; read text
   * with `decodeUtf8Elements`). Outputs may omit `name`/`datatype`; values are converted to
   * each output's datatype (BYTES strings to UTF-8).
   */
  predict(
    inputs: TensorMap,
  ): Promise<Record<string, PredictOutput>> | Record<string, PredictOutput>;
  /** Runs once when the version loads. */
  setup?(): Promise<void> | void;
  /** Runs once when the version unloads. */
  teardown?(): Promise<void> | void;
}

/** Checks a model's outputs against its signature and brings values to canonical arrays. */
export function normalizeOutputs(
  modelName: string,
  signature: TensorSignature[],
  produced: Record<string, PredictOutput>,
): TensorMap {
  const outputs: TensorMap = {};
  for (const output of signature) {
    const value = produced[output.name];
    if (value === undefined) {
      throw new BallastError({
        code: 'MODEL_OUTPUT_INVALID',
        message: `Model "${modelName}" did not return its declared output "${output.name}".`,
        details: { model: modelName, output: output.name },
      });
    }
    outputs[output.name] = {
      name: output.name,
      datatype: output.datatype,
      shape: [...value.shape],
      data: coerceValues(output.datatype, value.data),
    };
  }
  return outputs;
}

/**
 * Serves a plain function over typed tensors, for rules, pre/post-processing or models written
 * in JavaScript.
 *
 * @example
 * ```ts
 * const double = functionModel({
 *   name: 'double',
 *   inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 1] }],
 *   outputs: [{ name: 'y', datatype: 'FP32', shape: [-1, 1] }],
 *   batching: { maxBatchSize: 64 },
 *   predict: ({ x }) => ({ y: { shape: x.shape, data: (x.data as Float32Array).map(v => v * 2) } }),
 * });
 * ```
 */
export function functionModel(options: FunctionModelOptions): ModelDefinition {
  return {
    name: options.name,
    ...(options.version === undefined ? {} : { version: options.version }),
    platform: options.platform ?? 'ballast_function',
    ...(options.batching === undefined ? {} : { batching: options.batching }),
    ...(options.warmup === undefined ? {} : { warmup: options.warmup }),
    async load(): Promise<LoadedModel> {
      await options.setup?.();
      return {
        inputs: options.inputs,
        outputs: options.outputs,
        predict(inputs) {
          // A synchronous predict is answered without an extra await: one promise hop fewer
          // per request on the path where the model itself costs least.
          try {
            const produced = options.predict(inputs);
            if (typeof (produced as PromiseLike<unknown>).then === 'function') {
              return Promise.resolve(produced).then(value =>
                normalizeOutputs(options.name, options.outputs, value),
              );
            }
            return Promise.resolve(
              normalizeOutputs(
                options.name,
                options.outputs,
                produced as Record<string, PredictOutput>,
              ),
            );
          } catch (error) {
            return Promise.reject(error);
          }
        },
        async unload() {
          await options.teardown?.();
        },
      };
    },
  };
}
