// @ballast/kit: the Node plumbing Ballast's packages share, one implementation of each.

// hashing
export { canonicalJson } from './hashing/canonical-json';
export { secretsEqual } from './hashing/secrets-equal';
export { type FileDigest, sha256File, sha256Hex, sha256Of } from './hashing/sha256';
// optional peers
export { loadOptionalPeer, type PeerModule } from './peers/load-optional-peer';
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
