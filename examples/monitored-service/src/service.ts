// The monitored service: a fastify app serving an ONNX classifier through serving-core, with
// @ballast/monitor as the payload sink and one prom-client registry behind /metrics.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  createMonitor,
  type DriftEvent,
  type Monitor,
  type MonitorAlert,
  type WindowOptions,
  type WindowPerformance,
  type WindowResult,
} from '@ballast/monitor';
import { createInferenceServer, type InferenceServer } from '@ballast/serving-core';
import { fastifyInferencePlugin } from '@ballast/serving-core/fastify';
import { onnxModel } from '@ballast/serving-core/onnx';
import fastify, { type FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import { z } from 'zod';

/** Model name and version as served and as labelled in every metric. */
export const modelName = 'default-risk';
export const modelVersion = '1';
/** Columns of the `[batch, 4]` input tensor `x`, in order. */
export const featureNames = ['income', 'debt_ratio', 'age', 'utilization'] as const;
/** The output tensor `probability` (`[batch, 1]`) is monitored as this column. */
export const predictionColumn = 'probability';

export const defaultModelPath = fileURLToPath(
  new URL('../model/default-risk.onnx', import.meta.url),
);
export const defaultReferencePath = fileURLToPath(
  new URL('../model/reference.csv', import.meta.url),
);

/** Options of {@link startService}. */
export interface ServiceOptions {
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
  /** Port (default 0: a free one). */
  port?: number;
  /** The ONNX model file. */
  modelPath?: string;
  /** CSV with the feature columns, `probability` and `label` (the training-time reference). */
  referencePath?: string;
  /** Monitor windows (default 2000 rows: smaller windows make Evidently's thresholds noisy). */
  window?: WindowOptions;
  /** Monitor state directory (default `.ballast/monitor`); false keeps nothing on disk. */
  directory?: string | false;
  /** How long served payloads wait before reaching the monitor, in ms (default 1000). */
  payloadFlushIntervalMs?: number;
  /** fastify request logging (default false). */
  logger?: boolean;
  onWindow?: (window: WindowResult) => void;
  onAlert?: (alert: MonitorAlert) => void;
  onDrift?: (event: DriftEvent) => void;
  /** Realised performance of a window, when its late labels arrive. */
  onPerformance?: (performance: WindowPerformance) => void;
}

/** A running service. */
export interface Service {
  /** Base URL, e.g. `http://127.0.0.1:8080`. */
  url: string;
  app: FastifyInstance;
  server: InferenceServer;
  monitor: Monitor;
  /** The one registry behind `/metrics`: serving and monitor metrics. */
  registry: Registry;
  /** Stops accepting, drains serving (flushing the payload log into the monitor), closes the monitor. */
  close(): Promise<void>;
}

/** The reference data as named columns, plus the labels CBPE calibrates on. */
export interface ReferenceData {
  columns: Record<string, number[]>;
  labels: number[];
}

/** Reads `model/reference.csv` (written by scripts/generate-model.py). */
export function readReference(path = defaultReferencePath): ReferenceData {
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const names = (header ?? '').split(',');
  const values = names.map(() => [] as number[]);
  for (const line of lines) {
    const cells = line.split(',');
    for (const [index, column] of values.entries()) column.push(Number(cells[index]));
  }
  const byName = Object.fromEntries(names.map((name, index) => [name, values[index] ?? []]));
  const { label = [], ...columns } = byName;
  return { columns, labels: label };
}

const labelsBody = z.object({
  labels: z.array(
    z.object({ requestId: z.string().min(1), label: z.union([z.number(), z.boolean()]) }),
  ),
});

/**
 * Starts the service: `/v2/...` (Open Inference Protocol), `/metrics`, and `POST /labels`
 * (`{ labels: [{ requestId, label }] }`, ground truth that arrives later; row `i` of a batched
 * request is `<requestId>#<i>`).
 */
export async function startService(options: ServiceOptions = {}): Promise<Service> {
  const reference = readReference(options.referencePath);
  const registry = new Registry();
  const monitor = createMonitor({
    model: { name: modelName, version: modelVersion },
    reference: reference.columns,
    features: { x: [...featureNames], probability: [predictionColumn] },
    window: options.window ?? { rows: 2000 },
    directory: options.directory ?? '.ballast/monitor',
    registry,
    performance: {
      task: 'binary',
      prediction: predictionColumn,
      labelHorizon: '1h',
      reference: { scores: reference.columns[predictionColumn] ?? [], labels: reference.labels },
    },
    ...(options.onWindow ? { onWindow: options.onWindow } : {}),
    ...(options.onAlert ? { onAlert: options.onAlert } : {}),
    ...(options.onDrift ? { onDrift: options.onDrift } : {}),
    ...(options.onPerformance ? { onPerformance: options.onPerformance } : {}),
  });
  const server = createInferenceServer({
    models: [
      onnxModel({
        name: modelName,
        version: modelVersion,
        path: options.modelPath ?? defaultModelPath,
        batching: { maxBatchSize: 64, maxQueueSize: 2048 },
      }),
    ],
    metrics: { registry },
    payloadLogging: {
      sink: monitor,
      sampleRate: 1, // every request: the monitor sees all traffic
      flushIntervalMs: options.payloadFlushIntervalMs ?? 1000,
    },
  });
  await server.waitUntilLoaded();

  const app = fastify({ logger: options.logger ?? false });
  app.post('/labels', async (request, reply) => {
    const parsed = labelsBody.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: parsed.error.message });
    return monitor.recordLabels(parsed.data.labels);
  });
  // Everything else (the OIP routes and /metrics) goes to serving-core; registered in its own
  // encapsulated context, so its raw-body parser does not replace the JSON parser of /labels.
  await app.register(fastifyInferencePlugin, { server });
  await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  const host = options.host ?? '127.0.0.1';

  let closed: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    app,
    server,
    monitor,
    registry,
    close: () => {
      closed ??= (async () => {
        await app.close();
        // Drains queued inference and flushes the payload log into the monitor...
        await server.shutdown({ graceMs: 0, drainTimeoutMs: 10_000 });
        // ...which then analyses what is left and stores its state.
        await monitor.close();
      })();
      return closed;
    },
  };
}
