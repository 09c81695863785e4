// `pnpm demo [--drift] [--out DIR]` (from the repository root) or `pnpm start` here: the golden
// path on Seattle weather, one line per step, everything under .ballast/ (or DIR).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runGoldenPath, summarize } from './golden-path';

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
    ...(values.out ? { outDir: resolve(callerDirectory, values.out) } : {}),
    relativeTo: callerDirectory,
    log: line => {
      if (line.startsWith('warning')) console.log(`      ${line}`);
      else console.log(`${String((step += 1)).padStart(2)}. ${line}`);
    },
  });
  console.log(result.mermaid.trimEnd().replace(/^/gm, '    '));
  console.log('');
  for (const line of summarize(result, callerDirectory)) console.log(line);
  console.log(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  // The drift variant is expected to be denied and to alert: that is its point, not a failure.
  process.exitCode = 0;
} catch (error) {
  console.error(`golden-path: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
