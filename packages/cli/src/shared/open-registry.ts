import { createFileRegistry, createMlflowRegistry, type Registry } from '@ballast/registry-client';
import { type Command, Option } from 'commander';
import { CliError } from './cli-error';
import { type CliContext, resolvePath } from './context';

/** Where the registry commands find the registry. */
export interface RegistryLocation {
  /** Embedded store directory (default `.ballast/registry`). */
  store?: string;
  /** MLflow tracking server URL, instead of the embedded store. */
  mlflow?: string;
}

/** The default embedded store, relative to the working directory. */
export const DEFAULT_REGISTRY_STORE = '.ballast/registry';

/** Adds `--store` and `--mlflow` to a registry command. */
export function addRegistryOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--store <dir>', 'embedded registry directory').default(DEFAULT_REGISTRY_STORE),
    )
    .addOption(
      new Option(
        '--mlflow <uri>',
        'MLflow tracking server instead of the embedded store (token from MLFLOW_TRACKING_TOKEN, or MLFLOW_TRACKING_USERNAME/PASSWORD)',
      ).conflicts('store'),
    );
}

/** Opens the registry the options name: an MLflow server or the embedded store. */
export function openRegistry(
  context: CliContext,
  location: RegistryLocation,
): Registry & { root?: string } {
  if (location.mlflow) {
    const { env } = context;
    return createMlflowRegistry({
      trackingUri: location.mlflow,
      ...(env['MLFLOW_TRACKING_TOKEN'] ? { token: env['MLFLOW_TRACKING_TOKEN'] } : {}),
      ...(env['MLFLOW_TRACKING_USERNAME'] ? { username: env['MLFLOW_TRACKING_USERNAME'] } : {}),
      ...(env['MLFLOW_TRACKING_PASSWORD'] ? { password: env['MLFLOW_TRACKING_PASSWORD'] } : {}),
    });
  }
  return createFileRegistry({
    root: resolvePath(context, location.store ?? DEFAULT_REGISTRY_STORE),
  });
}

/** A model reference from the command line: `name@alias`, `name/3`, or the `models:/` forms. */
export type ModelSelector =
  | { name: string; alias: string }
  | { name: string; version: string }
  | { name: string };

/** Parses `name@alias`, `name/version`, `models:/name@alias`, `models:/name/version` or `name`. */
export function parseModelSelector(text: string): ModelSelector {
  const plain = text.startsWith('models:/') ? text.slice('models:/'.length) : text;
  const at = plain.lastIndexOf('@');
  if (at > 0) return { name: plain.slice(0, at), alias: plain.slice(at + 1) };
  const slash = plain.lastIndexOf('/');
  if (slash > 0 && /^[1-9][0-9]*$/.test(plain.slice(slash + 1))) {
    return { name: plain.slice(0, slash), version: plain.slice(slash + 1) };
  }
  if (plain === '' || at === 0) {
    throw new CliError({
      code: 'INVALID_MODEL_REFERENCE',
      message: `"${text}" does not name a model.`,
      fix: 'write name@alias or name/version, for example fraud@champion',
    });
  }
  return { name: plain };
}
