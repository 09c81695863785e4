import { existsSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { createMonitor, loadReference, type Monitor } from '@ballast/monitor';
import { createInferenceServer, listen } from '@ballast/serving-core';
import type { Command } from 'commander';
import { CliError } from '../shared/cli-error';
import { type CliContext, resolvePath, waitForShutdown } from '../shared/context';
import {
  collect,
  errorExitLine,
  helpEpilogue,
  jsonOption,
  keyValues,
  parseNumber,
  parsePort,
} from '../shared/options';
import {
  addRegistryOptions,
  openRegistry,
  parseModelSelector,
  type RegistryLocation,
} from '../shared/open-registry';
import { printJson, printLine } from '../shared/output';
import type { ProgramState } from '../shared/program-state';
import { resolveModelVersion } from './registry';

interface ServeCommandOptions extends RegistryLocation {
  name?: string;
  port: string;
  host: string;
  downloadDir: string;
  maxBatchSize?: string;
  monitor?: boolean;
  reference?: string;
  features?: string[];
  windowRows?: string;
  monitorDir: string;
  json?: boolean;
}

/** The model file to serve and the name and version to serve it as. */
interface ServedModel {
  path: string;
  name: string;
  version: string;
  source: string;
}

async function onnxFileIn(directory: string, what: string): Promise<string> {
  const entries = await readdir(directory, { recursive: true });
  const models = entries.filter(entry => entry.toLowerCase().endsWith('.onnx'));
  if (models.length !== 1 || models[0] === undefined) {
    throw new CliError({
      code: models.length === 0 ? 'MODEL_FILE_NOT_FOUND' : 'MODEL_FILE_AMBIGUOUS',
      message: `${what} holds ${models.length === 0 ? 'no' : `${models.length}`} .onnx files; ballast serve needs exactly one.`,
      fix: 'pass the .onnx file itself, or register a directory with one model file',
    });
  }
  return join(directory, models[0]);
}

/** A local .onnx file or directory, or a registry reference downloaded and verified first. */
async function resolveServedModel(
  context: CliContext,
  model: string,
  options: ServeCommandOptions,
): Promise<ServedModel> {
  const local = resolvePath(context, model);
  if (existsSync(local)) {
    const path = statSync(local).isDirectory() ? await onnxFileIn(local, model) : local;
    return {
      path,
      name: options.name ?? basename(path).replace(/\.onnx$/i, ''),
      version: '1',
      source: model,
    };
  }
  const selector = parseModelSelector(model);
  const registry = openRegistry(context, options);
  const version = await resolveModelVersion(registry, selector);
  const directory = resolvePath(context, join(options.downloadDir, version.name, version.version));
  await registry.downloadArtifacts(version, directory);
  return {
    path: await onnxFileIn(directory, `${version.name} version ${version.version}`),
    name: options.name ?? version.name,
    version: version.version,
    source: `${version.name} version ${version.version}`,
  };
}

/** `--features input=a,b,c`: the monitor's column names of each tensor's elements. */
function featuresOf(items: readonly string[] | undefined): Record<string, string[]> | undefined {
  if (!items) return undefined;
  return Object.fromEntries(
    Object.entries(keyValues(items, '--features')).map(([tensor, names]) => [
      tensor,
      names.split(',').map(name => name.trim()),
    ]),
  );
}

async function startMonitor(
  context: CliContext,
  served: ServedModel,
  options: ServeCommandOptions,
): Promise<Monitor> {
  if (!options.reference) {
    throw new CliError({
      code: 'MISSING_REFERENCE',
      message:
        '--monitor needs --reference, the data (or profile) served traffic is compared with.',
      fix: 'add --reference train.parquet (or a profile .json from ballast profile)',
    });
  }
  const features = featuresOf(options.features);
  return createMonitor({
    model: { name: served.name, version: served.version },
    reference: await loadReference(resolvePath(context, options.reference)),
    ...(features ? { features } : {}),
    window: {
      rows:
        options.windowRows === undefined ? 1000 : parseNumber(options.windowRows, '--window-rows'),
    },
    directory: resolvePath(context, options.monitorDir),
    onAlert: alert => {
      context.stderr.write(`ballast serve: monitor alert ${JSON.stringify(alert)}\n`);
    },
    onError: error => {
      context.stderr.write(`ballast serve: monitor error: ${(error as Error).message ?? error}\n`);
    },
  });
}

async function loadOnnxModel(served: ServedModel, options: ServeCommandOptions) {
  // The ONNX runtime is an optional peer: loaded only when a model is served.
  const { onnxModel } = await import('@ballast/serving-core/onnx');
  return onnxModel({
    name: served.name,
    version: served.version,
    path: served.path,
    ...(options.maxBatchSize === undefined
      ? {}
      : { batching: { maxBatchSize: parseNumber(options.maxBatchSize, '--max-batch-size') } }),
  });
}

async function runServe(context: CliContext, model: string, options: ServeCommandOptions) {
  const port = parsePort(options.port);
  const served = await resolveServedModel(context, model, options);
  const monitor = options.monitor ? await startMonitor(context, served, options) : undefined;
  try {
    const server = createInferenceServer({
      models: [await loadOnnxModel(served, options)],
      ...(monitor
        ? { metrics: { registry: monitor.registry }, payloadLogging: { sink: monitor } }
        : {}),
    });
    await server.waitUntilLoaded();
    const listener = await listen(server, { port, host: options.host });
    const infer = `${listener.url}/v2/models/${encodeURIComponent(served.name)}/infer`;
    if (options.json) {
      printJson(context, {
        url: listener.url,
        model: served.name,
        version: served.version,
        infer,
        metrics: `${listener.url}/metrics`,
        monitor: monitor ? options.monitorDir : null,
      });
    } else {
      printLine(
        context,
        `Serving ${served.source} as ${served.name} version ${served.version} (Open Inference Protocol) on ${listener.url}: POST ${infer}; metrics on /metrics${monitor ? `; monitor writing to ${options.monitorDir}` : ''}; Ctrl-C stops it`,
      );
    }
    context.onListening?.(listener.url);
    await waitForShutdown(context);
    await listener.close({ graceMs: 0, drainTimeoutMs: 10_000 });
  } finally {
    await monitor?.close();
  }
}

/** Adds `ballast serve` to the program. */
export function registerServeCommand(
  program: Command,
  context: CliContext,
  _state: ProgramState,
): Command {
  return addRegistryOptions(
    program
      .command('serve')
      .summary('serve an ONNX model over the Open Inference Protocol, optionally monitored')
      .description(
        'Serves an ONNX model (a file, a directory holding one, or a registry model downloaded and sha256-verified first) over the Open Inference Protocol (KServe V2 REST: /v2/health/ready, /v2/models/<name>/infer) with Prometheus metrics on /metrics. --monitor attaches @ballast/monitor: served traffic is cut into windows and compared with --reference. Needs onnxruntime-node. Runs until Ctrl-C (SIGINT) or SIGTERM, then drains requests in flight.',
      )
      .argument(
        '<model>',
        'model.onnx, a directory with one .onnx file, or name@alias / name/version from the registry',
      ),
  )
    .option('--name <name>', 'model name on the protocol (default: the file or registry name)')
    .option('--port <port>', 'port (0 picks a free one)', '8080')
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--download-dir <dir>', 'where registry artifacts are downloaded', '.ballast/serving')
    .option(
      '--max-batch-size <rows>',
      'merge concurrent requests into batches of at most this many rows',
    )
    .option('--monitor', 'attach @ballast/monitor (needs --reference)')
    .option('--reference <file>', 'monitor reference: a data file or a profile (.json)')
    .option(
      '--features <tensor=a,b,c>',
      "monitor column names of a tensor's elements (repeatable)",
      collect,
    )
    .option('--window-rows <rows>', 'rows per monitor window (default 1000)')
    .option(
      '--monitor-dir <dir>',
      'where the monitor writes reports and alerts',
      '.ballast/monitor',
    )
    .addOption(jsonOption())
    .addHelpText(
      'after',
      helpEpilogue(
        [
          'ballast serve model.onnx --port 8080',
          'ballast serve fraud@champion --monitor --reference train.parquet --features input=amount,age,score',
          'curl -s localhost:8080/v2/models/fraud/infer -d \'{"inputs":[{"name":"input","shape":[1,3],"datatype":"FP32","data":[1,2,3]}]}\'',
        ],
        ['0  stopped cleanly', errorExitLine],
      ),
    )
    .action(async (model: string, options: ServeCommandOptions) =>
      runServe(context, model, options),
    );
}
