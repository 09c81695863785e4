import type { LineageStore } from './lineage-store';

/** A PROV-JSON document (W3C PROV-JSON member submission) limited to what lineage maps to. */
export interface ProvDocument {
  prefix: Record<string, string>;
  entity: Record<string, Record<string, unknown>>;
  activity: Record<string, Record<string, unknown>>;
  used: Record<string, { 'prov:activity': string; 'prov:entity': string }>;
  wasGeneratedBy: Record<string, { 'prov:entity': string; 'prov:activity': string }>;
  wasStartedBy: Record<string, { 'prov:activity': string; 'prov:starter': string }>;
}

const prefixUri = 'https://ballast.dev/ns/lineage/';

/**
 * Exports a store as PROV-JSON: every dataset (and dataset version, and model) is an entity,
 * every run an activity with start and end times; inputs become `used`, outputs
 * `wasGeneratedBy`, and a nested run `wasStartedBy` its parent run. Identifiers are qualified names
 * under the `ballast` prefix.
 *
 * @example
 * ```ts
 * await writeFile('lineage.prov.json', JSON.stringify(toProvJson(store), null, 2));
 * ```
 */
export function toProvJson(store: LineageStore): ProvDocument {
  const document: ProvDocument = {
    prefix: { ballast: prefixUri },
    entity: {},
    activity: {},
    used: {},
    wasGeneratedBy: {},
    wasStartedBy: {},
  };
  const entityId = (nodeId: string) => `ballast:${encodeURIComponent(nodeId)}`;
  const activityId = (runId: string) => `ballast:run/${encodeURIComponent(runId)}`;
  const addEntity = (nodeId: string) => {
    const id = entityId(nodeId);
    if (document.entity[id]) return id;
    const node = store.node(nodeId);
    const data = node?.type === 'DATASET' ? node.data : undefined;
    document.entity[id] = {
      'prov:label': data ? `${data.namespace}/${data.name}` : nodeId,
      'prov:type': data?.datasetType === 'MODEL' ? 'ballast:Model' : 'ballast:Dataset',
      ...(data ? { 'ballast:namespace': data.namespace, 'ballast:name': data.name } : {}),
      ...(data?.version ? { 'ballast:version': data.version } : {}),
    };
    return id;
  };
  let relation = 0;
  for (const run of store.runs()) {
    const activity = activityId(run.runId);
    document.activity[activity] = {
      'prov:label': `${run.job.namespace}/${run.job.name}`,
      'prov:type': 'ballast:Run',
      'ballast:job': `job:${run.job.namespace}:${run.job.name}`,
      'ballast:state': run.state,
      ...(run.startedAt ? { 'prov:startTime': run.startedAt } : {}),
      ...(run.endedAt ? { 'prov:endTime': run.endedAt } : {}),
    };
    for (const input of run.inputs) {
      relation += 1;
      document.used[`_:u${relation}`] = {
        'prov:activity': activity,
        'prov:entity': addEntity(input),
      };
    }
    for (const output of run.outputs) {
      relation += 1;
      document.wasGeneratedBy[`_:g${relation}`] = {
        'prov:entity': addEntity(output),
        'prov:activity': activity,
      };
    }
    if (run.parentRunId) {
      relation += 1;
      document.wasStartedBy[`_:s${relation}`] = {
        'prov:activity': activity,
        'prov:starter': activityId(run.parentRunId),
      };
    }
  }
  return document;
}
