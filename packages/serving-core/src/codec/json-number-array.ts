import { InvalidInputError, type TensorDatatype } from '@ballast/contracts';
import { allocateValues, describeDatatype, elementCount, type TensorValues } from './datatypes';
import { excerpt } from './excerpt';
import { invalidElement } from './json-tensor';

/**
 * A tensor's JSON `data` array (flat or nested) that holds only numbers, left in the request
 * bytes: its numbers are read straight into the tensor's typed array once the datatype and shape
 * are known. `JSON.parse` of the same array would make a JS array of doubles (8 bytes per element,
 * plus the body as a string), which is most of the memory a large JSON request costs.
 */
export class JsonNumberArray {
  constructor(
    /** The request body. */
    readonly bytes: Buffer,
    /** Offset of the opening `[`. */
    readonly start: number,
    /** Offset just past the closing `]`. */
    readonly end: number,
    /** Numbers in the array, nested ones included. */
    readonly count: number,
    /** Whether it holds nested arrays. */
    readonly nested: boolean,
  ) {}
}

const space = 0x20;
const tab = 0x09;
const newline = 0x0a;
const carriageReturn = 0x0d;
const comma = 0x2c;
const minus = 0x2d;
const plus = 0x2b;
const dot = 0x2e;
const zero = 0x30;
const nine = 0x39;
const openBracket = 0x5b;
const closeBracket = 0x5d;
const lowerE = 0x65;
const upperE = 0x45;

function isDigit(byte: number | undefined): boolean {
  return byte !== undefined && byte >= zero && byte <= nine;
}

/**
 * Checks the JSON number starting at `position` (grammar of RFC 8259) and returns the offset
 * just past it, or -1 when it is not a valid number.
 */
function skipNumber(bytes: Uint8Array, position: number): number {
  let at = position;
  if (bytes[at] === minus) at++;
  if (bytes[at] === zero) at++;
  else if (isDigit(bytes[at])) {
    while (isDigit(bytes[at])) at++;
  } else return -1;
  if (bytes[at] === dot) {
    at++;
    if (!isDigit(bytes[at])) return -1;
    while (isDigit(bytes[at])) at++;
  }
  if (bytes[at] === lowerE || bytes[at] === upperE) {
    at++;
    if (bytes[at] === plus || bytes[at] === minus) at++;
    if (!isDigit(bytes[at])) return -1;
    while (isDigit(bytes[at])) at++;
  }
  return at;
}

/**
 * Reads the array starting at `start` (a `[`) if it is well-formed JSON holding only numbers and
 * arrays. Returns the array, or `undefined` when it holds anything else (strings such as "NaN",
 * booleans, objects) or is malformed: the caller then parses it the ordinary way, which also
 * produces the ordinary error. Nesting depth costs nothing: it is a counter, not recursion.
 */
export function scanJsonNumberArray(bytes: Buffer, start: number): JsonNumberArray | undefined {
  const length = bytes.length;
  let at = start + 1;
  let depth = 1;
  let count = 0;
  let nested = false;
  // After `[` or `,` a value must come (after `[` also `]`); after a value, `,` or `]`.
  let expectValue = true;
  let afterComma = false;
  while (at < length) {
    const byte = bytes[at] as number;
    if (byte === space || byte === newline || byte === carriageReturn || byte === tab) {
      at++;
    } else if (byte === closeBracket) {
      // `[1,]` is malformed; `[[], [1]]` is valid but left to the ordinary path (see numberSlices).
      if (afterComma || (expectValue && depth > 1)) return undefined;
      at++;
      depth--;
      if (depth === 0) return new JsonNumberArray(bytes, start, at, count, nested);
      expectValue = false;
    } else if (byte === comma) {
      if (expectValue) return undefined;
      at++;
      expectValue = true;
      afterComma = true;
    } else if (!expectValue) {
      return undefined;
    } else if (byte === openBracket) {
      at++;
      depth++;
      nested = true;
      afterComma = false;
    } else {
      const next = skipNumber(bytes, at);
      if (next < 0) return undefined;
      at = next;
      count++;
      expectValue = false;
      afterComma = false;
    }
  }
  return undefined;
}

// Numbers are parsed by JSON.parse itself, a slice of about this many bytes at a time: the
// values are exactly the ones JSON.parse of the whole body would give, at its native speed,
// while only one slice exists as a string and an array at any time.
const sliceBytes = 64 * 1024;
const brackets = /[[\]]/g;

/**
 * Yields the numbers of `array` in order, a slice at a time. A slice ends at a comma, and with
 * brackets blanked out it is a plain comma-separated list: in an array without empty nested
 * arrays (which the scanner refuses), every comma-separated piece holds exactly one number.
 */
function* numberSlices(array: JsonNumberArray): Generator<number[]> {
  const { bytes, nested } = array;
  const last = array.end - 1;
  let from = array.start + 1;
  while (from < last) {
    let to = from + sliceBytes >= last ? last : bytes.indexOf(comma, from + sliceBytes);
    if (to < 0 || to > last) to = last;
    const text = bytes.toString('latin1', from, to);
    yield JSON.parse(`[${nested ? text.replace(brackets, ' ') : text}]`) as number[];
    from = to + 1;
  }
}

/**
 * Decodes a {@link JsonNumberArray} into the typed values of `datatype`, with the checks and
 * errors of `decodeJsonTensorData`: the element count must match the shape (checked before
 * anything is allocated), integers must be whole and in range, BOOL and BYTES take no numbers.
 */
export function decodeJsonNumberArray(
  tensorName: string,
  datatype: TensorDatatype,
  shape: readonly number[],
  array: JsonNumberArray,
): TensorValues {
  const expected = elementCount(shape);
  if (array.count !== expected) {
    throw new InvalidInputError({
      code: 'TENSOR_SIZE_MISMATCH',
      message: `Input "${excerpt(tensorName)}" has ${array.count} elements but shape [${shape.join(', ')}] needs ${expected}.`,
      details: { field: `inputs.${tensorName}.data`, shape: [...shape], elements: array.count },
    });
  }
  const info = describeDatatype(datatype);
  const values = allocateValues(datatype, expected);
  let index = 0;
  for (const numbers of numberSlices(array)) {
    switch (info.kind) {
      case 'float':
      case 'half': {
        const floats = values as Float32Array | Float64Array;
        for (const value of numbers) floats[index++] = value;
        break;
      }
      case 'integer': {
        const integers = values as Int32Array;
        const minimum = info.minimum as number;
        const maximum = info.maximum as number;
        for (const value of numbers) {
          if (!Number.isInteger(value) || value < minimum || value > maximum) {
            throw invalidElement(tensorName, index, datatype, value);
          }
          integers[index++] = value;
        }
        break;
      }
      case 'bigint': {
        const bigints = values as BigInt64Array | BigUint64Array;
        const unsigned = info.minimum === 0;
        for (const value of numbers) {
          if (!Number.isInteger(value)) throw invalidElement(tensorName, index, datatype, value);
          const big = BigInt(value);
          const inRange = unsigned
            ? BigInt.asUintN(64, big) === big
            : BigInt.asIntN(64, big) === big;
          if (!inRange) throw invalidElement(tensorName, index, datatype, value);
          bigints[index++] = big;
        }
        break;
      }
      default:
        // BOOL takes booleans and BYTES strings: the first number is already wrong.
        throw invalidElement(tensorName, index, datatype, numbers[0]);
    }
  }
  return values;
}
