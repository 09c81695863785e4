// @ballast/serving-core/internals: building blocks the server is made of, for custom servers
// and tests. Not covered by the same stability promise as the root entry: names here may
// change in a minor release.

export { DynamicBatcher } from './batching/dynamic-batcher';
export {
  allocateValues,
  coerceValues,
  describeDatatype,
  elementCount,
} from './codec/datatypes';
export { decodeJsonTensorData, encodeJsonTensorData } from './codec/json-tensor';
export { excerpt } from './codec/excerpt';
export { dispositionOf, type ErrorDisposition, errorMessage } from './http/errors';
export { followModelVersionSource } from './models/follow-model-version-source';
export { parseModelConfigOverride, versionsToKeep } from './models/model-config-override';
export {
  fitsSignature,
  mirrorRequest,
  type ShadowOutcome,
  type ShadowTarget,
} from './routing/shadow-traffic';
export { validateTrafficPolicy } from './routing/traffic-policy';
export {
  currentVersion,
  pickShadow,
  pickVersion,
  type RoutableModel,
  type RoutableVersion,
  stableFraction,
} from './routing/version-router';
