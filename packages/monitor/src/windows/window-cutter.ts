import type { TypedInferencePayload } from '@ballast/contracts';
import type { ColumnRegistry } from '../features/column-registry';
import {
  emptyPayloadRows,
  type FeatureNames,
  type PayloadRows,
  payloadRows,
} from '../features/payload-rows';
import { RowRun } from '../features/row-run';
import type { MonitorOptions } from '../options/monitor-options';
import type { ResolvedOptions } from '../options/resolve-options';
import type { MonitorCheckpoint } from '../persistence/monitor-checkpoint';
import { type ClosedWindow, closeWindow, type SampleColumn } from './closed-window';
import { WindowPane } from './window-pane';

/** What the cutter tells its monitor. */
export interface WindowCutterHooks {
  /** Rows `from` to `to` of a request went into window `window` (for label joins). */
  counted?(rows: PayloadRows, from: number, to: number, window: number): void;
  /**
   * A window closed. `regather` gathers its sample again, identically (its panes are never
   * added to again), for when the first copy went to the analysis worker and came to nothing.
   */
  closed(window: ClosedWindow, regather: () => Record<string, SampleColumn>): void;
}

/** The cutter's part of a checkpoint. */
export type WindowCutterState = Pick<
  MonitorCheckpoint,
  'nextWindow' | 'panes' | 'activeSlot' | 'lastClosedSlot'
>;

/**
 * Cuts a model's served traffic into windows: every request of the model goes into the open pane
 * (a window is the last `panesPerWindow` panes; tumbling windows have one), which closes after
 * `paneRows` rows or at the end of its time slot. Consecutive small requests bound for the same
 * pane are gathered into one block of rows ({@link RowRun}) and added in one call, and every
 * request is read through one reused object, so ingestion allocates nothing per request.
 */
export class WindowCutter {
  /** Index of the window the open pane belongs to. */
  nextWindow = 0;
  /** Whether anything changed since the last checkpoint (the monitor clears it). */
  dirty = false;
  private panes: WindowPane[] = [];
  private active: WindowPane | undefined;
  private activeSlot: number | undefined;
  private lastClosedSlot: number | undefined;
  private readonly requestRows = emptyPayloadRows();
  private readonly run = new RowRun();
  private readonly runRequestRows = emptyPayloadRows();
  // The record whose rows `requestRows` holds, when a run stopped at it after reading it (so it
  // is not read twice); undefined once `requestRows` is read into again.
  private readAhead: TypedInferencePayload | undefined;

  constructor(
    private readonly model: MonitorOptions['model'],
    private readonly features: FeatureNames | undefined,
    private readonly settings: ResolvedOptions,
    private readonly registry: ColumnRegistry,
    private readonly expectedColumns: readonly string[],
    private readonly hooks: WindowCutterHooks,
  ) {}

  /** Whether the open pane holds rows. */
  get holdsRows(): boolean {
    return this.active !== undefined && this.active.rows > 0;
  }

  /**
   * Ingests `records[index]` and the run of records after it that join the same pane; returns the
   * index after them. `tally.rows` adds up the rows ingested; what reading a record throws goes to
   * `report` (that record is skipped, the others are ingested).
   */
  ingestFrom(
    records: readonly TypedInferencePayload[],
    index: number,
    tally: { rows: number },
    report: (error: unknown) => void,
  ): number {
    try {
      tally.rows += this.ingest(records[index] as TypedInferencePayload);
    } catch (error) {
      report(error);
    }
    const next = index + 1;
    // The requests after it that go to the same window, as one run.
    const run = this.run;
    run.reset();
    const end = this.gatherRun(records, next);
    if (run.requests === 0) return next;
    try {
      tally.rows += this.ingestRun(records, next, end);
    } catch (error) {
      report(error);
    }
    return end;
  }

  /** Closes the open pane of a time window once its slot (and a grace period) has passed. */
  closeElapsed(now: number): boolean {
    const window = this.settings.window;
    if (window.kind !== 'time' || !this.active || this.activeSlot === undefined) return false;
    // A grace period lets the payload logger's last batch of the slot arrive before closing it.
    const grace = Math.min(2000, window.paneMs / 2);
    if (now < (this.activeSlot + 1) * window.paneMs + grace) return false;
    this.closePane();
    return true;
  }

  /** Closes the open pane now, when it holds rows (a flush). */
  closeOpen(): void {
    if (this.holdsRows) this.closePane();
  }

  /** The checkpoint's part. */
  toState(): WindowCutterState {
    return {
      nextWindow: this.nextWindow,
      panes: this.panes.map(pane => pane.toState()),
      ...(this.activeSlot === undefined ? {} : { activeSlot: this.activeSlot }),
      ...(this.lastClosedSlot === undefined ? {} : { lastClosedSlot: this.lastClosedSlot }),
    };
  }

  /** Resumes the open panes of a checkpoint. */
  restore(state: WindowCutterState): void {
    this.panes = state.panes.map(
      pane =>
        new WindowPane(
          {
            index: pane.index,
            startedAt: pane.startedAt,
            sampleSize: this.settings.sampleSize,
            seed: this.settings.seed,
          },
          this.registry,
          pane,
        ),
    );
    this.active = this.panes[this.panes.length - 1];
    this.activeSlot = state.activeSlot;
    this.lastClosedSlot = state.lastClosedSlot;
    if (this.active && this.isPaneFull(this.active)) this.active = undefined;
  }

  // Adds one served request to the open window; returns the rows it carried.
  private ingest(record: TypedInferencePayload): number {
    if (!this.accepts(record)) return 0;
    const read = this.readAhead === record;
    this.readAhead = undefined;
    const rows = read ? this.requestRows : payloadRows(record, this.features, this.requestRows);
    const count = rows.count;
    this.dirty = true;
    const window = this.settings.window;
    if (window.kind === 'time') {
      // A row of a slot already reported (it reached the monitor late) counts in the next one.
      let slot = Math.floor(rows.receivedAt / window.paneMs);
      if (this.lastClosedSlot !== undefined && slot <= this.lastClosedSlot) {
        slot = this.activeSlot ?? this.lastClosedSlot + 1;
      }
      if (this.active && this.activeSlot !== undefined && slot > this.activeSlot) this.closePane();
      if (!this.active) this.openPane(slot * window.paneMs, slot);
      (this.active as WindowPane).add(rows);
      this.hooks.counted?.(rows, 0, count, this.nextWindow);
      return count;
    }
    let offset = 0;
    while (offset < count) {
      if (!this.active) this.openPane(rows.receivedAt);
      const pane = this.active as WindowPane;
      const take = Math.min(count - offset, window.paneRows - pane.rows);
      pane.add(rows, offset, offset + take);
      this.hooks.counted?.(rows, offset, offset + take, this.nextWindow);
      offset += take;
      if (pane.rows >= window.paneRows) this.closePane();
    }
    return count;
  }

  // Gathers into `run` the records from `start` that join the open window as they come (the
  // model's, within the window's rows or time slot, of the run's layout); returns where it ended,
  // and sets `readAhead` when the record it stopped at is read into `requestRows`.
  private gatherRun(records: readonly TypedInferencePayload[], start: number): number {
    this.readAhead = undefined;
    const pane = this.active;
    if (!pane) return start;
    const window = this.settings.window;
    const run = this.run;
    const room = window.kind === 'rows' ? window.paneRows - pane.rows : Number.POSITIVE_INFINITY;
    const lastSlot = this.activeSlot ?? Number.POSITIVE_INFINITY;
    let index = start;
    for (; index < records.length; index += 1) {
      const record = records[index] as TypedInferencePayload;
      if (!this.accepts(record)) break;
      let rows: PayloadRows;
      try {
        rows = payloadRows(record, this.features, this.requestRows);
      } catch {
        break; // ingested on its own, which reports the error
      }
      if (
        run.rows.count + rows.count > room ||
        // A time window's run ends at a request of a later slot (which closes the window); an
        // earlier one joins, as a late row does.
        (window.kind === 'time' && Math.floor(rows.receivedAt / window.paneMs) > lastSlot) ||
        !run.append(rows)
      ) {
        this.readAhead = record;
        break;
      }
    }
    return index;
  }

  // Adds a gathered run (records `start` to `end`) to the open window; returns its rows.
  private ingestRun(records: readonly TypedInferencePayload[], start: number, end: number): number {
    const pane = this.active as WindowPane;
    const rows = this.run.rows;
    this.dirty = true;
    pane.add(rows);
    const counted = this.hooks.counted;
    if (counted) {
      // Read into an object of their own: `requestRows` may hold the record after the run.
      for (let index = start; index < end; index += 1) {
        const request = payloadRows(
          records[index] as TypedInferencePayload,
          this.features,
          this.runRequestRows,
        );
        counted(request, 0, request.count, this.nextWindow);
      }
    }
    if (this.isPaneFull(pane)) this.closePane();
    return rows.count;
  }

  private accepts(record: TypedInferencePayload): boolean {
    const model = this.model;
    if (record.model.name !== model.name) return false;
    return !(model.version && record.model.version && record.model.version !== model.version);
  }

  private isPaneFull(pane: WindowPane): boolean {
    return this.settings.window.kind === 'rows' && pane.rows >= this.settings.window.paneRows;
  }

  private openPane(startedAt: number, slot?: number): void {
    const pane = new WindowPane(
      {
        index: this.nextWindow,
        startedAt,
        sampleSize: this.settings.sampleSize,
        seed: this.settings.seed + this.nextWindow,
        ...(this.settings.window.kind === 'rows'
          ? { expectedRows: this.settings.window.paneRows }
          : {}),
      },
      this.registry,
    );
    this.panes.push(pane);
    this.active = pane;
    this.activeSlot = slot;
  }

  // Closes the filling pane, and with it a window made of the last `panesPerWindow` panes.
  private closePane(): void {
    const window = this.settings.window;
    const members = this.panes.slice(-window.panesPerWindow);
    const end =
      window.kind === 'time' && this.activeSlot !== undefined
        ? (this.activeSlot + 1) * window.paneMs
        : undefined;
    const closeOptions = {
      sampleSize: this.settings.sampleSize,
      seed: this.settings.seed,
      expectedColumns: this.expectedColumns,
      ...(end === undefined ? {} : { end }),
    };
    const closed = closeWindow(this.nextWindow, members, this.registry, closeOptions);
    this.nextWindow += 1;
    this.panes = window.panesPerWindow > 1 ? this.panes.slice(-(window.panesPerWindow - 1)) : [];
    this.active = undefined;
    if (this.activeSlot !== undefined) this.lastClosedSlot = this.activeSlot;
    this.activeSlot = undefined;
    this.dirty = true;
    this.hooks.closed(
      closed,
      () => closeWindow(closed.index, members, this.registry, closeOptions).sample,
    );
  }
}
