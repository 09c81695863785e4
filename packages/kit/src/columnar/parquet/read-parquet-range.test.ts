import { describe, expect, it } from 'vitest';
import { CMemory } from '../__fixtures__/c-memory';
import { readNumbers } from '../read-numbers';
import type { ParquetFooter } from './parquet-footer';
import type { ParquetWasmLike } from './read-parquet';
import { readParquetRange } from './read-parquet-range';

/** Two row groups (date 1..4 and 5..8); the fake reader returns whichever groups are asked for. */
function fixture() {
  const groups = [
    { date: [1n, 2n, 3n, 4n], delay: [10n, 20n, 30n, 40n] },
    { date: [5n, 6n, 7n, 8n], delay: [50n, 60n, 70n, 80n] },
  ];
  const memory = new CMemory();
  const fieldSchemas = { date: memory.schema('tsu:', 'date'), delay: memory.schema('l', 'delay') };
  const requests: Array<{ columns?: string[]; rowGroups?: number[] }> = [];
  const module: ParquetWasmLike = {
    ParquetFile: {
      fromFile: async () => ({
        read: async (options = {}) => {
          requests.push(options);
          const names = (['date', 'delay'] as const).filter(
            name => !options.columns || options.columns.includes(name),
          );
          const schema = memory.schema(
            '+s',
            '',
            names.map(name => fieldSchemas[name]),
          );
          const arrays = (options.rowGroups ?? [0, 1]).map(index => {
            const group = groups[index] as (typeof groups)[number];
            const children = names.map(name =>
              memory.array(4, 0, 0, [0, memory.bytesOf(BigInt64Array.from(group[name]))]),
            );
            return memory.array(4, 0, 0, [0], children);
          });
          return {
            intoFFI: () => ({
              arrayAddrs: () => Uint32Array.from(arrays),
              schemaAddr: () => schema,
              free: () => undefined,
            }),
          };
        },
        stream: async () => new ReadableStream(),
        metadata: () => ({ numRowGroups: () => 2, free: () => undefined }),
        schema: () => ({
          indexOf: (name: string) => ['date', 'delay'].indexOf(name),
          free: () => undefined,
        }),
        free: () => undefined,
      }),
    },
    wasmMemory: () => ({ buffer: memory.buffer }),
  };
  const statistics = (min: number, max: number) =>
    new Map([['date', { physicalType: 'INT64', min, max, nullCount: 0 }]]);
  const footer: ParquetFooter = {
    numRows: 8,
    rowGroups: [
      { numRows: 4, columns: statistics(1, 4) },
      { numRows: 4, columns: statistics(5, 8) },
    ],
  };
  return { module, footer, requests };
}

// The smallest frame that passes the magic and footer-length checks (the fake ignores it).
const bytes = new Uint8Array([0x50, 0x41, 0x52, 0x31, 0, 0, 0, 0, 0x50, 0x41, 0x52, 0x31]);

describe('readParquetRange', () => {
  it('decodes only the overlapping row groups and keeps the rows in range', async () => {
    const { module, footer, requests } = fixture();
    const table = await readParquetRange(bytes, 'date', 6, 7, {
      columns: ['delay'],
      footer,
      engine: 'parquet-wasm',
      parquetWasm: module,
    });
    expect(requests).toEqual([{ batchSize: 1 << 20, columns: ['delay', 'date'], rowGroups: [1] }]);
    expect(table.schema.fields.map(field => field.name)).toEqual(['delay']);
    expect(Array.from(readNumbers(table.getChild('delay') as never).values)).toEqual([60, 70]);
  });

  it('keeps row order across groups and returns every column without `columns`', async () => {
    const { module, footer } = fixture();
    const table = await readParquetRange(bytes, 'date', 3, 6, {
      footer,
      engine: 'parquet-wasm',
      parquetWasm: module,
    });
    expect(table.schema.fields.map(field => field.name)).toEqual(['date', 'delay']);
    expect(Array.from(readNumbers(table.getChild('delay') as never).values)).toEqual([
      30, 40, 50, 60,
    ]);
  });

  it('returns an empty table when no group overlaps, and refuses an unknown column', async () => {
    const { module, footer } = fixture();
    const empty = await readParquetRange(bytes, 'date', 100, 200, {
      columns: ['delay'],
      footer,
      engine: 'parquet-wasm',
      parquetWasm: module,
    });
    expect(empty.numRows).toBe(0);
    await expect(
      readParquetRange(bytes, 'when', 0, 1, {
        footer,
        engine: 'parquet-wasm',
        parquetWasm: module,
      }),
    ).rejects.toMatchObject({ code: 'COLUMN_NOT_FOUND' });
  });
});
