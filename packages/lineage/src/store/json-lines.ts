import { createReadStream } from 'node:fs';
import { InvalidInputError } from '@ballast/contracts';

/** How {@link readJsonLines} reads a file. */
export interface ReadJsonLinesOptions {
  /** Bytes read per chunk (default 1 MiB). */
  chunkBytes?: number;
  /** Longest accepted line in bytes; a longer one is an `INVALID_LINEAGE_FILE` error (default 64 MiB). */
  maxLineBytes?: number;
}

/** One line of a JSON Lines file. */
export interface JsonLine {
  /** The line's text, without its newline. */
  text: string;
  /** 1-based line number. */
  line: number;
  /** False for a last line without a newline: a write cut short by a crash. */
  complete: boolean;
}

const newline = 0x0a;

/**
 * Streams the lines of a file, chunk by chunk, so a file of any size loads in memory bounded
 * by its longest line (reading it whole fails beyond V8's string limit of about 512 MB).
 * Lines are split on bytes and decoded whole, so a UTF-8 character cut by a chunk boundary
 * stays intact. A missing file has no lines.
 */
export async function* readJsonLines(
  path: string,
  options: ReadJsonLinesOptions = {},
): AsyncGenerator<JsonLine> {
  const chunkBytes = Math.max(1, options.chunkBytes ?? 1024 * 1024);
  const maxLineBytes = Math.max(1, options.maxLineBytes ?? 64 * 1024 * 1024);
  let parts: Buffer[] = [];
  let partBytes = 0;
  let line = 0;
  const tooLong = () =>
    new InvalidInputError({
      code: 'INVALID_LINEAGE_FILE',
      message: `${path}:${line + 1} is longer than ${maxLineBytes} bytes (maxLineBytes); it is not a lineage event this loader accepts.`,
      details: { path, line: line + 1, maxLineBytes },
    });
  const stream = createReadStream(path, { highWaterMark: chunkBytes });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let start = 0;
      for (let end = chunk.indexOf(newline); end !== -1; end = chunk.indexOf(newline, start)) {
        const piece = chunk.subarray(start, end);
        if (partBytes + piece.length > maxLineBytes) throw tooLong();
        const bytes = parts.length === 0 ? piece : Buffer.concat([...parts, piece]);
        parts = [];
        partBytes = 0;
        line += 1;
        yield { text: bytes.toString('utf8'), line, complete: true };
        start = end + 1;
      }
      if (start < chunk.length) {
        const rest = chunk.subarray(start);
        if (partBytes + rest.length > maxLineBytes) throw tooLong();
        // Copied: the stream may reuse its buffers.
        parts.push(Buffer.from(rest));
        partBytes += rest.length;
      }
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  } finally {
    stream.destroy();
  }
  if (partBytes > 0) {
    yield { text: Buffer.concat(parts).toString('utf8'), line: line + 1, complete: false };
  }
}
