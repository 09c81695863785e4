import { InvalidInputError } from '@ballast/contracts';
import type { BatchingOptions } from './model';

/**
 * Which loaded versions of a model to keep serving after a load, as Triton's `version_policy`:
 * all of them, the `count` highest, or exactly the versions listed.
 */
export type VersionPolicy =
  | { kind: 'all' }
  | { kind: 'latest'; count: number }
  | { kind: 'specific'; versions: string[] };

/**
 * What a Triton model configuration given to `POST /v2/repository/models/{name}/load` as
 * `parameters.config` changes: the batching settings (replaced as a whole, fields the config
 * leaves out taking Triton's defaults) and the version policy.
 */
export interface ModelConfigOverride {
  batching: Omit<BatchingOptions, 'maxConcurrentBatches'>;
  versionPolicy: VersionPolicy | undefined;
}

const field = 'parameters.config';
const supportedKeys = [
  'name',
  'max_batch_size',
  'dynamic_batching',
  'version_policy',
  'platform',
  'backend',
];

function invalidConfig(message: string, path = field, cause?: unknown): InvalidInputError {
  return new InvalidInputError({
    code: 'INVALID_MODEL_CONFIG',
    message: `Invalid ${path}: ${message}`,
    details: { field: path },
    ...(cause === undefined ? {} : { cause }),
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Protobuf's JSON mapping writes 64-bit integers as strings, so both forms are accepted. */
function nonNegativeInteger(value: unknown, path: string): number {
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 0) {
    throw invalidConfig(`${JSON.stringify(value)} is not a non-negative integer.`, path);
  }
  return number;
}

function checkKeys(value: Record<string, unknown>, allowed: string[], path: string): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw invalidConfig(
        `"${key}" is not supported here; supported: ${allowed.join(', ') || 'none'}.`,
        `${path}.${key}`,
      );
    }
  }
}

function parseVersionPolicy(value: unknown): VersionPolicy {
  const path = `${field}.version_policy`;
  if (!isRecord(value) || Object.keys(value).length !== 1) {
    throw invalidConfig('it must hold exactly one of "all", "latest" or "specific".', path);
  }
  checkKeys(value, ['all', 'latest', 'specific'], path);
  if ('all' in value) return { kind: 'all' };
  if ('latest' in value) {
    const latest = value.latest;
    if (!isRecord(latest)) throw invalidConfig('it must be an object.', `${path}.latest`);
    checkKeys(latest, ['num_versions'], `${path}.latest`);
    const count = nonNegativeInteger(latest.num_versions ?? 1, `${path}.latest.num_versions`);
    if (count < 1) throw invalidConfig('it must be at least 1.', `${path}.latest.num_versions`);
    return { kind: 'latest', count };
  }
  const specific = value.specific;
  if (!isRecord(specific) || !Array.isArray(specific.versions) || specific.versions.length === 0) {
    throw invalidConfig('it must list at least one version.', `${path}.specific.versions`);
  }
  checkKeys(specific, ['versions'], `${path}.specific`);
  return {
    kind: 'specific',
    // Triton versions are integers; ours are strings, so non-empty strings are taken as they are.
    versions: specific.versions.map((version, index) =>
      typeof version === 'string' && version !== '' && !/^\d+$/.test(version)
        ? version
        : String(nonNegativeInteger(version, `${path}.specific.versions.${index}`)),
    ),
  };
}

/**
 * Reads the Triton model configuration (JSON text, as Triton's load API takes it) that a
 * repository load request carries. Supported: `max_batch_size` (0 = no batching),
 * `dynamic_batching` (`max_queue_delay_microseconds`, `preferred_batch_size`,
 * `default_queue_policy.max_queue_size` with 0 = unbounded) and `version_policy`; `name`,
 * `platform` and `backend` may be present and `name` must match. Anything else, such as
 * `instance_group` or `input`, is a 400 naming the field rather than being silently ignored.
 *
 * @example
 * ```ts
 * parseModelConfigOverride('iris', '{"max_batch_size": 8, "dynamic_batching": {"max_queue_delay_microseconds": 500}}');
 * ```
 */
export function parseModelConfigOverride(modelName: string, config: unknown): ModelConfigOverride {
  if (typeof config !== 'string') {
    throw invalidConfig(
      `it must be the model configuration as a JSON string, got ${config === null ? 'null' : typeof config}.`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(config);
  } catch (cause) {
    throw invalidConfig(`it is not valid JSON: ${(cause as Error).message}`, field, cause);
  }
  if (!isRecord(parsed)) throw invalidConfig('it must be a JSON object.');
  checkKeys(parsed, supportedKeys, field);
  if (parsed.name !== undefined && parsed.name !== modelName) {
    throw invalidConfig(
      `it names model ${JSON.stringify(parsed.name)} but the request loads "${modelName}".`,
      `${field}.name`,
    );
  }
  const maxBatchSize =
    parsed.max_batch_size === undefined
      ? 0
      : nonNegativeInteger(parsed.max_batch_size, `${field}.max_batch_size`);
  const batching: ModelConfigOverride['batching'] = {
    maxBatchSize: 1,
    maxQueueDelayMs: 0,
    preferredBatchSizes: [],
    maxQueueSize: Number.POSITIVE_INFINITY,
  };
  const dynamic = parsed.dynamic_batching;
  if (dynamic !== undefined) {
    const path = `${field}.dynamic_batching`;
    if (!isRecord(dynamic)) throw invalidConfig('it must be an object.', path);
    checkKeys(
      dynamic,
      ['max_queue_delay_microseconds', 'preferred_batch_size', 'default_queue_policy'],
      path,
    );
    if (maxBatchSize < 1) {
      throw invalidConfig(
        'dynamic batching needs max_batch_size >= 1 (0 means the model takes no batch dimension).',
        `${field}.max_batch_size`,
      );
    }
    // Without dynamic_batching Triton runs requests one by one: merging stays off (size 1).
    batching.maxBatchSize = maxBatchSize;
    if (dynamic.max_queue_delay_microseconds !== undefined) {
      batching.maxQueueDelayMs =
        nonNegativeInteger(
          dynamic.max_queue_delay_microseconds,
          `${path}.max_queue_delay_microseconds`,
        ) / 1000;
    }
    if (dynamic.preferred_batch_size !== undefined) {
      if (!Array.isArray(dynamic.preferred_batch_size)) {
        throw invalidConfig('it must be an array of sizes.', `${path}.preferred_batch_size`);
      }
      batching.preferredBatchSizes = dynamic.preferred_batch_size.map((size, index) => {
        const value = nonNegativeInteger(size, `${path}.preferred_batch_size.${index}`);
        if (value < 1 || value > maxBatchSize) {
          throw invalidConfig(
            `${value} must be between 1 and max_batch_size ${maxBatchSize}.`,
            `${path}.preferred_batch_size.${index}`,
          );
        }
        return value;
      });
    }
    const policy = dynamic.default_queue_policy;
    if (policy !== undefined) {
      if (!isRecord(policy))
        throw invalidConfig('it must be an object.', `${path}.default_queue_policy`);
      checkKeys(policy, ['max_queue_size'], `${path}.default_queue_policy`);
      if (policy.max_queue_size !== undefined) {
        const size = nonNegativeInteger(
          policy.max_queue_size,
          `${path}.default_queue_policy.max_queue_size`,
        );
        batching.maxQueueSize = size === 0 ? Number.POSITIVE_INFINITY : size;
      }
    }
  }
  return {
    batching,
    versionPolicy:
      parsed.version_policy === undefined ? undefined : parseVersionPolicy(parsed.version_policy),
  };
}

/** Orders version strings as Triton orders its integer versions; others sort after, by text. */
function compareVersions(left: string, right: string): number {
  const leftNumber = /^\d+$/.test(left) ? Number(left) : Number.NaN;
  const rightNumber = /^\d+$/.test(right) ? Number(right) : Number.NaN;
  if (!Number.isNaN(leftNumber) && !Number.isNaN(rightNumber)) return leftNumber - rightNumber;
  if (!Number.isNaN(leftNumber)) return -1;
  if (!Number.isNaN(rightNumber)) return 1;
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * The versions a policy keeps out of `loaded` (the versions serving once the new one is in).
 *
 * @example
 * ```ts
 * versionsToKeep({ kind: 'latest', count: 2 }, ['1', '2', '3']); // ['2', '3']
 * ```
 */
export function versionsToKeep(policy: VersionPolicy, loaded: readonly string[]): string[] {
  if (policy.kind === 'all') return [...loaded];
  if (policy.kind === 'specific')
    return loaded.filter(version => policy.versions.includes(version));
  return [...loaded].sort(compareVersions).slice(-policy.count);
}
