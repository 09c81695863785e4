// Child process of the abort fuzzer (abort-fuzz.test.ts): reads each case it is sent and
// prints one line per case. It runs apart from the test so that a parquet-wasm abort (an
// uncatchable Rust panic) kills only this process; the parent sees which case was running.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { readParquetTable } from '../read-parquet';

/** One read of a damaged file. */
export interface FuzzCase {
  id: number;
  file: string;
  /** [offset, value] pairs written over the file's bytes. */
  flips: Array<[number, number]>;
  /** Keep only this many bytes (after the flips). */
  cut?: number;
  engine: 'auto' | 'native';
  dictionaries: 'keep' | 'decode';
}

const files = new Map<string, Uint8Array>();

async function run(fuzz: FuzzCase): Promise<string> {
  let whole = files.get(fuzz.file);
  if (!whole) {
    whole = new Uint8Array(readFileSync(fuzz.file));
    files.set(fuzz.file, whole);
  }
  const bytes = Uint8Array.from(whole);
  for (const [offset, value] of fuzz.flips) bytes[offset] = value;
  try {
    const table = await readParquetTable(
      fuzz.cut === undefined ? bytes : bytes.subarray(0, fuzz.cut),
      {
        engine: fuzz.engine,
        dictionaries: fuzz.dictionaries,
        parquetWasm: () => import('parquet-wasm/node'),
      },
    );
    return `table ${table.numRows}`;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string'
      ? `error ${code} ${(error as Error).message}`
      : `untyped ${String(error)}`;
  }
}

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line) continue;
  const fuzz = JSON.parse(line) as FuzzCase;
  process.stdout.write(`start ${fuzz.id}\n`);
  process.stdout.write(`done ${fuzz.id} ${await run(fuzz)}\n`);
}
