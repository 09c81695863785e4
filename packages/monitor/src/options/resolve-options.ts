import { InvalidInputError, parseWithSchema } from '@ballast/contracts';
import { z } from 'zod';
import { windowDriftMethods } from '../drift/compare-window';
import { parseDuration } from './duration';
import type { MonitorOptions } from './monitor-options';

/** How windows are cut, in panes: a window is `panesPerWindow` consecutive panes. */
export type ResolvedWindow =
  | { kind: 'rows'; paneRows: number; panesPerWindow: number }
  | { kind: 'time'; paneMs: number; panesPerWindow: number };

/** Options with defaults applied. */
export interface ResolvedOptions {
  window: ResolvedWindow;
  sampleSize: number;
  seed: number;
  directory: string | undefined;
  checkpointIntervalMs: number;
  openAfter: number;
  resolveAfter: number;
  datasetAlerts: boolean;
  performanceAlerts: boolean;
  labelHorizonMs: number;
  maxPendingLabels: number;
  threshold: number;
  lineageNamespace: string;
  analysis: 'worker' | 'inline';
  workerUrl: URL | undefined;
}

const fn = z.custom<(...args: never[]) => unknown>(
  value => typeof value === 'function',
  'expected a function',
);
const positiveInt = z.number().int().positive();
const duration = z.union([z.string(), z.number().positive()]);

const optionsSchema = z.object({
  model: z.object({ name: z.string().min(1), version: z.string().min(1).optional() }),
  reference: z.custom(
    value => typeof value === 'object' && value !== null,
    'expected a DatasetProfile, an Arrow table or named columns',
  ),
  window: z
    .union([
      z.strictObject({ rows: positiveInt, sliding: positiveInt.optional() }),
      z.strictObject({ every: duration, sliding: duration.optional() }),
    ])
    .optional(),
  features: z.record(z.string(), z.array(z.string().min(1))).optional(),
  columns: z.array(z.string()).optional(),
  methods: z.record(z.string(), z.enum(windowDriftMethods as [string, ...string[]])).optional(),
  thresholds: z.record(z.string(), z.number()).optional(),
  correction: z.enum(['none', 'bonferroni', 'benjamini-hochberg']).optional(),
  driftShare: z.number().min(0).max(1).optional(),
  sampleSize: positiveInt.max(1_000_000).optional(),
  suite: z.unknown().optional(),
  performance: z
    .strictObject({
      task: z.enum(['binary', 'regression']),
      prediction: z.string().min(1),
      threshold: z.number().min(0).max(1).optional(),
      labelHorizon: duration.optional(),
      maxPendingLabels: positiveInt.optional(),
      reference: z
        .object({
          scores: z.array(z.number().min(0).max(1)),
          labels: z.array(z.union([z.number(), z.boolean()])),
        })
        .refine(value => value.scores.length === value.labels.length && value.scores.length > 0, {
          message: 'scores and labels must be non-empty and of equal length',
        })
        .optional(),
    })
    .optional(),
  alerts: z
    .strictObject({
      openAfter: positiveInt.optional(),
      resolveAfter: positiveInt.optional(),
      dataset: z.boolean().optional(),
      performance: z.boolean().optional(),
      webhook: z
        .object({
          url: z.url(),
          headers: z.record(z.string(), z.string()).optional(),
          retries: z.number().int().min(0).optional(),
          timeoutMs: z.number().positive().optional(),
          maxDelayMs: z.number().positive().optional(),
          fetch: fn.optional(),
        })
        .optional(),
    })
    .optional(),
  directory: z.union([z.string().min(1), z.literal(false)]).optional(),
  checkpointIntervalMs: z.number().min(0).optional(),
  registry: z
    .custom(
      value => typeof value === 'object' && value !== null && 'registerMetric' in value,
      'expected a prom-client Registry',
    )
    .optional(),
  lineage: z
    .custom(
      value =>
        typeof value === 'object' &&
        value !== null &&
        typeof (value as { emit?: unknown }).emit === 'function',
      'expected a LineageEmitter',
    )
    .optional(),
  lineageNamespace: z.string().min(1).optional(),
  seed: z.number().int().optional(),
  analysis: z.enum(['worker', 'inline']).optional(),
  analysisWorkerUrl: z
    .union([z.string().min(1), z.instanceof(URL)])
    .refine(value => {
      try {
        return new URL(value).protocol === 'file:';
      } catch {
        return false;
      }
    }, 'expected a file: URL of the built analysis worker')
    .optional(),
  onWindow: fn.optional(),
  onAlert: fn.optional(),
  onDrift: fn.optional(),
  onPerformance: fn.optional(),
  onError: fn.optional(),
});

function resolveWindow(window: MonitorOptions['window']): ResolvedWindow {
  if (!window) return { kind: 'rows', paneRows: 1000, panesPerWindow: 1 };
  const [size, step] =
    'rows' in window
      ? [window.rows, window.sliding ?? window.rows]
      : [
          parseDuration(window.every, 'window.every'),
          window.sliding === undefined
            ? undefined
            : parseDuration(window.sliding, 'window.sliding'),
        ];
  const pane = step ?? size;
  if (pane > size || size % pane !== 0) {
    throw new InvalidInputError({
      message: `window.sliding must divide the window size (${size}) and not exceed it (got ${pane}).`,
      details: { path: 'window.sliding' },
    });
  }
  return 'rows' in window
    ? { kind: 'rows', paneRows: pane, panesPerWindow: size / pane }
    : { kind: 'time', paneMs: pane, panesPerWindow: size / pane };
}

/** Validates the options (an InvalidInputError names the first bad field) and applies defaults. */
export function resolveOptions(options: MonitorOptions): ResolvedOptions {
  parseWithSchema(optionsSchema, options, {
    name: 'monitor options',
    code: 'INVALID_MONITOR_OPTIONS',
  });
  const performance = options.performance;
  return {
    window: resolveWindow(options.window),
    sampleSize: options.sampleSize ?? 5000,
    seed: options.seed ?? 0,
    directory: options.directory === false ? undefined : (options.directory ?? '.ballast/monitor'),
    checkpointIntervalMs: options.checkpointIntervalMs ?? 1000,
    openAfter: options.alerts?.openAfter ?? 2,
    resolveAfter: options.alerts?.resolveAfter ?? 3,
    datasetAlerts: options.alerts?.dataset ?? true,
    performanceAlerts: options.alerts?.performance ?? true,
    labelHorizonMs:
      performance?.labelHorizon === undefined
        ? 86_400_000
        : parseDuration(performance.labelHorizon, 'performance.labelHorizon'),
    maxPendingLabels: performance?.maxPendingLabels ?? 100_000,
    threshold: performance?.threshold ?? 0.5,
    lineageNamespace: options.lineageNamespace ?? 'ballast',
    analysis: options.analysis ?? 'worker',
    workerUrl:
      options.analysisWorkerUrl === undefined ? undefined : new URL(options.analysisWorkerUrl),
  };
}
