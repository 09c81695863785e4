import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { listen as listenHttp } from '@ballast/kit';
import type { InferenceServer } from './inference-server';
import type { InferenceHttpRequest, InferenceHttpResponse, ShutdownOptions } from './server-types';
import { type ServerAnswer, TextResponse, textResponders } from './text-response';

/** Default body limit of the listener and the fastify plugin: 64 MiB. */
export const defaultBodyLimit = 64 * 1024 * 1024;

/** Options of {@link listen}. */
export interface ListenOptions {
  /** Port; 0 (default) picks a free one. */
  port?: number;
  /** Interface; default 127.0.0.1. */
  host?: string;
  /**
   * Largest accepted body in bytes (default 64 MiB): big enough for image tensors as JSON
   * (a 224x224x3 FP32 tensor is 2.9 MB), small enough that one client cannot exhaust memory.
   */
  bodyLimit?: number;
  /**
   * Most body bytes held by all requests at once, received or being served (default four
   * times `bodyLimit`); a request that would go beyond gets 503 with Retry-After.
   */
  maxInFlightBodyBytes?: number;
  /** Time a client has to send the request headers, in ms (default 10 000); 408 after. */
  headersTimeoutMs?: number;
  /** Time a client has to send the whole request, body included, in ms (default 60 000); 408 after. */
  bodyTimeoutMs?: number;
}

/** A running node:http listener. */
export interface InferenceListener {
  /** The node:http server. */
  readonly httpServer: Server;
  /** Base URL, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  /** The bound port. */
  readonly port: number;
  /**
   * Shuts the inference server down (grace period default 0 here), then closes the
   * connections; everything is finished or cut by `graceMs + drainTimeoutMs`, even when a
   * model call never returns. An idle listener closes at once.
   */
  close(options?: ShutdownOptions): Promise<void>;
}

/**
 * Tells the batcher a client went away by looking at the socket when asked: the batcher polls
 * `aborted`, so no `close` listener is registered per request.
 */
class SocketCancellation {
  constructor(private readonly socket: Socket) {}

  get aborted(): boolean {
    return this.socket.destroyed;
  }
}

function sendJson(
  response: ServerResponse,
  status: number,
  error: string,
  headers: Record<string, string> = {},
): void {
  if (response.headersSent || response.destroyed) return;
  response.writeHead(status, {
    'content-type': 'application/json',
    connection: 'close',
    ...headers,
  });
  response.end(JSON.stringify({ error }));
}

/** Writes a body made of pieces (a large JSON answer) without joining them into one buffer. */
function writePieces(
  response: ServerResponse,
  status: number,
  headers: Record<string, string>,
  pieces: readonly Buffer[],
): void {
  let length = 0;
  for (const piece of pieces) length += piece.byteLength;
  headers['content-length'] = String(length);
  response.writeHead(status, headers);
  // Corked, the pieces leave in one writev instead of one write each.
  response.cork();
  for (const piece of pieces) response.write(piece);
  response.end();
  response.uncork();
}

/** Bytes of request bodies held right now, against a cap shared by all requests. */
class BodyBudget {
  private held = 0;

  constructor(readonly limit: number) {}

  /** Takes `bytes` from the budget; false (and nothing taken) when it would overflow. */
  take(bytes: number): boolean {
    if (this.held + bytes > this.limit) return false;
    this.held += bytes;
    return true;
  }

  give(bytes: number): void {
    this.held -= bytes;
  }
}

function overloaded(response: ServerResponse, request: IncomingMessage, limit: number): void {
  sendJson(
    response,
    503,
    `The server holds as many request bodies as it may (${limit} bytes); retry shortly.`,
    { 'retry-after': '1' },
  );
  request.destroy();
}

/**
 * Serves an {@link InferenceServer} over node:http, with a body size limit (413), a cap on
 * body bytes held at once (503), header and body timeouts (408), answers to malformed
 * requests instead of crashes, and cancellation of queued work when a client disconnects.
 *
 * @example
 * ```ts
 * const listener = await listen(server, { port: 8080, host: '0.0.0.0' });
 * closeOnSignals(listener, { graceMs: 5000, drainTimeoutMs: 10_000 });
 * ```
 */
export async function listen(
  server: InferenceServer,
  options: ListenOptions = {},
): Promise<InferenceListener> {
  const bodyLimit = options.bodyLimit ?? defaultBodyLimit;
  const budget = new BodyBudget(options.maxInFlightBodyBytes ?? bodyLimit * 4);
  const bodyTimeout = options.bodyTimeoutMs ?? 60_000;
  // node refuses a headers timeout above the request timeout.
  const headersTimeout = Math.min(options.headersTimeoutMs ?? 10_000, bodyTimeout);
  const respond =
    textResponders.get(server) ??
    ((request: InferenceHttpRequest): Promise<ServerAnswer> => server.handle(request));
  const httpServer = createServer(
    {
      headersTimeout,
      requestTimeout: bodyTimeout,
      // node checks both timeouts on this cadence (30 s by default, too coarse for them).
      connectionsCheckingInterval: Math.max(10, Math.min(1000, headersTimeout / 4)),
    },
    (request, response) => {
      const declared = Number(request.headers['content-length'] ?? 0);
      if (declared > bodyLimit) {
        sendJson(
          response,
          413,
          `The body of ${declared} bytes exceeds the limit of ${bodyLimit} bytes.`,
        );
        request.resume();
        return;
      }
      // A declared length is reserved up front, so concurrent large uploads are refused
      // before their bytes arrive; a chunked body takes its bytes as they come.
      let held = 0;
      if (declared > 0) {
        if (!budget.take(declared)) {
          overloaded(response, request, budget.limit);
          return;
        }
        held = declared;
      }
      const release = () => {
        budget.give(held);
        held = 0;
      };
      response.once('close', release);
      const cancellation = new SocketCancellation(request.socket);
      // Plain listeners rather than a promise per request: this is the hot path.
      // A large declared length gets its buffer up front and chunks are copied in as they
      // arrive: collecting them and concatenating at the end would hold the body twice.
      const whole = declared >= 65_536 ? Buffer.allocUnsafe(declared) : undefined;
      const chunks: Buffer[] = [];
      let size = 0;
      let finished = false;
      request.on('data', (chunk: Buffer) => {
        if (finished) return;
        size += chunk.byteLength;
        if (size > bodyLimit) {
          finished = true;
          chunks.length = 0;
          sendJson(response, 413, `The body exceeds the limit of ${bodyLimit} bytes.`);
          request.destroy();
          return;
        }
        if (size > held) {
          if (!budget.take(size - held)) {
            finished = true;
            chunks.length = 0;
            overloaded(response, request, budget.limit);
            return;
          }
          held = size;
        }
        // node's parser never passes more bytes than content-length declares.
        if (whole === undefined) chunks.push(chunk);
        else chunk.copy(whole, size - chunk.byteLength);
      });
      request.on('error', error => {
        // A broken or aborted upload: answer if the socket is still there, never crash.
        if (finished) return;
        finished = true;
        sendJson(response, 400, `Could not read the request: ${error.message}`);
      });
      request.on('end', () => {
        if (finished) return;
        finished = true;
        const body =
          whole !== undefined
            ? whole.subarray(0, size)
            : chunks.length === 1
              ? (chunks[0] as Buffer)
              : Buffer.concat(chunks, size);
        // One reaction per request (then with both callbacks, not then + catch); handle()
        // answers every error itself, so a rejection or a failed write only drops the connection.
        void respond({
          method: request.method ?? 'GET',
          path: request.url ?? '/',
          headers: request.headers,
          body,
          signal: cancellation,
        }).then(
          result => {
            if (response.destroyed) return;
            try {
              // JSON answers go out as a string: node then writes headers and body in one piece,
              // without the Buffer a body would need (see TextResponse).
              const text = result instanceof TextResponse ? result.text : undefined;
              if (text !== undefined && typeof text !== 'string') {
                writePieces(response, result.status, result.headers, text);
                return;
              }
              const length =
                text === undefined
                  ? (result as InferenceHttpResponse).body.byteLength
                  : Buffer.byteLength(text);
              // Every answer carries its own headers object, so setting the length in place is safe.
              result.headers['content-length'] = String(length);
              response.writeHead(result.status, result.headers);
              response.end(text ?? (result as InferenceHttpResponse).body);
            } catch {
              response.destroy();
            }
          },
          () => response.destroy(),
        );
      });
    },
  );
  httpServer.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    // A client too slow with its headers or body gets 408, as HTTP says, not 400.
    const status =
      error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`, () =>
      socket.destroy(),
    );
  });
  const listener = await listenHttp(httpServer, {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
  });
  let closing: Promise<void> | undefined;
  return {
    httpServer,
    url: listener.url,
    port: listener.port,
    close(shutdownOptions = {}) {
      closing ??= (async () => {
        const graceMs = shutdownOptions.graceMs ?? 0;
        const drainTimeoutMs = shutdownOptions.drainTimeoutMs ?? 30_000;
        const deadline = Date.now() + graceMs + drainTimeoutMs;
        await server.shutdown({ graceMs, drainTimeoutMs });
        // Requests still running (a hung model call) are cut when the deadline comes.
        await listener.close({ drainTimeoutMs: Math.max(0, deadline - Date.now()) });
      })();
      return closing;
    },
  };
}

/**
 * Closes a listener gracefully when the process receives one of `signals` (default SIGTERM and
 * SIGINT): readiness fails at once, serving continues for `graceMs` (default 5000), then it
 * drains for at most `drainTimeoutMs` and exits.
 * Returns a function that removes the handlers.
 *
 * @example
 * ```ts
 * const stop = closeOnSignals(listener, { graceMs: 10_000, drainTimeoutMs: 5000 });
 * ```
 */
export function closeOnSignals(
  listener: Pick<InferenceListener, 'close'>,
  options: ShutdownOptions & { signals?: NodeJS.Signals[]; exit?: boolean } = {},
): () => void {
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const onSignal = () => {
    void listener.close({ ...options, graceMs: options.graceMs ?? 5000 }).then(
      () => {
        if (options.exit !== false) process.exit(0);
      },
      () => {
        if (options.exit !== false) process.exit(1);
      },
    );
  };
  for (const signal of signals) process.once(signal, onSignal);
  return () => {
    for (const signal of signals) process.off(signal, onSignal);
  };
}
