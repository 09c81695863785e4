import type { ColumnDrift, ColumnProfile } from '@ballast/contracts';
import { compareOnCpu } from '../column-drift/compare-on-cpu';
import type { ParsedDetectDriftOptions } from '../column-drift/detect-drift-options';
import type { ReducedColumn } from '../column-drift/plan-column';
import type { CategoricalColumn } from '../input/categorical-column';
import type { NumericColumn } from '../input/numeric-column';
import { type ColumnAccumulatorOptions, profileColumn } from '../profile/column-accumulator';
import {
  type CurrentColumn,
  compareColumnToProfile,
  type ProfileComparisonOptions,
} from '../profile/detect-drift-from-profile';
import type { PreparedColumn } from '../profile/profile-input';

/** Comparing one column of two tables: reduced on the reading thread, compared in a worker. */
export interface CompareColumnsTask {
  kind: 'compare-columns';
  column: ReducedColumn;
  options: ParsedDetectDriftOptions;
}

/** Comparing one current column with its reference profile. */
export interface CompareColumnTask {
  kind: 'compare-column-to-profile';
  column: ColumnProfile;
  current: CurrentColumn;
  options: ProfileComparisonOptions;
}

/** Summarising one reference column. */
export type ProfileColumnTask = {
  kind: 'profile-column';
  column:
    | { name: string; kind: 'numeric'; type: PreparedColumn['type']; chunks: NumericColumn[] }
    | {
        name: string;
        kind: 'categorical';
        type: PreparedColumn['type'];
        chunks: CategoricalColumn[];
      };
  options: ColumnAccumulatorOptions;
};

/** One column's work, in a form that survives `postMessage` (structured clone). */
export type ColumnTask = ProfileColumnTask | CompareColumnTask | CompareColumnsTask;

/** Runs one task with exactly the code the single-thread path runs. */
export function runColumnTask(task: ColumnTask): ColumnProfile | ColumnDrift {
  if (task.kind === 'compare-columns') return compareOnCpu(task.column, task.options);
  if (task.kind === 'compare-column-to-profile') {
    return compareColumnToProfile(task.column, task.current, task.options);
  }
  const { column } = task;
  const prepared =
    column.kind === 'numeric'
      ? { ...column, chunks: () => column.chunks }
      : { ...column, chunks: () => column.chunks };
  return profileColumn(prepared as PreparedColumn, task.options);
}

/** Materialises a prepared column's chunks so they can be sent to a worker. */
export function toColumnTask(
  column: PreparedColumn,
  options: ColumnAccumulatorOptions,
): ProfileColumnTask {
  if (column.kind === 'numeric') {
    const chunks = [...column.chunks()].map(chunk => ({
      ...chunk,
      values: ownBuffer(chunk.values),
    }));
    return {
      kind: 'profile-column',
      column: { name: column.name, kind: 'numeric', type: column.type, chunks },
      options,
    };
  }
  return {
    kind: 'profile-column',
    column: {
      name: column.name,
      kind: 'categorical',
      type: column.type,
      chunks: [...column.chunks()],
    },
    options,
  };
}

/** A view into a larger buffer would be cloned whole by `postMessage`; copy just the view's bytes. */
export function ownBuffer(values: Float64Array): Float64Array {
  return values.byteLength === values.buffer.byteLength ? values : values.slice();
}
