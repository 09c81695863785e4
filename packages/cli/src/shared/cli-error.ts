import { BallastError } from '@ballast/contracts';
import { exitCodes } from './exit-codes';

/** Options of {@link CliError}. */
export interface CliErrorOptions {
  /** Stable code, upper snake case (`FILE_NOT_FOUND`). */
  code: string;
  /** What went wrong, one sentence. */
  message: string;
  /** How to fix it, one sentence. */
  fix?: string;
  /** Exit code (default 3, see {@link exitCodes}). */
  exitCode?: number;
  /** The underlying error. */
  cause?: unknown;
}

/** An error a command reports to the user as one line: `ballast: <code>: <message> (<fix>)`. */
export class CliError extends Error {
  readonly code: string;
  readonly fix: string | undefined;
  readonly exitCode: number;

  constructor(options: CliErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CliError';
    this.code = options.code;
    this.fix = options.fix;
    this.exitCode = options.exitCode ?? exitCodes.error;
  }
}

/** Hints for codes raised by the libraries, when their own message does not say what to do. */
const fixes: Record<string, string> = {
  ENOENT: 'check the path (relative paths are resolved from the current directory)',
  EACCES: 'check the file permissions',
  EISDIR: 'pass a file, not a directory',
  EADDRINUSE: 'pick another --port, or stop the process using it',
  UNSUPPORTED_FILE_TYPE: 'rename the file or pass --input-format arrow|parquet|csv|jsonl',
  MISSING_PEER_DEPENDENCY: 'install the named package next to @ballast/cli',
  COLUMN_MISSING: 'compare files with the same columns, or pick columns with --columns',
  INVALID_SUITE: 'fix the suite at the named path',
  NOT_FOUND: 'check the name (ballast registry list shows what exists)',
};

/** The code, message and fix to print for any thrown value. */
export function describeError(error: unknown): { code: string; message: string; fix?: string } {
  if (error instanceof CliError) {
    return { code: error.code, message: error.message, ...(error.fix ? { fix: error.fix } : {}) };
  }
  if (BallastError.isInstance(error)) {
    const fix = fixes[error.code];
    return { code: error.code, message: error.message, ...(fix ? { fix } : {}) };
  }
  const errno = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof errno === 'string' && error instanceof Error) {
    const fix = fixes[errno];
    return { code: errno, message: error.message, ...(fix ? { fix } : {}) };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message, fix: 'rerun with --verbose and report the stack trace' };
}

/**
 * Formats an error as the one line a user sees, `ballast: <code>: <message> (fix: <hint>)`,
 * with the stack and cause chain after it only when `verbose`.
 */
export function formatError(error: unknown, verbose = false): string {
  const { code, message, fix } = describeError(error);
  const oneLine = message.replace(/\s*\n\s*/g, ' ');
  let text = `ballast: ${code}: ${oneLine}${fix ? ` (fix: ${fix})` : ''}\n`;
  if (verbose) {
    let current: unknown = error;
    while (current instanceof Error) {
      text += `${current.stack ?? current.message}\n`;
      current = current.cause;
      if (current !== undefined) text += 'Caused by: ';
    }
  }
  return text;
}

/** The exit code for a thrown value: a {@link CliError}'s own, otherwise 3. */
export function exitCodeOf(error: unknown): number {
  return error instanceof CliError ? error.exitCode : exitCodes.error;
}
