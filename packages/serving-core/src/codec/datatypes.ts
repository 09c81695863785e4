import type { TensorDatatype } from '@ballast/contracts';
import { encodeUtf8Elements } from './bytes-elements';

/**
 * The values of one tensor, row-major: a typed array per numeric datatype, and for BYTES one
 * `Uint8Array` per element holding its raw bytes (any bytes, not only UTF-8 text).
 */
export type TensorValues =
  | Uint8Array
  | Uint16Array
  | Uint32Array
  | BigUint64Array
  | Int8Array
  | Int16Array
  | Int32Array
  | BigInt64Array
  | Float32Array
  | Float64Array
  | Uint8Array[];

/**
 * One tensor as models see it. BOOL is a `Uint8Array` of 0/1, FP16 and BF16 are widened to a
 * `Float32Array`, INT64/UINT64 are `BigInt64Array`/`BigUint64Array`, BYTES are `Uint8Array[]`
 * (one byte array per element, exactly the bytes the client sent; `decodeUtf8Elements` reads
 * them as text).
 */
export interface Tensor {
  name: string;
  datatype: TensorDatatype;
  shape: number[];
  data: TensorValues;
}

/**
 * Tensors by name, as a model receives and returns them.
 */
export type TensorMap = Record<string, Tensor>;

type NumericArrayConstructor =
  | Uint8ArrayConstructor
  | Uint16ArrayConstructor
  | Uint32ArrayConstructor
  | BigUint64ArrayConstructor
  | Int8ArrayConstructor
  | Int16ArrayConstructor
  | Int32ArrayConstructor
  | BigInt64ArrayConstructor
  | Float32ArrayConstructor
  | Float64ArrayConstructor;

interface DatatypeInfo {
  /** Bytes per element on the wire (binary extension); 0 for BYTES (length-prefixed). */
  wireBytes: number;
  /** The typed array models see; undefined for BYTES. */
  arrayType: NumericArrayConstructor | undefined;
  kind: 'bool' | 'integer' | 'bigint' | 'float' | 'half' | 'bytes';
  minimum?: number;
  maximum?: number;
}

const datatypeInfo: Record<TensorDatatype, DatatypeInfo> = {
  BOOL: { wireBytes: 1, arrayType: Uint8Array, kind: 'bool' },
  UINT8: { wireBytes: 1, arrayType: Uint8Array, kind: 'integer', minimum: 0, maximum: 255 },
  UINT16: { wireBytes: 2, arrayType: Uint16Array, kind: 'integer', minimum: 0, maximum: 65535 },
  UINT32: {
    wireBytes: 4,
    arrayType: Uint32Array,
    kind: 'integer',
    minimum: 0,
    maximum: 2 ** 32 - 1,
  },
  UINT64: { wireBytes: 8, arrayType: BigUint64Array, kind: 'bigint', minimum: 0 },
  INT8: { wireBytes: 1, arrayType: Int8Array, kind: 'integer', minimum: -128, maximum: 127 },
  INT16: { wireBytes: 2, arrayType: Int16Array, kind: 'integer', minimum: -32768, maximum: 32767 },
  INT32: {
    wireBytes: 4,
    arrayType: Int32Array,
    kind: 'integer',
    minimum: -(2 ** 31),
    maximum: 2 ** 31 - 1,
  },
  INT64: { wireBytes: 8, arrayType: BigInt64Array, kind: 'bigint' },
  FP16: { wireBytes: 2, arrayType: Float32Array, kind: 'half' },
  BF16: { wireBytes: 2, arrayType: Float32Array, kind: 'half' },
  FP32: { wireBytes: 4, arrayType: Float32Array, kind: 'float' },
  FP64: { wireBytes: 8, arrayType: Float64Array, kind: 'float' },
  BYTES: { wireBytes: 0, arrayType: undefined, kind: 'bytes' },
};

/** Wire size, in-memory array type and value range of a datatype. */
export function describeDatatype(datatype: TensorDatatype): DatatypeInfo {
  return datatypeInfo[datatype];
}

/**
 * Number of elements a shape holds (1 for a scalar shape `[]`).
 *
 * @example
 * ```ts
 * elementCount([2, 3, 4]); // 24
 * ```
 */
export function elementCount(shape: readonly number[]): number {
  let count = 1;
  for (const dimension of shape) count *= dimension;
  return count;
}

/**
 * Allocates zero-filled values for a datatype, as warm-up inputs and decoders need.
 *
 * @example
 * ```ts
 * allocateValues('FP32', 4); // Float32Array(4) [0, 0, 0, 0]
 * ```
 */
export function allocateValues(datatype: TensorDatatype, length: number): TensorValues {
  const arrayType = datatypeInfo[datatype].arrayType;
  if (arrayType === undefined) return Array.from({ length }, () => new Uint8Array(0));
  return new arrayType(length);
}

/**
 * Returns values in the canonical array type of `datatype` (see {@link Tensor}), converting
 * when a model hands back another one, e.g. a `Float64Array` for an FP32 output or plain numbers.
 * BYTES elements may be byte arrays (kept as they are) or strings (encoded as UTF-8); other
 * values are converted with `String()` first.
 *
 * @example
 * ```ts
 * coerceValues('INT64', new Int32Array([1, 2])); // BigInt64Array [1n, 2n]
 * coerceValues('BYTES', ['a']); // [Uint8Array [97]]
 * ```
 */
export function coerceValues(
  datatype: TensorDatatype,
  values: TensorValues | ArrayLike<number | bigint | string | boolean | Uint8Array>,
): TensorValues {
  const info = datatypeInfo[datatype];
  const arrayType = info.arrayType;
  if (arrayType === undefined) {
    if (Array.isArray(values) && values.every(value => value instanceof Uint8Array)) {
      return values as Uint8Array[];
    }
    return Array.from(values as ArrayLike<unknown>, value =>
      value instanceof Uint8Array ? value : (encodeUtf8Elements([String(value)])[0] as Uint8Array),
    );
  }
  if (values instanceof arrayType) return values as TensorValues;
  const length = values.length;
  const converted = new arrayType(length);
  if (info.kind === 'bigint') {
    for (let index = 0; index < length; index++) {
      const value = (values as ArrayLike<number | bigint | string | boolean>)[index];
      (converted as BigInt64Array)[index] = BigInt(
        typeof value === 'number' ? Math.trunc(value) : (value as bigint | string | boolean),
      );
    }
  } else {
    for (let index = 0; index < length; index++) {
      (converted as Float64Array)[index] = Number(
        (values as ArrayLike<number | bigint | string | boolean>)[index],
      );
    }
  }
  return converted;
}
