import { mkdir, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { BallastError, InvalidInputError, UnavailableDependencyError } from '@ballast/contracts';
import { parseRetryAfter, retry, writeFileAtomic } from '@ballast/kit';
import type { MonitorAlert } from './monitor-alert';

/** Where alerts are POSTed, and how hard to try. */
export interface WebhookOptions {
  /** Endpoint receiving `{ alert }` as JSON by POST. */
  url: string;
  /** Extra request headers (authorisation, routing). */
  headers?: Readonly<Record<string, string>>;
  /** Retries per delivery pass after the first attempt (default 5). */
  retries?: number;
  /** Timeout of one request in milliseconds (default 10 000). */
  timeoutMs?: number;
  /** Longest wait between attempts in milliseconds (default 30 000). */
  maxDelayMs?: number;
  /** The fetch implementation (default the global `fetch`). */
  fetch?: typeof fetch;
}

function deliveryError(status: number, retryAfter: string | null): BallastError {
  const retryable = status === 408 || status === 429 || status >= 500;
  const options = {
    message: `The alert webhook answered HTTP ${status}.`,
    code: `WEBHOOK_HTTP_${status}`,
    details: { status, retryAfterMs: parseRetryAfter(retryAfter) },
  };
  return retryable ? new UnavailableDependencyError(options) : new InvalidInputError(options);
}

/**
 * A durable outbox of alert notifications: each alert is written to `<directory>/outbox` before
 * any delivery is attempted and removed only once the webhook accepted it (2xx), so alerts raised
 * while the endpoint is down, or before a crash, are delivered on the next pass or the next start.
 * Deliveries retry with the kit's backoff; a 4xx answer other than 408/429 moves the notification
 * to `outbox/rejected` instead of retrying it forever.
 */
export class WebhookOutbox {
  private readonly directory: string;
  private sequence = 0;
  private running: Promise<void> | undefined;
  private again = false;
  private readonly abort = new AbortController();

  constructor(
    directory: string,
    private readonly options: WebhookOptions,
    private readonly onError: (error: unknown) => void,
  ) {
    this.directory = join(directory, 'outbox');
  }

  /** Stores an alert for delivery and starts a delivery pass. */
  async enqueue(alert: MonitorAlert): Promise<void> {
    await mkdir(this.directory, { recursive: true });
    this.sequence += 1;
    const name = `${Date.now().toString().padStart(15, '0')}-${process.pid}-${String(this.sequence).padStart(6, '0')}.json`;
    await writeFileAtomic(join(this.directory, name), JSON.stringify({ alert }));
    this.deliver();
  }

  /** Starts a delivery pass of everything in the outbox (a no-op while one is running). */
  deliver(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.pass();
      } while (this.again && !this.abort.signal.aborted);
    })()
      .catch(error => {
        if (!this.abort.signal.aborted) this.onError(error);
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  private async pass(): Promise<void> {
    let names: string[];
    try {
      names = (await readdir(this.directory)).filter(name => name.endsWith('.json')).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(this.directory, name);
      const body = await readFile(path, 'utf8');
      try {
        await retry(() => this.post(body), {
          retries: this.options.retries ?? 5,
          maxDelayMs: this.options.maxDelayMs ?? 30_000,
          signal: this.abort.signal,
          retryAfterMs: error =>
            BallastError.isInstance(error)
              ? (error.details?.retryAfterMs as number | undefined)
              : undefined,
        });
      } catch (error) {
        if (InvalidInputError.isInstance(error)) {
          await mkdir(join(this.directory, 'rejected'), { recursive: true });
          await rename(path, join(this.directory, 'rejected', name));
          this.onError(error);
          continue;
        }
        // Still failing: keep it (and everything after it, in order) for the next pass.
        throw error;
      }
      await unlink(path);
    }
  }

  private async post(body: string): Promise<void> {
    const send = this.options.fetch ?? fetch;
    let response: Response;
    try {
      response = await send(this.options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...this.options.headers },
        body,
        signal: AbortSignal.any([
          this.abort.signal,
          AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
        ]),
      });
    } catch (cause) {
      if (this.abort.signal.aborted) throw cause;
      throw new UnavailableDependencyError({
        message: `The alert webhook ${this.options.url} could not be reached.`,
        code: 'WEBHOOK_UNREACHABLE',
        cause,
      });
    }
    await response.arrayBuffer().catch(() => undefined);
    if (!response.ok) throw deliveryError(response.status, response.headers.get('retry-after'));
  }

  /**
   * Waits up to `timeoutMs` for the running pass, then stops retrying; what is left stays in the
   * outbox for the next start.
   */
  async close(timeoutMs = 5000): Promise<void> {
    const running = this.running;
    if (running) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        running,
        new Promise<void>(resolve => (timer = setTimeout(resolve, timeoutMs))),
      ]);
      clearTimeout(timer);
    }
    this.abort.abort(new Error('monitor closed'));
    await this.running;
  }
}
