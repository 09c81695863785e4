/** A prediction waiting for its label. */
export interface PendingPrediction {
  /** Window the prediction was counted in. */
  window: number;
  /** Epoch milliseconds of the request. */
  at: number;
  /** The predicted score (binary) or value (regression). */
  prediction: number;
}

/** A label that arrived before its prediction, held for the horizon. */
export interface HeldLabel {
  /** The label, as a number. */
  label: number;
  /** Epoch milliseconds when it became known. */
  at: number;
}

/**
 * What happened to one label handed to the monitor: `joined` to its prediction, `late` (after
 * the horizon), `held` (its prediction has not arrived yet: it is joined if the prediction comes
 * within the horizon, and then also counted `joined`), or `unknown` (the monitor tracks no
 * performance).
 */
export type LabelOutcome = 'joined' | 'late' | 'held' | 'unknown';

/**
 * Predictions waiting for ground truth, keyed by row id, for at most `horizonMs` after the
 * request and at most `capacity` entries (the oldest go first), so memory stays bounded however
 * many labels never arrive; and likewise labels that arrived before their prediction.
 */
export class PendingPredictions {
  private readonly entries = new Map<string, PendingPrediction>();
  private readonly held = new Map<string, HeldLabel>();
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

  /** Labels waiting for their prediction. */
  get heldLabels(): number {
    return this.held.size;
  }

  /** Holds a label whose prediction has not arrived (yet). */
  hold(id: string, label: HeldLabel): void {
    this.held.delete(id);
    this.held.set(id, label);
    if (this.held.size > this.capacity) {
      this.held.delete(this.held.keys().next().value as string);
    }
  }

  /** Takes the label held for `id` when its prediction arrives at `now` within the horizon. */
  claim(id: string, now: number): HeldLabel | undefined {
    const label = this.held.get(id);
    if (label === undefined) return undefined;
    this.held.delete(id);
    return now - label.at > this.horizonMs ? undefined : label;
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

  /** Drops predictions and held labels whose horizon has passed at `now`. */
  prune(now: number): void {
    // Predictions come in request order (the oldest first); labels carry their own times.
    for (const [id, entry] of this.entries) {
      if (now - entry.at <= this.horizonMs) break;
      this.entries.delete(id);
    }
    for (const [id, label] of this.held) {
      if (now - label.at > this.horizonMs) this.held.delete(id);
    }
  }

  /** Plain-data entries for checkpoints, oldest first. */
  toState(): [string, PendingPrediction][] {
    return [...this.entries];
  }

  /** Held labels for checkpoints, oldest first. */
  heldState(): [string, HeldLabel][] {
    return [...this.held];
  }

  /** Restores entries saved by {@link toState} (and labels saved by {@link heldState}). */
  restore(
    entries: readonly [string, PendingPrediction][],
    held: readonly [string, HeldLabel][] = [],
  ): void {
    for (const [id, entry] of entries) this.add(id, entry);
    for (const [id, label] of held) this.hold(id, label);
  }
}
