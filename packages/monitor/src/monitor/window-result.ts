import type { DriftReport, ValidationReport } from '@ballast/contracts';
import type { MonitorAlert } from '../alerts/monitor-alert';
import type { PerformanceEstimate } from '../performance/cbpe';
import type { ClassificationMetrics } from '../performance/classification-metrics';
import type { RegressionMetrics } from '../performance/realised-performance';
import type { ColumnQuality } from '../windows/closed-window';

/** Everything the monitor learnt from one window. */
export interface WindowResult {
  /** The monitored model. */
  model: { name: string; version?: string };
  /** Sequence number of the window, from 0, kept across restarts. */
  index: number;
  /** Start of the window, ISO 8601. */
  start: string;
  /** End of the window, ISO 8601. */
  end: string;
  /** Rows in the window. */
  rows: number;
  /** Rows in the sample drift and validation were computed on. */
  sampleRows: number;
  /** Drift of every compared input and output column against the reference. */
  drift: DriftReport;
  /** The suite's results on the window's sample, when a suite is set. */
  validation?: ValidationReport;
  /** Missing and out-of-domain values per column (exact counts over the whole window). */
  quality: ColumnQuality[];
  /** CBPE estimate of a binary classifier's performance, when a performance reference is set. */
  estimated?: PerformanceEstimate;
  /** Alerts this window opened or resolved. */
  alerts: MonitorAlert[];
  /** Alerts open after this window. */
  openAlerts: number;
}

/** Realised performance of one window from the labels joined so far. */
export interface WindowPerformance {
  /** The monitored model. */
  model: { name: string; version?: string };
  /** Window index. */
  window: number;
  /** Rows of the window with a joined label. */
  labelled: number;
  /** Metrics from the joined labels. */
  realised: ClassificationMetrics & RegressionMetrics;
  /** The window's CBPE estimate, beside the realised values. */
  estimated?: PerformanceEstimate;
}
