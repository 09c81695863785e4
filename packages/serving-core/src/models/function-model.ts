import { BallastError } from '@ballast/contracts';
import type { TensorDatatype } from '@ballast/contracts';
import { coerceValues, type Tensor, type TensorMap, type TensorValues } from '../codec/datatypes';
import type { BatchingOptions, LoadedModel, ModelDefinition, TensorSignature } from './model';

/**
 * The in-memory array of each datatype, as `predict` receives it: FP16 and BF16 are widened to
 * `Float32Array`, BOOL is a `Uint8Array` of 0/1, BYTES one `Uint8Array` per element.
 */
export interface DatatypeValues {
  BOOL: Uint8Array;
  UINT8: Uint8Array;
  UINT16: Uint16Array;
  UINT32: Uint32Array;
  UINT64: BigUint64Array;
  INT8: Int8Array;
  INT16: Int16Array;
  INT32: Int32Array;
  INT64: BigInt64Array;
  FP16: Float32Array;
  BF16: Float32Array;
  FP32: Float32Array;
  FP64: Float64Array;
  BYTES: Uint8Array[];
}

/** A signature as written in `functionModel` options (literal names and datatypes kept). */
export interface SignatureLike {
  /** Tensor name. */
  readonly name: string;
  /** Datatype. */
  readonly datatype: TensorDatatype;
  /** Shape; -1 marks a variable dimension. */
  readonly shape: readonly number[];
}

/** A tensor whose `data` has the array type of its datatype. */
export interface TypedTensor<D extends TensorDatatype = TensorDatatype> extends Tensor {
  datatype: D;
  data: DatatypeValues[D];
}

/** Values a predict may return for an output of datatype `D`; they are converted to `DatatypeValues[D]`. */
export type OutputValues<D extends TensorDatatype> =
  | DatatypeValues[D]
  | (D extends 'BYTES'
      ? ReadonlyArray<string | Uint8Array>
      : D extends 'INT64' | 'UINT64'
        ? ArrayLike<number | bigint>
        : ArrayLike<number>);

/**
 * What a `functionModel` predict may return per output: a full tensor or just its values.
 * BYTES outputs may be byte arrays (sent as they are) or strings (sent as UTF-8).
 */
export type PredictOutput<D extends TensorDatatype = TensorDatatype> =
  | Tensor
  | { shape: number[]; data: OutputValues<D> | TensorValues };

/** The inputs `predict` receives: one typed tensor per declared input, by name. */
export type PredictInputs<I extends readonly SignatureLike[]> = {
  [S in I[number] as S['name']]: TypedTensor<S['datatype']>;
};

/** The outputs `predict` returns: one entry per declared output, by name. */
export type PredictOutputs<O extends readonly SignatureLike[]> = {
  [S in O[number] as S['name']]: PredictOutput<S['datatype']>;
};

/** Options of {@link functionModel}; `I` and `O` are the declared signatures. */
export interface FunctionModelOptions<
  I extends readonly SignatureLike[] = readonly SignatureLike[],
  O extends readonly SignatureLike[] = readonly SignatureLike[],
> {
  /** Model name. */
  name: string;
  /** Version; default "1". */
  version?: string;
  /** Input signature; -1 marks variable dimensions (the batch dimension first when batching). */
  inputs: I;
  /** Output signature. */
  outputs: O;
  /** Reported platform; default "ballast_function". */
  platform?: string;
  /** How requests are queued and merged. */
  batching?: BatchingOptions;
  /** Run one zero-filled request at load (default true). */
  warmup?: boolean;
  /**
   * Computes the outputs from typed input tensors, typed from the declared datatypes (FP32 as
   * Float32Array, INT64 as BigInt64Array, BOOL as Uint8Array, BYTES as one Uint8Array per
   * element, the exact bytes sent; read text with `decodeUtf8Elements`). Outputs may omit
   * `name`/`datatype`; values are converted to each output's datatype (BYTES strings to UTF-8).
   */
  predict(inputs: PredictInputs<I>): Promise<PredictOutputs<O>> | PredictOutputs<O>;
  /** Runs once when the version loads. */
  setup?(): Promise<void> | void;
  /** Runs once when the version unloads. */
  teardown?(): Promise<void> | void;
}

/** Checks a model's outputs against its signature and brings values to canonical arrays. */
export function normalizeOutputs(
  modelName: string,
  signature: readonly SignatureLike[],
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
 * in JavaScript. `predict` is typed from the declared signatures: with
 * `inputs: [{ name: 'x', datatype: 'FP32', ... }]` it receives `x.data` as a `Float32Array`.
 *
 * @example
 * ```ts
 * const double = functionModel({
 *   name: 'double',
 *   inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 1] }],
 *   outputs: [{ name: 'y', datatype: 'FP32', shape: [-1, 1] }],
 *   batching: { maxBatchSize: 64 },
 *   predict: ({ x }) => ({ y: { shape: x.shape, data: x.data.map(v => v * 2) } }),
 * });
 * ```
 */
export function functionModel<
  const I extends readonly SignatureLike[],
  const O extends readonly SignatureLike[],
>(options: FunctionModelOptions<I, O>): ModelDefinition {
  const inputs = copySignatures(options.inputs);
  const outputs = copySignatures(options.outputs);
  const predict = options.predict as (
    inputs: TensorMap,
  ) => Promise<Record<string, PredictOutput>> | Record<string, PredictOutput>;
  return {
    name: options.name,
    ...(options.version === undefined ? {} : { version: options.version }),
    platform: options.platform ?? 'ballast_function',
    ...(options.batching === undefined ? {} : { batching: options.batching }),
    ...(options.warmup === undefined ? {} : { warmup: options.warmup }),
    async load(): Promise<LoadedModel> {
      await options.setup?.();
      return {
        inputs,
        outputs,
        predict(inputs) {
          // A synchronous predict is answered without an extra await: one promise hop fewer
          // per request on the path where the model itself costs least.
          try {
            const produced = predict(inputs);
            if (typeof (produced as PromiseLike<unknown>).then === 'function') {
              return Promise.resolve(produced).then(value =>
                normalizeOutputs(options.name, outputs, value),
              );
            }
            return Promise.resolve(
              normalizeOutputs(options.name, outputs, produced as Record<string, PredictOutput>),
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

/** Plain mutable copies: the server's signatures are `TensorSignature[]`. */
function copySignatures(signatures: readonly SignatureLike[]): TensorSignature[] {
  return signatures.map(({ name, datatype, shape }) => ({ name, datatype, shape: [...shape] }));
}
