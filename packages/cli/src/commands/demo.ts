import type { Command } from 'commander';
import { type GoldenPathResult, runGoldenPath, summarizeGoldenPath } from '../demo/golden-path';
import { type CliContext, resolvePath } from '../shared/context';
import { errorExitLine, helpEpilogue, jsonOption } from '../shared/options';
import { printJson, printLine } from '../shared/output';
import type { ProgramState } from '../shared/program-state';

interface DemoCommandOptions {
  drift?: boolean;
  out?: string;
  json?: boolean;
}

/** The `--json` summary of a run: outcomes and paths, not the full reports (they are on disk). */
export function demoSummary(result: GoldenPathResult) {
  return {
    version: result.version,
    metrics: result.metrics,
    outcome: result.decision.outcome,
    promoted: result.promoted,
    servedAlias: result.servedAlias,
    requests: result.requests,
    realisedAccuracy: result.realisedAccuracy,
    windows: result.windows.length,
    driftedWindows: result.windows.filter(window => window.drift.dataset.drifted).length,
    alerts: result.alerts.map(alert => ({ feature: alert.feature, status: alert.status })),
    lineageNodes: result.lineageNodes,
    paths: result.paths,
  };
}

async function runDemo(context: CliContext, options: DemoCommandOptions): Promise<void> {
  let step = 0;
  const result = await runGoldenPath({
    drift: options.drift ?? false,
    outDir: resolvePath(context, options.out ?? '.ballast/demo'),
    relativeTo: context.cwd,
    log: line => {
      if (options.json) return;
      if (line.startsWith('warning')) printLine(context, `      ${line}`);
      else printLine(context, `${String((step += 1)).padStart(2)}. ${line}`);
    },
  });
  if (options.json) {
    printJson(context, demoSummary(result));
    return;
  }
  printLine(context, result.mermaid.trimEnd().replace(/^/gm, '    '));
  printLine(context, '');
  for (const line of summarizeGoldenPath(result, context.cwd)) printLine(context, line);
}

/** Adds `ballast demo` to the program. */
export function registerDemoCommand(
  program: Command,
  context: CliContext,
  _state: ProgramState,
): Command {
  return program
    .command('demo')
    .summary('run the golden path on Seattle weather, one line per step')
    .description(
      'Runs the whole job on real public data (Seattle weather from vega-datasets, shipped with the CLI): infer a suite and validate, train a logistic regression, register it, evaluate the promotion policy, serve it with the monitor attached, send the 2015 traffic, write drift and validation reports (HTML and JSON) and draw the lineage graph. --drift shifts the traffic by +8 °C: the gate denies and the monitor alerts, which still exits 0.',
    )
    .option('--drift', 'shift the 2015 traffic by +8 °C on both temperatures')
    .option('--out <dir>', 'output directory, cleared on each run (default .ballast/demo)')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      helpEpilogue(
        ['ballast demo', 'ballast demo --drift --out /tmp/ballast-demo', 'ballast demo --json'],
        ['0  the demo ran (a denied promotion with --drift is its point)', errorExitLine],
      ),
    )
    .action(async (options: DemoCommandOptions) => {
      await runDemo(context, options);
    });
}
