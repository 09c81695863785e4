import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

// How soon after its last response a draining keep-alive connection is closed.
const idleSweepMs = 20;

/** Where {@link listen} binds. */
export interface ListenOptions {
  /** Interface to bind (default `'127.0.0.1'`, loopback only; pass `'0.0.0.0'` or `'::'` to serve others). */
  host?: string;
  /** Port (default 0: the system picks a free one, read it from `Listener.port`). */
  port?: number;
}

/** Options of {@link Listener.close}. */
export interface CloseOptions {
  /** How long in-flight requests may run before their connections are destroyed, in ms (default 10 000). */
  drainTimeoutMs?: number;
}

/** A listening `node:http` server with a graceful, bounded close. */
export interface Listener {
  /** Base URL, e.g. `http://127.0.0.1:8080` (IPv6 hosts in brackets). */
  readonly url: string;
  /** The bound address as reported by the socket. */
  readonly host: string;
  /** The bound port. */
  readonly port: number;
  /** The underlying server. */
  readonly server: Server;
  /**
   * Stops accepting connections, closes idle keep-alive connections at once, lets in-flight
   * requests finish and closes each connection as it falls idle, and destroys whatever is
   * left after `drainTimeoutMs`. Resolves when every connection is gone; calling it again
   * returns the same promise.
   */
  close(options?: CloseOptions): Promise<void>;
}

/**
 * Starts `server` listening and returns a {@link Listener} whose `close` drains connections
 * within a hard deadline. Plain `server.close()` keeps a busy keep-alive connection open until
 * Node's keep-alive timeout after its last response, and waits without limit for a request
 * that never finishes; `closeAllConnections()` cuts requests off mid-answer. This does
 * neither: an idle server, even with idle keep-alive clients, closes at once, a busy one when
 * its requests finish or at the deadline, whichever comes first.
 *
 * @example
 * ```ts
 * const listener = await listen(createServer(handler), { port: 8080 });
 * process.once('SIGTERM', () => void listener.close({ drainTimeoutMs: 5000 }));
 * ```
 */
export async function listen(server: Server, options: ListenOptions = {}): Promise<Listener> {
  // Every socket, including upgraded ones that the HTTP layer no longer tracks, so the
  // deadline can really end them all.
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;

  const close = (closeOptions: CloseOptions = {}): Promise<void> => {
    closing ??= new Promise<void>(resolve => {
      const drainTimeoutMs = Math.max(0, closeOptions.drainTimeoutMs ?? 10_000);
      // Requests that arrive on an open keep-alive connection during the drain are served, but
      // told that the connection closes after them, so the client does not reuse it.
      const onRequest = (_request: IncomingMessage, response: ServerResponse) => {
        if (!response.headersSent) response.setHeader('connection', 'close');
      };
      server.prependListener('request', onRequest);
      // Node closes a keep-alive connection whose last response finished only when its idle
      // timeout fires (5 s by default), even after server.close(). Node emits nothing when a
      // connection falls idle, so sweep idle connections until the server is closed.
      const sweep = setInterval(() => server.closeIdleConnections(), idleSweepMs);
      sweep.unref();
      const deadline = setTimeout(() => {
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      }, drainTimeoutMs);
      deadline.unref();
      server.close(() => {
        clearInterval(sweep);
        clearTimeout(deadline);
        server.off('request', onRequest);
        resolve();
      });
      server.closeIdleConnections();
    });
    return closing;
  };

  return {
    url: `http://${urlHost}:${address.port}`,
    host: address.address,
    port: address.port,
    server,
    close,
  };
}
