import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { gunzip as gunzipCallback } from 'node:zlib';
import { BallastError, InvalidInputError, NotFoundError } from '@ballast/contracts';
import { type CloseOptions, listen, secretsEqual } from '@ballast/kit';
import type { LineageStore } from '../store/lineage-store';

const gunzip = promisify(gunzipCallback);

/** Options of {@link serveLineage}. */
export interface ServeLineageOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind (default `127.0.0.1`). */
  host?: string;
  /** When set, POST requires `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Largest accepted request body in bytes, after decompression (default 5 MiB). */
  maxBodyBytes?: number;
  /** Called after each event was recorded (`added` is false for a duplicate). */
  onEvent?: (event: unknown, added: boolean) => void;
}

/** A running lineage endpoint. */
export interface LineageServer {
  /** Base URL, e.g. `http://127.0.0.1:5000`. */
  readonly url: string;
  readonly port: number;
  /**
   * Stops accepting connections, closes idle ones at once, lets requests in flight finish
   * and destroys what is left after `drainTimeoutMs` (default 10 s).
   */
  close(options?: CloseOptions): Promise<void>;
}

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

async function readBody(request: IncomingMessage, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new HttpProblem(413, `Request body larger than ${maxBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  let body = Buffer.concat(chunks);
  const encoding = request.headers['content-encoding'];
  if (encoding === 'gzip') {
    body = await gunzip(body).catch(error => {
      throw new HttpProblem(400, `Body is not valid gzip: ${(error as Error).message}`);
    });
    if (body.length > maxBytes) {
      throw new HttpProblem(413, `Request body larger than ${maxBytes} bytes`);
    }
  } else if (encoding !== undefined && encoding !== 'identity') {
    throw new HttpProblem(415, `Unsupported Content-Encoding "${encoding}"; use gzip or none`);
  }
  return body.toString('utf8');
}

function send(response: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    response.writeHead(status).end();
    return;
  }
  const text = JSON.stringify(body);
  response
    .writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
    })
    .end(text);
}

function parseDepth(value: string | null): number | undefined {
  if (value === null) return undefined;
  const depth = Number(value);
  if (!Number.isInteger(depth) || depth < 0) {
    throw new HttpProblem(400, `depth must be a non-negative integer, got "${value}"`);
  }
  return depth;
}

/**
 * Serves a lineage store over HTTP with Marquez's paths, for local development and as a real
 * receiver in tests:
 *
 * - `POST /api/v1/lineage` validates one OpenLineage event (gzip accepted) and answers 201 like
 *   Marquez, or 400 with `{ error, message, path }`; duplicates (same run id, event type and
 *   time) are acknowledged but stored once.
 * - `GET /api/v1/lineage?nodeId=…&depth=…` answers `{ graph: [...] }` (404 for unknown nodes).
 * - `GET /api/v1/events/lineage?limit=…&offset=…` pages the raw events, `{ events, totalCount }`.
 *
 * @example
 * ```ts
 * const store = await loadLineageStore({ paths: ['.ballast/lineage/events.jsonl'] });
 * const server = await serveLineage(store, { port: 5000 });
 * // curl 'http://127.0.0.1:5000/api/v1/lineage?nodeId=job:ml:churn.train&depth=2'
 * await server.close();
 * ```
 */
export async function serveLineage(
  store: LineageStore,
  options: ServeLineageOptions = {},
): Promise<LineageServer> {
  const maxBodyBytes = options.maxBodyBytes ?? 5 * 1024 * 1024;

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/api/v1/lineage' && request.method === 'POST') {
      if (options.apiKey !== undefined) {
        if (!secretsEqual(request.headers.authorization ?? '', `Bearer ${options.apiKey}`)) {
          throw new HttpProblem(401, 'Missing or wrong bearer token');
        }
      }
      const text = await readBody(request, maxBodyBytes);
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        throw new HttpProblem(400, `Body is not JSON: ${(error as Error).message}`);
      }
      const added = store.add(json);
      options.onEvent?.(json, added);
      send(response, 201);
      return;
    }
    if (url.pathname === '/api/v1/lineage' && request.method === 'GET') {
      const nodeId = url.searchParams.get('nodeId');
      if (!nodeId) throw new HttpProblem(400, 'nodeId is required, e.g. ?nodeId=job:ns:name');
      const depth = parseDepth(url.searchParams.get('depth'));
      send(response, 200, store.lineage(nodeId, depth === undefined ? {} : { depth }));
      return;
    }
    if (url.pathname === '/api/v1/events/lineage' && request.method === 'GET') {
      const limit = parseDepth(url.searchParams.get('limit')) ?? 100;
      const offset = parseDepth(url.searchParams.get('offset')) ?? 0;
      const events = store.events();
      send(response, 200, {
        events: events.slice(offset, offset + limit),
        totalCount: events.length,
      });
      return;
    }
    throw new HttpProblem(404, `No route for ${request.method} ${url.pathname}`);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (error instanceof HttpProblem) {
        send(response, error.status, {
          error: 'Bad request',
          message: error.message,
          code: error.status,
        });
      } else if (InvalidInputError.isInstance(error)) {
        send(response, 400, {
          error: error.code,
          message: error.message,
          path: error.details?.['path'],
          schemaURL: error.details?.['schemaURL'],
        });
      } else if (NotFoundError.isInstance(error)) {
        send(response, 404, { error: error.code, message: error.message });
      } else {
        const message =
          BallastError.isInstance(error) || error instanceof Error ? error.message : String(error);
        send(response, 500, { error: 'INTERNAL', message });
      }
    });
  });

  const listener = await listen(server, {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
  });
  return {
    url: listener.url,
    port: listener.port,
    close: closeOptions => listener.close(closeOptions),
  };
}
