import {
  InvalidInputError,
  inferenceRequestSchema,
  parseWithSchema,
  requestInputSchema,
  tensorDatatypeSchema,
  type TensorData,
} from '@ballast/contracts';
import { z } from 'zod';
import { decodeBinaryTensor } from './binary-tensor';
import { excerpt } from './excerpt';
import { describeDatatype, type TensorMap, type TensorValues } from './datatypes';
import { decodeJsonNumberArray, JsonNumberArray } from './json-number-array';
import { parseInferenceRequestJson } from './json-request-body';
import { decodeJsonTensorData } from './json-tensor';
import type { TensorSignature } from '../models/model';

/**
 * The header that splits a binary-extension body into its JSON part and the tensor bytes.
 *
 * @example
 * ```ts
 * const jsonLength = Number(headers[inferenceHeaderContentLength]);
 * ```
 */
export const inferenceHeaderContentLength = 'inference-header-content-length';

// The contracts' request schema, with `data` left to the tensor decoder: walking every element
// through zod would cost more than the inference for image-sized tensors.
const requestEnvelopeSchema = inferenceRequestSchema.extend({
  inputs: z.array(requestInputSchema.extend({ data: z.unknown().optional() })),
});

/**
 * A request as the server hands it to scheduling: typed tensors plus what to send back.
 */
export interface DecodedInferenceRequest {
  id: string | undefined;
  parameters: Record<string, string | number | boolean> | undefined;
  inputs: TensorMap;
  /** Outputs to return, in order, and whether each goes back as binary data. */
  outputs: ReadonlyArray<RequestedOutput>;
}

/**
 * One output a request asks for, and whether it goes back as binary data.
 */
export interface RequestedOutput {
  readonly name: string;
  readonly binary: boolean;
}

/**
 * The model facts decoding needs.
 */
export interface ModelSignature {
  name: string;
  inputs: TensorSignature[];
  outputs: TensorSignature[];
}

type RequestEnvelope = z.infer<typeof requestEnvelopeSchema>;

const datatypeNames = new Set<string>(tensorDatatypeSchema.options);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isParameters(value: unknown): boolean {
  if (value === undefined) return true;
  if (!isRecord(value)) return false;
  for (const key in value) {
    const entry = value[key];
    const valid =
      typeof entry === 'string' ||
      typeof entry === 'boolean' ||
      (typeof entry === 'number' && Number.isFinite(entry));
    if (!valid) return false;
  }
  return true;
}

function isNamed(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && typeof value.name === 'string' && value.name.length > 0;
}

/**
 * True when `value` certainly passes `requestEnvelopeSchema` (the schema accepts a superset:
 * a false here only means "let zod decide"). Checking by hand costs a fraction of zod's walk.
 */
function isWellFormedEnvelope(value: unknown): value is RequestEnvelope {
  if (!isRecord(value) || !Array.isArray(value.inputs)) return false;
  if (value.id !== undefined && typeof value.id !== 'string') return false;
  if (!isParameters(value.parameters)) return false;
  for (const input of value.inputs as unknown[]) {
    if (!isNamed(input) || !isParameters(input.parameters)) return false;
    if (typeof input.datatype !== 'string' || !datatypeNames.has(input.datatype)) return false;
    if (!Array.isArray(input.shape)) return false;
    for (const dimension of input.shape as unknown[]) {
      if (!Number.isSafeInteger(dimension) || (dimension as number) < 0) return false;
    }
  }
  if (value.outputs === undefined) return true;
  if (!Array.isArray(value.outputs)) return false;
  return (value.outputs as unknown[]).every(
    output => isNamed(output) && isParameters(output.parameters),
  );
}

function invalid(code: string, message: string, field: string): InvalidInputError {
  return new InvalidInputError({ code, message, details: { field } });
}

function checkShape(signature: TensorSignature, shape: number[]): void {
  if (signature.shape.length === 0) return;
  const matches =
    signature.shape.length === shape.length &&
    signature.shape.every((dimension, index) => dimension < 0 || dimension === shape[index]);
  if (!matches) {
    throw invalid(
      'SHAPE_MISMATCH',
      `Input "${signature.name}" has shape [${excerpt(shape.join(', '))}] but the model expects [${signature.shape.join(', ')}] (-1 = any size).`,
      `inputs.${signature.name}.shape`,
    );
  }
}

interface SignatureLookups {
  signatures: Map<string, TensorSignature>;
  knownOutputs: Set<string>;
  /** Every output, in order, as JSON and as binary: what a request without `outputs` gets. */
  defaultOutputs: { json: ReadonlyArray<RequestedOutput>; binary: ReadonlyArray<RequestedOutput> };
}

// Keyed by the signature arrays, which a loaded model keeps for its lifetime: the lookups are
// built once per model version instead of once per request.
const lookupCache = new WeakMap<TensorSignature[], WeakMap<TensorSignature[], SignatureLookups>>();

function lookupsOf(model: ModelSignature): SignatureLookups {
  let byOutputs = lookupCache.get(model.inputs);
  if (byOutputs === undefined) {
    byOutputs = new WeakMap();
    lookupCache.set(model.inputs, byOutputs);
  }
  let lookups = byOutputs.get(model.outputs);
  if (lookups === undefined) {
    lookups = {
      signatures: new Map(model.inputs.map(input => [input.name, input])),
      knownOutputs: new Set(model.outputs.map(output => output.name)),
      defaultOutputs: {
        json: Object.freeze(
          model.outputs.map(output => Object.freeze({ name: output.name, binary: false })),
        ),
        binary: Object.freeze(
          model.outputs.map(output => Object.freeze({ name: output.name, binary: true })),
        ),
      },
    };
    byOutputs.set(model.outputs, lookups);
  }
  return lookups;
}

/** Decodes a raw binary request (header length 0): the whole body is the model's only input. */
function decodeRawBinary(model: ModelSignature, body: Buffer): DecodedInferenceRequest {
  const signature = model.inputs[0];
  if (model.inputs.length !== 1 || signature === undefined) {
    throw invalid(
      'RAW_BINARY_UNSUPPORTED',
      `A raw binary request (Inference-Header-Content-Length: 0) needs a model with exactly one input; "${model.name}" has ${model.inputs.length}.`,
      'headers.inference-header-content-length',
    );
  }
  const wireBytes = describeDatatype(signature.datatype).wireBytes;
  const variable = signature.shape.filter(dimension => dimension < 0).length;
  let shape: number[];
  if (signature.datatype === 'BYTES') shape = [1];
  else if (variable > 1) {
    throw invalid(
      'RAW_BINARY_UNSUPPORTED',
      `Input "${signature.name}" has ${variable} variable dimensions; a raw binary request allows at most one.`,
      'headers.inference-header-content-length',
    );
  } else {
    const fixed = signature.shape.reduce(
      (product, dimension) => product * Math.max(dimension, 1),
      1,
    );
    shape = signature.shape.map(dimension =>
      dimension < 0 ? Math.floor(body.byteLength / (fixed * wireBytes)) : dimension,
    );
  }
  return {
    id: undefined,
    parameters: undefined,
    inputs: {
      [signature.name]: {
        name: signature.name,
        datatype: signature.datatype,
        shape,
        data: decodeBinaryTensor(signature.name, signature.datatype, shape, body),
      },
    },
    outputs: model.outputs.map(output => ({ name: output.name, binary: true })),
  };
}

/**
 * Parses an inference request body, JSON or binary extension, and checks it against the model:
 * known inputs, none missing, datatypes, shapes (-1 matches any size), element counts, requested
 * outputs. Every problem is an InvalidInputError naming the field.
 *
 * @example
 * ```ts
 * const decoded = decodeInferenceRequest(model, body, headers['inference-header-content-length']);
 * ```
 */
export function decodeInferenceRequest(
  model: ModelSignature,
  body: Buffer,
  headerLength: string | undefined,
): DecodedInferenceRequest {
  let jsonPart = body;
  let binaryPart: Buffer | undefined;
  if (headerLength !== undefined) {
    const length = Number(headerLength);
    if (!Number.isInteger(length) || length < 0 || length > body.byteLength) {
      throw invalid(
        'INVALID_HEADER_LENGTH',
        `Inference-Header-Content-Length is "${excerpt(String(headerLength))}"; it must be an integer between 0 and the body length ${body.byteLength}.`,
        'headers.inference-header-content-length',
      );
    }
    if (length === 0) return decodeRawBinary(model, body);
    jsonPart = body.subarray(0, length);
    binaryPart = body.subarray(length);
  }
  return decodeParsedRequest(model, parseInferenceRequestJson(jsonPart), binaryPart);
}

/**
 * The checks of {@link decodeInferenceRequest} on a parsed JSON part: `parsed` may be plain
 * `JSON.parse` output or carry {@link JsonNumberArray}s; both decode to the same tensors.
 */
export function decodeParsedRequest(
  model: ModelSignature,
  parsed: unknown,
  binaryPart: Buffer | undefined,
): DecodedInferenceRequest {
  // Well-formed requests skip zod; anything the quick check doubts goes through the schema, so
  // every error message still comes from parseWithSchema.
  const envelope = isWellFormedEnvelope(parsed)
    ? parsed
    : parseWithSchema(requestEnvelopeSchema, parsed, 'InferenceRequest');
  const { signatures, knownOutputs, defaultOutputs } = lookupsOf(model);
  const inputs: TensorMap = {};
  let binaryOffset = 0;
  for (const input of envelope.inputs) {
    const signature = signatures.get(input.name);
    if (signature === undefined) {
      throw invalid(
        'UNKNOWN_INPUT',
        `Model "${model.name}" has no input "${excerpt(input.name)}"; its inputs are ${[...signatures.keys()].join(', ')}.`,
        `inputs.${excerpt(input.name)}`,
      );
    }
    if (inputs[input.name]) {
      throw invalid(
        'DUPLICATE_INPUT',
        `Input "${excerpt(input.name)}" is given twice.`,
        `inputs.${excerpt(input.name)}`,
      );
    }
    if (input.datatype !== signature.datatype) {
      throw invalid(
        'DATATYPE_MISMATCH',
        `Input "${excerpt(input.name)}" is ${input.datatype} but the model expects ${signature.datatype}.`,
        `inputs.${excerpt(input.name)}.datatype`,
      );
    }
    checkShape(signature, input.shape);
    const binarySize = input.parameters?.binary_data_size;
    let data: TensorValues;
    if (binarySize !== undefined) {
      if (typeof binarySize !== 'number' || !Number.isInteger(binarySize) || binarySize < 0) {
        throw invalid(
          'INVALID_BINARY_DATA_SIZE',
          `Input "${excerpt(input.name)}" has binary_data_size ${excerpt(String(JSON.stringify(binarySize)))}; it must be a non-negative integer.`,
          `inputs.${excerpt(input.name)}.parameters.binary_data_size`,
        );
      }
      if (binaryPart === undefined || binaryOffset + binarySize > binaryPart.byteLength) {
        throw invalid(
          'BINARY_DATA_MISSING',
          `Input "${excerpt(input.name)}" declares ${binarySize} bytes of binary data that the body does not hold (send Inference-Header-Content-Length with the JSON length).`,
          `inputs.${excerpt(input.name)}.parameters.binary_data_size`,
        );
      }
      const bytes = binaryPart.subarray(binaryOffset, binaryOffset + binarySize);
      binaryOffset += binarySize;
      data = decodeBinaryTensor(input.name, input.datatype, input.shape, bytes);
    } else if (input.data instanceof JsonNumberArray) {
      data = decodeJsonNumberArray(input.name, input.datatype, input.shape, input.data);
    } else {
      if (!Array.isArray(input.data)) {
        throw invalid(
          'TENSOR_DATA_MISSING',
          `Input "${excerpt(input.name)}" needs a "data" array (or binary_data_size with the binary extension).`,
          `inputs.${excerpt(input.name)}.data`,
        );
      }
      data = decodeJsonTensorData(
        input.name,
        input.datatype,
        input.shape,
        input.data as TensorData,
      );
    }
    inputs[input.name] = { name: input.name, datatype: input.datatype, shape: input.shape, data };
  }
  if (binaryPart !== undefined && binaryOffset !== binaryPart.byteLength) {
    throw invalid(
      'BINARY_DATA_SIZE_MISMATCH',
      `The body carries ${binaryPart.byteLength} bytes of binary data but the inputs' binary_data_size add up to ${binaryOffset}.`,
      'body',
    );
  }
  for (const signature of model.inputs) {
    if (!inputs[signature.name]) {
      throw invalid(
        'INPUT_MISSING',
        `Model "${model.name}" needs input "${signature.name}" (${signature.datatype} [${signature.shape.join(', ')}]).`,
        `inputs.${signature.name}`,
      );
    }
  }
  const binaryByDefault = envelope.parameters?.binary_data_output === true;
  if (envelope.outputs === undefined) {
    return {
      id: envelope.id,
      parameters: envelope.parameters,
      inputs,
      outputs: binaryByDefault ? defaultOutputs.binary : defaultOutputs.json,
    };
  }
  const outputs = envelope.outputs.map(output => {
    if (!knownOutputs.has(output.name)) {
      throw invalid(
        'UNKNOWN_OUTPUT',
        `Model "${model.name}" has no output "${excerpt(output.name)}"; its outputs are ${[...knownOutputs].join(', ')}.`,
        `outputs.${excerpt(output.name)}`,
      );
    }
    const binary = 'parameters' in output ? output.parameters?.binary_data : undefined;
    return { name: output.name, binary: typeof binary === 'boolean' ? binary : binaryByDefault };
  });
  return { id: envelope.id, parameters: envelope.parameters, inputs, outputs };
}
