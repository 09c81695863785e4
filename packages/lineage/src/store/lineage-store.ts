import { readJsonLines } from './json-lines';
import { InvalidInputError, NotFoundError } from '@ballast/contracts';
import {
  eventKind,
  type InputDataset,
  type OpenLineageEvent,
  type OpenLineageFacet,
  type OutputDataset,
  parseOpenLineageEvent,
  type RunEvent,
  type RunEventType,
  type StaticDataset,
} from '../events/event-schemas';
import { eventKey } from '../transports/lineage-transport';
import { datasetNodeId, datasetVersionNodeId, jobNodeId } from './node-id';

/** What a dataset node carries in `data`. */
export interface DatasetNodeData {
  namespace: string;
  name: string;
  /** The `version` facet's `datasetVersion`, for version nodes. */
  version?: string;
  /** The `datasetType` facet (`TABLE`, `MODEL`, ...), when known. */
  datasetType?: string;
  /** Facets merged over every event (later events win). */
  facets: Record<string, OpenLineageFacet>;
}

/** A summary of one run of a job. */
export interface RunSummary {
  runId: string;
  job: { namespace: string; name: string };
  /** `RUNNING` until a terminal event arrives; OTHER-only runs report `OTHER`. */
  state: RunEventType;
  startedAt?: string;
  endedAt?: string;
  parentRunId?: string;
  /** Node ids of the datasets read and written (version nodes when versioned). */
  inputs: string[];
  outputs: string[];
  facets: Record<string, OpenLineageFacet>;
}

/** What a job node carries in `data`. */
export interface JobNodeData {
  namespace: string;
  name: string;
  facets: Record<string, OpenLineageFacet>;
  /** The most recent run (by START time, then run id). */
  latestRun?: RunSummary;
}

/** An edge of the Marquez lineage shape. */
export interface LineageEdge {
  origin: string;
  destination: string;
}

/** A node without its edges: a dataset (or dataset version) or a job. */
export type LineageNodeSummary =
  | { id: string; type: 'DATASET'; data: DatasetNodeData }
  | { id: string; type: 'JOB'; data: JobNodeData };

/** A node of the Marquez lineage shape. */
export type LineageNode = LineageNodeSummary & { inEdges: LineageEdge[]; outEdges: LineageEdge[] };

/** Marquez's `GET /api/v1/lineage` response shape. */
export interface LineageGraph {
  graph: LineageNode[];
}

/** Which way to walk. */
export type LineageDirection = 'upstream' | 'downstream' | 'both';

/** Options of the graph queries. */
export interface LineageQueryOptions {
  /**
   * How many jobs away to go (default 20, as Marquez). Depth 1 from a dataset gives the jobs
   * that read or wrote it and the datasets those runs touched.
   */
  depth?: number;
  direction?: LineageDirection;
}

/** The datasets a model version was trained on. */
export interface TrainingLineage {
  runId: string;
  job: { namespace: string; name: string };
  state: RunEventType;
  datasets: Array<DatasetNodeData & { id: string }>;
}

/** What depends on a dataset. */
export interface ImpactAnalysis {
  jobs: Array<JobNodeData & { id: string }>;
  models: Array<DatasetNodeData & { id: string }>;
  datasets: Array<DatasetNodeData & { id: string }>;
}

interface RunRecord {
  runId: string;
  /** A JobEvent's declared lineage, not an execution: kept for edges, hidden from runs(). */
  isStatic: boolean;
  jobId: string;
  job: { namespace: string; name: string };
  types: Set<RunEventType>;
  startedAt?: string;
  endedAt?: string;
  parentRunId?: string;
  inputs: Set<string>;
  outputs: Set<string>;
  facets: Record<string, OpenLineageFacet>;
}

const terminalTypes: RunEventType[] = ['COMPLETE', 'FAIL', 'ABORT'];
const staticRunPrefix = 'static:';

/**
 * An in-memory lineage graph built from OpenLineage events, with Marquez's read shape and
 * version-aware traversal.
 */
export interface LineageStore {
  /** Validates and records one event; returns false when it was a duplicate (same key). */
  add(event: unknown): boolean;
  /** Every distinct event, in arrival order. */
  events(): OpenLineageEvent[];
  /** One run, or undefined. */
  run(runId: string): RunSummary | undefined;
  /** Every run (JobEvents' static lineage excluded), oldest first. */
  runs(): RunSummary[];
  /** One node by its exact id, without edges. */
  node(nodeId: string): LineageNodeSummary | undefined;
  /** Whether a node id (or, for `dataset:` ids, any version of it) is known. */
  has(nodeId: string): boolean;
  /** Marquez-compatible lineage around a node. Throws `NotFoundError` for unknown nodes. */
  lineage(nodeId: string, options?: LineageQueryOptions): LineageGraph;
  /** Shorthand for `lineage(nodeId, { ...options, direction: 'upstream' })`. */
  upstream(nodeId: string, options?: Omit<LineageQueryOptions, 'direction'>): LineageGraph;
  /** Shorthand for `lineage(nodeId, { ...options, direction: 'downstream' })`. */
  downstream(nodeId: string, options?: Omit<LineageQueryOptions, 'direction'>): LineageGraph;
  /** The datasets (with the exact versions read) of the latest run that produced a model. */
  trainingDatasets(modelNodeId: string): TrainingLineage;
  /** The jobs, models and datasets downstream of a dataset (impact analysis). */
  impact(nodeId: string, options?: Omit<LineageQueryOptions, 'direction'>): ImpactAnalysis;
}

function datasetVersionOf(dataset: {
  facets?: Record<string, OpenLineageFacet>;
}): string | undefined {
  const version = dataset.facets?.['version']?.['datasetVersion'];
  return typeof version === 'string' && version !== '' ? version : undefined;
}

function datasetTypeOf(facets: Record<string, OpenLineageFacet>): string | undefined {
  const type = facets['datasetType']?.['datasetType'];
  return typeof type === 'string' ? type : undefined;
}

function compareRuns(left: RunRecord, right: RunRecord): number {
  const leftTime = left.startedAt ?? left.endedAt ?? '';
  const rightTime = right.startedAt ?? right.endedAt ?? '';
  if (leftTime !== rightTime) return leftTime < rightTime ? -1 : 1;
  return left.runId < right.runId ? -1 : left.runId > right.runId ? 1 : 0;
}

/**
 * Creates an empty lineage store; feed it with `add(event)` or use {@link loadLineageStore}.
 *
 * Dataset versions are respected: an input or output carrying the `version` facet becomes its
 * own node (`datasetVersion:<ns>:<name>:<version>`), and walking through a job follows only the
 * runs that led there, so the upstream of model version 3 is the data version 3 was trained on,
 * not the latest version of that data (Marquez's behaviour, MarquezProject/marquez#2733).
 * A `dataset:<ns>:<name>` id matches the unversioned node and every version of the dataset.
 *
 * @example
 * ```ts
 * const store = createLineageStore();
 * for (const event of events) store.add(event);
 * const graph = store.upstream('dataset:mlflow://mlflow:5000:models/churn/versions/3', { depth: 2 });
 * ```
 */
export function createLineageStore(): LineageStore {
  const keys = new Set<string>();
  const events: OpenLineageEvent[] = [];
  const datasets = new Map<string, DatasetNodeData>();
  const versionsByDataset = new Map<string, Set<string>>();
  const jobs = new Map<string, Omit<JobNodeData, 'latestRun'>>();
  const runs = new Map<string, RunRecord>();
  const runsByJob = new Map<string, Set<string>>();
  // Edges keyed `origin\u0000destination`, each remembering the runs that created it.
  const edges = new Map<string, { origin: string; destination: string; runs: Set<string> }>();
  const outgoing = new Map<string, Set<string>>();
  const incoming = new Map<string, Set<string>>();

  const touchDataset = (dataset: StaticDataset | InputDataset | OutputDataset): string => {
    const version = datasetVersionOf(dataset);
    const baseId = datasetNodeId(dataset.namespace, dataset.name);
    const id =
      version === undefined
        ? baseId
        : datasetVersionNodeId(dataset.namespace, dataset.name, version);
    const existing = datasets.get(id);
    const facets = { ...existing?.facets, ...dataset.facets };
    const datasetType = datasetTypeOf(facets);
    datasets.set(id, {
      namespace: dataset.namespace,
      name: dataset.name,
      ...(version === undefined ? {} : { version }),
      ...(datasetType === undefined ? {} : { datasetType }),
      facets,
    });
    if (version !== undefined) {
      const versions = versionsByDataset.get(baseId) ?? new Set<string>();
      versions.add(id);
      versionsByDataset.set(baseId, versions);
    }
    return id;
  };

  const touchJob = (job: {
    namespace: string;
    name: string;
    facets?: Record<string, OpenLineageFacet>;
  }) => {
    const id = jobNodeId(job.namespace, job.name);
    const existing = jobs.get(id);
    jobs.set(id, {
      namespace: job.namespace,
      name: job.name,
      facets: { ...existing?.facets, ...job.facets },
    });
    return id;
  };

  const link = (origin: string, destination: string, runId: string) => {
    const key = `${origin}\u0000${destination}`;
    const edge = edges.get(key) ?? { origin, destination, runs: new Set<string>() };
    edge.runs.add(runId);
    edges.set(key, edge);
    outgoing.set(origin, (outgoing.get(origin) ?? new Set()).add(key));
    incoming.set(destination, (incoming.get(destination) ?? new Set()).add(key));
  };

  const recordActivity = (
    runId: string,
    job: { namespace: string; name: string; facets?: Record<string, OpenLineageFacet> },
    inputs: InputDataset[],
    outputs: OutputDataset[],
  ): RunRecord => {
    const jobId = touchJob(job);
    const record = runs.get(runId) ?? {
      runId,
      isStatic: runId.startsWith(staticRunPrefix),
      jobId,
      job: { namespace: job.namespace, name: job.name },
      types: new Set<RunEventType>(),
      inputs: new Set<string>(),
      outputs: new Set<string>(),
      facets: {},
    };
    runs.set(runId, record);
    runsByJob.set(jobId, (runsByJob.get(jobId) ?? new Set()).add(runId));
    for (const input of inputs) {
      const id = touchDataset(input);
      record.inputs.add(id);
      link(id, jobId, runId);
    }
    for (const output of outputs) {
      const id = touchDataset(output);
      record.outputs.add(id);
      link(jobId, id, runId);
    }
    return record;
  };

  const recordRunEvent = (event: RunEvent) => {
    const record = recordActivity(
      event.run.runId,
      event.job,
      event.inputs ?? [],
      event.outputs ?? [],
    );
    const type = event.eventType ?? 'OTHER';
    record.types.add(type);
    Object.assign(record.facets, event.run.facets);
    if (
      type === 'START' &&
      (record.startedAt === undefined || event.eventTime < record.startedAt)
    ) {
      record.startedAt = event.eventTime;
    }
    if (terminalTypes.includes(type)) record.endedAt = event.eventTime;
    const parent = event.run.facets?.['parent']?.['run'] as { runId?: unknown } | undefined;
    if (typeof parent?.runId === 'string') record.parentRunId = parent.runId;
  };

  const summarize = (record: RunRecord): RunSummary => {
    const terminal = terminalTypes.find(type => record.types.has(type));
    const state: RunEventType =
      terminal ?? (record.types.has('START') || record.types.has('RUNNING') ? 'RUNNING' : 'OTHER');
    return {
      runId: record.runId,
      job: record.job,
      state,
      ...(record.startedAt === undefined ? {} : { startedAt: record.startedAt }),
      ...(record.endedAt === undefined ? {} : { endedAt: record.endedAt }),
      ...(record.parentRunId === undefined ? {} : { parentRunId: record.parentRunId }),
      inputs: [...record.inputs],
      outputs: [...record.outputs],
      facets: record.facets,
    };
  };

  const latestRunOf = (jobId: string, onlyRuns?: Set<string>): RunRecord | undefined => {
    let latest: RunRecord | undefined;
    for (const runId of runsByJob.get(jobId) ?? []) {
      if (onlyRuns && !onlyRuns.has(runId)) continue;
      const record = runs.get(runId)!;
      if (record.isStatic) continue;
      if (!latest || compareRuns(latest, record) < 0) latest = record;
    }
    return latest;
  };

  const resolve = (nodeId: string): string[] => {
    const matches: string[] = [];
    if (datasets.has(nodeId) || jobs.has(nodeId)) matches.push(nodeId);
    for (const versionId of versionsByDataset.get(nodeId) ?? []) matches.push(versionId);
    if (matches.length === 0) {
      throw new NotFoundError({
        code: 'LINEAGE_NODE_NOT_FOUND',
        message: `No lineage node "${nodeId}". Ids look like dataset:<namespace>:<name>, datasetVersion:<namespace>:<name>:<version> or job:<namespace>:<name>.`,
        details: { nodeId },
      });
    }
    return matches;
  };

  const parseDepth = (depth: number | undefined): number => {
    const value = depth ?? 20;
    if (!Number.isInteger(value) || value < 0) {
      throw new InvalidInputError({
        code: 'INVALID_LINEAGE_DEPTH',
        message: `depth must be a non-negative integer, got ${depth}`,
        details: { field: 'depth', received: depth },
      });
    }
    return value;
  };

  /**
   * Breadth-first walk in one direction. Passing through a job only follows edges of the runs
   * that reached it, which is what keeps dataset versions apart.
   */
  const walk = (
    starts: string[],
    direction: 'upstream' | 'downstream',
    depth: number,
    visitedEdges: Set<string>,
    visitedNodes: Set<string>,
  ) => {
    const forward = direction === 'downstream' ? outgoing : incoming;
    const jobRuns = new Map<string, Set<string>>();
    let frontier: Array<{ id: string; runs?: Set<string>; jobs: number }> = starts.map(id => ({
      id,
      jobs: 0,
    }));
    for (const start of starts) visitedNodes.add(start);
    const visitedDatasets = new Set(starts.filter(start => datasets.has(start)));
    while (frontier.length > 0) {
      const next: typeof frontier = [];
      for (const item of frontier) {
        const isJob = jobs.has(item.id);
        for (const key of forward.get(item.id) ?? []) {
          const edge = edges.get(key)!;
          const neighbour = direction === 'downstream' ? edge.destination : edge.origin;
          if (isJob) {
            const runsOnEdge = item.runs
              ? [...edge.runs].filter(runId => item.runs!.has(runId))
              : [...edge.runs];
            if (runsOnEdge.length === 0) continue;
            visitedEdges.add(key);
            visitedNodes.add(neighbour);
            if (!visitedDatasets.has(neighbour)) {
              visitedDatasets.add(neighbour);
              next.push({ id: neighbour, jobs: item.jobs });
            }
          } else {
            if (item.jobs + 1 > depth) continue;
            const seen = jobRuns.get(neighbour) ?? new Set<string>();
            const fresh = [...edge.runs].filter(runId => !seen.has(runId));
            visitedEdges.add(key);
            visitedNodes.add(neighbour);
            if (fresh.length === 0) continue;
            for (const runId of fresh) seen.add(runId);
            jobRuns.set(neighbour, seen);
            next.push({ id: neighbour, runs: new Set(fresh), jobs: item.jobs + 1 });
          }
        }
      }
      frontier = next;
    }
  };

  const nodeOf = (id: string): LineageNodeSummary | undefined => {
    const dataset = datasets.get(id);
    if (dataset) return { id, type: 'DATASET', data: dataset };
    const job = jobs.get(id);
    if (!job) return undefined;
    const latest = latestRunOf(id);
    return {
      id,
      type: 'JOB',
      data: { ...job, ...(latest ? { latestRun: summarize(latest) } : {}) },
    };
  };

  const toGraph = (nodeIds: Set<string>, edgeKeys: Set<string>): LineageGraph => {
    const inEdges = new Map<string, LineageEdge[]>();
    const outEdges = new Map<string, LineageEdge[]>();
    for (const key of [...edgeKeys].sort()) {
      const { origin, destination } = edges.get(key)!;
      outEdges.set(origin, [...(outEdges.get(origin) ?? []), { origin, destination }]);
      inEdges.set(destination, [...(inEdges.get(destination) ?? []), { origin, destination }]);
    }
    const graph = [...nodeIds].sort().map(
      id =>
        ({
          ...nodeOf(id)!,
          inEdges: inEdges.get(id) ?? [],
          outEdges: outEdges.get(id) ?? [],
        }) as LineageNode,
    );
    return { graph };
  };

  const lineage = (nodeId: string, options: LineageQueryOptions = {}): LineageGraph => {
    const starts = resolve(nodeId);
    const depth = parseDepth(options.depth);
    const direction = options.direction ?? 'both';
    const nodeIds = new Set<string>();
    const edgeKeys = new Set<string>();
    if (direction !== 'downstream') walk(starts, 'upstream', depth, edgeKeys, nodeIds);
    if (direction !== 'upstream') walk(starts, 'downstream', depth, edgeKeys, nodeIds);
    return toGraph(nodeIds, edgeKeys);
  };

  const withId = <Data>(id: string, data: Data) => ({ id, ...data });

  return {
    add(input) {
      const event = parseOpenLineageEvent(input);
      const key = eventKey(event);
      if (keys.has(key)) return false;
      keys.add(key);
      events.push(event);
      switch (eventKind(event)) {
        case 'RunEvent':
          recordRunEvent(event as RunEvent);
          break;
        case 'DatasetEvent':
          touchDataset((event as { dataset: StaticDataset }).dataset);
          break;
        default: {
          // Static lineage: a JobEvent's inputs and outputs form a run of their own.
          const jobEvent = event as {
            job: { namespace: string; name: string; facets?: Record<string, OpenLineageFacet> };
            inputs?: InputDataset[];
            outputs?: OutputDataset[];
          };
          recordActivity(
            `${staticRunPrefix}${jobNodeId(jobEvent.job.namespace, jobEvent.job.name)}`,
            jobEvent.job,
            jobEvent.inputs ?? [],
            jobEvent.outputs ?? [],
          );
        }
      }
      return true;
    },
    events: () => [...events],
    run(runId) {
      const record = runs.get(runId);
      return record && !record.isStatic ? summarize(record) : undefined;
    },
    runs: () =>
      [...runs.values()]
        .filter(record => !record.isStatic)
        .sort(compareRuns)
        .map(summarize),
    node: nodeOf,
    has(nodeId) {
      return datasets.has(nodeId) || jobs.has(nodeId) || versionsByDataset.has(nodeId);
    },
    lineage,
    upstream: (nodeId, options = {}) => lineage(nodeId, { ...options, direction: 'upstream' }),
    downstream: (nodeId, options = {}) => lineage(nodeId, { ...options, direction: 'downstream' }),
    trainingDatasets(modelNodeId) {
      const producers = new Set<string>();
      for (const id of resolve(modelNodeId)) {
        for (const key of incoming.get(id) ?? []) {
          for (const runId of edges.get(key)!.runs) producers.add(runId);
        }
      }
      let latest: RunRecord | undefined;
      for (const runId of producers) {
        const record = runs.get(runId)!;
        if (record.isStatic) continue;
        // Prefer runs that completed: a failed attempt did not produce what is serving.
        const better =
          !latest ||
          (record.types.has('COMPLETE') && !latest.types.has('COMPLETE')) ||
          (record.types.has('COMPLETE') === latest.types.has('COMPLETE') &&
            compareRuns(latest, record) < 0);
        if (better) latest = record;
      }
      if (!latest) {
        throw new NotFoundError({
          code: 'LINEAGE_PRODUCER_NOT_FOUND',
          message: `No run produced "${modelNodeId}"; emit the training run with the model as an output.`,
          details: { nodeId: modelNodeId },
        });
      }
      const summary = summarize(latest);
      return {
        runId: summary.runId,
        job: summary.job,
        state: summary.state,
        datasets: summary.inputs
          .map(id => withId(id, datasets.get(id)!))
          .filter(dataset => dataset.datasetType !== 'MODEL'),
      };
    },
    impact(nodeId, options = {}) {
      const nodeIds = new Set<string>();
      const starts = resolve(nodeId);
      walk(starts, 'downstream', parseDepth(options.depth), new Set(), nodeIds);
      const result: ImpactAnalysis = { jobs: [], models: [], datasets: [] };
      for (const id of [...nodeIds].sort()) {
        if (starts.includes(id)) continue;
        const job = jobs.get(id);
        if (job) {
          result.jobs.push(withId(id, job));
          continue;
        }
        const dataset = datasets.get(id)!;
        (dataset.datasetType === 'MODEL' ? result.models : result.datasets).push(
          withId(id, dataset),
        );
      }
      return result;
    },
  };
}

/** Options of {@link loadLineageStore}. */
export interface LoadLineageStoreOptions {
  /** JSON Lines files written by the file transport. Missing files count as empty. */
  paths: string[];
  /** Add to this store instead of a new one. */
  store?: LineageStore;
  /** Bytes read per chunk while streaming the files (default 1 MiB). */
  chunkBytes?: number;
  /** Longest accepted line in bytes (default 64 MiB); a longer one is `INVALID_LINEAGE_FILE`. */
  maxLineBytes?: number;
}

/**
 * Builds a lineage store from JSON Lines files (the embedded default), streaming them line by
 * line so files of any size load. A torn last line (a crash mid-write, no trailing newline)
 * is skipped; any other invalid line throws an `InvalidInputError` naming the file and line.
 *
 * @example
 * ```ts
 * const store = await loadLineageStore({ paths: ['.ballast/lineage/events.jsonl'] });
 * console.log(store.impact('dataset:s3://acme-data:churn/features.parquet').models);
 * ```
 */
export async function loadLineageStore(options: LoadLineageStoreOptions): Promise<LineageStore> {
  const store = options.store ?? createLineageStore();
  const readOptions = {
    ...(options.chunkBytes === undefined ? {} : { chunkBytes: options.chunkBytes }),
    ...(options.maxLineBytes === undefined ? {} : { maxLineBytes: options.maxLineBytes }),
  };
  for (const path of options.paths) {
    for await (const { text, line, complete } of readJsonLines(path, readOptions)) {
      if (!complete || text.trim() === '') continue;
      try {
        store.add(JSON.parse(text));
      } catch (error) {
        throw new InvalidInputError({
          code: 'INVALID_LINEAGE_FILE',
          message: `${path}:${line} is not a valid OpenLineage event: ${error instanceof Error ? error.message : String(error)}`,
          details: { path, line },
          cause: error,
        });
      }
    }
  }
  return store;
}
