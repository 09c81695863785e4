// Page decompression for the codecs the native reader supports. Every codec decodes to exactly
// the size the page header states, and sizes a hostile page could not reach are refused before
// anything is allocated (a decompression bomb ends in an error, not in gigabytes of memory).
import { brotliDecompressSync, unzipSync } from 'node:zlib';
import { invalidParquet } from '../parquet-errors';
import { lz4RawDecompress } from './lz4-raw';
import { snappyDecompress } from './snappy';

/** CompressionCodec values. */
export const Codec = {
  UNCOMPRESSED: 0,
  SNAPPY: 1,
  GZIP: 2,
  LZO: 3,
  BROTLI: 4,
  LZ4: 5,
  ZSTD: 6,
  LZ4_RAW: 7,
} as const;

const codecNames = ['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'LZO', 'BROTLI', 'LZ4', 'ZSTD', 'LZ4_RAW'];

/** The name of codec `codec`, for messages. */
export function codecName(codec: number): string {
  return codecNames[codec] ?? `codec ${codec}`;
}

/** True for the codecs {@link decompressPage} decodes. */
export function isSupportedCodec(codec: number): boolean {
  return (
    codec === Codec.UNCOMPRESSED ||
    codec === Codec.SNAPPY ||
    codec === Codec.GZIP ||
    codec === Codec.BROTLI ||
    codec === Codec.ZSTD ||
    codec === Codec.LZ4_RAW
  );
}

/** zstddec's decoder, typed by shape. */
interface ZstdDecoderLike {
  init(): Promise<void>;
  decode(input: Uint8Array, uncompressedSize?: number): Uint8Array;
}

// A variable, so bundlers keep a real dynamic import in the CommonJS build (zstddec is ESM-only).
const zstdSpecifier = 'zstddec';
let zstd: Promise<ZstdDecoderLike> | undefined;
let zstdReady: ZstdDecoderLike | undefined;

/** Loads and initialises zstddec once (its wasm is compiled on first use). */
export function loadZstd(): Promise<ZstdDecoderLike> {
  zstd ??= (
    import(/* @vite-ignore */ zstdSpecifier) as Promise<{ ZSTDDecoder: new () => ZstdDecoderLike }>
  )
    .then(async module => {
      const decoder = new module.ZSTDDecoder();
      await decoder.init();
      zstdReady = decoder;
      return decoder;
    })
    .catch(error => {
      zstd = undefined;
      throw error;
    });
  return zstd;
}

/**
 * The largest output a compressed block of `size` bytes can honestly decode to, per codec:
 * Snappy copies at most 64 bytes per 2-byte tag, LZ4 adds 255 bytes per length byte, a zstd
 * block header of 3 bytes yields at most 128 KiB. Deflate and Brotli stream their output
 * under a cap instead.
 */
function honestLimit(codec: number, size: number): number {
  if (codec === Codec.SNAPPY) return size * 32 + 32;
  if (codec === Codec.LZ4_RAW) return size * 256 + 64;
  if (codec === Codec.ZSTD) return size * 43_691 + 1024;
  return Number.POSITIVE_INFINITY;
}

/** The Frame_Content_Size of the zstd frame at the start of `input`, or -1 when not stated. */
function zstdContentSize(input: Uint8Array): number {
  if (
    input.length < 6 ||
    input[0] !== 0x28 ||
    input[1] !== 0xb5 ||
    input[2] !== 0x2f ||
    input[3] !== 0xfd
  )
    throw invalidParquet('A ZSTD page does not start with a zstd frame.');
  const descriptor = input[4] as number;
  const sizeFlag = descriptor >> 6;
  const singleSegment = (descriptor >> 5) & 1;
  const dictionaryBytes = [0, 1, 2, 4][descriptor & 3] as number;
  let at = 5 + (singleSegment ? 0 : 1) + dictionaryBytes;
  const sizeBytes = sizeFlag === 0 ? singleSegment : ([0, 2, 4, 8][sizeFlag] as number);
  if (sizeBytes === 0) return -1;
  if (at + sizeBytes > input.length)
    throw invalidParquet('A ZSTD page ends inside its frame header.');
  let size = 0;
  for (let index = 0; index < sizeBytes; index++, at++)
    size += (input[at] as number) * 2 ** (8 * index);
  return sizeBytes === 2 ? size + 256 : size;
}

/**
 * True when a ZSTD page of `input` may honestly inflate to `expected` bytes (the checks
 * {@link decompressPage} runs before allocating), so it can be handed to a worker; a page that
 * fails them is left to `decompressPage`, which reports why.
 */
export function zstdPageFits(input: Uint8Array, expected: number): boolean {
  if (expected > honestLimit(Codec.ZSTD, input.length)) return false;
  try {
    const stated = zstdContentSize(input);
    return stated < 0 || stated === expected;
  } catch {
    return false;
  }
}

/**
 * Decompresses one page's `input` with `codec` into exactly `expected` bytes. ZSTD needs
 * {@link loadZstd} to have resolved first.
 *
 * @throws InvalidInputError `INVALID_PARQUET` when the data is corrupt, decodes to another
 *   size, or claims more than the codec could produce from it.
 */
export function decompressPage(codec: number, input: Uint8Array, expected: number): Uint8Array {
  if (codec === Codec.UNCOMPRESSED) {
    if (input.length !== expected)
      throw invalidParquet(
        `An uncompressed Parquet page holds ${input.length} bytes but claims ${expected}.`,
      );
    return input;
  }
  if (expected > honestLimit(codec, input.length)) {
    throw invalidParquet(
      `A ${codecName(codec)} page of ${input.length} bytes claims ${expected} bytes uncompressed: more than the codec can produce (a decompression bomb or a corrupt header).`,
    );
  }
  let output: Uint8Array;
  try {
    if (codec === Codec.SNAPPY) return snappyDecompress(input, expected);
    if (codec === Codec.LZ4_RAW) return lz4RawDecompress(input, expected);
    if (codec === Codec.ZSTD) {
      const stated = zstdContentSize(input);
      if (stated >= 0 && stated !== expected)
        throw invalidParquet(
          `A ZSTD page holds ${stated} bytes, but its header claims ${expected}.`,
        );
      if (!zstdReady) throw new Error('zstddec is not loaded');
      output = zstdReady.decode(input, expected);
    } else if (codec === Codec.GZIP) {
      output = unzipSync(input, { maxOutputLength: Math.max(1, expected) });
    } else if (codec === Codec.BROTLI) {
      output = brotliDecompressSync(input, { maxOutputLength: Math.max(1, expected) });
    } else {
      throw invalidParquet(`The native Parquet reader cannot decompress ${codecName(codec)}.`);
    }
  } catch (cause) {
    if ((cause as { code?: unknown })?.code === 'INVALID_PARQUET') throw cause;
    throw invalidParquet(
      `A ${codecName(codec)} page cannot be decompressed: ${String((cause as Error)?.message ?? cause)}`,
      cause,
    );
  }
  if (output.length !== expected) {
    throw invalidParquet(
      `A ${codecName(codec)} page decodes to ${output.length} bytes, but its header claims ${expected}.`,
    );
  }
  return output;
}
