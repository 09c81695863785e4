import { InvalidInputError } from '@ballast/contracts';
import type { RecordBatch, Schema } from 'apache-arrow';
import { batchRecords } from './batch-records';
import { readLines } from './read-lines';

/** Options of {@link readJsonLines} and {@link readCsv}. */
export interface ReadTextOptions {
  /** Rows per batch (default 65,536); the schema is inferred from the first batch. */
  batchSize?: number;
  /** A fixed schema instead of inference. */
  schema?: Schema;
}

async function* jsonRecords(path: string): AsyncGenerator<Record<string, unknown>> {
  for await (const { line: text, number } of readLines(path)) {
    // A byte-order mark before the first object, and blank lines (a trailing newline, CRLF
    // endings), carry no record.
    const line = number === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (cause) {
      throw new InvalidInputError({
        code: 'INVALID_JSON_LINE',
        message: `${path}:${number} is not valid JSON: ${(cause as Error).message}`,
        details: { path, line: number },
        cause,
      });
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new InvalidInputError({
        code: 'INVALID_JSON_LINE',
        message: `${path}:${number} is not a JSON object`,
        details: { path, line: number },
      });
    }
    yield value as Record<string, unknown>;
  }
}

/**
 * Streams a JSON Lines file (one object per line) as Arrow record batches.
 *
 * @example
 * ```ts
 * const report = await validate(suite, readJsonLines('events.jsonl'));
 * ```
 */
export function readJsonLines(
  path: string,
  options: ReadTextOptions = {},
): AsyncGenerator<RecordBatch> {
  return batchRecords(jsonRecords(path), options.batchSize ?? 65_536, options.schema);
}
