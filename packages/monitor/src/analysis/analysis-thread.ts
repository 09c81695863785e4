import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type DatasetProfile, UnavailableDependencyError } from '@ballast/contracts';
import { workerExecArgv } from '@ballast/kit';
import type { SampleColumn } from '../windows/closed-window';
import type { AnalysisReply, AnalysisRequest } from './analysis-messages';
import type { AnalysisSettings, SampleAnalysis } from './window-analysis';

/**
 * Where the built analysis worker lives: next to the running bundle, `analysis-worker.cjs` for
 * the CommonJS build and `analysis-worker.js` for the ES module build.
 */
export function defaultAnalysisWorkerUrl(): URL {
  if (typeof __filename === 'string' && __filename.endsWith('.cjs')) {
    return pathToFileURL(join(dirname(__filename), 'analysis-worker.cjs'));
  }
  return new URL('./analysis-worker.js', import.meta.url);
}

/** A window's sample as the worker takes it. */
export interface WindowSample {
  sample: Record<string, SampleColumn>;
  sampleRows: number;
  end: number;
}

interface Pending {
  resolve: (analysis: SampleAnalysis | undefined) => void;
  reject: (error: unknown) => void;
}

/**
 * The monitor's analysis worker: one worker thread, started on the first window, that holds the
 * reference and settings (sent once) and analyses the windows posted to it. Numeric sample
 * columns are transferred, not copied: after `analyse` the caller's Float64Arrays are detached.
 * The thread is unreferenced while idle, so it never keeps the process alive by itself.
 */
export class AnalysisThread {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  constructor(
    private readonly url: URL,
    private readonly reference: DatasetProfile,
    private readonly settings: AnalysisSettings,
  ) {}

  private start(): Worker {
    const execArgv = workerExecArgv();
    const worker = new Worker(this.url, execArgv ? { execArgv } : {});
    worker.unref();
    worker.on('message', (reply: AnalysisReply) => {
      const job = this.pending.get(reply.id);
      if (!job) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      job.resolve('failed' in reply ? undefined : reply.analysis);
    });
    const fail = (cause: unknown) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      void worker.terminate();
      const error = new UnavailableDependencyError({
        code: 'MONITOR_ANALYSIS_WORKER_FAILED',
        message: `The monitor's analysis worker (${this.url.href}) stopped: ${
          cause instanceof Error ? cause.message : String(cause)
        }. Its windows are analysed on the monitor's thread.`,
        details: { workerUrl: this.url.href },
        isRetryable: true,
        cause,
      });
      const jobs = [...this.pending.values()];
      this.pending.clear();
      for (const job of jobs) job.reject(error);
    };
    worker.on('error', fail);
    worker.on('exit', code => fail(new Error(`exited with code ${code}`)));
    const init: AnalysisRequest = {
      type: 'init',
      reference: this.reference,
      settings: this.settings,
    };
    worker.postMessage(init);
    return worker;
  }

  private started(): Worker {
    if (!this.worker) this.worker = this.start();
    return this.worker;
  }

  /**
   * Starts the worker ahead of its first window, so that its start-up (loading the drift and
   * validation libraries, a few hundred milliseconds of CPU) is not paid when a window closes.
   */
  warm(): void {
    this.started();
  }

  /**
   * Analyses one window in the worker: resolves with its analysis, or undefined when the analysis
   * threw there (the caller runs it again in its own thread for the typed error); rejects with an
   * `UnavailableDependencyError` (`MONITOR_ANALYSIS_WORKER_FAILED`) when the worker stopped.
   */
  analyse(window: WindowSample): Promise<SampleAnalysis | undefined> {
    const worker = this.started();
    const id = this.nextId;
    this.nextId += 1;
    const transfer = new Set<ArrayBuffer>();
    for (const column of Object.values(window.sample)) {
      if (column instanceof Float64Array) transfer.add(column.buffer as ArrayBuffer);
    }
    const request: AnalysisRequest = { type: 'window', id, ...window };
    const started = worker;
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) started.ref();
      this.pending.set(id, { resolve, reject });
      try {
        started.postMessage(request, [...transfer]);
      } catch (error) {
        this.pending.delete(id);
        reject(error);
      }
    });
  }

  /** Stops the worker (windows still in it are given up; the monitor awaits them first). */
  async terminate(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }
}
