import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { appendFileDurable } from '@ballast/kit';

/** Appends one JSON value as a line, durably (fsync), creating the directory when needed. */
export async function appendJsonLine(path: string, value: unknown): Promise<void> {
  await appendJsonLines(path, [value]);
}

/**
 * Appends JSON values as lines, in order, with one durable append (one fsync) for all of them,
 * creating the directory when needed; nothing when there are none. A crash can leave a prefix of
 * the lines (the last one possibly torn), never a later line without an earlier one.
 */
export async function appendJsonLines(path: string, values: readonly unknown[]): Promise<void> {
  if (values.length === 0) return;
  let text = '';
  for (const value of values) text += `${JSON.stringify(value)}\n`;
  try {
    await appendFileDurable(path, text);
  } catch (error) {
    // The directory is made when missing (gone since the monitor started), not before every
    // append: a recursive mkdir per append cost more than the write.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await mkdir(dirname(path), { recursive: true });
    await appendFileDurable(path, text);
  }
}

/**
 * The last complete JSON line of a file, read from its end (so a long log costs one small read),
 * or undefined when the file is missing or has no complete line. A torn last line (a crash in
 * the middle of an append) is skipped.
 */
export function readLastJsonLine(path: string): unknown {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return undefined;
  }
  const descriptor = openSync(path, 'r');
  try {
    let chunk = 64 * 1024;
    for (;;) {
      const length = Math.min(chunk, size);
      const buffer = Buffer.alloc(length);
      readSync(descriptor, buffer, 0, length, size - length);
      const lines = buffer.toString('utf8').split('\n');
      // Without a leading newline the first piece may be a partial line, unless we read it all.
      const complete = length === size ? lines : lines.slice(1);
      for (let index = complete.length - 1; index >= 0; index -= 1) {
        const line = (complete[index] as string).trim();
        if (line === '') continue;
        try {
          return JSON.parse(line);
        } catch {
          // a torn line: look at the one before
        }
      }
      if (length === size) return undefined;
      chunk *= 4;
    }
  } finally {
    closeSync(descriptor);
  }
}
