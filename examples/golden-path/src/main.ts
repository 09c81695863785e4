// `pnpm demo [--drift] [--out DIR]` (from the repository root) or `pnpm start` here: the golden
// path on Seattle weather, one line per step, everything under .ballast/ (or DIR). The pipeline
// is @ballast/cli's (`ballast demo` runs the same one); this wrapper keeps the example's flags
// and its output folder.
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runGoldenPath, summarizeGoldenPath } from '@ballast/cli';

const exampleDirectory = fileURLToPath(new URL('..', import.meta.url));

const started = Date.now();
// pnpm runs this in the example's folder; paths are shown and resolved from where it was called.
const callerDirectory = process.env.INIT_CWD ?? process.cwd();
try {
  const { values } = parseArgs({
    options: { drift: { type: 'boolean', default: false }, out: { type: 'string' } },
  });
  let step = 0;
  const result = await runGoldenPath({
    drift: values.drift,
    outDir: values.out ? resolve(callerDirectory, values.out) : join(exampleDirectory, '.ballast'),
    relativeTo: callerDirectory,
    log: line => {
      if (line.startsWith('warning')) console.log(`      ${line}`);
      else console.log(`${String((step += 1)).padStart(2)}. ${line}`);
    },
  });
  console.log(result.mermaid.trimEnd().replace(/^/gm, '    '));
  console.log('');
  for (const line of summarizeGoldenPath(result, callerDirectory)) console.log(line);
  console.log(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  // The drift variant is expected to be denied and to alert: that is its point, not a failure.
  process.exitCode = 0;
} catch (error) {
  console.error(`golden-path: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
