import { isAbsolute, resolve } from 'node:path';
import { InvalidInputError } from '@ballast/contracts';

// A type alias rather than an interface: event inputs are open objects (index signature), and
// TypeScript lets only aliases, not interfaces, flow into them.
/** A dataset identity as OpenLineage names it. */
export type DatasetIdentifier = {
  namespace: string;
  name: string;
};

function requireText(value: unknown, field: string, example: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidInputError({
      code: 'INVALID_DATASET_NAME',
      message: `${field} must be a non-empty string, for example ${example}`,
      details: { field, received: value },
    });
  }
  return value;
}

function requirePort(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 1 || value > 65_535) {
    throw new InvalidInputError({
      code: 'INVALID_DATASET_NAME',
      message: `${field} must be an integer port between 1 and 65535, got ${value}`,
      details: { field, received: value },
    });
  }
  return value;
}

// Warehouse names are dotted paths (`database.schema.table`); every part must be present.
function dottedName<Field extends string>(
  options: Record<Field, string>,
  fields: readonly Field[],
): string {
  return fields.map(field => requireText(options[field], field, '"public"')).join('.');
}

/**
 * A Postgres table named as the OpenLineage naming spec says:
 * namespace `postgres://{host}:{port}`, name `{database}.{schema}.{table}`.
 *
 * @example
 * ```ts
 * postgresDataset({ host: 'db', database: 'shop', schema: 'public', table: 'orders' });
 * // { namespace: 'postgres://db:5432', name: 'shop.public.orders' }
 * ```
 */
export function postgresDataset(options: {
  host: string;
  port?: number;
  database: string;
  schema: string;
  table: string;
}): DatasetIdentifier {
  const host = requireText(options.host, 'host', '"db.internal"');
  const port = requirePort(options.port ?? 5432, 'port');
  return {
    namespace: `postgres://${host}:${port}`,
    name: dottedName(options, ['database', 'schema', 'table']),
  };
}

/**
 * An object in S3: namespace `s3://{bucket}`, name `{key}` (without a leading slash).
 *
 * @example
 * ```ts
 * s3Dataset('acme-data', 'churn/features.parquet');
 * ```
 */
export function s3Dataset(bucket: string, key: string): DatasetIdentifier {
  return objectStoreDataset('s3', bucket, key);
}

/**
 * An object in Google Cloud Storage: namespace `gs://{bucket}`, name `{key}`.
 *
 * @example
 * ```ts
 * gcsDataset('acme-data', 'churn/features.parquet');
 * ```
 */
export function gcsDataset(bucket: string, key: string): DatasetIdentifier {
  return objectStoreDataset('gs', bucket, key);
}

function objectStoreDataset(scheme: string, bucket: string, key: string): DatasetIdentifier {
  requireText(bucket, 'bucket', '"acme-data"');
  requireText(key, 'key', '"path/to/object.parquet"');
  return { namespace: `${scheme}://${bucket}`, name: key.replace(/^\/+/, '') };
}

/**
 * A local file: namespace `file`, name the absolute path (relative paths are resolved against
 * the working directory so the same file always gets the same name).
 *
 * @example
 * ```ts
 * fileDataset('data/train.csv'); // { namespace: 'file', name: '/srv/app/data/train.csv' }
 * ```
 */
export function fileDataset(path: string): DatasetIdentifier {
  requireText(path, 'path', '"/data/train.csv"');
  return { namespace: 'file', name: isAbsolute(path) ? path : resolve(path) };
}

/**
 * A Kafka topic: namespace `kafka://{host}:{port}`, name `{topic}`.
 *
 * @example
 * ```ts
 * kafkaDataset({ host: 'broker', topic: 'transactions' });
 * ```
 */
export function kafkaDataset(options: {
  host: string;
  port?: number;
  topic: string;
}): DatasetIdentifier {
  const host = requireText(options.host, 'host', '"broker.internal"');
  const port = requirePort(options.port ?? 9092, 'port');
  return {
    namespace: `kafka://${host}:${port}`,
    name: requireText(options.topic, 'topic', '"transactions"'),
  };
}

/**
 * A BigQuery table: namespace `bigquery`, name `{project}.{dataset}.{table}`.
 *
 * @example
 * ```ts
 * bigqueryDataset({ project: 'acme', dataset: 'ml', table: 'features' });
 * ```
 */
export function bigqueryDataset(options: {
  project: string;
  dataset: string;
  table: string;
}): DatasetIdentifier {
  return { namespace: 'bigquery', name: dottedName(options, ['project', 'dataset', 'table']) };
}

/**
 * A Snowflake table: namespace `snowflake://{organization}-{account}`, name
 * `{database}.{schema}.{table}`.
 *
 * @example
 * ```ts
 * snowflakeDataset({ organization: 'acme', account: 'xy12345', database: 'DB', schema: 'PUBLIC', table: 'ORDERS' });
 * ```
 */
export function snowflakeDataset(options: {
  organization: string;
  account: string;
  database: string;
  schema: string;
  table: string;
}): DatasetIdentifier {
  const organization = requireText(options.organization, 'organization', '"acme"');
  const account = requireText(options.account, 'account', '"xy12345"');
  return {
    namespace: `snowflake://${organization}-${account}`,
    name: dottedName(options, ['database', 'schema', 'table']),
  };
}

/**
 * A model version named by its registry URI (Ballast's convention; OpenLineage has none for
 * models): namespace the registry URI without a trailing slash (`mlflow://host:5000`,
 * `file:///srv/.ballast/registry`), name `models/{name}/versions/{version}`.
 *
 * @example
 * ```ts
 * modelDataset({ registryUri: 'mlflow://mlflow.internal:5000', name: 'churn', version: '3' });
 * // { namespace: 'mlflow://mlflow.internal:5000', name: 'models/churn/versions/3' }
 * ```
 */
export function modelDataset(options: {
  registryUri: string;
  name: string;
  version: string;
}): DatasetIdentifier {
  const registryUri = requireText(options.registryUri, 'registryUri', '"mlflow://host:5000"');
  if (!URL.canParse(registryUri)) {
    throw new InvalidInputError({
      code: 'INVALID_DATASET_NAME',
      message: `registryUri must be a URI such as "mlflow://host:5000" or "file:///srv/.ballast/registry", got "${registryUri}"`,
      details: { field: 'registryUri', received: registryUri },
    });
  }
  const name = requireText(options.name, 'name', '"churn"');
  const version = requireText(options.version, 'version', '"3"');
  return {
    namespace: registryUri.replace(/\/+$/, ''),
    name: `models/${name}/versions/${version}`,
  };
}

/**
 * Converts an MLflow tracking URL (`http://host:port`) to the model namespace Ballast uses,
 * `mlflow://host:port`.
 *
 * @example
 * ```ts
 * mlflowRegistryUri('http://mlflow.internal:5000/'); // 'mlflow://mlflow.internal:5000'
 * ```
 */
export function mlflowRegistryUri(trackingUrl: string): string {
  if (!URL.canParse(trackingUrl)) {
    throw new InvalidInputError({
      code: 'INVALID_DATASET_NAME',
      message: `trackingUrl must be a URL such as "http://mlflow:5000", got "${trackingUrl}"`,
      details: { field: 'trackingUrl', received: trackingUrl },
    });
  }
  const url = new URL(trackingUrl);
  return `mlflow://${url.host}${url.pathname.replace(/\/+$/, '')}`;
}
