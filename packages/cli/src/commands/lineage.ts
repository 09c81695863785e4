import { existsSync } from 'node:fs';
import {
  type LineageGraph,
  type LineageStore,
  loadLineageStore,
  serveLineage,
  toDot,
  toMermaid,
} from '@ballast/lineage';
import { type Command, Option } from 'commander';
import { CliError } from '../shared/cli-error';
import { type CliContext, resolvePath, waitForShutdown } from '../shared/context';
import {
  collect,
  errorExitLine,
  helpEpilogue,
  jsonOption,
  parseNumber,
  parsePort,
} from '../shared/options';
import { printJson, printLine } from '../shared/output';
import type { ProgramState } from '../shared/program-state';

/** The default event file of the lineage file transport. */
export const DEFAULT_LINEAGE_EVENTS = '.ballast/lineage/events.jsonl';

interface GraphOptions {
  events?: string[];
  depth?: string;
  format: 'mermaid' | 'dot' | 'json';
  json?: boolean;
}

async function openStore(
  context: CliContext,
  events: readonly string[] | undefined,
): Promise<LineageStore> {
  const given = events && events.length > 0 ? events : [DEFAULT_LINEAGE_EVENTS];
  for (const path of given) {
    if (!existsSync(resolvePath(context, path))) {
      throw new CliError({
        code: 'FILE_NOT_FOUND',
        message: `No lineage events at ${path}.`,
        fix: 'record events with @ballast/lineage (createFileTransport), or pass --events <file>',
      });
    }
  }
  return loadLineageStore({ paths: given.map(path => resolvePath(context, path)) });
}

/** Every node reachable from any job: the whole graph, for `lineage graph` without a node. */
function wholeGraph(store: LineageStore, depth: number | undefined): LineageGraph {
  const nodes = new Map<string, LineageGraph['graph'][number]>();
  const jobs = new Set(store.runs().map(run => `job:${run.job.namespace}:${run.job.name}`));
  for (const job of jobs) {
    if (!store.has(job)) continue;
    const graph = store.lineage(job, depth === undefined ? {} : { depth });
    for (const node of graph.graph) if (!nodes.has(node.id)) nodes.set(node.id, node);
  }
  return { graph: [...nodes.values()] } as LineageGraph;
}

function printGraph(context: CliContext, graph: LineageGraph, options: GraphOptions): void {
  if (options.json || options.format === 'json') printJson(context, graph);
  else printLine(context, options.format === 'dot' ? toDot(graph) : toMermaid(graph));
}

async function runGraph(
  context: CliContext,
  direction: 'both' | 'upstream' | 'downstream',
  node: string | undefined,
  options: GraphOptions,
) {
  const store = await openStore(context, options.events);
  const depth = options.depth === undefined ? undefined : parseNumber(options.depth, '--depth');
  if (node === undefined) return printGraph(context, wholeGraph(store, depth), options);
  if (!store.has(node)) {
    throw new CliError({
      code: 'LINEAGE_NODE_NOT_FOUND',
      message: `No node ${node} in the lineage events.`,
      fix: 'use an id such as dataset:<namespace>:<name> or job:<namespace>:<name>; ballast lineage graph --format json lists them',
    });
  }
  const query = depth === undefined ? {} : { depth };
  const graph =
    direction === 'upstream'
      ? store.upstream(node, query)
      : direction === 'downstream'
        ? store.downstream(node, query)
        : store.lineage(node, query);
  printGraph(context, graph, options);
}

async function runLineageServe(
  context: CliContext,
  options: { events?: string[]; port: string; host: string; apiKeyEnv?: string; json?: boolean },
) {
  const store = await openStore(context, options.events);
  const apiKey = options.apiKeyEnv ? context.env[options.apiKeyEnv] : undefined;
  if (options.apiKeyEnv && !apiKey) {
    throw new CliError({
      code: 'MISSING_API_KEY',
      message: `The environment variable ${options.apiKeyEnv} is not set.`,
      fix: `export ${options.apiKeyEnv}=<key>, or drop --api-key-env`,
    });
  }
  const server = await serveLineage(store, {
    port: parsePort(options.port),
    host: options.host,
    ...(apiKey ? { apiKey } : {}),
  });
  if (options.json) printJson(context, { url: server.url, events: store.events().length });
  else
    printLine(
      context,
      `Lineage API (Marquez-compatible) on ${server.url} with ${store.events().length} events; Ctrl-C stops it`,
    );
  context.onListening?.(server.url);
  await waitForShutdown(context);
  await server.close();
}

function graphCommand(
  parent: Command,
  name: string,
  summary: string,
  nodeArgument: string,
  example: string,
): Command {
  return parent
    .command(name)
    .summary(summary)
    .argument(nodeArgument, 'node id: dataset:<namespace>:<name>, job:<namespace>:<name>, ...')
    .option(
      '--events <file>',
      `OpenLineage JSONL file (repeatable; default ${DEFAULT_LINEAGE_EVENTS})`,
      collect,
    )
    .option('--depth <jobs>', 'how many jobs away to go (default 20)')
    .addOption(
      new Option('--format <format>', 'graph format')
        .choices(['mermaid', 'dot', 'json'])
        .default('mermaid'),
    )
    .addOption(jsonOption())
    .addHelpText('after', helpEpilogue([example], ['0  printed', errorExitLine]));
}

/** Adds `ballast lineage` and its subcommands to the program. */
export function registerLineageCommand(
  program: Command,
  context: CliContext,
  _state: ProgramState,
): Command {
  const lineage = program
    .command('lineage')
    .summary('query recorded OpenLineage events: graph, upstream, downstream, serve')
    .description(
      `Reads the OpenLineage events Ballast recorded (${DEFAULT_LINEAGE_EVENTS} by default) into a lineage graph and prints it as Mermaid, Graphviz DOT or JSON, or serves it over a Marquez-compatible API.`,
    )
    .addHelpText(
      'after',
      helpEpilogue(
        [
          'ballast lineage graph',
          'ballast lineage upstream "dataset:mlflow://local:models/fraud/versions/3"',
        ],
        ['0  done', errorExitLine],
      ),
    );
  graphCommand(
    lineage,
    'graph',
    'print the lineage graph (whole, or around one node)',
    '[node]',
    'ballast lineage graph --format mermaid > lineage.mmd',
  ).action(async (node: string | undefined, options: GraphOptions) =>
    runGraph(context, 'both', node, options),
  );
  graphCommand(
    lineage,
    'upstream',
    'print what a node was derived from',
    '<node>',
    'ballast lineage upstream dataset:file:models/fraud',
  ).action(async (node: string, options: GraphOptions) =>
    runGraph(context, 'upstream', node, options),
  );
  graphCommand(
    lineage,
    'downstream',
    'print what was derived from a node (impact)',
    '<node>',
    'ballast lineage downstream dataset:s3://data:orders.parquet',
  ).action(async (node: string, options: GraphOptions) =>
    runGraph(context, 'downstream', node, options),
  );
  lineage
    .command('serve')
    .summary('serve the events over a Marquez-compatible lineage API')
    .description(
      'Serves the lineage store over HTTP: POST /api/v1/lineage records events, GET /api/v1/lineage?nodeId= returns the graph. Runs until Ctrl-C (SIGINT) or SIGTERM.',
    )
    .option(
      '--events <file>',
      `OpenLineage JSONL file (repeatable; default ${DEFAULT_LINEAGE_EVENTS})`,
      collect,
    )
    .option('--port <port>', 'port (0 picks a free one)', '5000')
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option(
      '--api-key-env <name>',
      'require Authorization: Bearer <key> on POST, the key read from this variable',
    )
    .addOption(jsonOption())
    .addHelpText(
      'after',
      helpEpilogue(['ballast lineage serve --port 5000'], ['0  stopped cleanly', errorExitLine]),
    )
    .action(
      async (options: {
        events?: string[];
        port: string;
        host: string;
        apiKeyEnv?: string;
        json?: boolean;
      }) => runLineageServe(context, options),
    );
  return lineage;
}
