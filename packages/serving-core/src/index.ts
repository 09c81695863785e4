// @ballast/serving-core: an Open Inference Protocol (KServe V2) server with dynamic batching,
// safe rollouts and Prometheus metrics. The root entry is the table of contents of what users
// call; runtimes that need an optional peer live on their own subpaths
// (`/onnx`, `/tfjs`, `/fastify`), and building blocks on `/internals`.

// Server and HTTP
export {
  createInferenceServer,
  type InferenceHttpRequest,
  type InferenceHttpResponse,
  InferenceServer,
  type InferenceServerOptions,
  type RepositoryAuthorization,
  type ShutdownOptions,
} from './http/inference-server';
export {
  closeOnSignals,
  defaultBodyLimit,
  type InferenceListener,
  type ListenOptions,
  listen,
} from './http/node-listener';

// Models
export {
  type DatatypeValues,
  type FunctionModelOptions,
  functionModel,
  type PredictInputs,
  type PredictOutput,
  type PredictOutputs,
} from './models/function-model';
export type {
  BatchingOptions,
  LoadedModel,
  ModelDefinition,
  TensorSignature,
} from './models/model';
export type { LoadOptions, ModelVersionState } from './models/model-repository';
export type { FollowModelVersionSourceOptions } from './models/follow-model-version-source';
export type { ModelConfigOverride, VersionPolicy } from './models/model-config-override';

// Routing
export type { ShadowPolicy, TrafficPolicy } from './routing/traffic-policy';

// Tensors and the wire format (for clients and custom front ends)
export type { Tensor, TensorMap, TensorValues } from './codec/datatypes';
export { decodeBinaryTensor, encodeBinaryTensor } from './codec/binary-tensor';
export { decodeUtf8Elements, encodeUtf8Elements } from './codec/bytes-elements';
export {
  type DecodedInferenceRequest,
  decodeInferenceRequest,
  type EncodedInferenceResponse,
  encodeInferenceResponse,
  inferenceHeaderContentLength,
  type ModelSignature,
  type RequestedOutput,
} from './codec/inference-codec';

// Batching and observability
export type {
  BatcherObserver,
  CancellationSignal,
  SubmitOptions,
} from './batching/dynamic-batcher';
export type { MetricsOptions, RequestOutcome } from './metrics/server-metrics';
export type { PayloadLoggingOptions } from './metrics/payload-logger';
