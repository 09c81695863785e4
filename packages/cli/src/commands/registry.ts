import type { ModelVersion } from '@ballast/contracts';
import { quoteFilterValue, type Registry, serveMlflowApi } from '@ballast/registry-client';
import type { Command } from 'commander';
import { CliError } from '../shared/cli-error';
import { type CliContext, resolvePath, waitForShutdown } from '../shared/context';
import {
  collect,
  errorExitLine,
  helpEpilogue,
  jsonOption,
  keyValues,
  parsePort,
} from '../shared/options';
import {
  addRegistryOptions,
  type ModelSelector,
  openRegistry,
  parseModelSelector,
  type RegistryLocation,
} from '../shared/open-registry';
import { printJson, printLine } from '../shared/output';
import type { ProgramState } from '../shared/program-state';
import { textTable } from '../report/text-table';

interface CommonOptions extends RegistryLocation {
  json?: boolean;
}

async function latestVersion(registry: Registry, name: string): Promise<ModelVersion> {
  const page = await registry
    .searchModelVersions({
      filter: `name = ${quoteFilterValue(name)}`,
      orderBy: ['version_number DESC'],
      maxResults: 1,
    })
    .firstPage();
  const latest = page.items[0];
  if (!latest) {
    throw new CliError({
      code: 'MODEL_NOT_FOUND',
      message: `Model ${name} has no versions.`,
      fix: 'register one with ballast registry register',
    });
  }
  return latest;
}

/** The model version a selector names (the latest version for a bare name). */
export async function resolveModelVersion(
  registry: Registry,
  selector: ModelSelector,
): Promise<ModelVersion> {
  if ('alias' in selector) return registry.getModelVersionByAlias(selector.name, selector.alias);
  if ('version' in selector) return registry.getModelVersion(selector.name, selector.version);
  return latestVersion(registry, selector.name);
}

function versionLine(version: ModelVersion): string[] {
  return [
    version.name,
    version.version,
    version.aliases.join(',') || '-',
    version.approval,
    String(version.artifacts.length),
    version.createdAt,
  ];
}

async function runList(context: CliContext, name: string | undefined, options: CommonOptions) {
  const registry = openRegistry(context, options);
  if (name === undefined) {
    const models = await registry.searchRegisteredModels().toArray();
    if (options.json) return printJson(context, models);
    if (models.length === 0) return printLine(context, 'No registered models.');
    printLine(
      context,
      textTable(
        ['name', 'aliases', 'updated'],
        models.map(model => [
          model.name,
          Object.entries(model.aliases)
            .map(([alias, version]) => `${alias}=${version}`)
            .join(',') || '-',
          model.updatedAt,
        ]),
      ),
    );
    return;
  }
  const versions = await registry
    .searchModelVersions({
      filter: `name = ${quoteFilterValue(name)}`,
      orderBy: ['version_number DESC'],
    })
    .toArray();
  if (options.json) return printJson(context, versions);
  if (versions.length === 0) return printLine(context, `Model ${name} has no versions.`);
  printLine(
    context,
    textTable(
      ['name', 'version', 'aliases', 'approval', 'artifacts', 'created'],
      versions.map(versionLine),
    ),
  );
}

async function runShow(context: CliContext, reference: string, options: CommonOptions) {
  const registry = openRegistry(context, options);
  const selector = parseModelSelector(reference);
  const version = await resolveModelVersion(registry, selector);
  if (options.json) return printJson(context, version);
  const lines = [
    `${version.name} version ${version.version}`,
    `  aliases:   ${version.aliases.join(', ') || '-'}`,
    `  approval:  ${version.approval}`,
    `  status:    ${version.status}`,
    `  source:    ${version.source}`,
    `  created:   ${version.createdAt}`,
    ...(version.runId ? [`  run:       ${version.runId}`] : []),
    ...(version.description ? [`  about:     ${version.description}`] : []),
    ...Object.entries(version.tags).map(([key, value]) => `  tag:       ${key}=${value}`),
    ...version.artifacts.map(
      artifact =>
        `  artifact:  ${artifact.path} (${artifact.size} bytes, sha256 ${artifact.sha256})`,
    ),
    ...(version.datasets ?? []).map(
      dataset =>
        `  dataset:   ${dataset.namespace}/${dataset.name}${dataset.version ? `@${dataset.version}` : ''}${dataset.role ? ` (${dataset.role})` : ''}`,
    ),
  ];
  printLine(context, lines.join('\n'));
}

interface RegisterOptions extends CommonOptions {
  tag?: string[];
  description?: string;
  runId?: string;
  alias?: string;
  approval?: 'pending' | 'approved' | 'rejected';
}

async function ensureModel(registry: Registry, name: string): Promise<void> {
  try {
    await registry.getRegisteredModel(name);
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (!/NOT_FOUND|DOES_NOT_EXIST/.test(code)) throw error;
    await registry.createRegisteredModel({ name });
  }
}

async function runRegister(
  context: CliContext,
  name: string,
  artifactPath: string,
  options: RegisterOptions,
) {
  const registry = openRegistry(context, options);
  await ensureModel(registry, name);
  let version = await registry.createModelVersion({
    name,
    artifactPath: resolvePath(context, artifactPath),
    ...(options.tag ? { tags: keyValues(options.tag, '--tag') } : {}),
    ...(options.description ? { description: options.description } : {}),
    ...(options.runId ? { runId: options.runId } : {}),
    ...(options.approval ? { approval: options.approval } : {}),
  });
  if (options.alias) {
    await registry.setAlias(name, options.alias, version.version);
    version = await registry.getModelVersion(name, version.version);
  }
  if (options.json) return printJson(context, version);
  printLine(
    context,
    `Registered ${name} version ${version.version} (${version.artifacts.length} artifacts)${options.alias ? ` as ${options.alias}` : ''}`,
  );
}

async function runAlias(
  context: CliContext,
  name: string,
  alias: string,
  version: string,
  options: CommonOptions & { delete?: boolean },
) {
  const registry = openRegistry(context, options);
  if (options.delete) await registry.deleteAlias(name, alias);
  else await registry.setAlias(name, alias, version);
  if (options.json) {
    return printJson(context, { name, alias, version: options.delete ? null : version });
  }
  printLine(
    context,
    options.delete ? `Removed alias ${name}@${alias}` : `${name}@${alias} -> version ${version}`,
  );
}

async function runDownload(
  context: CliContext,
  reference: string,
  directory: string,
  options: CommonOptions,
) {
  const registry = openRegistry(context, options);
  const version = await resolveModelVersion(registry, parseModelSelector(reference));
  const downloaded = await registry.downloadArtifacts(version, resolvePath(context, directory));
  if (options.json) return printJson(context, { version, ...downloaded });
  printLine(
    context,
    `Downloaded ${version.name} version ${version.version} (${downloaded.artifacts.length} artifacts, sha256 verified) to ${directory}`,
  );
}

async function runServe(
  context: CliContext,
  options: { store: string; port: string; host: string; json?: boolean },
) {
  const registry = openRegistry(context, { store: options.store });
  const server = await serveMlflowApi(registry, {
    port: parsePort(options.port),
    host: options.host,
  });
  if (options.json) printJson(context, { url: server.url, store: options.store });
  else
    printLine(
      context,
      `MLflow-compatible registry API on ${server.url} (store ${options.store}); Ctrl-C stops it`,
    );
  context.onListening?.(server.url);
  await waitForShutdown(context);
  await server.close();
}

/** Adds `ballast registry` and its subcommands to the program. */
export function registerRegistryCommand(
  program: Command,
  context: CliContext,
  _state: ProgramState,
): Command {
  const registry = program
    .command('registry')
    .summary('list, show, register, alias and download models; serve the MLflow API')
    .description(
      'The model registry: the embedded store in .ballast/registry by default, or an MLflow tracking server with --mlflow. Models are referenced as name@alias, name/version or name (the latest version).',
    )
    .addHelpText(
      'after',
      helpEpilogue(
        [
          'ballast registry register fraud ./model --alias champion',
          'ballast registry list fraud',
          'ballast registry show fraud@champion --json',
          'ballast registry serve --port 5000',
        ],
        ['0  done', errorExitLine],
      ),
    );
  addRegistryOptions(
    registry
      .command('list')
      .summary('list registered models, or the versions of one')
      .argument('[name]', 'model whose versions to list'),
  )
    .addOption(jsonOption())
    .addHelpText(
      'after',
      helpEpilogue(
        ['ballast registry list', 'ballast registry list fraud --json'],
        ['0  listed', errorExitLine],
      ),
    )
    .action(async (name: string | undefined, options: CommonOptions) =>
      runList(context, name, options),
    );
  addRegistryOptions(
    registry
      .command('show')
      .summary('show one model version')
      .argument('<model>', 'name@alias, name/version, or name for the latest version'),
  )
    .addOption(jsonOption())
    .addHelpText(
      'after',
      helpEpilogue(['ballast registry show fraud@champion'], ['0  shown', errorExitLine]),
    )
    .action(async (model: string, options: CommonOptions) => runShow(context, model, options));
  addRegistryOptions(
    registry
      .command('register')
      .summary('register a file or directory as a new model version')
      .argument('<name>', 'model name (created when new)')
      .argument('<path>', 'model file or directory; every file is hashed')
      .option('--tag <key=value>', 'version tag (repeatable)', collect)
      .option('--description <text>', 'version description')
      .option('--run-id <id>', 'training run that produced the model')
      .option('--alias <alias>', 'point this alias at the new version')
      .option('--approval <status>', 'pending, approved or rejected'),
  )
    .addOption(jsonOption())
    .addHelpText(
      'after',
      helpEpilogue(
        ['ballast registry register fraud ./model.onnx --tag framework=onnx --alias challenger'],
        ['0  registered', errorExitLine],
      ),
    )
    .action(async (name: string, path: string, options: RegisterOptions) =>
      runRegister(context, name, path, options),
    );
  addRegistryOptions(
    registry
      .command('alias')
      .summary('point an alias at a version (or remove it with --delete)')
      .argument('<name>', 'model name')
      .argument('<alias>', 'alias, e.g. champion')
      .argument('[version]', 'version number')
      .option('--delete', 'remove the alias'),
  )
    .addOption(jsonOption())
    .addHelpText(
      'after',
      helpEpilogue(
        [
          'ballast registry alias fraud champion 3',
          'ballast registry alias fraud challenger --delete',
        ],
        ['0  done', errorExitLine],
      ),
    )
    .action(
      async (
        name: string,
        alias: string,
        version: string | undefined,
        options: CommonOptions & { delete?: boolean },
      ) => {
        if (version === undefined && !options.delete) {
          throw new CliError({
            code: 'USAGE',
            message: 'ballast registry alias needs a version (or --delete).',
            fix: `run ballast registry alias ${name} ${alias} <version>`,
          });
        }
        await runAlias(context, name, alias, version ?? '', options);
      },
    );
  addRegistryOptions(
    registry
      .command('download')
      .summary("download a version's artifacts, verifying every sha256")
      .argument('<model>', 'name@alias, name/version, or name')
      .argument('<directory>', 'target directory'),
  )
    .addOption(jsonOption())
    .addHelpText(
      'after',
      helpEpilogue(
        ['ballast registry download fraud@champion ./serving/fraud'],
        ['0  downloaded and verified', errorExitLine],
      ),
    )
    .action(async (model: string, directory: string, options: CommonOptions) =>
      runDownload(context, model, directory, options),
    );
  registry
    .command('serve')
    .summary("serve the embedded store over MLflow's REST API")
    .description(
      "Serves the embedded store over MLflow's model-registry REST API (and the mlflow-artifacts proxy), so MLflow clients and createMlflowRegistry can share it. Runs until Ctrl-C (SIGINT) or SIGTERM, then drains requests in flight.",
    )
    .option('--store <dir>', 'embedded registry directory', '.ballast/registry')
    .option('--port <port>', 'port (0 picks a free one)', '5000')
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      helpEpilogue(
        [
          'ballast registry serve --port 5000',
          'MLFLOW_TRACKING_URI=http://127.0.0.1:5000 python train.py',
        ],
        ['0  stopped cleanly', errorExitLine],
      ),
    )
    .action(async (options: { store: string; port: string; host: string; json?: boolean }) =>
      runServe(context, options),
    );
  return registry;
}
