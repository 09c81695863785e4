import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidInputError } from '@ballast/contracts';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { corruptParquetFiles, parquetFixture } from '../__fixtures__/parquet/parquet-fixtures';
import {
  type ParquetRowGroupInfo,
  readParquetFileFooter,
  readParquetFooter,
  rowGroupsInRange,
} from './parquet-footer';

/** Writes Thrift compact protocol, enough to build a Parquet FileMetaData. */
class CompactWriter {
  readonly out: number[] = [];
  private lastIds: number[] = [0];
  varint(value: number): void {
    let rest = value;
    while (rest >= 0x80) {
      this.out.push((rest % 128) | 0x80);
      rest = Math.floor(rest / 128);
    }
    this.out.push(rest);
  }
  zigzag(value: number): void {
    this.varint(value >= 0 ? value * 2 : -value * 2 - 1);
  }
  field(id: number, type: number): void {
    const last = this.lastIds[this.lastIds.length - 1] as number;
    const delta = id - last;
    if (delta > 0 && delta <= 15) this.out.push((delta << 4) | type);
    else {
      this.out.push(type);
      this.zigzag(id);
    }
    this.lastIds[this.lastIds.length - 1] = id;
  }
  binary(bytes: Uint8Array): void {
    this.varint(bytes.length);
    this.out.push(...bytes);
  }
  text(value: string): void {
    this.binary(new TextEncoder().encode(value));
  }
  list(type: number, size: number): void {
    if (size < 15) this.out.push((size << 4) | type);
    else {
      this.out.push(0xf0 | type);
      this.varint(size);
    }
  }
  struct(write: () => void): void {
    this.lastIds.push(0);
    write();
    this.out.push(0);
    this.lastIds.pop();
  }
}

function int64Bytes(value: number): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigInt64(0, BigInt(value), true);
  return bytes;
}

interface Group {
  rows: number;
  date: [number, number];
  name: [string, string];
}

function parquetBytes(groups: readonly Group[]): Uint8Array {
  const w = new CompactWriter();
  w.struct(() => {
    w.field(1, 5);
    w.zigzag(1);
    w.field(2, 9);
    w.list(12, 1);
    w.struct(() => {
      w.field(4, 8);
      w.text('schema');
    });
    w.field(3, 6);
    w.zigzag(groups.reduce((sum, group) => sum + group.rows, 0));
    w.field(4, 9);
    w.list(12, groups.length);
    for (const group of groups) {
      w.struct(() => {
        w.field(1, 9);
        w.list(12, 2);
        const chunk = (type: number, path: string, min: Uint8Array, max: Uint8Array) =>
          w.struct(() => {
            w.field(2, 6);
            w.zigzag(4);
            w.field(3, 12);
            w.struct(() => {
              w.field(1, 5);
              w.zigzag(type);
              w.field(2, 9);
              w.list(5, 2);
              w.zigzag(0);
              w.zigzag(8);
              w.field(3, 9);
              w.list(8, 1);
              w.text(path);
              w.field(4, 5);
              w.zigzag(6);
              w.field(12, 12);
              w.struct(() => {
                w.field(3, 6);
                w.zigzag(0);
                w.field(5, 8);
                w.binary(max);
                w.field(6, 8);
                w.binary(min);
              });
            });
          });
        chunk(2, 'date', int64Bytes(group.date[0]), int64Bytes(group.date[1]));
        const encoder = new TextEncoder();
        chunk(6, 'name', encoder.encode(group.name[0]), encoder.encode(group.name[1]));
        w.field(3, 6);
        w.zigzag(group.rows);
      });
    }
    w.field(5, 9);
    w.list(12, 1);
    w.struct(() => {
      w.field(1, 8);
      w.text('key');
      w.field(2, 8);
      w.text('value');
    });
    w.field(6, 8);
    w.text('ballast test');
  });
  const footer = Uint8Array.from(w.out);
  const bytes = new Uint8Array(4 + 16 + footer.length + 8);
  bytes.set([0x50, 0x41, 0x52, 0x31], 0);
  bytes.set(footer, 20);
  new DataView(bytes.buffer).setUint32(20 + footer.length, footer.length, true);
  bytes.set([0x50, 0x41, 0x52, 0x31], bytes.length - 4);
  return bytes;
}

const groups: Group[] = [
  { rows: 10, date: [-5, 100], name: ['ABE', 'YAK'] },
  { rows: 20, date: [100, 2 ** 40], name: ['B', 'C'] },
  { rows: 5, date: [2 ** 40 + 1, 2 ** 52], name: ['ü', 'ü'] },
];

const directory = mkdtempSync(join(tmpdir(), 'kit-parquet-footer-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('readParquetFooter', () => {
  it('reads rows and min/max/null counts per row group, skipping other fields', () => {
    const footer = readParquetFooter(parquetBytes(groups));
    expect(footer.numRows).toBe(35);
    expect(footer.rowGroups.map(group => group.numRows)).toEqual([10, 20, 5]);
    expect(footer.rowGroups[1]?.columns.get('date')).toEqual({
      physicalType: 'INT64',
      nullCount: 0,
      min: 100,
      max: 2 ** 40,
    });
    expect(footer.rowGroups[2]?.columns.get('name')).toMatchObject({ min: 'ü', max: 'ü' });
  });

  it('picks the row groups whose range overlaps', () => {
    const footer = readParquetFooter(parquetBytes(groups));
    expect(rowGroupsInRange(footer, 'date', 100, 100)).toEqual([0, 1]);
    expect(rowGroupsInRange(footer, 'date', 2 ** 41, 2 ** 42)).toEqual([2]);
    expect(rowGroupsInRange(footer, 'name', 'BB', 'BZ')).toEqual([0, 1]);
    expect(rowGroupsInRange(footer, 'name', 'Z', 'ZZ')).toEqual([]);
    // No statistics for a column: every group is kept.
    expect(rowGroupsInRange(footer, 'missing', 0, 1)).toEqual([0, 1, 2]);
  });

  it('agrees with a direct check on random ranges (property)', () => {
    const footer = readParquetFooter(parquetBytes(groups));
    fc.assert(
      fc.property(fc.integer({ min: -10, max: 2 ** 53 }), fc.nat(2 ** 45), (low, width) => {
        const expected = groups.flatMap((group, index) =>
          group.date[1] < low || group.date[0] > low + width ? [] : [index],
        );
        expect(rowGroupsInRange(footer, 'date', low, low + width)).toEqual(expected);
      }),
    );
  });

  it('reads only the tail of a file on disk', async () => {
    const path = join(directory, 'groups.parquet');
    writeFileSync(path, parquetBytes(groups));
    const footer = await readParquetFileFooter(path);
    expect(footer.rowGroups.map(group => group.numRows)).toEqual([10, 20, 5]);
  });

  it('refuses what is not Parquet, and missing files, with typed errors', async () => {
    expect(() => readParquetFooter(new TextEncoder().encode('not a parquet file at all'))).toThrow(
      InvalidInputError,
    );
    const truncated = parquetBytes(groups).slice();
    new DataView(truncated.buffer).setUint32(truncated.length - 8, 1 << 30, true);
    expect(() => readParquetFooter(truncated)).toThrow(/outside the file/);
    await expect(readParquetFileFooter(join(directory, 'absent.parquet'))).rejects.toMatchObject({
      code: 'FILE_NOT_READABLE',
    });
  });

  it('never throws anything but InvalidInputError on corrupted footers (property)', () => {
    const bytes = parquetBytes(groups);
    fc.assert(
      fc.property(fc.nat(bytes.length - 29), fc.integer({ min: 0, max: 255 }), (at, value) => {
        const corrupted = bytes.slice();
        corrupted[20 + at] = value;
        try {
          readParquetFooter(corrupted);
        } catch (error) {
          expect(InvalidInputError.isInstance(error)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('readParquetFileFooter on real and hostile files (pyarrow, see __fixtures__/parquet/generate.py)', () => {
  const fixture = parquetFixture;

  it('reads row counts and statistics of a pyarrow file, unsigned columns in unsigned order', async () => {
    const footer = await readParquetFileFooter(fixture('typed.parquet'));
    expect(footer.numRows).toBe(10);
    expect(footer.rowGroups.map(group => group.numRows)).toEqual([5, 5]);
    const [first, second] = footer.rowGroups as [ParquetRowGroupInfo, ParquetRowGroupInfo];
    expect(first.columns.get('i64')).toMatchObject({
      min: Number(-(2n ** 53n) - 3n),
      max: Number(2n ** 62n + 12345n),
      nullCount: 1,
    });
    expect(second.columns.get('i64')).toMatchObject({ min: -(2 ** 63), max: 2 ** 63 });
    // uint64 statistics are written in unsigned order: 2^64 - 1 is the max, not -1.
    expect(first.columns.get('u64')).toMatchObject({ min: 0, max: 2 ** 64 });
    expect(second.columns.get('u64')).toMatchObject({ min: 1, max: Number(2n ** 53n + 1n) });
    expect(rowGroupsInRange(footer, 'u64', 2 ** 63, 2 ** 64)).toEqual([0]);
    expect(first.columns.get('s')).toMatchObject({ min: '', max: 'héllo' });
    expect(first.columns.get('allnull')).toEqual({
      physicalType: 'INT64',
      nullCount: 5,
      arrowType: 'l',
    });
    // Logical types, so a reader can tell a plain integer from a timestamp or an unsigned one.
    expect(first.columns.get('i64')?.logicalType).toBeUndefined();
    expect(first.columns.get('u64')?.logicalType).toBe('UINT_64');
    expect(first.columns.get('ts_us')?.logicalType).toBe('TIMESTAMP');
    expect(first.columns.get('d32')?.logicalType).toBe('DATE');
    expect(first.columns.get('s')?.logicalType).toBe('STRING');
    // pyarrow records the Arrow types: a second-unit timestamp over an INT64 of milliseconds.
    expect(first.columns.get('ts_s')?.arrowType).toBe('tss:');
    expect(first.columns.get('i64')?.arrowType).toBe('l');
    expect(first.columns.get('dict')).toMatchObject({ arrowType: 'u', arrowDictionary: true });
  });

  it('reads a file with no rows', async () => {
    const footer = await readParquetFileFooter(fixture('zero-rows.parquet'));
    expect(footer.numRows).toBe(0);
    expect(footer.rowGroups.every(group => group.numRows === 0)).toBe(true);
  });

  it.each(corruptParquetFiles)('refuses %s with INVALID_PARQUET, quickly', async name => {
    await expect(readParquetFileFooter(fixture(name))).rejects.toMatchObject({
      code: 'INVALID_PARQUET',
    });
    const bytes = new Uint8Array(readFileSync(fixture(name)));
    expect(() => readParquetFooter(bytes)).toThrow(InvalidInputError);
  });

  it('refuses a list of billions of booleans without walking it', () => {
    // 2^32 - 1 booleans in 8 bytes: skipped one by one, this spun for half a minute.
    const bomb = [0x19, 0xf1, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x00];
    expect(() => readParquetFooter(frame(bomb))).toThrow(/ends early/);
  });

  it('refuses a footer nested past any real depth instead of overflowing the stack', () => {
    expect(() => readParquetFooter(frame(new Array(50_000).fill(0x1c)))).toThrow(
      /nests too deeply/,
    );
  });

  it('fails only with InvalidInputError on any corruption of a real footer', () => {
    const original = new Uint8Array(readFileSync(fixture('typed.parquet')));
    const footerLength = new DataView(original.buffer).getUint32(original.length - 8, true);
    const footerStart = original.length - 8 - footerLength;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ at: fc.nat(footerLength - 1), byte: fc.integer({ min: 0, max: 255 }) }),
          { minLength: 1, maxLength: 6 },
        ),
        edits => {
          const bytes = original.slice();
          for (const { at, byte } of edits) bytes[footerStart + at] = byte;
          try {
            const footer = readParquetFooter(bytes);
            expect(footer.rowGroups.length).toBeLessThanOrEqual(footerLength);
          } catch (error) {
            expect(InvalidInputError.isInstance(error)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** `body` as the footer of an otherwise empty Parquet file. */
function frame(body: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(body.length + 12);
  bytes.set([0x50, 0x41, 0x52, 0x31], 0);
  bytes.set(body, 4);
  new DataView(bytes.buffer).setUint32(body.length + 4, body.length, true);
  bytes.set([0x50, 0x41, 0x52, 0x31], body.length + 8);
  return bytes;
}
