import { type ModelVersion, parseModelVersion } from '@ballast/contracts';
import { modelVersionFacet } from '../facets/ballast-facets';
import type { FacetBuildOptions } from '../facets/define-facet';
import type { OpenLineageFacet, OutputDataset } from './event-schemas';
import { modelDataset } from './naming';
import { datasetTypeDatasetFacet, datasetVersionDatasetFacet } from '../facets/standard-facets';

/**
 * The dataset that stands for a registered model version: named by registry URI
 * (see {@link modelDataset}), with `datasetType: MODEL`, the `version` facet and the
 * `ballast_modelVersion` facet. Use it as the output of a training run and the input of a
 * deployment job.
 *
 * @example
 * ```ts
 * await run.complete([modelVersionDataset(version, { registryUri: 'mlflow://mlflow:5000' })]);
 * ```
 */
export function modelVersionDataset(
  modelVersion: ModelVersion,
  options: FacetBuildOptions & { registryUri: string },
): OutputDataset & { facets: Record<string, OpenLineageFacet> } {
  const version = parseModelVersion(modelVersion);
  const facetOptions = options.producer === undefined ? {} : { producer: options.producer };
  return {
    ...modelDataset({
      registryUri: options.registryUri,
      name: version.name,
      version: version.version,
    }),
    facets: {
      datasetType: datasetTypeDatasetFacet({ datasetType: 'MODEL' }, facetOptions),
      version: datasetVersionDatasetFacet({ datasetVersion: version.version }, facetOptions),
      ballast_modelVersion: modelVersionFacet(version, facetOptions),
    },
  };
}
