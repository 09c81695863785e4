import type {
  DatasetProfile,
  InferencePayload,
  PayloadSink,
  TypedInferencePayload,
} from '@ballast/contracts';
import type { Registry } from 'prom-client';
import type { MonitorAlert } from '../alerts/monitor-alert';
import type { LabelOutcome } from '../performance/pending-predictions';

/** Ground truth for one served row. */
export interface LabelRecord {
  /** The row id: the request id, or `<requestId>#<row>` for a row of a batched request. */
  requestId: string;
  /** The true class (0/1 or boolean) or value. */
  label: number | boolean;
  /** When the label became known (default now), for the label horizon. */
  at?: string | number | Date;
}

/** What became of a batch of labels. */
export type LabelJoinSummary = Record<LabelOutcome, number>;

/**
 * A live model monitor. It is a contracts `PayloadSink`, so an inference server's payload
 * logging feeds it directly.
 */
export interface Monitor extends PayloadSink {
  /** The Prometheus registry the metrics are on (`options.registry`, or the monitor's own). */
  readonly registry: Registry;
  /** The reference as a profile (profiled once when given as data). */
  readonly reference: DatasetProfile;
  /**
   * Ingests served requests (in call order); resolves once they are counted in the open window,
   * or, with `checkpointIntervalMs: 0`, once checkpointed. Windows they close are analysed and
   * stored in the background; await {@link Monitor.idle} for those. When more than 16 windows
   * wait for analysis, ingestion (and so `write`) waits too, so memory stays bounded.
   */
  write(records: InferencePayload[]): Promise<void>;
  /**
   * {@link Monitor.write} for records whose numeric tensors are typed arrays: what an inference
   * server's payload logging calls, sparing the conversion of every tensor to a JSON array.
   */
  writeTyped(records: TypedInferencePayload[]): Promise<void>;
  /** Resolves once every write so far is ingested and every window it closed is analysed and stored. */
  idle(): Promise<void>;
  /** Joins late ground truth to the predictions of its window. */
  recordLabels(labels: readonly LabelRecord[]): Promise<LabelJoinSummary>;
  /** Closes the open window now, analyses it, and checkpoints. */
  flush(): Promise<void>;
  /** Writes a checkpoint of the open window now. */
  checkpoint(): Promise<void>;
  /** Alerts open now. */
  openAlerts(): MonitorAlert[];
  /** Flushes, delivers what it can, stops timers and releases everything. */
  close(): Promise<void>;
}
