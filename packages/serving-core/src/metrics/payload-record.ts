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
  outputNames: readonly { name: string }[];
  inputs: readonly Tensor[];
  /** The response document (its `outputs` are replaced by `outputs` as JSON), for a served request. */
  response?: NonNullable<InferencePayload['response']>;
  outputs?: readonly Tensor[];
  error?: InferencePayload['error'];
}

// A record and the objects made for it (request, response, model, requested outputs, typed tensor
// copies) are class instances, not object literals.
// V8 remembers where each literal is allocated, and when most objects of one such site are still
// alive at a scavenge while the young generation is full, it allocates that site's objects in the
// old generation from then on ("pretenuring"). Records outlive a scavenge by design (they wait for
// the sink's next batch, up to an event-loop turn), so an unlucky scavenge could pretenure them:
// every tensor copy a record holds is then dragged through scavenges into the old generation, and
// the process collects garbage several times longer for the rest of its life (measured in one
// process: payload logging into the monitor at 1 row per request went from about 1 µs to 3.5-5 µs
// per request in roughly one process in seven; with these classes in none of 20, nor in 24 more
// with earlier versions of them). Instances of classes are not tracked by allocation site.
// Fields are assigned in the record's key order, and optional ones only when present, so a record
// serialises as the literals did.

type RecordTensor = TypedInferencePayload['request']['inputs'][number];
type RecordRequest = TypedInferencePayload['request'];
type RecordResponse = NonNullable<TypedInferencePayload['response']>;

class PayloadModel {
  declare name: string;
  declare version?: string;
  constructor(model: InferencePayload['model']) {
    this.name = model.name;
    if (model.version !== undefined) this.version = model.version;
  }
}

class RequestedOutput {
  declare name: string;
  constructor(name: string) {
    this.name = name;
  }
}

class TypedTensor {
  declare name: string;
  declare datatype: RecordTensor['datatype'];
  declare shape: number[];
  declare data: NumericTensorArray;
  constructor(tensor: Tensor, data: NumericTensorArray) {
    this.name = tensor.name;
    this.datatype = tensor.datatype;
    this.shape = tensor.shape as number[];
    this.data = data;
  }
}

class PayloadRequest {
  declare id?: string;
  declare parameters?: RecordRequest['parameters'];
  declare inputs: RecordTensor[];
  declare outputs: { name: string }[];
  constructor(
    id: string | undefined,
    parameters: RecordRequest['parameters'],
    inputs: RecordTensor[],
    outputs: { name: string }[],
  ) {
    if (id !== undefined) this.id = id;
    if (parameters !== undefined) this.parameters = parameters;
    this.inputs = inputs;
    this.outputs = outputs;
  }
}

class PayloadResponse {
  declare model_name: string;
  declare model_version?: string;
  declare id?: string;
  declare parameters?: RecordResponse['parameters'];
  declare outputs: RecordTensor[];
  constructor(document: NonNullable<InferencePayload['response']>, outputs: RecordTensor[]) {
    this.model_name = document.model_name;
    if (document.model_version !== undefined) this.model_version = document.model_version;
    if (document.id !== undefined) this.id = document.id;
    if (document.parameters !== undefined) this.parameters = document.parameters;
    this.outputs = outputs;
  }
}

class PayloadRecord {
  declare model: PayloadModel;
  declare requestId: string;
  declare receivedAt: string;
  declare latencySeconds: number;
  declare request: PayloadRequest;
  declare response?: RecordResponse;
  declare error?: InferencePayload['error'];
  constructor(
    parts: PayloadRecordParts,
    request: PayloadRequest,
    response: RecordResponse | undefined,
  ) {
    this.model = new PayloadModel(parts.model);
    this.requestId = parts.requestId;
    this.receivedAt = isoTimestamp(parts.receivedAt);
    this.latencySeconds = parts.latencySeconds;
    this.request = request;
    if (response !== undefined) this.response = response;
    if (parts.error !== undefined) this.error = parts.error;
  }
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

// Typed copies of up to 4 KiB are views into a shared 64 KiB slab, as Node pools small Buffers: a
// typed array of its own above 64 bytes (smaller ones live in V8's heap) is an ArrayBuffer with a
// separately allocated backing store, about 1 µs to make and more work for the garbage collector
// (measured: copying a 100-row request's input and output took 2 µs per record by `slice`). Slab
// space is never reused: a slab is released when no record views it any more. A sink that
// transfers a view's buffer detaches the slab; the next copy then starts a new one.
const SLAB_BYTES = 64 * 1024;
const MAX_SLAB_COPY_BYTES = 4 * 1024;
const IN_HEAP_BYTES = 64;
let slab = new ArrayBuffer(0);
let slabUsed = 0;

type NumericArrayConstructor = new (
  buffer: ArrayBuffer,
  byteOffset: number,
  length: number,
) => NumericTensorArray;

/** A copy of `data` that belongs to the caller (see the slab above). */
export function copyNumericArray(data: NumericTensorArray): NumericTensorArray {
  const bytes = data.byteLength;
  if (bytes <= IN_HEAP_BYTES || bytes > MAX_SLAB_COPY_BYTES) return data.slice();
  // Every view starts 8-byte aligned, so any element type fits.
  let offset = (slabUsed + 7) & ~7;
  if (offset + bytes > slab.byteLength) {
    slab = new ArrayBuffer(SLAB_BYTES);
    offset = 0;
  }
  const copy = new (data.constructor as NumericArrayConstructor)(slab, offset, data.length);
  copy.set(data);
  slabUsed = offset + bytes;
  return copy;
}

// Integers up to 32 bits and floats (FP16/BF16 are decoded into float32); 64-bit integers, BOOL
// and BYTES stay JSON, as TypedInferencePayload says.
function tensorAsTypedRecord(tensor: Tensor): RecordTensor {
  const kind = describeDatatype(tensor.datatype).kind;
  const data = tensor.data;
  if ((kind === 'float' || kind === 'half' || kind === 'integer') && ArrayBuffer.isView(data)) {
    // A copy: the record belongs to the sink, and a model may reuse its output buffers.
    return new TypedTensor(tensor, copyNumericArray(data as NumericTensorArray));
  }
  return tensorAsJsonRecord(tensor);
}

function buildRecord(
  parts: PayloadRecordParts,
  encode: (tensor: Tensor) => RecordTensor,
): TypedInferencePayload {
  // Arrays from `map` (a builtin) rather than literals, for the same reason as the classes.
  const outputs = parts.outputNames.map(output => new RequestedOutput(output.name));
  const request = new PayloadRequest(parts.id, parts.parameters, parts.inputs.map(encode), outputs);
  const document = parts.response;
  const response =
    document === undefined
      ? undefined
      : new PayloadResponse(document, (parts.outputs ?? []).map(encode));
  return new PayloadRecord(parts, request, response) as TypedInferencePayload;
}
