import { BallastError, InvalidInputError, type InferenceResponse } from '@ballast/contracts';
import { encodeBinaryTensor } from './binary-tensor';
import { decodeUtf8Elements } from './bytes-elements';
import type { TensorMap } from './datatypes';
import { type RequestedOutput, inferenceHeaderContentLength } from './inference-request';
import { encodeJsonTensorData } from './json-tensor';

/**
 * An encoded response: the JSON document (for payload logging) and the bytes to send.
 */
export interface EncodedInferenceResponse {
  document: InferenceResponse;
  body: Buffer;
  headers: Record<string, string>;
}

/** Options of {@link encodeInferenceResponse}. */
interface EncodeOptions {
  modelName: string;
  modelVersion: string;
  id: string;
  outputs: TensorMap;
  requested: ReadonlyArray<RequestedOutput>;
  /**
   * Lets a large all-JSON response come back as byte `pieces` rather than one string (the
   * document then carries no `data`); for servers that write the pieces themselves.
   */
  allowPieces?: boolean;
}

// From this many JSON elements on, a response is built a slice at a time: one string for a
// 224x224x3 FP32 tensor is about 2.9 MB, made in JSON.stringify's builder (twice that while it
// grows), then copied into a Buffer to be written. Slices of 16 K elements keep that at about
// one copy of the text, already as bytes.
const largeJsonElements = 65_536;
const sliceElements = 16_384;
const openBracket = Buffer.from('[');
const closeBracket = Buffer.from(']');
const comma = Buffer.from(',');

/**
 * A response before it becomes bytes: the document, its JSON text and the binary outputs that
 * follow it. The server sends JSON-only responses as text (see `TextResponse`).
 */
export interface InferenceResponseParts {
  document: InferenceResponse;
  /** The JSON text; empty when `pieces` holds it. */
  json: string;
  /** The JSON text as bytes, in order, for a large response built with `allowPieces`. */
  pieces?: Buffer[];
  binaryParts: Buffer[];
}

/** True when the requested outputs are all numeric JSON tensors and large together. */
function worthPieces(options: EncodeOptions): boolean {
  let elements = 0;
  for (const { name, binary } of options.requested) {
    const tensor = options.outputs[name];
    if (binary || tensor === undefined || tensor.datatype === 'BYTES') return false;
    elements += tensor.data.length;
  }
  return elements >= largeJsonElements;
}

/** The JSON data of one tensor as byte pieces: `[`, slices of elements, `]`. */
function dataPieces(tensor: TensorMap[string], pieces: Buffer[]): void {
  const values = tensor.data as Exclude<TensorMap[string]['data'], Uint8Array[]>;
  pieces.push(openBracket);
  for (let from = 0; from < values.length; from += sliceElements) {
    const slice = values.subarray(from, from + sliceElements);
    // Numbers, booleans and "NaN"-style strings only: the text is ASCII, so latin1 is exact.
    const text = Buffer.from(
      JSON.stringify(encodeJsonTensorData(tensor.datatype, slice)),
      'latin1',
    );
    if (from > 0) pieces.push(comma);
    pieces.push(text.subarray(1, text.byteLength - 1));
  }
  pieces.push(closeBracket);
}

/**
 * The same bytes as `JSON.stringify(document)` of {@link encodeInferenceResponseParts}, as pieces:
 * key order and separators are written to match it exactly.
 */
function encodePieces(options: EncodeOptions): InferenceResponseParts {
  const head = {
    model_name: options.modelName,
    model_version: options.modelVersion,
    id: options.id,
  };
  const pieces: Buffer[] = [Buffer.from(`${JSON.stringify(head).slice(0, -1)},"outputs":[`)];
  const outputs = options.requested.map(({ name }, index) => {
    const tensor = options.outputs[name] as TensorMap[string];
    const header = { name, datatype: tensor.datatype, shape: tensor.shape };
    pieces.push(
      Buffer.from(`${index > 0 ? ',' : ''}${JSON.stringify(header).slice(0, -1)},"data":`),
    );
    dataPieces(tensor, pieces);
    pieces.push(Buffer.from('}'));
    return { ...header, data: [] };
  });
  pieces.push(Buffer.from(']}'));
  return { document: { ...head, outputs }, json: '', pieces, binaryParts: [] };
}

/** Builds the response document and its JSON text; binary outputs are kept apart. */
export function encodeInferenceResponseParts(options: EncodeOptions): InferenceResponseParts {
  if (options.allowPieces === true && worthPieces(options)) return encodePieces(options);
  const binaryParts: Buffer[] = [];
  const document: InferenceResponse = {
    model_name: options.modelName,
    model_version: options.modelVersion,
    id: options.id,
    outputs: options.requested.map(({ name, binary }) => {
      const tensor = options.outputs[name];
      if (tensor === undefined) {
        throw new BallastError({
          code: 'MODEL_OUTPUT_INVALID',
          message: `Model "${options.modelName}" did not produce output "${name}".`,
          details: { output: name },
        });
      }
      if (binary) {
        const bytes = encodeBinaryTensor(tensor.datatype, tensor.data);
        binaryParts.push(bytes);
        return {
          name,
          datatype: tensor.datatype,
          shape: tensor.shape,
          parameters: { binary_data_size: bytes.byteLength },
        };
      }
      return {
        name,
        datatype: tensor.datatype,
        shape: tensor.shape,
        data:
          tensor.datatype === 'BYTES'
            ? jsonBytesOutput(options.modelName, name, tensor.data as Uint8Array[])
            : encodeJsonTensorData(tensor.datatype, tensor.data),
      };
    }),
  };
  // One JSON.stringify over the whole document: it writes numbers straight into its output.
  // Building the text piecewise (typedArray.join, concatenation) makes a heap string per number
  // that V8's number-to-string cache keeps alive, which under load is promoted to the old
  // generation and costs more in garbage collection than it saves (measured with --trace-gc).
  return { document, json: JSON.stringify(document), binaryParts };
}

/** The bytes and headers of a response with binary outputs (JSON header, then the tensors). */
export function binaryResponseBody(parts: InferenceResponseParts): {
  body: Buffer;
  headers: Record<string, string>;
} {
  const json = Buffer.from(parts.json);
  return {
    body: Buffer.concat([json, ...parts.binaryParts]),
    headers: {
      'content-type': 'application/octet-stream',
      [inferenceHeaderContentLength]: String(json.byteLength),
    },
  };
}

/**
 * Encodes the requested outputs as an inference response; outputs flagged binary go after the
 * JSON header with `binary_data_size`, and `Inference-Header-Content-Length` is set.
 *
 * @example
 * ```ts
 * const { body, headers } = encodeInferenceResponse({ modelName: 'iris', modelVersion: '1', id: '42', outputs, requested });
 * ```
 */
export function encodeInferenceResponse(options: EncodeOptions): EncodedInferenceResponse {
  const parts = encodeInferenceResponseParts(options);
  if (parts.binaryParts.length === 0) {
    return {
      document: parts.document,
      body: Buffer.from(parts.json),
      headers: { 'content-type': 'application/json' },
    };
  }
  return { document: parts.document, ...binaryResponseBody(parts) };
}

/**
 * BYTES output as JSON strings. Bytes that are not UTF-8 cannot be a JSON string without
 * changing them (Triton's HTTP server writes them through unchecked, producing invalid JSON),
 * so the request fails with the fix in the message: ask for the output as binary data.
 */
function jsonBytesOutput(modelName: string, outputName: string, elements: Uint8Array[]) {
  try {
    return decodeUtf8Elements(elements, outputName);
  } catch (cause) {
    const index = (cause as InvalidInputError).details?.index;
    throw new InvalidInputError({
      code: 'BYTES_NOT_UTF8',
      message: `Output "${outputName}" of model "${modelName}" holds bytes that are not UTF-8 (element ${index}), which JSON cannot carry; request it as binary data: "outputs": [{ "name": "${outputName}", "parameters": { "binary_data": true } }].`,
      details: { field: `outputs.${outputName}.parameters.binary_data`, index },
      cause,
    });
  }
}

/**
 * One tensor as a JSON tensor for payload records. BYTES that are not UTF-8 are written as
 * base64 strings and marked `parameters.content_type: "base64"` (MLServer's convention), so
 * a record never loses or alters what was served.
 */
export function tensorAsJsonRecord(tensor: TensorMap[string]) {
  const { name, datatype, shape } = tensor;
  // The common case as one literal (a spread of `base` would copy it property by property).
  if (datatype !== 'BYTES') {
    return { name, datatype, shape, data: encodeJsonTensorData(datatype, tensor.data) };
  }
  const elements = tensor.data as Uint8Array[];
  try {
    return { name, datatype, shape, data: decodeUtf8Elements(elements, name) };
  } catch {
    return {
      name,
      datatype,
      shape,
      parameters: { content_type: 'base64' },
      data: elements.map(element =>
        Buffer.from(element.buffer, element.byteOffset, element.byteLength).toString('base64'),
      ),
    };
  }
}

/** Converts decoded tensors back to JSON request inputs (for payload logging). */
export function tensorsAsJsonInputs(inputs: TensorMap) {
  return Object.values(inputs).map(tensorAsJsonRecord);
}
