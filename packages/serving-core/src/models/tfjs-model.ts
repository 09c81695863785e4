import { InvalidInputError } from '@ballast/contracts';
import { loadOptionalPeer, type PeerModule } from '@ballast/kit';
import type { TensorDatatype } from '@ballast/contracts';
import type { TensorMap } from '../codec/datatypes';
import { type PredictOutput, normalizeOutputs } from './function-model';
import type { BatchingOptions, LoadedModel, ModelDefinition, TensorSignature } from './model';

/**
 * The part of a tfjs tensor serving uses.
 */
export interface TfjsTensorLike {
  readonly shape: number[];
  readonly dtype: string;
  data(): Promise<ArrayLike<number> | Uint8Array[] | string[]>;
  /** Raw bytes; for string tensors one `Uint8Array` per element (read instead of `data()`). */
  bytes?(): Promise<Uint8Array[] | Uint8Array>;
  dispose(): void;
}

/**
 * The part of a tfjs `LayersModel` or `GraphModel` serving uses.
 */
export interface TfjsModelLike {
  readonly inputs: ReadonlyArray<{
    name: string;
    shape?: ReadonlyArray<number | null>;
    dtype?: string;
  }>;
  readonly outputs: ReadonlyArray<{
    name: string;
    shape?: ReadonlyArray<number | null>;
    dtype?: string;
  }>;
  predict(
    inputs: TfjsTensorLike | TfjsTensorLike[] | Record<string, TfjsTensorLike>,
  ): TfjsTensorLike | TfjsTensorLike[] | Record<string, TfjsTensorLike>;
  dispose?(): void;
}

/**
 * The part of the `@tensorflow/tfjs` namespace serving uses.
 */
export interface TfjsLike {
  tensor(
    values: ArrayLike<number> | string[] | Uint8Array[],
    shape: number[],
    dtype: string,
  ): TfjsTensorLike;
  ready?(): Promise<void>;
}

/**
 * Options of {@link tfjsModel}.
 */
export interface TfjsModelOptions {
  name: string;
  version?: string;
  /** The tfjs namespace (`import * as tf from '@tensorflow/tfjs'`) or a loader; default: import it. */
  tf?: PeerModule<TfjsLike>;
  /** A loaded model, or a function that loads one (e.g. `() => tf.loadGraphModel(url)`). */
  model: TfjsModelLike | (() => Promise<TfjsModelLike> | TfjsModelLike);
  /** Override the signature read from the model (names, datatypes, shapes). */
  inputs?: TensorSignature[];
  outputs?: TensorSignature[];
  batching?: BatchingOptions;
  warmup?: boolean;
}

const fromTfjsDtype: Record<string, TensorDatatype> = {
  float32: 'FP32',
  int32: 'INT32',
  bool: 'BOOL',
  string: 'BYTES',
};
const toTfjsDtype: Partial<Record<TensorDatatype, string>> = {
  FP32: 'float32',
  FP64: 'float32',
  FP16: 'float32',
  INT32: 'int32',
  INT16: 'int32',
  INT8: 'int32',
  UINT8: 'int32',
  UINT16: 'int32',
  BOOL: 'bool',
  BYTES: 'string',
};

function readSignature(
  modelName: string,
  tensors: TfjsModelLike['inputs'],
  override: TensorSignature[] | undefined,
): TensorSignature[] {
  if (override) return override;
  return tensors.map(tensor => {
    const datatype = fromTfjsDtype[tensor.dtype ?? 'float32'];
    if (datatype === undefined) {
      throw new InvalidInputError({
        code: 'UNSUPPORTED_TENSOR_TYPE',
        message: `tfjs model "${modelName}" uses dtype ${tensor.dtype} for "${tensor.name}"; pass an explicit signature.`,
        details: { model: modelName, tensor: tensor.name },
      });
    }
    // tfjs reports unknown dimensions (the batch) as null or -1.
    const shape = (tensor.shape ?? []).map(dimension =>
      dimension === null || dimension < 0 ? -1 : dimension,
    );
    return { name: tensor.name, datatype, shape };
  });
}

/**
 * Serves a TensorFlow.js model through an injected `tf` namespace (cpu, wasm, node or GPU
 * backends alike). Inputs are passed in signature order; outputs are read back asynchronously
 * and every intermediate tensor is disposed.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * const model = tfjsModel({ name: 'mnist', tf, model: () => tf.loadLayersModel('file://model.json') });
 * ```
 */
export function tfjsModel(options: TfjsModelOptions): ModelDefinition {
  return {
    name: options.name,
    ...(options.version === undefined ? {} : { version: options.version }),
    platform: 'tensorflow_tfjs',
    ...(options.batching === undefined ? {} : { batching: options.batching }),
    ...(options.warmup === undefined ? {} : { warmup: options.warmup }),
    async load(): Promise<LoadedModel> {
      const tf = await loadOptionalPeer<TfjsLike>(
        '@tensorflow/tfjs',
        options.tf,
        () => import('@tensorflow/tfjs') as unknown as Promise<TfjsLike>,
      );
      await tf.ready?.();
      const model = typeof options.model === 'function' ? await options.model() : options.model;
      const inputs = readSignature(options.name, model.inputs, options.inputs);
      const outputs = readSignature(options.name, model.outputs, options.outputs);
      return {
        inputs,
        outputs,
        async predict(tensors: TensorMap) {
          const created: TfjsTensorLike[] = [];
          try {
            for (const signature of inputs) {
              const tensor = tensors[signature.name];
              if (!tensor) continue;
              const dtype = toTfjsDtype[tensor.datatype] ?? 'float32';
              const values =
                tensor.data instanceof BigInt64Array || tensor.data instanceof BigUint64Array
                  ? Array.from(tensor.data, Number)
                  : // BYTES elements go in as byte arrays, which tfjs string tensors store as is.
                    (tensor.data as ArrayLike<number> | Uint8Array[]);
              created.push(tf.tensor(values, tensor.shape, dtype));
            }
            const result = model.predict(
              created.length === 1 ? (created[0] as TfjsTensorLike) : created,
            );
            const resultTensors = Array.isArray(result)
              ? result
              : typeof (result as TfjsTensorLike).data === 'function'
                ? [result as TfjsTensorLike]
                : outputs.map(output => (result as Record<string, TfjsTensorLike>)[output.name]);
            const produced: Record<string, PredictOutput> = {};
            for (const [index, output] of outputs.entries()) {
              const tensor = resultTensors[index];
              if (!tensor) continue;
              created.push(tensor);
              // String tensors are read with bytes(): data() decodes them as UTF-8 and fails on
              // anything else, which would lose binary outputs.
              const data =
                tensor.dtype === 'string' && tensor.bytes
                  ? await tensor.bytes()
                  : await tensor.data();
              produced[output.name] = {
                shape: [...tensor.shape],
                data: data as ArrayLike<number>,
              };
            }
            return normalizeOutputs(options.name, outputs, produced);
          } finally {
            for (const tensor of created) tensor.dispose();
          }
        },
        async unload() {
          model.dispose?.();
        },
      };
    },
  };
}
