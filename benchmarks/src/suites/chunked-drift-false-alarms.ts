// drift-stats: false alarms of drift over time (issue 15, item 6). 100 chunks of current data
// drawn from the reference's distribution, compared with `detectDriftOverTime`: thresholds
// learned on reference chunks (mean ± 3σ, NannyML's rule) against each method's fixed
// threshold. Seeded; nothing here is timed.
//
//   pnpm --filter @ballast/benchmarks bench chunked-drift-false-alarms
import { fileURLToPath } from 'node:url';
import { type DriftMethodId, detectDriftOverTime } from '@ballast/drift-stats';
import type { BenchmarkResult, BenchmarkRow } from '../results';
import { seededRandom } from '@ballast/test-utils/seeded-random';

const repeats = Number(process.env.REPEATS ?? 5);

// The tests' seeded generator (mulberry32, Box–Muller), shared through test-utils.
const generator = (seed: number) => {
  const random = seededRandom(seed);
  return { next: random.next, normal: () => random.normal() };
};

function table(seed: number, rows: number) {
  const random = generator(seed);
  return {
    normal: Float64Array.from({ length: rows }, () => random.normal()),
    lognormal: Float64Array.from({ length: rows }, () => Math.exp(random.normal())),
    plan: Array.from({ length: rows }, () =>
      random.next() < 0.6 ? 'basic' : random.next() < 0.7 ? 'pro' : 'team',
    ),
  };
}

const methodSets: Record<string, Record<string, DriftMethodId>> = {
  'ks / ks / chisquare': { normal: 'ks', lognormal: 'ks', plan: 'chisquare' },
  'wasserstein / psi / jensenshannon': {
    normal: 'wasserstein',
    lognormal: 'psi',
    plan: 'jensenshannon',
  },
};

export async function run(): Promise<BenchmarkResult> {
  const rows: BenchmarkRow[] = [];
  const lines = [
    `Alarms over 100 null chunks of 500 rows (reference 20 000 rows, 3 columns, ${repeats} seeded repeats = ${repeats * 300} column-chunks per cell):`,
    '',
    '| methods (normal / lognormal / categorical) | learned thresholds (mean ± 3σ of 40 reference chunks) | fixed method thresholds |',
    '|---|---|---|',
  ];
  for (const [label, methods] of Object.entries(methodSets)) {
    let learned = 0;
    let fixed = 0;
    for (let repeat = 0; repeat < repeats; repeat += 1) {
      const reference = table(10 + repeat, 20_000);
      const current = table(1_000 + repeat, 50_000);
      for (const [threshold, add] of [
        [undefined, (count: number) => (learned += count)],
        ['method', (count: number) => (fixed += count)],
      ] as const) {
        const chunks = await detectDriftOverTime(reference, current, {
          chunks: { count: 100 },
          methods,
          ...(threshold ? { threshold } : {}),
        });
        add(chunks.reduce((sum, { report }) => sum + report.dataset.driftedColumns, 0));
      }
    }
    const total = repeats * 300;
    rows.push({
      case: label,
      subject: 'detectDriftOverTime',
      metrics: { learnedFalseAlarmRate: learned / total, fixedFalseAlarmRate: fixed / total },
    });
    lines.push(
      `| ${label} | ${((100 * learned) / total).toFixed(1)}% (${learned}/${total}) | ${((100 * fixed) / total).toFixed(1)}% (${fixed}/${total}) |`,
    );
  }
  console.log(lines.join('\n'));
  return {
    suite: 'chunked-drift-false-alarms',
    title: 'Drift over time: false alarms over 100 null chunks',
    notes: lines,
    rows,
    ratios: [],
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await run();
}
