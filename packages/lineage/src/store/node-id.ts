/**
 * Marquez's node id of a dataset: `dataset:<namespace>:<name>`.
 *
 * @example
 * ```ts
 * datasetNodeId('s3://acme-data', 'churn/features.parquet'); // 'dataset:s3://acme-data:churn/features.parquet'
 * ```
 */
export function datasetNodeId(namespace: string, name: string): string {
  return `dataset:${namespace}:${name}`;
}

/**
 * Node id of one version of a dataset, `datasetVersion:<namespace>:<name>:<version>` (Ballast's
 * extension, shaped like Marquez's `datasetField:` ids; Marquez itself has no version nodes).
 *
 * @example
 * ```ts
 * datasetVersionNodeId('mlflow://mlflow:5000', 'models/churn/versions/3', '3');
 * ```
 */
export function datasetVersionNodeId(namespace: string, name: string, version: string): string {
  return `datasetVersion:${namespace}:${name}:${version}`;
}

/**
 * Marquez's node id of a job: `job:<namespace>:<name>`.
 *
 * @example
 * ```ts
 * jobNodeId('ml-training', 'churn.train'); // 'job:ml-training:churn.train'
 * ```
 */
export function jobNodeId(namespace: string, name: string): string {
  return `job:${namespace}:${name}`;
}
