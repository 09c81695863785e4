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
}

/**
 * A response before it becomes bytes: the document, its JSON text and the binary outputs that
 * follow it. The server sends JSON-only responses as text (see `TextResponse`).
 */
export interface InferenceResponseParts {
  document: InferenceResponse;
  json: string;
  binaryParts: Buffer[];
}

/** Builds the response document and its JSON text; binary outputs are kept apart. */
export function encodeInferenceResponseParts(options: EncodeOptions): InferenceResponseParts {
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
  const base = { name: tensor.name, datatype: tensor.datatype, shape: tensor.shape };
  if (tensor.datatype === 'BYTES') {
    const elements = tensor.data as Uint8Array[];
    try {
      return { ...base, data: decodeUtf8Elements(elements, tensor.name) };
    } catch {
      return {
        ...base,
        parameters: { content_type: 'base64' },
        data: elements.map(element =>
          Buffer.from(element.buffer, element.byteOffset, element.byteLength).toString('base64'),
        ),
      };
    }
  }
  return { ...base, data: encodeJsonTensorData(tensor.datatype, tensor.data) };
}

/** Converts decoded tensors back to JSON request inputs (for payload logging). */
export function tensorsAsJsonInputs(inputs: TensorMap) {
  return Object.values(inputs).map(tensorAsJsonRecord);
}
