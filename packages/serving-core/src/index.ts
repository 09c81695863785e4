export { decodeBinaryTensor, encodeBinaryTensor } from './binary-tensor';
export { decodeUtf8Elements, encodeUtf8Elements } from './bytes-elements';
export {
  allocateValues,
  coerceValues,
  elementCount,
  type Tensor,
  type TensorMap,
  type TensorValues,
} from './datatypes';
export {
  type BatcherObserver,
  type CancellationSignal,
  DynamicBatcher,
  type SubmitOptions,
} from './dynamic-batcher';
export {
  createFastifyInferenceApp,
  type FastifyInferencePluginOptions,
  fastifyInferencePlugin,
} from './fastify-plugin';
export {
  type FollowModelVersionSourceOptions,
  followModelVersionSource,
} from './follow-model-version-source';
export {
  type FunctionModelOptions,
  functionModel,
  type PredictOutput,
} from './function-model';
export {
  type DecodedInferenceRequest,
  decodeInferenceRequest,
  type EncodedInferenceResponse,
  encodeInferenceResponse,
  inferenceHeaderContentLength,
  type ModelSignature,
  type RequestedOutput,
} from './inference-codec';
export {
  createInferenceServer,
  type InferenceHttpRequest,
  type InferenceHttpResponse,
  InferenceServer,
  type InferenceServerOptions,
  type ShutdownOptions,
} from './inference-server';
export { decodeJsonTensorData, encodeJsonTensorData } from './json-tensor';
export type {
  BatchingOptions,
  LoadedModel,
  ModelDefinition,
  TensorSignature,
} from './model';
export type {
  LoadOptions,
  ModelVersionState,
  ShadowPolicy,
  TrafficPolicy,
} from './model-repository';
export {
  type ModelConfigOverride,
  parseModelConfigOverride,
  type VersionPolicy,
  versionsToKeep,
} from './model-config-override';
export {
  closeOnSignals,
  defaultBodyLimit,
  type InferenceListener,
  type ListenOptions,
  listen,
} from './node-listener';
export { type OnnxModelOptions, onnxModel } from './onnx-model';
export type { PayloadLoggingOptions } from './payload-logger';
export type { MetricsOptions, RequestOutcome } from './server-metrics';
export {
  type TfjsLike,
  type TfjsModelLike,
  type TfjsModelOptions,
  type TfjsTensorLike,
  tfjsModel,
} from './tfjs-model';
