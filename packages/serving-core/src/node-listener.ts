import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type {
  InferenceHttpRequest,
  InferenceHttpResponse,
  InferenceServer,
  ShutdownOptions,
} from './inference-server';
import { type ServerAnswer, TextResponse, textResponders } from './text-response';

/**
 * Default body limit of the listener and the fastify plugin: 64 MiB.
 *
 * @example
 * ```ts
 * await listen(server, { bodyLimit: defaultBodyLimit * 2 });
 * ```
 */
export const defaultBodyLimit = 64 * 1024 * 1024;

/**
 * Options of {@link listen}.
 *
 * @example
 * ```ts
 * const listener = await listen(server, { port: 8080, host: '0.0.0.0', bodyLimit: 8 * 1024 * 1024 });
 * ```
 */
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
}

/**
 * A running node:http listener.
 *
 * @example
 * ```ts
 * const listener = await listen(server);
 * console.log(listener.url);
 * await listener.close({ graceMs: 0 });
 * ```
 */
export interface InferenceListener {
  readonly httpServer: Server;
  /** Base URL, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  readonly port: number;
  /** Shuts the inference server down gracefully, then closes every connection. */
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

function sendJson(response: ServerResponse, status: number, error: string, close = false): void {
  if (response.headersSent || response.destroyed) return;
  response.writeHead(status, {
    'content-type': 'application/json',
    ...(close ? { connection: 'close' } : {}),
  });
  response.end(JSON.stringify({ error }));
}

/**
 * Serves an {@link InferenceServer} over node:http, with a body size limit (413), answers to
 * malformed requests instead of crashes, and cancellation of queued work when a client
 * disconnects mid-request.
 *
 * @example
 * ```ts
 * const listener = await listen(server, { port: 8080, host: '0.0.0.0' });
 * process.once('SIGTERM', () => void listener.close({ graceMs: 5000 }));
 * ```
 */
export async function listen(
  server: InferenceServer,
  options: ListenOptions = {},
): Promise<InferenceListener> {
  const bodyLimit = options.bodyLimit ?? defaultBodyLimit;
  const respond =
    textResponders.get(server) ??
    ((request: InferenceHttpRequest): Promise<ServerAnswer> => server.handle(request));
  const httpServer = createServer((request, response) => {
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > bodyLimit) {
      sendJson(
        response,
        413,
        `The body of ${declared} bytes exceeds the limit of ${bodyLimit} bytes.`,
        true,
      );
      request.resume();
      return;
    }
    const cancellation = new SocketCancellation(request.socket);
    // Plain listeners rather than a promise per request: this is the hot path.
    const chunks: Buffer[] = [];
    let size = 0;
    let finished = false;
    request.on('data', (chunk: Buffer) => {
      if (finished) return;
      size += chunk.byteLength;
      if (size > bodyLimit) {
        finished = true;
        chunks.length = 0;
        sendJson(response, 413, `The body exceeds the limit of ${bodyLimit} bytes.`, true);
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('error', error => {
      // A broken or aborted upload: answer if the socket is still there, never crash.
      if (finished) return;
      finished = true;
      sendJson(response, 400, `Could not read the request: ${error.message}`, true);
    });
    request.on('end', () => {
      if (finished) return;
      finished = true;
      const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size);
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
  });
  httpServer.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const address = httpServer.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    httpServer,
    url: `http://${host}:${address.port}`,
    port: address.port,
    close(shutdownOptions) {
      closing ??= (async () => {
        await server.shutdown(shutdownOptions);
        await new Promise<void>(resolve => {
          httpServer.close(() => resolve());
          httpServer.closeAllConnections();
        });
      })();
      return closing;
    },
  };
}

/**
 * Closes a listener gracefully when the process receives one of `signals` (default SIGTERM and
 * SIGINT): readiness fails at once, serving continues for `graceMs`, then it drains and exits.
 * Returns a function that removes the handlers.
 *
 * @example
 * ```ts
 * const stop = closeOnSignals(listener, { graceMs: 10_000 });
 * ```
 */
export function closeOnSignals(
  listener: Pick<InferenceListener, 'close'>,
  options: ShutdownOptions & { signals?: NodeJS.Signals[]; exit?: boolean } = {},
): () => void {
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const onSignal = () => {
    void listener.close(options).then(
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
