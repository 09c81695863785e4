// Abort fuzzer: damaged copies of every Parquet fixture are read in a child process, engines
// 'auto' and 'native'. parquet-wasm aborts the process (an uncatchable Rust panic) on some
// corrupt files, so a read must either succeed or fail with a typed error before parquet-wasm
// sees such a file. An abort here kills only the child; the test names the case.
// Deeper runs by hand: BALLAST_FUZZ_SEED=1 BALLAST_FUZZ_PER_FILE=150 (the default run is
// bounded; such runs still find aborts in pages of columns only parquet-wasm decodes).
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tsxLoaderUrl } from '@ballast/test-utils/tsx-loader';
import { describe, expect, it } from 'vitest';
import type { FuzzCase } from './fuzz-child';

const fixtures = fileURLToPath(new URL('../../__fixtures__/parquet/', import.meta.url));
const childScript = fileURLToPath(new URL('./fuzz-child.ts', import.meta.url));
const packageRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const dataValidationFixtures = fileURLToPath(
  new URL('../../../../../data-validation/src/__fixtures__/', import.meta.url),
);

function parquetFiles(): string[] {
  const list = (dir: string) =>
    readdirSync(dir)
      .filter(name => name.endsWith('.parquet'))
      .sort()
      .map(name => `${dir}${name}`);
  const extra = ['columnar.parquet', 'parity.parquet']
    .map(name => `${dataValidationFixtures}${name}`)
    .filter(path => {
      try {
        readFileSync(path);
        return true;
      } catch {
        return false;
      }
    });
  return [...list(fixtures), ...list(`${fixtures}native/`), ...extra];
}

/** A seeded uniform generator (mulberry32): the same cases on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** The seeded cases: per file, byte flips (two in three in the footer) and cuts. */
function fuzzCases(perFile: number): FuzzCase[] {
  const random = seeded(Number(process.env.BALLAST_FUZZ_SEED ?? 20261207));
  const cases: FuzzCase[] = [];
  for (const file of parquetFiles()) {
    const bytes = readFileSync(file);
    if (bytes.length < 12) continue;
    const footerLength = Math.min(bytes.readUInt32LE(bytes.length - 8) + 8, bytes.length);
    for (let draw = 0; draw < perFile; draw++) {
      const span = random() < 2 / 3 ? footerLength : bytes.length;
      const offset = bytes.length - span + Math.floor(random() * span);
      const base = {
        id: cases.length,
        file,
        engine: random() < 0.5 ? ('auto' as const) : ('native' as const),
        dictionaries: random() < 0.5 ? ('keep' as const) : ('decode' as const),
      };
      // One case in ten cuts the file (the footer is then read from the wrong bytes).
      if (random() < 0.1) cases.push({ ...base, flips: [], cut: offset });
      else {
        const mask = 1 + Math.floor(random() * 255);
        cases.push({ ...base, flips: [[offset, (bytes[offset] as number) ^ mask]] });
      }
    }
  }
  return cases;
}

interface ChildRun {
  outcomes: Map<number, string>;
  /** The case running when the child died, with its exit code or signal. */
  died?: { id: number; exit: string; stderr: string };
}

function runChild(cases: FuzzCase[]): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsxLoaderUrl(), childScript], {
      cwd: packageRoot,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const outcomes = new Map<number, string>();
    let running: number | undefined;
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const lines = stdout.split('\n');
      stdout = lines.pop() ?? '';
      for (const line of lines) {
        const [kind, id, ...rest] = line.split(' ');
        if (kind === 'start') running = Number(id);
        else if (kind === 'done') {
          outcomes.set(Number(id), rest.join(' '));
          running = undefined;
        }
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-2000);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0 && running === undefined) resolve({ outcomes });
      else
        resolve({
          outcomes,
          died: { id: running ?? -1, exit: signal ?? String(code), stderr },
        });
    });
    // A child that dies mid-run stops reading: the rest of the input is not needed.
    child.stdin.on('error', () => {});
    child.stdin.end(cases.map(fuzz => JSON.stringify(fuzz)).join('\n'));
  });
}

/** Runs every case, restarting the child after a case that killed it. */
async function runAll(cases: FuzzCase[]) {
  const outcomes = new Map<number, string>();
  const deaths: Array<{ fuzz: FuzzCase; exit: string; stderr: string }> = [];
  let pending = cases;
  while (pending.length > 0) {
    const run = await runChild(pending);
    for (const [id, outcome] of run.outcomes) outcomes.set(id, outcome);
    if (!run.died) break;
    const { id, exit, stderr } = run.died;
    const at = pending.findIndex(fuzz => fuzz.id === id);
    if (at < 0) throw new Error(`The fuzz child died outside a case (${exit}): ${stderr}`);
    deaths.push({ fuzz: pending[at] as FuzzCase, exit, stderr });
    pending = pending.slice(at + 1);
  }
  return { outcomes, deaths };
}

const typed =
  /^(table \d+|error (INVALID_PARQUET|PARQUET_UNSUPPORTED|ARROW_TYPE_UNSUPPORTED)( |$))/;

describe('damaged Parquet files never abort the process', () => {
  it('flips and cuts of every fixture give a table or a typed error', {
    timeout: 120_000,
  }, async () => {
    const cases = fuzzCases(Number(process.env.BALLAST_FUZZ_PER_FILE ?? 8));
    const { outcomes, deaths } = await runAll(cases);
    const describeCase = (fuzz: FuzzCase) =>
      `${fuzz.file.slice(fuzz.file.lastIndexOf('/') + 1)} ${fuzz.cut === undefined ? `flip ${JSON.stringify(fuzz.flips)}` : `cut ${fuzz.cut}`} engine ${fuzz.engine} dictionaries ${fuzz.dictionaries}`;
    expect(deaths.map(death => `${describeCase(death.fuzz)}: exit ${death.exit}`)).toEqual([]);
    const untyped = cases
      .filter(fuzz => !typed.test(outcomes.get(fuzz.id) ?? 'missing'))
      .map(fuzz => `${describeCase(fuzz)}: ${outcomes.get(fuzz.id)}`);
    expect(untyped).toEqual([]);
    expect(outcomes.size).toBe(cases.length);
  });

  it('the flips that aborted before are INVALID_PARQUET', { timeout: 60_000 }, async () => {
    const dv = (name: string) => `${dataValidationFixtures}${name}`;
    const found: Array<[string, number, number]> = [
      // An ARROW:schema field turned into a Map without children.
      [`${fixtures}typed.parquet`, 5449, 69],
      // Page encodings outside the enum, or BIT_PACKED for values.
      [`${fixtures}native/matrix-brotli-dict-v1.parquet`, 2816, 48],
      [`${fixtures}native/random-09.parquet`, 5008, 86],
      [`${fixtures}native/random-22.parquet`, 278, 212],
      [`${fixtures}native/random-27.parquet`, 2710, 8],
      // Column chunk sizes reaching into the next chunk.
      [`${fixtures}exotic.parquet`, 1294, 228],
      [`${fixtures}exotic.parquet`, 1729, 208],
      [`${fixtures}exotic.parquet`, 1815, 9],
      // Corrupt pages of flat columns in a file parquet-wasm reads (a nested column).
      [dv('parity.parquet'), 8900, 177],
      [dv('parity.parquet'), 33886, 158],
      [dv('parity.parquet'), 46694, 244],
      // A flat string column's dictionary page left holding bytes that are not UTF-8: the native
      // reader keeps them, parquet-wasm traps on them (uncatchably) while reading the file.
      [dv('parity.parquet'), 11894, 175],
    ];
    const cases: FuzzCase[] = found.map(([file, offset, value], id) => ({
      id,
      file,
      flips: [[offset, value]],
      engine: 'auto',
      dictionaries: 'decode',
    }));
    const { outcomes, deaths } = await runAll(cases);
    expect(deaths.map(death => death.fuzz.id)).toEqual([]);
    for (const fuzz of cases) expect(outcomes.get(fuzz.id)).toMatch(/^error INVALID_PARQUET /);
  });
});
