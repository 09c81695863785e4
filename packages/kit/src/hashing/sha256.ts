import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { canonicalJson } from './canonical-json';

/**
 * The lowercase hex SHA-256 of a string or of the canonical JSON of a value.
 *
 * A string is hashed as its UTF-8 bytes, not as a JSON string literal, so
 * `sha256Of(text) === sha256Hex(text)`.
 *
 * @example
 * ```ts
 * const digest = sha256Of({ kind: 'Evidence' }); // 64 hex characters
 * ```
 */
export function sha256Of(value: unknown): string {
  const text = typeof value === 'string' ? value : canonicalJson(value);
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * The lowercase hex SHA-256 of raw bytes, or of a string's UTF-8 bytes.
 *
 * @example
 * ```ts
 * sha256Hex(new Uint8Array([1, 2, 3]));
 * ```
 */
export function sha256Hex(data: string | Uint8Array): string {
  const hash = createHash('sha256');
  if (typeof data === 'string') hash.update(data, 'utf8');
  else hash.update(data);
  return hash.digest('hex');
}

/** Digest and byte size of a file, as returned by {@link sha256File}. */
export interface FileDigest {
  /** Lowercase hex SHA-256 of the file's bytes. */
  sha256: string;
  /** Number of bytes read. */
  size: number;
}

/**
 * Streams a file through SHA-256, so files larger than memory can be hashed. The size is the
 * number of bytes actually hashed, which stays consistent with the digest even if the file
 * changes while it is read.
 *
 * @example
 * ```ts
 * const { sha256, size } = await sha256File('model.onnx');
 * ```
 */
export async function sha256File(path: string): Promise<FileDigest> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path)) {
    const bytes = chunk as Buffer;
    size += bytes.byteLength;
    hash.update(bytes);
  }
  return { sha256: hash.digest('hex'), size };
}
