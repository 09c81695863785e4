import { emptyPayloadRows, type PayloadRows, type TensorColumns } from './payload-rows';

// A run holds at most this many cells per tensor (4 MiB of float64 for a 20-column tensor at
// 26 214 rows), so one large write does not leave a large buffer behind.
const MAX_RUN_CELLS = 1 << 19;
// Requests of more cells than this are added on their own: copying their cells costs more than
// the per-request setup it saves (measured on 21-column JSON records, ingestion without window
// closes: 1, 2 and 4 rows per request 15-50% faster gathered, 10 rows 25-40% slower).
const MAX_REQUEST_CELLS = 128;

/**
 * Consecutive requests of one layout (the same tensors, names and widths, every cell a number)
 * gathered into one block of rows: a window then adds the whole run in one call instead of one
 * call per request, which is most of the cost of ingesting small requests (measured in one
 * profile: the per-request setup of a window's add, not the cells, was a third of ingestion at
 * one row per request). The cells are copied as float64 values, which is how a window reads
 * numbers of any tensor type; a request with a missing or non-numeric cell, or with more than a
 * few rows (whose own add costs less than copying them), is not gathered.
 */
export class RowRun {
  /** The gathered rows: requests in order, `receivedAt` the latest of them (no request id). */
  readonly rows: PayloadRows = emptyPayloadRows();
  private buffers: Float64Array[] = [];

  /** Requests gathered. */
  requests = 0;

  /** Empties the run; its next request sets the layout. */
  reset(): void {
    this.requests = 0;
    this.rows.count = 0;
    this.rows.receivedAt = Number.NEGATIVE_INFINITY;
  }

  /**
   * Appends a request's rows when they have the run's layout (or set it, in an empty run) and
   * every cell is a number; returns false, and leaves the run as it was, otherwise.
   */
  append(request: PayloadRows): boolean {
    const run = this.rows;
    const tensors = request.tensors;
    const count = request.count;
    if (tensors.length === 0) return false;
    let requestCells = 0;
    for (let index = 0; index < tensors.length; index += 1) {
      requestCells += (tensors[index] as TensorColumns).data.length;
    }
    if (requestCells > MAX_REQUEST_CELLS) return false;
    if (this.requests === 0) {
      run.tensors.length = 0;
      for (const tensor of tensors) {
        run.tensors.push({
          data: this.buffers[run.tensors.length] ?? new Float64Array(0),
          width: tensor.width,
          names: tensor.names,
        });
      }
    } else if (tensors.length !== run.tensors.length) return false;
    const start = run.count;
    for (let index = 0; index < tensors.length; index += 1) {
      const tensor = tensors[index] as TensorColumns;
      const target = run.tensors[index] as TensorColumns;
      // Column names are the same array for the same tensor, width and rank kind.
      if (tensor.names !== target.names || tensor.width !== target.width) return false;
      const cells = count * tensor.width;
      const data = tensor.data;
      if (data.length !== cells || (start + count) * tensor.width > MAX_RUN_CELLS) return false;
      const buffer = this.room(index, (start + count) * tensor.width);
      const offset = start * tensor.width;
      if (ArrayBuffer.isView(data)) buffer.set(data, offset);
      else {
        for (let cell = 0; cell < cells; cell += 1) {
          const value = data[cell];
          if (typeof value !== 'number') return false;
          buffer[offset + cell] = value;
        }
      }
    }
    // Every tensor was copied: the request joins the run.
    run.count = start + count;
    if (request.receivedAt > run.receivedAt) run.receivedAt = request.receivedAt;
    this.requests += 1;
    return true;
  }

  // The buffer of a tensor position, grown to hold `cells` (keeping what it holds).
  private room(index: number, cells: number): Float64Array {
    const buffer = this.buffers[index];
    if (buffer !== undefined && buffer.length >= cells) return buffer;
    const grown = new Float64Array(
      Math.min(MAX_RUN_CELLS, Math.max(cells, 2 * (buffer?.length ?? 0), 64)),
    );
    if (buffer !== undefined) grown.set(buffer);
    this.buffers[index] = grown;
    (this.rows.tensors[index] as TensorColumns).data = grown;
    return grown;
  }
}
