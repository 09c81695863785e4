import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ServiceMonitor,
  PrometheusRule,
} from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Service } from 'kubernetes-models/v1';
import { parseAllDocuments } from 'yaml';

/** One manifest document and what validating it found. */
export interface ManifestResult {
  file: string;
  kind: string;
  name: string;
  validator: string;
  errors: string[];
}

interface KubernetesObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string };
}

interface ModelClass {
  new (data: never): { validate(): void };
}

// Built-in and Prometheus Operator kinds: kubernetes-models' own classes and JSON schemas.
const modelClasses: Record<string, ModelClass> = {
  'apps/v1/Deployment': Deployment as unknown as ModelClass,
  'v1/Service': Service as unknown as ModelClass,
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor as unknown as ModelClass,
  'monitoring.coreos.com/v1/PrometheusRule': PrometheusRule as unknown as ModelClass,
};

export const here = new URL('..', import.meta.url).pathname;
export const manifestsDir = join(here, 'manifests');
export const kserveCrdDir = join(here, 'vendor', 'kserve');

const kserveCrdFiles = [
  'serving.kserve.io_clusterservingruntimes.yaml',
  'serving.kserve.io_inferenceservices.yaml',
];

// Keywords of Kubernetes' structural schemas that JSON Schema does not know: declared so ajv
// accepts them (strict mode would reject the schema), not interpreted.
const kubernetesKeywords = [
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-int-or-string',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-kubernetes-validations',
  'x-kubernetes-embedded-resource',
];

type Schema = Record<string, unknown>;

/**
 * The API server prunes (or, with kubectl's default strict field validation, rejects) fields a
 * structural schema does not declare. JSON Schema allows them, so every object that lists its
 * properties and does not preserve unknown fields gets `additionalProperties: false`: a typo in a
 * field name fails here as it would fail `kubectl apply`. Nothing is removed from the schema.
 */
export function withStrictFields(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withStrictFields);
  if (schema === null || typeof schema !== 'object') return schema;
  const copy: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    copy[key] =
      key === 'properties' ? mapValues(value as Schema, withStrictFields) : withStrictFields(value);
  }
  if (
    copy.type === 'object' &&
    copy.properties !== undefined &&
    copy.additionalProperties === undefined &&
    copy['x-kubernetes-preserve-unknown-fields'] !== true
  ) {
    copy.additionalProperties = false;
  }
  return copy;
}

function mapValues(record: Schema, fn: (value: unknown) => unknown): Schema {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, fn(value)]));
}

interface CrdVersion {
  name: string;
  schema: { openAPIV3Schema: Schema };
}

interface Crd {
  spec: { group: string; names: { kind: string }; versions: CrdVersion[] };
}

/** Compiles one validator per `group/version/Kind` from the vendored KServe CRDs. */
export function loadKserveValidators(directory = kserveCrdDir): Map<string, ValidateFunction> {
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, validateFormats: true });
  // ajv-formats is CommonJS; its default export is the plugin function under ESM interop.
  const addFormats =
    (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
    addFormatsModule;
  addFormats(ajv);
  for (const keyword of kubernetesKeywords) ajv.addKeyword(keyword);
  const validators = new Map<string, ValidateFunction>();
  for (const file of kserveCrdFiles) {
    const crd = parseAllDocuments(readFileSync(join(directory, file), 'utf8'))
      .map(document => document.toJS() as Crd)
      .find(document => document?.spec?.versions);
    if (!crd) throw new Error(`${file}: no CustomResourceDefinition`);
    for (const version of crd.spec.versions) {
      const key = `${crd.spec.group}/${version.name}/${crd.spec.names.kind}`;
      validators.set(key, ajv.compile(withStrictFields(version.schema.openAPIV3Schema) as Schema));
    }
  }
  return validators;
}

/** Validates one parsed document; `kserve` holds the CRD validators. */
export function validateObject(
  object: KubernetesObject,
  kserve: Map<string, ValidateFunction>,
): { validator: string; errors: string[] } {
  const key = `${object.apiVersion}/${object.kind}`;
  const modelClass = modelClasses[key];
  if (modelClass) {
    try {
      new modelClass(object as never).validate();
      return { validator: 'kubernetes-models', errors: [] };
    } catch (error) {
      return { validator: 'kubernetes-models', errors: [(error as Error).message] };
    }
  }
  const validate = kserve.get(key);
  if (validate) {
    const valid = validate(object);
    const errors = valid
      ? []
      : (validate.errors ?? []).map(
          error =>
            `${error.instancePath || '/'} ${error.message}${error.params && 'additionalProperty' in error.params ? ` (${String(error.params.additionalProperty)})` : ''}`,
        );
    return { validator: 'kserve-crd', errors };
  }
  return { validator: 'none', errors: [`no schema for ${key}`] };
}

/** Parses every YAML document under `directory` and validates each against its schema. */
export function validateManifests(directory = manifestsDir): ManifestResult[] {
  const kserve = loadKserveValidators();
  const results: ManifestResult[] = [];
  for (const file of readdirSync(directory)
    .filter(name => name.endsWith('.yaml'))
    .sort()) {
    for (const document of parseAllDocuments(readFileSync(join(directory, file), 'utf8'))) {
      if (document.errors.length > 0) {
        results.push({
          file,
          kind: '?',
          name: '?',
          validator: 'yaml',
          errors: document.errors.map(e => e.message),
        });
        continue;
      }
      const object = document.toJS() as KubernetesObject | null;
      if (!object) continue;
      results.push({
        file,
        kind: object.kind ?? '?',
        name: object.metadata?.name ?? '?',
        ...validateObject(object, kserve),
      });
    }
  }
  return results;
}
