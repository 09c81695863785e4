// @ballast/kit: the Node plumbing Ballast's packages share, one implementation of each.

// hashing
export { canonicalJson } from './hashing/canonical-json';
export { secretsEqual } from './hashing/secrets-equal';
export { type FileDigest, sha256File, sha256Hex, sha256Of } from './hashing/sha256';
// optional peers
export { loadOptionalPeer, type PeerModule } from './peers/load-optional-peer';
// random
export { Mulberry32, mulberry32 } from './random/mulberry32';
// text
export { editDistance } from './text/edit-distance';
// threads
export { workerExecArgv } from './threads/worker-exec-argv';
// time
export { sleep } from './time/sleep';
// float16
export {
  bfloat16BitsToNumber,
  decodeFloat16,
  encodeFloat16,
  float16BitsToNumber,
  numberToBfloat16Bits,
  numberToFloat16Bits,
} from './float16/float16';
// durable files
export {
  type AppendFileDurableOptions,
  appendFileDurable,
} from './files/append-file-durable';
export { fsyncDirectory, fsyncDirectorySync } from './files/fsync-directory';
export { uniqueTempPath } from './files/unique-temp-path';
export {
  type WriteFileAtomicOptions,
  writeFileAtomic,
  writeFileAtomicSync,
} from './files/write-file-atomic';
// retry
export { type BackoffOptions, backoffDelay } from './retry/backoff-delay';
export { parseRetryAfter } from './retry/parse-retry-after';
export { type RetryEvent, type RetryOptions, retry } from './retry/retry';
// HTTP listener
export { type CloseOptions, type Listener, type ListenOptions, listen } from './http/listen';
// file lock
export {
  acquireFileLock,
  type FileLock,
  type FileLockOptions,
  withFileLock,
} from './lock/file-lock';
export type { LockOwner } from './lock/lock-owner';
// columnar access to Arrow data (typed by shape; no apache-arrow dependency)
export {
  type ArrowBuffer,
  type ArrowColumnLike,
  type ArrowDataLike,
  ArrowTypeId,
  type ArrowVectorLike,
  arrowChunks,
  isArrowDataLike,
  isArrowVectorLike,
  isValidAt,
} from './columnar/arrow-data-like';
export {
  countStrings,
  isStringChunk,
  StringCounter,
  type StringCounts,
  stringCountMap,
} from './columnar/count-strings';
export {
  isNumericChunk,
  type NumberColumn,
  type ReadNumbersOptions,
  readNumbers,
  readNumbersInto,
} from './columnar/read-numbers';
export { isUtf8Chunk, type Utf8Chunk, utf8Chunk } from './columnar/utf8-chunk';
export { int64Halves, TWO_TO_32 } from './columnar/int64-halves';
export { int64JsonValue } from './columnar/int64-json-value';
// SQL generation for warehouse pushdown
export {
  type DateUnit,
  type OutOfRange,
  type SelectItem,
  type SelectSpec,
  type SqlDialect,
  type SqlDialectCapabilities,
  type SqlType,
  sqlDialect,
  type TopValuesSpec,
} from './sql/sql-dialect';
export {
  isSqlFragment,
  joinSql,
  rawSql,
  type SqlFragment,
  type SqlParameter,
  sql,
  sqlParameter,
  sqlParameters,
} from './sql/sql-fragment';
export { sqlNumber } from './sql/sql-number';
// columnar tables, slices and the Arrow C Data Interface reader
export {
  type ArrowField,
  type ArrowFieldType,
  readCSchemaFields,
  readCStructArray,
} from './columnar/arrow-c-data';
export {
  type ColumnarBatch,
  type ColumnarColumn,
  type ColumnarTable,
  columnarTable,
} from './columnar/columnar-table';
export { compactChunk } from './columnar/compact-chunk';
export { filterRange, sliceChunk } from './columnar/slice-chunk';
// Parquet through parquet-wasm (optional peer, typed by shape, loaded on first use)
export {
  type ParquetColumnStatistics,
  type ParquetFooter,
  type ParquetRowGroupInfo,
  readParquetFileFooter,
  readParquetFooter,
  rowGroupsInRange,
} from './columnar/parquet/parquet-footer';
export {
  checkParquetForFallback,
  checkParquetFrame,
  collectBatches,
  type ParquetEngine,
  type ParquetSource,
  type ParquetWasmLike,
  type ReadParquetTableOptions,
  readParquetBatches,
  readParquetTable,
} from './columnar/parquet/read-parquet';
export {
  type ParquetColumnInfo,
  readParquetColumns,
} from './columnar/parquet/read-parquet-columns';
export {
  type ReadParquetRangeOptions,
  readParquetRange,
} from './columnar/parquet/read-parquet-range';
