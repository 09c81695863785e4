import { InvalidInputError, type TensorData, type TensorDatatype } from '@ballast/contracts';
import { int64JsonValue } from '@ballast/kit';
import { decodeUtf8Elements } from './bytes-elements';
import { excerpt } from './excerpt';
import { allocateValues, describeDatatype, elementCount, type TensorValues } from './datatypes';

// A Map, not an object literal: "constructor" or "toString" must not be read as floats.
const nonFiniteNames = new Map<string, number>([
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['-Infinity', Number.NEGATIVE_INFINITY],
]);
// 64-bit integers have at most 20 digits: a longer string is refused before BigInt, whose
// parsing is quadratic in the length (an 8 MB digit string once blocked the loop for seconds).
const integerText = /^-?\d{1,32}$/;
const utf8Encoder = new TextEncoder();

/** The error for one element that is not a valid value of its datatype. */
export function invalidElement(
  tensorName: string,
  index: number,
  datatype: TensorDatatype,
  value: unknown,
) {
  return new InvalidInputError({
    code: 'TENSOR_DATA_INVALID',
    message: `Input "${excerpt(tensorName)}" element ${index} is ${excerpt(String(JSON.stringify(value)))}, which is not a valid ${datatype} value.`,
    details: { field: `inputs.${excerpt(tensorName)}.data`, index, datatype },
  });
}

/** Flattens nested row-major data into `target` order without recursion (deep nesting is cheap). */
function flatten(data: TensorData): Array<number | string | boolean> {
  let nested = false;
  for (let index = 0; index < data.length && !nested; index++) nested = Array.isArray(data[index]);
  if (!nested) return data as Array<number | string | boolean>;
  const flat: Array<number | string | boolean> = [];
  const stack: Array<{ array: TensorData; index: number }> = [{ array: data, index: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as { array: TensorData; index: number };
    if (top.index >= top.array.length) {
      stack.pop();
      continue;
    }
    const element = top.array[top.index++] as TensorData[number];
    if (Array.isArray(element)) stack.push({ array: element, index: 0 });
    else flat.push(element);
  }
  return flat;
}

/**
 * Decodes the JSON `data` of one input (flat or nested, row-major) into typed values, checking
 * the element count against the shape and every element against the datatype. BYTES elements
 * are JSON strings and become their UTF-8 bytes.
 *
 * @example
 * ```ts
 * decodeJsonTensorData('x', 'INT32', [2, 2], [[1, 2], [3, 4]]); // Int32Array [1, 2, 3, 4]
 * ```
 */
export function decodeJsonTensorData(
  tensorName: string,
  datatype: TensorDatatype,
  shape: readonly number[],
  data: TensorData,
): TensorValues {
  const flat = flatten(data);
  const expected = elementCount(shape);
  if (flat.length !== expected) {
    throw new InvalidInputError({
      code: 'TENSOR_SIZE_MISMATCH',
      message: `Input "${excerpt(tensorName)}" has ${flat.length} elements but shape [${shape.join(', ')}] needs ${expected}.`,
      details: { field: `inputs.${tensorName}.data`, shape: [...shape], elements: flat.length },
    });
  }
  const info = describeDatatype(datatype);
  const values = allocateValues(datatype, expected);
  if (info.kind === 'float' || info.kind === 'half') {
    // The common case gets its own loop: no per-element switch on the datatype.
    const floats = values as Float64Array;
    for (let index = 0; index < expected; index++) {
      const element = flat[index];
      const number =
        typeof element === 'number'
          ? element
          : typeof element === 'string'
            ? nonFiniteNames.get(element)
            : undefined;
      if (number === undefined) throw invalidElement(tensorName, index, datatype, element);
      floats[index] = number;
    }
    return values;
  }
  for (let index = 0; index < expected; index++) {
    const element = flat[index];
    switch (info.kind) {
      case 'bool':
        if (typeof element !== 'boolean')
          throw invalidElement(tensorName, index, datatype, element);
        (values as Uint8Array)[index] = element ? 1 : 0;
        break;
      case 'integer':
        if (
          typeof element !== 'number' ||
          !Number.isInteger(element) ||
          element < (info.minimum as number) ||
          element > (info.maximum as number)
        ) {
          throw invalidElement(tensorName, index, datatype, element);
        }
        (values as Int32Array)[index] = element;
        break;
      case 'bigint': {
        // 64-bit integers also come as decimal strings, since JSON numbers lose precision past 2^53.
        const valid =
          (typeof element === 'number' && Number.isInteger(element)) ||
          (typeof element === 'string' && integerText.test(element));
        if (!valid) throw invalidElement(tensorName, index, datatype, element);
        const big = BigInt(element as number | string);
        const inRange =
          info.minimum === 0 ? BigInt.asUintN(64, big) === big : BigInt.asIntN(64, big) === big;
        if (!inRange) throw invalidElement(tensorName, index, datatype, element);
        (values as BigInt64Array)[index] = big;
        break;
      }
      case 'bytes':
        if (typeof element !== 'string') throw invalidElement(tensorName, index, datatype, element);
        (values as Uint8Array[])[index] = utf8Encoder.encode(element);
        break;
    }
  }
  return values;
}

function jsonNumber(value: number): number | string {
  return Number.isFinite(value) ? value : String(value);
}

/**
 * Encodes typed values as flat JSON data: BOOL as booleans, 64-bit integers as numbers (exact up
 * to 2^53, beyond that as decimal strings), non-finite floats as "NaN" / "Infinity" / "-Infinity",
 * BYTES as strings. JSON strings cannot carry arbitrary bytes, so a BYTES element that is not
 * valid UTF-8 throws `BYTES_NOT_UTF8` (an `InvalidInputError` naming `tensorName`); send such
 * tensors with the binary tensor extension.
 *
 * @example
 * ```ts
 * encodeJsonTensorData('BOOL', new Uint8Array([1, 0])); // [true, false]
 * ```
 */
export function encodeJsonTensorData(
  datatype: TensorDatatype,
  values: TensorValues,
  tensorName?: string,
): TensorData {
  const kind = describeDatatype(datatype).kind;
  const length = values.length;
  // Built with push, not `new Array(length)`: a packed array takes JSON.stringify's fast path,
  // a holey one the generic element-by-element path (about 20% slower for numbers).
  const data: TensorData = [];
  if (kind === 'bool') {
    for (let index = 0; index < length; index++) data.push((values as Uint8Array)[index] !== 0);
  } else if (kind === 'bigint') {
    for (let index = 0; index < length; index++) {
      data.push(int64JsonValue((values as BigInt64Array)[index] as bigint));
    }
  } else if (kind === 'float' || kind === 'half') {
    for (let index = 0; index < length; index++) {
      data.push(jsonNumber((values as Float64Array)[index] as number));
    }
  } else if (kind === 'bytes') {
    return decodeUtf8Elements(values as Uint8Array[], tensorName);
  } else {
    for (let index = 0; index < length; index++) data.push(values[index] as number);
  }
  return data;
}
