import { BallastError } from '@ballast/contracts';
import { elementCount, type Tensor, type TensorMap, type TensorValues } from '../codec/datatypes';

/** What merging needs of a queued request: its tensors and its row count. */
export interface BatchPart {
  readonly inputs: TensorMap;
  readonly rows: number;
}

/** Rows `start` to `end` (in elements) of row-major values, without copying typed arrays. */
function sliceRows(values: TensorValues, start: number, end: number): TensorValues {
  return Array.isArray(values) ? values.slice(start, end) : values.subarray(start, end);
}

/** The values of several tensors end to end, in one array of the first one's type. */
function concatenate(parts: TensorValues[]): TensorValues {
  const first = parts[0] as TensorValues;
  if (Array.isArray(first)) return (parts as Uint8Array[][]).flat();
  let length = 0;
  for (const part of parts) length += part.length;
  const merged = new (
    first.constructor as new (
      length: number,
    ) => Exclude<TensorValues, Uint8Array[]>
  )(length);
  let offset = 0;
  for (const part of parts) {
    (merged as Float64Array).set(part as Float64Array, offset);
    offset += part.length;
  }
  return merged;
}

/** Rows of a request: the first dimension of its first tensor (1 for scalars or no inputs). */
export function firstDimension(inputs: TensorMap): number {
  for (const name in inputs) return (inputs[name] as Tensor).shape[0] ?? 1;
  return 1;
}

/** Concatenates the requests' inputs along the first dimension, in order. */
export function mergeInputs(batch: readonly BatchPart[]): TensorMap {
  const first = batch[0] as BatchPart;
  const merged: TensorMap = {};
  const rows = batch.reduce((sum, request) => sum + request.rows, 0);
  for (const [name, tensor] of Object.entries(first.inputs)) {
    const parts = batch.map(request => (request.inputs[name] as Tensor).data);
    merged[name] = {
      name,
      datatype: tensor.datatype,
      shape: [rows, ...tensor.shape.slice(1)],
      data: concatenate(parts),
    };
  }
  return merged;
}

/**
 * Splits a merged call's outputs back into one output map per request, by row count; an output
 * without the batch dimension throws `MODEL_OUTPUT_INVALID`.
 */
export function splitOutputs(
  outputs: TensorMap,
  batch: readonly BatchPart[],
  rows: number,
  label: string,
): TensorMap[] {
  const split: TensorMap[] = batch.map(() => ({}));
  for (const [name, tensor] of Object.entries(outputs)) {
    if (tensor.shape[0] !== rows) {
      throw new BallastError({
        code: 'MODEL_OUTPUT_INVALID',
        message: `${label} returned output "${name}" with first dimension ${tensor.shape[0]} for a batch of ${rows} rows; a batching model must keep the batch dimension.`,
        details: { output: name, rows },
      });
    }
    const rowSize = rows === 0 ? 0 : elementCount(tensor.shape) / rows;
    let offset = 0;
    batch.forEach((request, index) => {
      (split[index] as TensorMap)[name] = {
        name,
        datatype: tensor.datatype,
        shape: [request.rows, ...tensor.shape.slice(1)],
        data: sliceRows(tensor.data, offset * rowSize, (offset + request.rows) * rowSize),
      };
      offset += request.rows;
    });
  }
  return split;
}
