// The Open Inference Protocol codec: request decoding and response encoding.
export {
  type DecodedInferenceRequest,
  decodeInferenceRequest,
  inferenceHeaderContentLength,
  type ModelSignature,
  type RequestedOutput,
} from './inference-request';
export { parseJsonBody } from './json-request-body';
export {
  binaryResponseBody,
  type EncodedInferenceResponse,
  encodeInferenceResponse,
  encodeInferenceResponseParts,
  type InferenceResponseParts,
  tensorAsJsonRecord,
  tensorsAsJsonInputs,
} from './inference-response';
