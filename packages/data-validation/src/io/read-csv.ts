import { InvalidInputError } from '@ballast/contracts';
import type { RecordBatch } from 'apache-arrow';
import { batchRecords } from './batch-records';
import type { ReadTextOptions } from './read-json-lines';
import { readLines } from './read-lines';

const numberPattern = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Reads a CSV cell as pandas does by default: empty is null, numbers and true/false typed. */
function cellValue(text: string, quoted: boolean): unknown {
  if (quoted) return text;
  if (text === '' || text === 'NA' || text === 'NaN' || text === 'null') return null;
  if (numberPattern.test(text)) return Number(text);
  if (text === 'true' || text === 'True' || text === 'TRUE') return true;
  if (text === 'false' || text === 'False' || text === 'FALSE') return false;
  return text;
}

/**
 * Splits RFC 4180 CSV text into rows of cells, across lines (quoted cells may hold newlines
 * and `""` escapes). Returns undefined while a quoted cell is still open.
 */
function parseRow(
  text: string,
  delimiter: string,
): Array<{ text: string; quoted: boolean }> | undefined {
  const cells: Array<{ text: string; quoted: boolean }> = [];
  let index = 0;
  while (index <= text.length) {
    if (text[index] === '"') {
      let value = '';
      index++;
      while (true) {
        if (index >= text.length) return undefined;
        const char = text[index]!;
        if (char === '"') {
          if (text[index + 1] === '"') {
            value += '"';
            index += 2;
            continue;
          }
          index++;
          break;
        }
        value += char;
        index++;
      }
      cells.push({ text: value, quoted: true });
      index++;
    } else {
      const end = text.indexOf(delimiter, index);
      const stop = end < 0 ? text.length : end;
      cells.push({ text: text.slice(index, stop), quoted: false });
      index = stop + 1;
    }
  }
  return cells;
}

async function* csvRecords(
  path: string,
  delimiter: string,
): AsyncGenerator<Record<string, unknown>> {
  let header: string[] | undefined;
  let buffer = '';
  let startLine = 0;
  for await (const { line, number } of readLines(path)) {
    if (buffer === '') startLine = number;
    buffer = buffer === '' ? line : `${buffer}\n${line}`;
    const cells = parseRow(buffer, delimiter);
    if (!cells) continue;
    buffer = '';
    if (!header) {
      header = cells.map(cell => cell.text);
      continue;
    }
    if (cells.length === 1 && cells[0]!.text === '' && !cells[0]!.quoted) continue;
    if (cells.length !== header.length) {
      throw new InvalidInputError({
        code: 'INVALID_CSV_ROW',
        message: `${path}:${startLine} has ${cells.length} cells, the header has ${header.length}`,
        details: { path, line: startLine },
      });
    }
    const record: Record<string, unknown> = {};
    header.forEach((name, position) => {
      const cell = cells[position]!;
      record[name] = cellValue(cell.text, cell.quoted);
    });
    yield record;
  }
  if (buffer !== '') {
    throw new InvalidInputError({
      code: 'INVALID_CSV_ROW',
      message: `${path}:${startLine} opens a quoted cell that is never closed`,
      details: { path, line: startLine },
    });
  }
}

/**
 * Streams a CSV file (header row first, RFC 4180 quoting) as Arrow record batches. Unquoted
 * cells are typed as pandas' `read_csv` does by default (numbers, booleans, empty/`NA`/`NaN`
 * as null); the schema is inferred from the first batch.
 *
 * @example
 * ```ts
 * const report = await validate(suite, readCsv('orders.csv'));
 * ```
 */
export function readCsv(
  path: string,
  options: ReadTextOptions & { delimiter?: string } = {},
): AsyncGenerator<RecordBatch> {
  return batchRecords(
    csvRecords(path, options.delimiter ?? ','),
    options.batchSize ?? 65_536,
    options.schema,
  );
}
