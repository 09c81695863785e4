/**
 * @ballast/monitor: watch a live model. Windows of served traffic are compared with a reference
 * (drift), checked for data quality, scored for performance (realised from late labels, estimated
 * by CBPE without them), exported to Prometheus, turned into alerts with hysteresis, recorded as
 * OpenLineage runs and persisted as JSON Lines.
 */
export { createMonitor } from './monitor/create-monitor';
export { loadReference } from './drift/load-reference';
export type { LabelJoinSummary, LabelRecord, Monitor } from './monitor/monitor';
export type { WindowPerformance, WindowResult } from './monitor/window-result';
export type {
  AlertOptions,
  DriftEvent,
  MonitorOptions,
  PerformanceOptions,
  WindowOptions,
} from './options/monitor-options';
export type { AlertKind, MonitorAlert } from './alerts/monitor-alert';
export type { WebhookOptions } from './alerts/webhook-outbox';
export type { ReferenceInput } from './drift/compare-window';
export type { CellValue } from './features/cell-value';
export type { FeatureNames } from './features/payload-rows';
export type { ColumnQuality } from './windows/closed-window';
export type { EstimatedMetric, PerformanceEstimate } from './performance/cbpe';
export type { ClassificationMetrics } from './performance/classification-metrics';
export type { RegressionMetrics } from './performance/realised-performance';
export type { LabelOutcome } from './performance/pending-predictions';
export { monitorMetricNames } from './metrics/monitor-metrics';
