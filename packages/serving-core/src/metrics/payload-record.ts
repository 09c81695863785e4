import type {
  InferencePayload,
  NumericTensorArray,
  TypedInferencePayload,
} from '@ballast/contracts';
import { describeDatatype, type Tensor } from '../codec/datatypes';
import { tensorAsJsonRecord } from '../codec/inference-response';

// `new Date().toISOString()` per record is measurable at tens of thousands of requests per
// second: the part up to the seconds is formatted once per second.
let isoSecond = Number.NaN;
let isoPrefix = '';

/** `new Date(ms).toISOString()`, formatting the date and time once per second. */
export function isoTimestamp(ms: number): string {
  const second = Math.floor(ms / 1000);
  const milli = ms - second * 1000;
  if (!Number.isInteger(milli)) return new Date(ms).toISOString();
  if (second !== isoSecond) {
    const iso = new Date(second * 1000).toISOString();
    isoSecond = second;
    isoPrefix = iso.slice(0, iso.length - 4);
  }
  return `${isoPrefix}${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
}

/** What a payload record is made of. */
export interface PayloadRecordParts {
  model: InferencePayload['model'];
  requestId: string;
  /** Epoch milliseconds. */
  receivedAt: number;
  latencySeconds: number;
  id: string | undefined;
  parameters: InferencePayload['request']['parameters'];
  /** Names of the requested outputs. */
  outputNames: { name: string }[];
  inputs: readonly Tensor[];
  /** The response document (its `outputs` are replaced by `outputs` as JSON), for a served request. */
  response?: NonNullable<InferencePayload['response']>;
  outputs?: readonly Tensor[];
  error?: InferencePayload['error'];
}

/** Builds a payload record with its tensors as JSON (what `PayloadSink.write` takes). */
export function payloadRecord(parts: PayloadRecordParts): InferencePayload {
  return buildRecord(parts, tensorAsJsonRecord) as InferencePayload;
}

/**
 * Builds a payload record whose numeric tensors keep their typed arrays (what
 * `PayloadSink.writeTyped` takes): converting every element to a JSON array is the larger part
 * of building a record (about 5 µs of CPU for a 100-row request of 5 columns in one profile), and
 * an in-process sink only reads the numbers.
 */
export function typedPayloadRecord(parts: PayloadRecordParts): TypedInferencePayload {
  return buildRecord(parts, tensorAsTypedRecord);
}

// Integers up to 32 bits and floats (FP16/BF16 are decoded into float32); 64-bit integers, BOOL
// and BYTES stay JSON, as TypedInferencePayload says.
function tensorAsTypedRecord(tensor: Tensor) {
  const { name, datatype, shape, data } = tensor;
  const kind = describeDatatype(datatype).kind;
  if ((kind === 'float' || kind === 'half' || kind === 'integer') && ArrayBuffer.isView(data)) {
    // A copy: the record belongs to the sink, and a model may reuse its output buffers.
    return { name, datatype, shape, data: (data as NumericTensorArray).slice() };
  }
  return tensorAsJsonRecord(tensor);
}

/**
 * On the request path of every sampled request, so it is written without spreads of
 * conditional objects (each of which allocates and copies): plain literals in the record's key
 * order.
 */
function buildRecord(
  parts: PayloadRecordParts,
  encode: (tensor: Tensor) => TypedInferencePayload['request']['inputs'][number],
): TypedInferencePayload {
  const inputs = parts.inputs.map(encode);
  const { id, parameters, outputNames } = parts;
  let request: TypedInferencePayload['request'];
  if (id === undefined) {
    request =
      parameters === undefined
        ? { inputs, outputs: outputNames }
        : { parameters, inputs, outputs: outputNames };
  } else {
    request =
      parameters === undefined
        ? { id, inputs, outputs: outputNames }
        : { id, parameters, inputs, outputs: outputNames };
  }
  const model = parts.model;
  const requestId = parts.requestId;
  const receivedAt = isoTimestamp(parts.receivedAt);
  const latencySeconds = parts.latencySeconds;
  const document = parts.response;
  const error = parts.error;
  if (document === undefined) {
    return error === undefined
      ? { model, requestId, receivedAt, latencySeconds, request }
      : { model, requestId, receivedAt, latencySeconds, request, error };
  }
  const response = { ...document, outputs: (parts.outputs ?? []).map(encode) };
  return error === undefined
    ? { model, requestId, receivedAt, latencySeconds, request, response }
    : { model, requestId, receivedAt, latencySeconds, request, response, error };
}
