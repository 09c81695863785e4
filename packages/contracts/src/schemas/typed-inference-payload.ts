import type { InferencePayload } from './inference';

/**
 * Numeric tensor elements in the typed array they were decoded into: integers of up to 32 bits
 * and floats (FP16 and BF16 widened to float32). 64-bit integers, BOOL and BYTES stay JSON.
 */
export type NumericTensorArray =
  | Float32Array
  | Float64Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Uint8Array
  | Uint16Array
  | Uint32Array;

type WithTypedData<Tensor extends { data?: unknown }> = Omit<Tensor, 'data'> & {
  data?: NonNullable<Tensor['data']> | NumericTensorArray;
};

type Request = InferencePayload['request'];
type Response = NonNullable<InferencePayload['response']>;

/**
 * An {@link InferencePayload} whose numeric tensors may carry their elements as a
 * {@link NumericTensorArray} (flat, row-major) instead of JSON arrays: what serving hands to a
 * sink's `writeTyped`, so an in-process consumer reads the numbers without their conversion to
 * JSON. Every `InferencePayload` is also a `TypedInferencePayload`.
 */
export type TypedInferencePayload = Omit<InferencePayload, 'request' | 'response'> & {
  request: Omit<Request, 'inputs'> & { inputs: WithTypedData<Request['inputs'][number]>[] };
  response?: Omit<Response, 'outputs'> & { outputs: WithTypedData<Response['outputs'][number]>[] };
};
