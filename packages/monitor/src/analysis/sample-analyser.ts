import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type DatasetProfile, UnavailableDependencyError } from '@ballast/contracts';
import type { ClosedWindow, SampleColumn } from '../windows/closed-window';
import { AnalysisThread, defaultAnalysisWorkerUrl } from './analysis-thread';
import { type AnalysisSettings, analyseSample, type SampleAnalysis } from './window-analysis';

// Consecutive analysis-worker failures after which the monitor analyses on its own thread for good
// (a worker file that cannot start would otherwise be retried for every window).
const MAX_WORKER_FAILURES = 3;

/** A window's sample analysis from the worker: the analysis, undefined to redo it here, or why the worker failed. */
export type RemoteOutcome = { analysis: SampleAnalysis | undefined } | { error: unknown };

/**
 * Where closed windows' samples are analysed: on the analysis worker (worker mode, started on
 * the first write) with this thread as the fallback, or on this thread. Keeps what a fallback needs:
 * which windows' sample columns were transferred to the worker, and how to gather them again.
 */
export class SampleAnalyser {
  private thread: AnalysisThread | undefined;
  private failures = 0;
  private readonly lent = new Set<number>();
  private readonly regathers = new Map<number, () => Record<string, SampleColumn>>();

  constructor(
    private readonly mode: 'worker' | 'inline',
    private readonly workerUrl: URL | undefined,
    private readonly reference: DatasetProfile,
    private readonly settings: AnalysisSettings,
    private readonly report: (error: unknown) => void,
  ) {}

  /** Starts the analysis worker now, in worker mode, rather than when the first window closes. */
  warm(): void {
    this.analysisThread()?.warm();
  }

  /** Records how to gather a closed window's sample again (its panes no longer change), in worker mode. */
  remember(index: number, regather: () => Record<string, SampleColumn>): void {
    if (this.mode === 'worker') this.regathers.set(index, regather);
  }

  /** Forgets a window that was committed or dropped. */
  forget(index: number): void {
    this.lent.delete(index);
    this.regathers.delete(index);
  }

  // The analysis worker, started on first use (or by warm); undefined in inline mode or once it failed too often.
  private analysisThread(): AnalysisThread | undefined {
    if (this.mode !== 'worker' || this.failures >= MAX_WORKER_FAILURES) return undefined;
    if (!this.thread) {
      const url = this.workerUrl ?? defaultAnalysisWorkerUrl();
      if (!existsSync(fileURLToPath(url))) {
        // A bundle that left the worker file behind: say so once, and analyse here for good.
        this.failures = MAX_WORKER_FAILURES;
        this.report(
          new UnavailableDependencyError({
            code: 'MONITOR_ANALYSIS_WORKER_UNAVAILABLE',
            message: `The monitor's analysis worker ${url.href} does not exist; windows are analysed on the monitor's thread. Set analysisWorkerUrl to the built analysis-worker file when bundling @ballast/monitor, or analysis: 'inline'.`,
            details: { workerUrl: url.href },
          }),
        );
        return undefined;
      }
      this.thread = new AnalysisThread(url, this.reference, this.settings);
    }
    return this.thread;
  }

  /**
   * Posts the batch's samples to the analysis worker: typed columns are transferred when the
   * window can be gathered again, copied otherwise. Undefined when analysing here.
   */
  send(batch: readonly ClosedWindow[]): Promise<RemoteOutcome>[] | undefined {
    const thread = this.analysisThread();
    if (!thread) return undefined;
    return batch.map(closed => {
      const lendable = this.regathers.has(closed.index);
      const sample = lendable
        ? closed.sample
        : Object.fromEntries(
            Object.entries(closed.sample).map(([name, column]) => [
              name,
              column instanceof Float64Array ? column.slice() : column,
            ]),
          );
      try {
        const analysis = thread.analyse({
          sample,
          sampleRows: closed.sampleRows,
          end: closed.end,
        });
        if (lendable) this.lent.add(closed.index);
        return analysis.then(
          result => ({ analysis: result }),
          error => ({ error }),
        );
      } catch (error) {
        return Promise.resolve({ error });
      }
    });
  }

  /** Counts a batch sent to the worker as failed or not: failures in a row end worker mode. */
  settle(failed: boolean): void {
    this.failures = failed ? this.failures + 1 : 0;
  }

  /** Analyses a window's sample on this thread (gathered again when its columns went to the worker). */
  analyseHere(closed: ClosedWindow): Promise<SampleAnalysis> {
    const regather = this.regathers.get(closed.index);
    if (this.lent.has(closed.index) && regather) {
      closed.sample = regather();
      this.lent.delete(closed.index);
    }
    return analyseSample(
      this.reference,
      closed.sample,
      closed.sampleRows,
      closed.end,
      this.settings,
    );
  }

  /** Stops the worker. */
  async terminate(): Promise<void> {
    await this.thread?.terminate();
  }
}
