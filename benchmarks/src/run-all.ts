// Runs every suite in src/suites (or the ones named on the command line, e.g.
// `pnpm bench drift-stats`) and writes each one's results to benchmarks/results/.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type BenchmarkResult, writeResults } from './results';

const suitesDirectory = fileURLToPath(new URL('./suites/', import.meta.url));
const requested = process.argv.slice(2);
const available = readdirSync(suitesDirectory)
  .filter(file => file.endsWith('.ts'))
  .map(file => file.replace(/\.ts$/, ''));
const selected = requested.length > 0 ? requested : available;

for (const name of selected) {
  if (!available.includes(name)) {
    console.error(`unknown suite "${name}"; available: ${available.join(', ')}`);
    process.exit(1);
  }
  const suite: { run: () => Promise<BenchmarkResult> } = await import(`./suites/${name}.ts`);
  console.log(`\n=== benchmark ${name}`);
  const result = await suite.run();
  const written = writeResults(result);
  for (const ratio of result.ratios) {
    console.log(
      `${ratio.name}: ${ratio.value.toFixed(2)}${ratio.target ? ` (target ${ratio.target})` : ''}`,
    );
  }
  console.log(`wrote ${written.json} and ${written.markdown}`);
}
