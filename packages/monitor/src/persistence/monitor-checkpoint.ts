import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '@ballast/kit';
import type { AlertTrackerState } from '../alerts/alert-tracker';
import type { HeldLabel, PendingPrediction } from '../performance/pending-predictions';
import type { RealisedPerformanceState } from '../performance/realised-performance';
import type { ClosedWindow } from '../windows/closed-window';
import type { WindowPaneState } from '../windows/window-pane';
import { loadColumn, type StoredColumn, storeColumn } from './stored-column';

/** A closed window as a checkpoint keeps it: its sample columns stored (see {@link StoredColumn}). */
export type StoredClosedWindow = Omit<ClosedWindow, 'sample'> & {
  sample: Record<string, StoredColumn>;
};

/** A closed window in its stored form. */
export function storeClosedWindow(window: ClosedWindow): StoredClosedWindow {
  const sample: Record<string, StoredColumn> = {};
  for (const [name, column] of Object.entries(window.sample)) {
    sample[name] = storeColumn(column, window.sampleRows);
  }
  return { ...window, sample };
}

/** A stored closed window back in memory (plain-cell samples of earlier checkpoints too). */
export function loadClosedWindow(stored: StoredClosedWindow): ClosedWindow {
  const sample: ClosedWindow['sample'] = {};
  for (const [name, column] of Object.entries(stored.sample)) sample[name] = loadColumn(column);
  return { ...stored, sample };
}

/** Everything needed to resume a monitor after a restart. */
export interface MonitorCheckpoint {
  version: 1;
  model: { name: string; version?: string };
  /** Index the next closed window gets. */
  nextWindow: number;
  /** Open panes, oldest first (the last one is filling). */
  panes: WindowPaneState[];
  /** Time slot of the filling pane (time windows). */
  activeSlot?: number;
  /** Time slot of the last closed pane (time windows): later rows of it join the next window. */
  lastClosedSlot?: number;
  /** Windows closed but not yet committed to the report log (samples in their stored form). */
  closing: StoredClosedWindow[];
  /** Last window the alert state includes. */
  analysedThrough: number;
  /** Alert hysteresis counts and open alerts. */
  alerts: AlertTrackerState;
  /** Predictions waiting for labels. */
  pending: [string, PendingPrediction][];
  /** Labels that arrived before their predictions (absent in checkpoints of older versions). */
  heldLabels?: [string, HeldLabel][];
  /** Realised performance of recent windows, by window index. */
  realised: Record<string, RealisedPerformanceState>;
}

/** Writes a checkpoint atomically (a reader sees the old or the new file, never a torn one). */
export async function writeCheckpoint(path: string, checkpoint: MonitorCheckpoint): Promise<void> {
  await writeFileAtomic(path, JSON.stringify(checkpoint));
}

/** Reads a checkpoint, or undefined when there is none. */
export function readCheckpoint(path: string): MonitorCheckpoint | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const parsed = JSON.parse(text) as MonitorCheckpoint;
  return parsed.version === 1 ? parsed : undefined;
}
