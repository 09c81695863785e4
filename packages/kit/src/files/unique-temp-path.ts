import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

let counter = 0;

/**
 * A hidden sibling of `path` for a temporary file, unique per process and per call:
 * `.<name>.<pid>.<counter>.<random>.tmp`. Being in the same directory keeps the later rename
 * on one file system (so it is atomic); the pid, a counter and random bytes keep concurrent
 * writers, in this process or others, from ever sharing a temporary file.
 *
 * @example
 * ```ts
 * uniqueTempPath('/data/state.json'); // '/data/.state.json.4242.1.9f2c61d0a4b3.tmp'
 * ```
 */
export function uniqueTempPath(path: string): string {
  counter = (counter + 1) % Number.MAX_SAFE_INTEGER;
  const suffix = `${process.pid}.${counter}.${randomBytes(6).toString('hex')}`;
  return join(dirname(path), `.${basename(path)}.${suffix}.tmp`);
}
