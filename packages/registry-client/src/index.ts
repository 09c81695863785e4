// @ballast/registry-client: the `Registry` interface, its two backends (embedded file store,
// MLflow REST client), an MLflow-compatible server, and what callers need around them.
// Parser kernels live on `@ballast/registry-client/internals`; the conformance suite on
// `@ballast/registry-client/conformance`.
export type {
  ApprovalStatus,
  CreateModelVersionOptions,
  CreateRegisteredModelOptions,
  DownloadedArtifacts,
  RegisteredModel,
  Registry,
  SearchOptions,
  SearchPage,
  UpdateModelVersionOptions,
} from './registry';
export { PagedSearch } from './search/paged-search';
export { quoteFilterValue } from './search/search-filter';
export {
  createFileRegistry,
  type FileRegistry,
  type FileRegistryOptions,
  type RegistryLockOptions,
} from './file-registry';
export { ArtifactIntegrityError } from './errors/artifact-integrity-error';
export { AccessDeniedError } from './errors/access-denied-error';
export { BALLAST_TAGS } from './ballast-tags';
export {
  MAX_ALIAS_LENGTH,
  MAX_MODEL_NAME_LENGTH,
  MAX_TAG_KEY_LENGTH,
  MAX_TAG_VALUE_LENGTH,
  validateAlias,
  validateModelName,
  validateTag,
} from './validation/registry-rules';
export { createMlflowRegistry, type MlflowRegistryOptions } from './mlflow/mlflow-registry';
export type { MlflowRequestEvent, MlflowTransportOptions } from './mlflow/mlflow-transport';
export {
  type MlflowApiServer,
  type ServeMlflowApiOptions,
  serveMlflowApi,
} from './mlflow/serve-mlflow-api';
export { asModelVersionSource, DEFAULT_WATCH_INTERVAL_MS } from './model-version-source';
