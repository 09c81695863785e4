/**
 * `@ballast/lineage/facets`: every facet builder of the package. The 22 standard OpenLineage
 * facets (schema URL and version of the official facet files), Ballast's own `ballast_*` facets
 * built from the contracts' `ballastFacetSpecs`, and {@link defineFacet} for your own.
 *
 * @packageDocumentation
 */
export {
  BALLAST_FACETS_BASE_URL,
  facetSchemaURL,
  OPENLINEAGE_FACETS_BASE_URL,
} from './events/openlineage-spec';
export {
  type BuiltFacet,
  defineFacet,
  type FacetBuilder,
  type FacetBuildOptions,
  type FacetDefinition,
  type FacetPlacement,
} from './facets/define-facet';
export {
  columnLineageDatasetFacet,
  dataQualityAssertionsDatasetFacet,
  dataQualityMetricsDatasetFacet,
  dataQualityMetricsInputDatasetFacet,
  datasetTypeDatasetFacet,
  datasetVersionDatasetFacet,
  datasourceDatasetFacet,
  documentationDatasetFacet,
  documentationJobFacet,
  errorMessageFacetFromError,
  errorMessageRunFacet,
  jobTypeJobFacet,
  lifecycleStateChangeDatasetFacet,
  lifecycleStateChangeSchema,
  nominalTimeRunFacet,
  ownershipDatasetFacet,
  ownershipJobFacet,
  parentRunFacet,
  schemaDatasetFacet,
  sqlJobFacet,
  standardFacets,
  symlinksDatasetFacet,
  tagsDatasetFacet,
  tagsJobFacet,
  tagsRunFacet,
} from './facets/standard-facets';
export {
  ballastDriftReportDatasetFacet,
  ballastFacets,
  ballastModelVersionDatasetFacet,
  ballastPolicyDecisionRunFacet,
  ballastValidationReportDatasetFacet,
  documentDigest,
  driftReportFacet,
  modelVersionFacet,
  validationReportFacet,
} from './facets/ballast-facets';
