// The Parquet files generate.py writes, named for the tests of kit and of the packages reading
// Parquet through it.
import { fileURLToPath } from 'node:url';

/** Files whose magic bytes or footer length are wrong: refused before parquet-wasm opens them. */
export const badFrameParquetFiles = [
  'empty.parquet',
  'magic-only.parquet',
  'truncated.parquet',
  'bad-magic.parquet',
  'footer-too-long.parquet',
] as const;

/** Every file that is not Parquet or is cut or corrupt: readers refuse each with `INVALID_PARQUET`. */
export const corruptParquetFiles = [
  ...badFrameParquetFiles,
  'footer-too-short.parquet',
  'footer-garbled.parquet',
  'footer-bool-bomb.parquet',
  'footer-deep.parquet',
] as const;

/** The absolute path of fixture `name`. */
export function parquetFixture(name: string): string {
  return fileURLToPath(new URL(name, import.meta.url));
}
