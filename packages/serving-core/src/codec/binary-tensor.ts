import { InvalidInputError, type TensorDatatype } from '@ballast/contracts';
import { excerpt } from './excerpt';
import { coerceValues, describeDatatype, elementCount, type TensorValues } from './datatypes';
import {
  bfloat16BitsToNumber,
  float16BitsToNumber,
  numberToBfloat16Bits,
  numberToFloat16Bits,
} from '@ballast/kit';

// Typed-array views below read the wire bytes directly, which is only correct on little-endian
// hosts (x64, arm64); a big-endian host would need byte swapping, so refuse to guess.
if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
  throw new Error(
    '@ballast/serving-core needs a little-endian host for the binary tensor extension.',
  );
}

function sizeMismatch(
  tensorName: string,
  datatype: TensorDatatype,
  expected: number,
  actual: number,
) {
  return new InvalidInputError({
    code: 'BINARY_DATA_SIZE_MISMATCH',
    message: `Input "${excerpt(tensorName)}" (${datatype}) needs ${expected} bytes of binary data for its shape but binary_data_size gives ${actual}.`,
    details: { field: `inputs.${tensorName}.parameters.binary_data_size`, expected, actual },
  });
}

/**
 * Decodes one tensor from the binary tensor extension: little-endian, row-major, BOOL as one
 * byte, BYTES as a 4-byte length prefix plus the element's raw bytes (returned as `Uint8Array`
 * views of `bytes`, not copied and not decoded), FP16/BF16 widened to float32.
 *
 * @example
 * ```ts
 * decodeBinaryTensor('x', 'FP32', [2], Buffer.from(new Float32Array([1, 2]).buffer)); // Float32Array [1, 2]
 * ```
 */
export function decodeBinaryTensor(
  tensorName: string,
  datatype: TensorDatatype,
  shape: readonly number[],
  bytes: Uint8Array,
): TensorValues {
  const count = elementCount(shape);
  const info = describeDatatype(datatype);
  if (info.kind === 'bytes') {
    const elements: Uint8Array[] = [];
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let offset = 0;
    while (offset < bytes.byteLength) {
      if (offset + 4 > bytes.byteLength)
        throw sizeMismatch(tensorName, datatype, offset + 4, bytes.byteLength);
      const length = view.getUint32(offset, true);
      offset += 4;
      if (offset + length > bytes.byteLength) {
        throw sizeMismatch(tensorName, datatype, offset + length, bytes.byteLength);
      }
      // A plain Uint8Array view (not a Buffer subarray): the same type whatever the body was.
      elements.push(new Uint8Array(bytes.buffer, bytes.byteOffset + offset, length));
      offset += length;
    }
    if (elements.length !== count) {
      throw new InvalidInputError({
        code: 'TENSOR_SIZE_MISMATCH',
        message: `Input "${excerpt(tensorName)}" has ${elements.length} BYTES elements but its shape needs ${count}.`,
        details: {
          field: `inputs.${tensorName}.shape`,
          elements: elements.length,
          expected: count,
        },
      });
    }
    return elements;
  }
  const expectedBytes = count * info.wireBytes;
  if (bytes.byteLength !== expectedBytes) {
    throw sizeMismatch(tensorName, datatype, expectedBytes, bytes.byteLength);
  }
  // Copy into a fresh, aligned buffer: the request body offset may not be a multiple of 8.
  const aligned = new Uint8Array(expectedBytes);
  aligned.set(bytes);
  if (info.kind === 'half') {
    const bits = new Uint16Array(aligned.buffer);
    const values = new Float32Array(count);
    const convert = datatype === 'BF16' ? bfloat16BitsToNumber : float16BitsToNumber;
    for (let index = 0; index < count; index++) values[index] = convert(bits[index] as number);
    return values;
  }
  const arrayType = info.arrayType as NonNullable<typeof info.arrayType>;
  return new arrayType(aligned.buffer, 0, count);
}

/**
 * Encodes typed values for the binary tensor extension (the inverse of {@link decodeBinaryTensor}).
 *
 * @example
 * ```ts
 * encodeBinaryTensor('FP32', new Float32Array([1, 2])).byteLength; // 8
 * ```
 */
export function encodeBinaryTensor(datatype: TensorDatatype, values: TensorValues): Buffer {
  const info = describeDatatype(datatype);
  if (info.kind === 'bytes') {
    const elements = coerceValues(datatype, values) as Uint8Array[];
    let total = 0;
    for (const element of elements) total += 4 + element.byteLength;
    const encoded = Buffer.allocUnsafe(total);
    let offset = 0;
    for (const element of elements) {
      encoded.writeUInt32LE(element.byteLength, offset);
      encoded.set(element, offset + 4);
      offset += 4 + element.byteLength;
    }
    return encoded;
  }
  if (info.kind === 'half') {
    const bits = new Uint16Array(values.length);
    const convert = datatype === 'BF16' ? numberToBfloat16Bits : numberToFloat16Bits;
    for (let index = 0; index < values.length; index++)
      bits[index] = convert(values[index] as number);
    return Buffer.from(bits.buffer);
  }
  // Model outputs are coerced to the canonical array type first, so the bytes are already right.
  const typed = coerceValues(datatype, values) as Exclude<TensorValues, Uint8Array[]>;
  return Buffer.from(typed.buffer, typed.byteOffset, typed.byteLength);
}
