import { InvalidInputError } from '@ballast/contracts';
import type { PeerModule } from '@ballast/kit';
import type { Tfjs } from '../backends/tfjs/tfjs-api';
import { createTfjsBackend } from '../backends/tfjs/tfjs-backend';
import type { DriftBackend } from '../detect/detect-drift-options';
import type { TableInput } from '../table/read-table';
import {
  type AsyncFittedMultivariateDrift,
  fitMultivariateDrift,
  type MultivariateDriftOptions,
  parseMultivariateOptions,
} from './detect-multivariate-drift';

/** Where the surrounding call computes: `detectDrift`'s `backend` and `tf`. */
export interface MultivariateContext {
  backend?: 'cpu' | 'tfjs' | DriftBackend;
  tf?: PeerModule<Tfjs>;
}

/**
 * Fits a multivariate check where it should run: `options.backend` when set; else tfjs for
 * `mmd` or when the context's backend is tfjs (`'tfjs'`, or a backend object with
 * `fitMultivariate`), else the cpu. On tfjs it uses the context's backend object, or creates a
 * tfjs backend from `options.tf`, the context's `tf`, or the first installed tfjs package.
 */
export async function fitMultivariateOnBackend(
  reference: TableInput,
  options: MultivariateDriftOptions,
  currentRows: number | undefined,
  context: MultivariateContext = {},
): Promise<AsyncFittedMultivariateDrift> {
  const parsed = parseMultivariateOptions(options);
  const backendObject = typeof context.backend === 'object' ? context.backend : undefined;
  const onTfjs =
    parsed.backend === undefined
      ? parsed.method === 'mmd' ||
        context.backend === 'tfjs' ||
        backendObject?.fitMultivariate !== undefined
      : parsed.backend === 'tfjs';
  if (!onTfjs) {
    if (parsed.method === 'mmd') {
      throw new InvalidInputError({
        code: 'OPTION_CONFLICT',
        message:
          'multivariate method "mmd" runs on tfjs; multivariate.backend "cpu" cannot run it.',
        details: { path: 'multivariate.backend' },
      });
    }
    const fitted = fitMultivariateDrift(reference, options, currentRows);
    return { evaluate: async current => fitted.evaluate(current) };
  }
  if (backendObject?.fitMultivariate && options.tf === undefined)
    return backendObject.fitMultivariate(reference, options, currentRows);
  const tf = options.tf ?? context.tf;
  const backend = await createTfjsBackend(tf === undefined ? {} : { tf });
  return backend.fitMultivariate(reference, options, currentRows);
}
