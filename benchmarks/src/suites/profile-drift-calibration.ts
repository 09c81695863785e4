// drift-stats: calibration of drift from a reference profile (issue 15, item 1). On current
// data drawn from the reference's distribution, how often does `detectDrift(profile, current)`
// report drift at the default k (1024) and the default exact limit (100 000 values)? Measured
// over seeded runs per cell (RUNS, default 200), for KS at α = 0.05 and Wasserstein at 0.1,
// on normal, lognormal and Pareto data; then the power of KS from the profile beside exact KS
// on the raw reference at a few shifts. Nothing here is timed.
//
//   pnpm --filter @ballast/benchmarks bench profile-drift-calibration
//   RUNS=40 node --import tsx benchmarks/src/suites/profile-drift-calibration.ts
import { fileURLToPath } from 'node:url';
import { detectDriftSync, profile } from '@ballast/drift-stats';
import { ks } from '@ballast/drift-stats/statistics';
import type { BenchmarkResult, BenchmarkRow } from '../results';
import { seededRandom } from '@ballast/test-utils/seeded-random';

const runs = Number(process.env.RUNS ?? 200);
const powerRuns = Number(process.env.POWER_RUNS ?? 40);
// Which distributions' null cells to run (default all), and whether to measure power.
const only = process.env.DISTRIBUTIONS?.split(',');
const withPower = process.env.POWER !== '0';

// The tests' seeded generator (mulberry32, Box–Muller), shared through test-utils.
const generator = (seed: number) => {
  const random = seededRandom(seed);
  return { next: random.next, normal: () => random.normal() };
};

type Distribution = 'normal' | 'lognormal' | 'pareto';

function sample(
  random: ReturnType<typeof generator>,
  distribution: Distribution,
  size: number,
  shift = 0,
): Float64Array {
  const values = new Float64Array(size);
  for (let index = 0; index < size; index += 1) {
    if (distribution === 'normal') values[index] = random.normal() + shift;
    else if (distribution === 'lognormal') values[index] = Math.exp(random.normal()) + shift;
    // Pareto with x_m = 1 and α = 2.5 (finite variance, heavy right tail).
    else values[index] = (1 - random.next()) ** (-1 / 2.5) + shift;
  }
  return values;
}

function sorted(values: Float64Array): Float64Array {
  return Float64Array.from(values).sort();
}

interface Cell {
  distribution: Distribution;
  referenceRows: number;
  currentRows: number[];
}

const cells: Cell[] = [
  {
    distribution: 'normal',
    referenceRows: 100_000,
    currentRows: [1_000, 10_000, 100_000, 1_000_000],
  },
  {
    distribution: 'normal',
    referenceRows: 1_000_000,
    currentRows: [1_000, 10_000, 100_000, 1_000_000],
  },
  { distribution: 'lognormal', referenceRows: 1_000_000, currentRows: [1_000, 10_000, 100_000] },
  { distribution: 'pareto', referenceRows: 1_000_000, currentRows: [1_000, 10_000, 100_000] },
];

interface Counts {
  ks: number;
  wasserstein: number;
  maxBound: number;
  kind: string;
}

function nullRates(cell: Cell): Map<number, Counts> {
  const counts = new Map(
    cell.currentRows.map(rows => [rows, { ks: 0, wasserstein: 0, maxBound: 0, kind: '' }]),
  );
  for (let run = 0; run < runs; run += 1) {
    const random = generator(run * 7919 + cell.referenceRows + cell.distribution.length);
    const reference = profile(
      { x: sample(random, cell.distribution, cell.referenceRows) },
      { seed: run },
    );
    for (const rows of cell.currentRows) {
      const current = { x: sample(random, cell.distribution, rows) };
      const ksColumn = detectDriftSync(reference, current, { methods: { x: 'ks' } }).columns[0];
      const wassersteinColumn = detectDriftSync(reference, current, {
        methods: { x: 'wasserstein' },
      }).columns[0];
      const entry = counts.get(rows) as Counts;
      if (ksColumn?.drifted) entry.ks += 1;
      if (wassersteinColumn?.drifted) entry.wasserstein += 1;
      entry.maxBound = Math.max(entry.maxBound, wassersteinColumn?.errorBound ?? 0);
      entry.kind = ksColumn?.approximation?.kind ?? 'none';
    }
  }
  return counts;
}

function percent(count: number, total: number): string {
  return `${((100 * count) / total).toFixed(1)}%`;
}

/** Power of KS from the profile and of exact KS on the raw reference, at shifts in σ units. */
function power(referenceRows: number, currentRows: number, shift: number) {
  let fromProfile = 0;
  let exact = 0;
  for (let run = 0; run < powerRuns; run += 1) {
    const random = generator(run * 104_729 + currentRows);
    const raw = sample(random, 'normal', referenceRows);
    const reference = profile({ x: raw }, { seed: run });
    const current = sample(random, 'normal', currentRows, shift);
    const report = detectDriftSync(reference, { x: current }, { methods: { x: 'ks' } });
    if (report.columns[0]?.drifted) fromProfile += 1;
    if ((ks(sorted(raw), sorted(current)).pValue as number) <= 0.05) exact += 1;
  }
  return { fromProfile, exact };
}

export async function run(): Promise<BenchmarkResult> {
  const rows: BenchmarkRow[] = [];
  const table = [
    `False drift at α = 0.05 (KS) and threshold 0.1 (Wasserstein), ${runs} seeded runs per cell, k = 1024, exactLimit 100 000, exactTail 1000:`,
    '',
    '| data | reference rows | current rows | reference from | KS false drift | Wasserstein false drift | max Wasserstein bound |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const cell of cells.filter(cell => !only || only.includes(cell.distribution))) {
    for (const [currentRows, counts] of nullRates(cell)) {
      rows.push({
        case: `${cell.distribution} ${cell.referenceRows} vs ${currentRows}`,
        subject: 'profile',
        metrics: {
          ksFalseDriftRate: counts.ks / runs,
          wassersteinFalseDriftRate: counts.wasserstein / runs,
          maxWassersteinBound: counts.maxBound,
        },
      });
      table.push(
        `| ${cell.distribution} | ${cell.referenceRows.toLocaleString('en')} | ${currentRows.toLocaleString('en')} | ${counts.kind} | ${percent(counts.ks, runs)} | ${percent(counts.wasserstein, runs)} | ${counts.maxBound.toFixed(4)} |`,
      );
      console.log(table.at(-1));
    }
  }
  table.push(
    '',
    `Power of KS at α = 0.05 (normal data, mean shifted by δ·σ), ${powerRuns} seeded runs per cell:`,
    '',
    '| reference rows | current rows | δ | from profile (sketch) | exact KS on raw reference |',
    '|---|---|---|---|---|',
  );
  for (const [referenceRows, currentRows, shift] of (withPower
    ? [
        [1_000_000, 10_000, 0.02],
        [1_000_000, 10_000, 0.05],
        [1_000_000, 100_000, 0.01],
        [1_000_000, 100_000, 0.02],
        [1_000_000, 1_000_000, 0.005],
        [1_000_000, 1_000_000, 0.01],
      ]
    : []) as readonly (readonly [number, number, number])[]) {
    const measured = power(referenceRows, currentRows, shift);
    rows.push({
      case: `power ${referenceRows} vs ${currentRows} shift ${shift}`,
      subject: 'profile vs exact',
      metrics: {
        profilePower: measured.fromProfile / powerRuns,
        exactPower: measured.exact / powerRuns,
      },
    });
    table.push(
      `| ${referenceRows.toLocaleString('en')} | ${currentRows.toLocaleString('en')} | ${shift} | ${percent(measured.fromProfile, powerRuns)} | ${percent(measured.exact, powerRuns)} |`,
    );
    console.log(table.at(-1));
  }
  const worst = Math.max(...rows.map(row => row.metrics.ksFalseDriftRate ?? 0));
  console.log(table.join('\n'));
  return {
    suite: 'profile-drift-calibration',
    title: 'Drift from a reference profile: false-drift rate and power',
    notes: table,
    rows,
    ratios: [
      { name: 'worst KS false-drift rate', value: worst, target: '<= 0.06', met: worst <= 0.06 },
    ],
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await run();
}
