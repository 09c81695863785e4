import { stat } from 'node:fs/promises';
import { readArrowIpc, readCsv, readJsonLines, readParquet } from '@ballast/data-validation';
import { type RecordBatch, Table } from 'apache-arrow';
import { CliError } from './cli-error';
import { type CliContext, resolvePath } from './context';
import { createProgress } from './progress';
import { totalRowsOf } from './total-rows';

/** The data file formats the CLI reads. */
export const inputFormats = ['arrow', 'parquet', 'csv', 'jsonl'] as const;

/** One of {@link inputFormats}. */
export type InputFormat = (typeof inputFormats)[number];

const byExtension: Record<string, InputFormat> = {
  arrow: 'arrow',
  arrows: 'arrow',
  ipc: 'arrow',
  feather: 'arrow',
  parquet: 'parquet',
  csv: 'csv',
  jsonl: 'jsonl',
  ndjson: 'jsonl',
};

/** The format of a data file: `explicit` when given, otherwise from the extension. */
export function inputFormatOf(path: string, explicit?: string): InputFormat {
  if (explicit !== undefined) {
    if ((inputFormats as readonly string[]).includes(explicit)) return explicit as InputFormat;
    throw new CliError({
      code: 'INVALID_INPUT_FORMAT',
      message: `Unknown input format "${explicit}".`,
      fix: `use one of ${inputFormats.join(', ')}`,
    });
  }
  const extension = path.toLowerCase().split('.').pop() ?? '';
  const format = byExtension[extension];
  if (format) return format;
  throw new CliError({
    code: 'UNSUPPORTED_FILE_TYPE',
    message: `Cannot tell the format of ${path} from its extension.`,
    fix: `name it .arrow, .parquet, .csv or .jsonl, or pass --input-format ${inputFormats.join('|')}`,
  });
}

/** Streams a data file as Arrow record batches with the data-validation reader for its format. */
export async function* readBatches(
  context: CliContext,
  path: string,
  format?: string,
): AsyncGenerator<RecordBatch> {
  const absolute = resolvePath(context, path);
  const kind = inputFormatOf(path, format);
  await stat(absolute).catch(cause => {
    throw new CliError({
      code: 'FILE_NOT_FOUND',
      message:
        (cause as NodeJS.ErrnoException).code === 'ENOENT'
          ? `No file at ${path}.`
          : `Cannot read ${path}: ${(cause as Error).message}.`,
      fix: 'check the path (relative paths are resolved from the current directory)',
      cause,
    });
  });
  if (kind === 'arrow') yield* readArrowIpc(absolute);
  else if (kind === 'parquet') yield* readParquet(absolute);
  else if (kind === 'csv') yield* readCsv(absolute);
  else yield* readJsonLines(absolute);
}

/**
 * {@link readBatches} with a progress line (rows, rows per second, and an ETA when the file's
 * rows can be told: see `totalRowsOf`) when on a terminal.
 */
export async function* readBatchesWithProgress(
  context: CliContext,
  path: string,
  format?: string,
): AsyncGenerator<RecordBatch> {
  const onTerminal = context.stdout.isTTY === true && context.stderr.isTTY === true;
  // Only worth a read when the line is drawn; a bad path or format is reported by the reader.
  let totalRows: number | undefined;
  if (onTerminal) {
    let kind: InputFormat | undefined;
    try {
      kind = inputFormatOf(path, format);
    } catch {
      kind = undefined;
    }
    if (kind) totalRows = await totalRowsOf(resolvePath(context, path), kind);
  }
  const progress = createProgress(
    context,
    `reading ${path}`,
    totalRows === undefined ? {} : { totalRows },
  );
  try {
    for await (const batch of readBatches(context, path, format)) {
      progress.advance(batch.numRows);
      yield batch;
    }
  } finally {
    progress.done();
  }
}

/**
 * Reads a whole data file into one Arrow table (drift and profiles need every value), drawing
 * a progress line when attached to a terminal.
 */
export async function readTable(
  context: CliContext,
  path: string,
  format?: string,
): Promise<Table> {
  const batches: RecordBatch[] = [];
  for await (const batch of readBatchesWithProgress(context, path, format)) batches.push(batch);
  if (batches.length === 0) {
    throw new CliError({
      code: 'EMPTY_INPUT',
      message: `${path} holds no rows.`,
      fix: 'pass a file with at least a header and one row',
    });
  }
  return new Table(batches);
}
