import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BallastError, InvalidInputError } from '@ballast/contracts';
import { Dictionary, Int32, Table, tableToIPC, Utf8, vectorFromArray } from 'apache-arrow';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { defineSuite } from '../suite/suite-builder';
import { validate } from '../validate';
import { readArrowIpc } from './read-arrow-ipc';

const directory = mkdtempSync(join(tmpdir(), 'ballast-dv-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

let written = 0;
const file = (content: Uint8Array) => {
  const path = join(directory, `f${written++}.arrow`);
  writeFileSync(path, content);
  return path;
};

const table = new Table({
  n: vectorFromArray([1, null, 3, 4], new Int32()),
  s: vectorFromArray(['a', 'bb', null, 'é'], new Utf8()),
  c: vectorFromArray(['x', 'y', 'x', null], new Dictionary(new Utf8(), new Int32())),
});
const formats = {
  file: tableToIPC(table, 'file'),
  stream: tableToIPC(table, 'stream'),
};
const suite = defineSuite('fuzz')
  .expect('expect_column_values_to_not_be_null', { column: 'n' })
  .expect('expect_column_values_to_match_regex', { column: 's', regex: '^[a-z]+$' })
  .expect('expect_column_values_to_be_in_set', { column: 'c', value_set: ['x', 'y'] })
  .build();

/** Reads every batch; returns the row count, or the error the reader ended with. */
async function outcome(path: string): Promise<number | unknown> {
  try {
    let rows = 0;
    for await (const batch of readArrowIpc(path)) rows += batch.numRows;
    await validate(suite, readArrowIpc(path));
    return rows;
  } catch (error) {
    return error;
  }
}

describe('readArrowIpc on damaged input', () => {
  it('refuses a zero-length file with a typed error', async () => {
    const path = file(new Uint8Array(0));
    const error = await outcome(path);
    expect(InvalidInputError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'INVALID_ARROW_FILE', details: { path } });
  });

  it.each(['file', 'stream'] as const)('reads the %s format whole', async format => {
    expect(await outcome(file(formats[format]))).toBe(4);
  });

  it('refuses a truncated or garbled stream-format file with a typed error', async () => {
    const stream = formats.stream;
    const garbled = Uint8Array.from(stream);
    // The schema message's length prefix now points far past the end of the file.
    new DataView(garbled.buffer).setInt32(4, 1 << 30, true);
    for (const bytes of [stream.subarray(0, stream.length - 40), garbled, Uint8Array.of(1, 2)]) {
      const error = await outcome(file(bytes));
      expect(error).toMatchObject({ code: 'INVALID_ARROW_FILE' });
    }
  });

  it('refuses a batch that declares more rows than its buffers hold', async () => {
    const bytes = Uint8Array.from(formats.file);
    const view = new DataView(bytes.buffer);
    // The record batch's `length` (int64 in its flatbuffer header) is 4: make every
    // little-endian int64 equal to 4 in the file claim 2^40 rows instead.
    let patched = 0;
    for (let offset = 8; offset + 8 <= bytes.length - 10; offset += 8) {
      if (view.getBigInt64(offset, true) === 4n) {
        view.setBigInt64(offset, 1n << 40n, true);
        patched++;
      }
    }
    expect(patched).toBeGreaterThan(0);
    expect(await outcome(file(bytes))).toMatchObject({ code: 'INVALID_ARROW_FILE' });
  });

  it('ends every mutated file in a result or a typed error (bit flips, truncation, garbage)', async () => {
    const mutation = fc.oneof(
      fc.record({
        kind: fc.constant('flip' as const),
        bits: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 7 })), {
          minLength: 1,
          maxLength: 6,
        }),
      }),
      fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
      fc.record({
        kind: fc.constant('garbage' as const),
        bytes: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 12,
        }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('file', 'stream'), mutation, async (format, change) => {
        const source = formats[format as keyof typeof formats];
        let bytes = Uint8Array.from(source);
        if (change.kind === 'flip') {
          for (const [at, bit] of change.bits) bytes[at % bytes.length]! ^= 1 << bit;
        } else if (change.kind === 'truncate') {
          bytes = bytes.subarray(0, change.at % bytes.length);
        } else {
          for (const [at, value] of change.bytes) bytes[at % bytes.length] = value;
        }
        const result = await outcome(file(bytes));
        if (typeof result === 'number') return;
        expect(BallastError.isInstance(result), String(result)).toBe(true);
        expect((result as BallastError).code).toMatch(
          /^(INVALID_ARROW_FILE|COLUMN_TYPE_MISMATCH|INVALID_SUITE)$/,
        );
      }),
      { numRuns: 300, seed: 20_261_207 },
    );
  });
});
