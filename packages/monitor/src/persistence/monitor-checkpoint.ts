import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '@ballast/kit';
import type { AlertTrackerState } from '../alerts/alert-tracker';
import type { HeldLabel, PendingPrediction } from '../performance/pending-predictions';
import type { RealisedPerformanceState } from '../performance/realised-performance';
import type { ClosedWindow } from '../windows/closed-window';
import type { WindowPaneState } from '../windows/window-pane';

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
  /** Windows closed but not yet committed to the report log. */
  closing: ClosedWindow[];
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
