/** A prediction waiting for its label. */
export interface PendingPrediction {
  /** Window the prediction was counted in. */
  window: number;
  /** Epoch milliseconds of the request. */
  at: number;
  /** The predicted score (binary) or value (regression). */
  prediction: number;
}

/** What happened to one label handed to the monitor. */
export type LabelOutcome = 'joined' | 'late' | 'unknown';

/**
 * Predictions waiting for ground truth, keyed by row id, for at most `horizonMs` after the
 * request and at most `capacity` entries (the oldest go first), so memory stays bounded however
 * many labels never arrive.
 */
export class PendingPredictions {
  private readonly entries = new Map<string, PendingPrediction>();
  private lateCount = 0;

  constructor(
    private readonly horizonMs: number,
    private readonly capacity: number,
  ) {}

  /** Number of predictions waiting. */
  get size(): number {
    return this.entries.size;
  }

  /** Labels that arrived after the horizon (or after their prediction was evicted) so far. */
  get late(): number {
    return this.lateCount;
  }

  /** Registers a prediction. */
  add(id: string, entry: PendingPrediction): void {
    this.entries.delete(id);
    this.entries.set(id, entry);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  /** Takes the prediction of `id` when its label arrives at `now` within the horizon. */
  take(id: string, now: number): { outcome: LabelOutcome; entry?: PendingPrediction } {
    const entry = this.entries.get(id);
    if (!entry) return { outcome: 'unknown' };
    this.entries.delete(id);
    if (now - entry.at > this.horizonMs) {
      this.lateCount += 1;
      return { outcome: 'late' };
    }
    return { outcome: 'joined', entry };
  }

  /** Drops predictions whose horizon has passed at `now`. */
  prune(now: number): void {
    for (const [id, entry] of this.entries) {
      if (now - entry.at <= this.horizonMs) break;
      this.entries.delete(id);
    }
  }

  /** Plain-data entries for checkpoints, oldest first. */
  toState(): [string, PendingPrediction][] {
    return [...this.entries];
  }

  /** Restores entries saved by {@link toState}. */
  restore(entries: readonly [string, PendingPrediction][]): void {
    for (const [id, entry] of entries) this.add(id, entry);
  }
}
