import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the proxy does with one request. */
export type ProxyBehaviour =
  | 'forward'
  /** Forwards, then answers 500 as if the acknowledgement was lost. */
  | 'lose-acknowledgement'
  /** Closes the socket without answering (a network error for the client). */
  | 'drop'
  /** Never answers (a timeout for the client). */
  | 'hang'
  | { status: number; headers?: Record<string, string> };

/** A recorded request. */
export interface ProxiedRequest {
  method: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * A real HTTP peer on 127.0.0.1 in front of a lineage server that can be told to fail:
 * queued behaviours apply to the next requests, then the default one.
 */
export async function startFlakyProxy(targetUrl: string) {
  const requests: ProxiedRequest[] = [];
  const queued: ProxyBehaviour[] = [];
  let fallback: ProxyBehaviour = 'forward';
  const hanging = new Set<() => void>();

  const forward = async (request: ProxiedRequest, path: string) => {
    const headers: Record<string, string> = {};
    for (const name of ['content-type', 'content-encoding', 'authorization']) {
      const value = request.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const response = await fetch(new URL(path, targetUrl), {
      method: request.method,
      headers,
      body: request.body,
    });
    return { status: response.status, text: await response.text() };
  };

  const server = createServer(async (incoming, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const request = {
      method: incoming.method ?? 'GET',
      headers: incoming.headers,
      body: Buffer.concat(chunks),
    };
    requests.push(request);
    const behaviour = queued.shift() ?? fallback;
    if (behaviour === 'drop') {
      incoming.socket.destroy();
      return;
    }
    if (behaviour === 'hang') {
      hanging.add(() => response.destroy());
      return;
    }
    if (typeof behaviour === 'object') {
      response.writeHead(behaviour.status, behaviour.headers).end('{"error":"injected"}');
      return;
    }
    const forwarded = await forward(request, incoming.url ?? '/');
    if (behaviour === 'lose-acknowledgement') {
      response.writeHead(500).end('{"error":"acknowledgement lost"}');
      return;
    }
    response
      .writeHead(forwarded.status, { 'content-type': 'application/json' })
      .end(forwarded.text);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    /** Behaviours for the next requests, in order. */
    queue(...behaviours: ProxyBehaviour[]) {
      queued.push(...behaviours);
    },
    /** Behaviour once the queue is empty. */
    setDefault(behaviour: ProxyBehaviour) {
      fallback = behaviour;
    },
    async close() {
      for (const release of hanging) release();
      server.closeAllConnections();
      await new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}
