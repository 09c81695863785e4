// Fuzzing: real files with bytes flipped, cut or overwritten anywhere (pages, headers, footer).
// Whatever the damage, the native reader returns a table or a typed InvalidInputError.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readParquetTable } from '../read-parquet';

const fixture = (name: string) =>
  readFileSync(
    fileURLToPath(new URL(`../../__fixtures__/parquet/native/${name}`, import.meta.url)),
  );

const files = [
  'matrix-none-fallback-v1.parquet',
  'matrix-snappy-dict-v2.parquet',
  'matrix-zstd-dict-v1.parquet',
  'matrix-gzip-plain-v2.parquet',
  'matrix-lz4-fallback-v2.parquet',
  'encodings-v1.parquet',
  'encodings-v2.parquet',
].map(fixture);

const allowed = new Set(['INVALID_PARQUET', 'PARQUET_UNSUPPORTED']);

async function outcome(bytes: Uint8Array): Promise<string> {
  try {
    const table = await readParquetTable(bytes, { engine: 'native', dictionaries: 'keep' });
    return `rows ${table.numRows}`;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code && allowed.has(code)) return code;
    throw error;
  }
}

describe('corrupted files (fast-check)', () => {
  it('flipped bytes anywhere give a table or INVALID_PARQUET / PARQUET_UNSUPPORTED', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(files.length - 1),
        fc.array(
          fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 255 })),
          {
            minLength: 1,
            maxLength: 8,
          },
        ),
        async (which, flips) => {
          const bytes = Uint8Array.from(files[which] as Uint8Array);
          // Most flips land in the pages; the footer is the last ~10%.
          for (const [where, value] of flips)
            bytes[Math.min(bytes.length - 1, Math.floor(where * bytes.length))] = value;
          expect(await outcome(bytes)).toBeTypeOf('string');
        },
      ),
      { numRuns: 250 },
    );
  });

  it('every cut of a file with its footer kept gives a typed outcome', async () => {
    const whole = files[2] as Uint8Array;
    const footerLength = new DataView(whole.buffer, whole.byteOffset).getUint32(
      whole.length - 8,
      true,
    );
    const footer = whole.subarray(whole.length - footerLength - 8);
    // Remove a span of the data region: every later offset now points at the wrong bytes.
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 4, max: whole.length - footerLength - 9 }),
        fc.integer({ min: 1, max: 64 }),
        async (start, length) => {
          const data = whole.subarray(0, whole.length - footerLength - 8);
          const cut = new Uint8Array(
            data.length - Math.min(length, data.length - start) + footer.length,
          );
          cut.set(data.subarray(0, start), 0);
          cut.set(data.subarray(Math.min(data.length, start + length)), start);
          cut.set(footer, cut.length - footer.length);
          expect(await outcome(cut)).toBeTypeOf('string');
        },
      ),
      { numRuns: 100 },
    );
  });
});
