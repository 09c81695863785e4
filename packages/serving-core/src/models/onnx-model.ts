import { createRequire } from 'node:module';
import { resolve as resolvePath } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  BallastError,
  InvalidInputError,
  type TensorDatatype,
  UnavailableDependencyError,
} from '@ballast/contracts';
import { decodeFloat16, encodeFloat16, loadOptionalPeer } from '@ballast/kit';
import { decodeUtf8Elements, encodeUtf8Elements } from '../codec/bytes-elements';
import type { TensorMap, TensorValues } from '../codec/datatypes';
import type { BatchingOptions, LoadedModel, ModelDefinition, TensorSignature } from './model';
import { onnxWorkerSource } from './onnx-worker-source';

/**
 * Options of {@link onnxModel}.
 */
export interface OnnxModelOptions {
  name: string;
  version?: string;
  /** Path of the `.onnx` file. */
  path: string;
  batching?: BatchingOptions;
  warmup?: boolean;
  /** Worker threads, each with its own session (default 1). Also the default batch concurrency. */
  workers?: number;
  /** Threads per session for one operator (default 1, so workers do not fight over cores). */
  intraOpNumThreads?: number;
  /** Extra `InferenceSession.create` options (structured-cloneable). */
  sessionOptions?: Record<string, unknown>;
  /**
   * Where worker threads import onnxruntime-node from: a module path. Workers cannot receive an
   * injected module object, so injection is by path; default: resolved from this package.
   */
  ortModulePath?: string;
}

const fromOrtType: Record<string, TensorDatatype> = {
  bool: 'BOOL',
  uint8: 'UINT8',
  uint16: 'UINT16',
  uint32: 'UINT32',
  uint64: 'UINT64',
  int8: 'INT8',
  int16: 'INT16',
  int32: 'INT32',
  int64: 'INT64',
  float16: 'FP16',
  float32: 'FP32',
  float64: 'FP64',
  string: 'BYTES',
};
const toOrtType = Object.fromEntries(
  Object.entries(fromOrtType).map(([ortType, datatype]) => [datatype, ortType]),
) as Record<TensorDatatype, string | undefined>;

interface WorkerTensor {
  name: string;
  type: string;
  shape: Array<number | string>;
  /** onnxruntime-node takes and returns string tensors as JS strings. */
  data: TensorValues | string[];
}

interface WorkerReply {
  id: number;
  ok: boolean;
  message?: string;
  inputs?: WorkerTensor[];
  outputs?: WorkerTensor[];
}

const requireFromHere = createRequire(import.meta.url);

function toSignature(modelName: string, tensors: WorkerTensor[]): TensorSignature[] {
  return tensors.map(tensor => {
    const datatype = fromOrtType[tensor.type];
    if (datatype === undefined) {
      throw new InvalidInputError({
        code: 'UNSUPPORTED_TENSOR_TYPE',
        message: `ONNX model "${modelName}" uses ${tensor.type} for "${tensor.name}", which the Open Inference Protocol cannot carry.`,
        details: { model: modelName, tensor: tensor.name, type: tensor.type },
      });
    }
    // Symbolic dimensions ("batch") and unknown ones are variable: -1 in OIP metadata.
    const shape = tensor.shape.map(dimension =>
      typeof dimension === 'number' && dimension >= 0 ? dimension : -1,
    );
    return { name: tensor.name, datatype, shape };
  });
}

/** One worker thread with its own session and a table of calls awaiting replies. */
class OnnxWorker {
  private readonly worker: Worker;
  private readonly waiting = new Map<
    number,
    { resolve(reply: WorkerReply): void; reject(error: unknown): void }
  >();
  private nextId = 0;
  private failure: Error | undefined;
  busy = 0;

  constructor(modelName: string, workerData: Record<string, unknown>) {
    this.worker = new Worker(onnxWorkerSource, { eval: true, workerData });
    this.worker.unref();
    this.worker.on('message', (reply: WorkerReply) => {
      const waiter = this.waiting.get(reply.id);
      if (!waiter) return;
      this.waiting.delete(reply.id);
      if (reply.ok) waiter.resolve(reply);
      else {
        waiter.reject(
          new BallastError({
            code: 'MODEL_EXECUTION_FAILED',
            message: `ONNX model "${modelName}" failed: ${reply.message}`,
            details: { model: modelName },
          }),
        );
      }
    });
    const failAll = (error: Error) => {
      this.failure = error;
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    };
    this.worker.on('error', failAll);
    this.worker.on('exit', code => {
      failAll(
        new UnavailableDependencyError({
          code: 'MODEL_WORKER_EXITED',
          message: `The worker thread of ONNX model "${modelName}" exited (code ${code}).`,
          details: { model: modelName, exitCode: code },
        }),
      );
    });
  }

  async call(type: string, inputs?: WorkerTensor[]): Promise<WorkerReply> {
    if (this.failure) throw this.failure;
    const id = this.nextId++;
    this.busy++;
    try {
      return await new Promise<WorkerReply>((resolve, reject) => {
        this.waiting.set(id, { resolve, reject });
        this.worker.postMessage({ id, type, inputs });
      });
    } finally {
      this.busy--;
    }
  }

  async close(): Promise<void> {
    if (!this.failure) await this.call('release').catch(() => undefined);
    await this.worker.terminate();
  }
}

function toWorkerTensor(tensor: TensorMap[string]): WorkerTensor {
  const type = toOrtType[tensor.datatype];
  if (type === undefined) {
    throw new InvalidInputError({
      code: 'UNSUPPORTED_TENSOR_TYPE',
      message: `Input "${tensor.name}" is ${tensor.datatype}, which onnxruntime-node cannot take.`,
      details: { field: `inputs.${tensor.name}.datatype` },
    });
  }
  let data: WorkerTensor['data'] = tensor.data;
  if (tensor.datatype === 'FP16') {
    // onnxruntime-node takes float16 as raw bits in a Uint16Array.
    data = encodeFloat16(tensor.data as Float32Array);
  } else if (tensor.datatype === 'BYTES') {
    // ONNX string tensors cross onnxruntime-node's JS API as JS strings, so only UTF-8 text fits.
    try {
      data = decodeUtf8Elements(tensor.data as Uint8Array[], tensor.name);
    } catch (cause) {
      throw new InvalidInputError({
        code: 'BYTES_NOT_UTF8',
        message: `Input "${tensor.name}" holds bytes that are not valid UTF-8 text, and onnxruntime-node passes ONNX string tensors as text only.`,
        details: { field: `inputs.${tensor.name}.data` },
        cause,
      });
    }
  }
  return { name: tensor.name, type, shape: tensor.shape, data };
}

function fromWorkerTensor(tensor: WorkerTensor): TensorMap[string] {
  const datatype = fromOrtType[tensor.type] as TensorDatatype;
  let data = tensor.data as TensorValues;
  if (datatype === 'FP16' && !(data instanceof Float32Array)) {
    data = decodeFloat16(data as Uint16Array);
  } else if (datatype === 'BYTES') {
    data = encodeUtf8Elements(tensor.data as string[]);
  }
  return { name: tensor.name, datatype, shape: tensor.shape as number[], data };
}

/**
 * Serves an ONNX model with onnxruntime-node (optional peer). Sessions run in worker threads,
 * because `session.run` is a synchronous native call that would otherwise block the event loop
 * (health checks and other requests included). The signature is read from the session.
 *
 * @example
 * ```ts
 * const iris = onnxModel({ name: 'iris', path: './models/iris.onnx', batching: { maxBatchSize: 64 } });
 * const server = createInferenceServer({ models: [iris] });
 * ```
 */
export function onnxModel(options: OnnxModelOptions): ModelDefinition {
  return {
    name: options.name,
    ...(options.version === undefined ? {} : { version: options.version }),
    platform: 'onnx_onnxv1',
    ...(options.batching === undefined ? {} : { batching: options.batching }),
    ...(options.warmup === undefined ? {} : { warmup: options.warmup }),
    async load(): Promise<LoadedModel> {
      const ortPath = await loadOptionalPeer<string>(
        'onnxruntime-node',
        options.ortModulePath,
        async () => requireFromHere.resolve('onnxruntime-node'),
      );
      const workerData = {
        ortPath,
        modelPath: resolvePath(options.path),
        sessionOptions: {
          intraOpNumThreads: options.intraOpNumThreads ?? 1,
          ...options.sessionOptions,
        },
      };
      const workers = Array.from(
        { length: Math.max(1, options.workers ?? 1) },
        () => new OnnxWorker(options.name, workerData),
      );
      let inputs: TensorSignature[];
      let outputs: TensorSignature[];
      try {
        const replies = await Promise.all(workers.map(worker => worker.call('load')));
        const signature = replies[0] as WorkerReply;
        inputs = toSignature(options.name, signature.inputs ?? []);
        outputs = toSignature(options.name, signature.outputs ?? []);
      } catch (cause) {
        // Never leave worker threads behind a failed load.
        await Promise.all(workers.map(worker => worker.close()));
        throw new UnavailableDependencyError({
          code: 'MODEL_LOAD_FAILED',
          isRetryable: false,
          message: `ONNX model "${options.name}" could not be loaded from ${options.path}: ${(cause as Error).message}`,
          details: { model: options.name, path: options.path },
          cause,
        });
      }
      return {
        inputs,
        outputs,
        concurrency: workers.length,
        async predict(tensors) {
          const worker = workers.reduce((best, candidate) =>
            candidate.busy < best.busy ? candidate : best,
          );
          const reply = await worker.call('run', Object.values(tensors).map(toWorkerTensor));
          const result: TensorMap = {};
          for (const tensor of reply.outputs ?? []) result[tensor.name] = fromWorkerTensor(tensor);
          return result;
        },
        async unload() {
          await Promise.all(workers.map(worker => worker.close()));
        },
      };
    },
  };
}
