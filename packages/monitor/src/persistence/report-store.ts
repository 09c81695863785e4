import { join } from 'node:path';
import type { AlertTrackerState } from '../alerts/alert-tracker';
import type { WindowPerformance, WindowResult } from '../monitor/window-result';
import { appendJsonLine, appendJsonLines, readLastJsonLine } from './json-lines';
import { type MonitorCheckpoint, readCheckpoint, writeCheckpoint } from './monitor-checkpoint';

/** The files a monitor keeps in its directory. */
export const monitorFiles = {
  checkpoint: 'checkpoint.json',
  windows: 'windows.jsonl',
  drift: 'drift-reports.jsonl',
  validation: 'validation-reports.jsonl',
  alerts: 'alerts.jsonl',
  performance: 'performance.jsonl',
} as const;

/** The line of `windows.jsonl` read back on restart. */
export interface CommittedWindow {
  index: number;
  alertState?: AlertTrackerState;
}

/**
 * The monitor's directory: JSON Lines logs of drift and validation reports, alerts and
 * performance, the windows log that commits each window, and the checkpoint.
 */
export class ReportStore {
  constructor(readonly directory: string) {}

  /** Path of one of the {@link monitorFiles}. */
  path(file: keyof typeof monitorFiles): string {
    return join(this.directory, monitorFiles[file]);
  }

  /** The last committed window, or undefined before the first. */
  lastCommitted(): CommittedWindow | undefined {
    return readLastJsonLine(this.path('windows')) as CommittedWindow | undefined;
  }

  /**
   * Appends windows' reports and alerts, then their lines in the windows log: the commit records,
   * written last, so a window is done exactly when its line exists. Windows committed together
   * share one durable append per file (reports of all of them, then all their commit lines).
   */
  async commitWindows(
    windows: readonly { result: WindowResult; alertState: AlertTrackerState }[],
  ): Promise<void> {
    const results = windows.map(window => window.result);
    await appendJsonLines(
      this.path('drift'),
      results.map(result => result.drift),
    );
    await appendJsonLines(
      this.path('validation'),
      results.flatMap(result => (result.validation ? [result.validation] : [])),
    );
    await appendJsonLines(
      this.path('alerts'),
      results.flatMap(result => result.alerts),
    );
    await appendJsonLines(
      this.path('windows'),
      windows.map(({ result, alertState }) => committedLine(result, alertState)),
    );
  }

  /** Appends a realised-performance update (the latest line per window wins). */
  async appendPerformance(update: WindowPerformance): Promise<void> {
    await appendJsonLine(this.path('performance'), update);
  }

  /** Reads the checkpoint, if any. */
  readCheckpoint(): MonitorCheckpoint | undefined {
    return readCheckpoint(this.path('checkpoint'));
  }

  /** Replaces the checkpoint atomically. */
  async writeCheckpoint(checkpoint: MonitorCheckpoint): Promise<void> {
    await writeCheckpoint(this.path('checkpoint'), checkpoint);
  }
}

// A window's line in the windows log.
function committedLine(result: WindowResult, alertState: AlertTrackerState) {
  return {
    index: result.index,
    model: result.model,
    start: result.start,
    end: result.end,
    rows: result.rows,
    sampleRows: result.sampleRows,
    drifted: result.drift.dataset.drifted,
    driftShare: result.drift.dataset.share,
    driftedColumns: result.drift.columns
      .filter(column => column.drifted)
      .map(column => column.column),
    quality: result.quality,
    ...(result.validation ? { validationSuccess: result.validation.success } : {}),
    ...(result.estimated ? { estimated: result.estimated } : {}),
    alerts: result.alerts.map(alert => ({ id: alert.id, status: alert.status })),
    alertState,
  };
}
