import type { PeerModule } from '@ballast/kit';
import type { Tfjs } from '../backends/tfjs/tfjs-api';
import type { ComparisonOptions } from '../column-drift/detect-drift-options';
import type { DriftMethod } from '../methods/drift-method';
import type {
  AsyncFittedMultivariateDrift,
  MultivariateDriftOptions,
} from '../multivariate/detect-multivariate-drift';
import type { ParallelOptions } from '../parallel/parallel-options';
import type { StatisticResult } from '../statistics/statistic-result';
import type { TableInput } from '../table/read-table';

/** A backend's kernel for one method, on the finite values of each side (ascending). */
export interface BackendKernel {
  /** Statistic option keys the kernel honours; a column with any other option runs on the cpu. */
  readonly options: readonly string[];
  /** Computes the statistic with the column's statistic options. */
  run(
    reference: Float64Array,
    current: Float64Array,
    options: Readonly<Record<string, unknown>>,
  ): Promise<StatisticResult>;
}

/**
 * A compute backend (the tfjs backend from `@ballast/drift-stats/tfjs` is one). Methods it has
 * no kernel for run on the cpu; each column's `backend` field says where it ran.
 */
export interface DriftBackend {
  /** Written to each column's `backend` field, e.g. `'tfjs:cpu'`. */
  readonly name: string;
  /** The kernel for `method`, or undefined to run the method on the cpu. */
  kernel(method: DriftMethod): BackendKernel | undefined;
  /**
   * Fits `detectDrift`'s `multivariate` check on this backend (the tfjs backend has it); a
   * backend without it leaves the check on the cpu.
   */
  fitMultivariate?(
    reference: TableInput,
    options: MultivariateDriftOptions,
    currentRows?: number,
  ): Promise<AsyncFittedMultivariateDrift>;
}

/** Options of `detectDrift`. */
export interface DetectDriftOptions extends ComparisonOptions {
  /** `'cpu'` (default), `'tfjs'` (loads an installed tfjs, or `tf`), or a backend object. */
  backend?: 'cpu' | 'tfjs' | DriftBackend;
  /** The tfjs module (or a loader) for `backend: 'tfjs'` and a multivariate check on tfjs; default: the first installed. */
  tf?: PeerModule<Tfjs>;
  /** Compare columns on worker threads (cpu backend): `true` or `{ workers, threshold }`. */
  parallel?: boolean | ParallelOptions;
  /**
   * Also run a multivariate check into `dataset.multivariate` (needs a table reference):
   * `data_reconstruction`, `domain_classifier` or `mmd`. It runs on tfjs for `mmd` or when
   * `backend` is tfjs (with `tf`), else on the cpu; `multivariate.backend` overrides.
   */
  multivariate?: MultivariateDriftOptions;
}

/** Options of `detectDriftSync`: in-memory, on the cpu, on the calling thread. */
export interface DetectDriftSyncOptions extends ComparisonOptions {
  /** Only `'cpu'`; other backends need `detectDrift`. */
  backend?: 'cpu';
  /** Only `false`; worker threads need `detectDrift`. */
  parallel?: false;
  /** Also run a multivariate check (cpu: `data_reconstruction` or `domain_classifier`) into `dataset.multivariate`. */
  multivariate?: MultivariateDriftOptions;
}
