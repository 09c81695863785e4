import { InvalidInputError } from '@ballast/contracts';
import { excerpt } from './excerpt';

const encoder = new TextEncoder();
// `fatal` makes invalid UTF-8 throw instead of turning into U+FFFD: a replacement character
// would silently change the bytes a client gets back.
const strictDecoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Encodes strings as UTF-8 BYTES elements, the form models receive BYTES tensors in.
 *
 * @example
 * ```ts
 * encodeUtf8Elements(['héllo']); // [Uint8Array(6) [104, 195, 169, 108, 108, 111]]
 * ```
 */
export function encodeUtf8Elements(strings: readonly string[]): Uint8Array[] {
  const elements: Uint8Array[] = [];
  for (const text of strings) elements.push(encoder.encode(text));
  return elements;
}

/**
 * Decodes BYTES elements that hold UTF-8 text. An element that is not valid UTF-8 is an
 * `InvalidInputError` with code `BYTES_NOT_UTF8` naming the tensor and the element index,
 * never a silently replaced character.
 *
 * @example
 * ```ts
 * const [prompt] = decodeUtf8Elements(inputs.prompt.data as Uint8Array[], 'prompt');
 * ```
 */
export function decodeUtf8Elements(
  elements: readonly Uint8Array[],
  tensorName = 'tensor',
): string[] {
  const strings: string[] = [];
  for (let index = 0; index < elements.length; index++) {
    const element = elements[index] as Uint8Array;
    try {
      strings.push(strictDecoder.decode(element));
    } catch (cause) {
      throw new InvalidInputError({
        code: 'BYTES_NOT_UTF8',
        message: `BYTES tensor "${excerpt(tensorName)}" element ${index} is not valid UTF-8 text.`,
        details: { field: tensorName, index },
        cause,
      });
    }
  }
  return strings;
}
