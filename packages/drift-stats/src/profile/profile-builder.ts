import type { ColumnProfile, DatasetProfile, LogicalType } from '@ballast/contracts';
import { InvalidInputError } from '@ballast/contracts';
import type { CategoricalInput } from '../input/categorical-column';
import type { NumericInput } from '../input/numeric-column';
import {
  CategoricalColumnAccumulator,
  type ColumnAccumulatorOptions,
  NumericColumnAccumulator,
} from './column-accumulator';
import { type ProfileOptions, planProfile } from './profile';
import type { ProfileInput } from './profile-input';

type Accumulator = NumericColumnAccumulator | CategoricalColumnAccumulator;

function accumulatorFor(
  name: string,
  kind: 'numeric' | 'categorical',
  type: LogicalType,
  options: ColumnAccumulatorOptions,
): Accumulator {
  if (kind === 'categorical') return new CategoricalColumnAccumulator(name, type, options);
  if (options.edges === undefined) {
    throw new InvalidInputError({
      code: 'EDGES_REQUIRED',
      message: `Numeric column "${name}" has no fixed histogram edges: a streamed profile sees each batch once, so pass options.edges.${name} (for example equal-width bins over the column's range from Parquet statistics).`,
      details: { path: `edges.${name}`, column: name },
    });
  }
  return new NumericColumnAccumulator(name, type, options);
}

/**
 * Builds one {@link DatasetProfile} from a stream of batches (Arrow record batches or tables,
 * records, named columns), holding only the running summaries: memory does not grow with the
 * number of rows, and no profile document is built until {@link ProfileBuilder.finish}. Each
 * batch is summarised in one pass per column (moments, the KLL sketch fed in bulk from one
 * sorted copy, exact tails, distinct values, histogram). Numeric columns need fixed `edges`,
 * since a batch is never read twice; the result equals `profile()` of all batches at once for
 * counts, moments, histograms and categories, and the sketch is within its rank error.
 *
 * The first batch fixes the columns; every later batch needs the same columns, of the same
 * types (a column all missing in a batch takes any type).
 *
 * @example
 * ```ts
 * const builder = new ProfileBuilder({ edges });
 * for await (const batch of reader) builder.add(new Table(batch));
 * const reference = builder.finish();
 * ```
 */
export class ProfileBuilder {
  private readonly columns = new Map<string, { type: LogicalType; accumulator: Accumulator }>();
  private rows = 0;
  private batches = 0;
  private finishProfile:
    | ((columns: ColumnProfile[], rowCount: number) => DatasetProfile)
    | undefined;

  /** Validates `options` now (typed errors as `profile`), so a bad option fails before any batch. */
  constructor(private readonly options: ProfileOptions = {}) {
    planProfile({}, { ...options, columns: undefined, edges: undefined });
  }

  /** Rows added so far. */
  get rowCount(): number {
    return this.rows;
  }

  /** Summarises one batch into the running profile and lets it go. */
  add(batch: ProfileInput): this {
    const plan = planProfile(batch, this.options);
    this.finishProfile ??= plan.finish;
    const names = plan.source.columns.map(column => column.name);
    if (this.batches > 0) this.assertSameColumns(names);
    // Every column is checked (and new accumulators made) before any value is added, so a
    // refused batch leaves the running profile as it was.
    const entries = plan.source.columns.map(source => {
      const entry = this.columns.get(source.name);
      if (entry === undefined || (entry.type === 'null' && source.type !== 'null')) {
        const accumulator = accumulatorFor(
          source.name,
          source.kind,
          source.type,
          plan.columnOptions(source.name),
        );
        // Batches where the column was all missing count as missing entries of the new type.
        if (entry) accumulator.addMissing(entry.accumulator.finish().count);
        return { source, entry: { type: source.type, accumulator } };
      }
      if (source.type !== 'null' && source.type !== entry.type) {
        throw new InvalidInputError({
          code: 'PROFILE_TYPE_MISMATCH',
          message: `Column "${source.name}" is ${entry.type} in earlier batches and ${source.type} in batch ${this.batches}.`,
          details: {
            path: `columns.${source.name}.type`,
            column: source.name,
            left: entry.type,
            right: source.type,
          },
        });
      }
      return { source, entry };
    });
    for (const { source, entry } of entries) {
      this.columns.set(source.name, entry);
      const { accumulator } = entry;
      for (const chunk of source.chunks()) {
        if (accumulator instanceof NumericColumnAccumulator && source.kind === 'numeric') {
          accumulator.addInput(chunk as NumericInput);
        } else if (
          accumulator instanceof CategoricalColumnAccumulator &&
          source.kind === 'categorical' &&
          source.type !== 'null'
        ) {
          accumulator.addInput(chunk as CategoricalInput);
        } else accumulator.addMissing((chunk as { length: number }).length);
      }
    }
    this.rows += plan.source.rowCount;
    this.batches += 1;
    return this;
  }

  /** The profile of every batch added (an empty profile when none was). */
  finish(): DatasetProfile {
    const finish =
      this.finishProfile ??
      planProfile({}, { ...this.options, columns: undefined, edges: undefined }).finish;
    return finish(
      [...this.columns.values()].map(({ accumulator }) => accumulator.finish()),
      this.rows,
    );
  }

  private assertSameColumns(names: string[]): void {
    const known = [...this.columns.keys()];
    const extra = names.filter(name => !this.columns.has(name));
    const absent = known.filter(name => !names.includes(name));
    if (extra.length > 0 || absent.length > 0) {
      const column = (extra[0] ?? absent[0]) as string;
      throw new InvalidInputError({
        code: 'PROFILE_COLUMNS_MISMATCH',
        message: `Batch ${this.batches} has different columns from the first batch: ${[...extra.map(name => `"${name}" is new`), ...absent.map(name => `"${name}" is missing`)].join(', ')}.`,
        details: { path: 'columns', column, extra, absent },
      });
    }
  }
}
