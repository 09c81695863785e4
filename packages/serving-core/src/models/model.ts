import type { TensorDatatype } from '@ballast/contracts';
import type { TensorMap } from '../codec/datatypes';

/**
 * Name, datatype and shape of one model input or output; variable dimensions are -1.
 */
export interface TensorSignature {
  name: string;
  datatype: TensorDatatype;
  shape: number[];
}

/**
 * How requests to one model version are queued and merged.
 */
export interface BatchingOptions {
  /**
   * Most rows (first dimension) merged into one model call. 1 (the default) disables merging;
   * a request larger than this still runs, alone.
   */
  maxBatchSize?: number;
  /**
   * How long the oldest queued request may wait for a fuller batch while the model is busy.
   * Never applies when nothing is in flight: an idle model runs a request at once. Default 0.
   */
  maxQueueDelayMs?: number;
  /** Batch sizes to prefer: a batch is sent early once it reaches the largest one achievable. */
  preferredBatchSizes?: number[];
  /** Requests waiting beyond this are refused with 503 and Retry-After. Default 1024. */
  maxQueueSize?: number;
  /** Model calls running at once. Default: what the runtime reports (ONNX workers), else 1. */
  maxConcurrentBatches?: number;
}

/**
 * What a loaded model can do: its signature and a predict over typed tensors.
 */
export interface LoadedModel {
  /** Inputs the model expects, first dimension included (-1 when it is the batch). */
  readonly inputs: TensorSignature[];
  /** Outputs the model produces. */
  readonly outputs: TensorSignature[];
  /** Calls the runtime can usefully run at once (for example its worker count). */
  readonly concurrency?: number;
  /** Runs the model on one (possibly merged) batch; outputs keep the inputs' first dimension. */
  predict(inputs: TensorMap): Promise<TensorMap>;
  /** Releases the runtime's resources (sessions, workers, tensors). */
  unload(): Promise<void>;
}

/**
 * A model the server can load: name, version, platform and a loader. `functionModel`,
 * `onnxModel` and `tfjsModel` build these; any object of this shape works.
 */
export interface ModelDefinition {
  /** Model name as it appears in `/v2/models/{name}`. */
  readonly name: string;
  /** Version string; defaults to "1". */
  readonly version?: string;
  /** Platform reported in metadata, `<project>_<format>` (e.g. "onnx_onnxv1"). */
  readonly platform: string;
  /** Queueing and batching for this version. */
  readonly batching?: BatchingOptions;
  /** Run one zero-filled request before reporting ready (default true). */
  readonly warmup?: boolean;
  /** Loads the runtime. */
  load(): Promise<LoadedModel>;
}
