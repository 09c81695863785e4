import { Agent, createServer, get, type IncomingMessage, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { listen } from './listen';

const agents: Agent[] = [];
const servers: Server[] = [];
afterEach(() => {
  for (const agent of agents.splice(0)) agent.destroy();
  for (const server of servers.splice(0)) server.closeAllConnections();
});

function keepAliveAgent(): Agent {
  const agent = new Agent({ keepAlive: true });
  agents.push(agent);
  return agent;
}

function request(
  url: string,
  agent?: Agent,
): Promise<{ response: IncomingMessage; body: string; socket: Socket }> {
  return new Promise((resolve, reject) => {
    get(url, agent ? { agent } : {}, response => {
      const socket = response.socket;
      let body = '';
      response.setEncoding('utf8');
      response.on('data', chunk => {
        body += chunk;
      });
      response.on('end', () => resolve({ response, body, socket }));
      response.on('error', reject);
    }).on('error', reject);
  });
}

/** Resolves with 'timer' after `ms` unless `promise` settles first (then with 'closed'). */
function before<T>(promise: Promise<T>, ms: number): Promise<'closed' | 'timer'> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.then(() => 'closed' as const),
    new Promise<'timer'>(resolve => {
      timer = setTimeout(() => resolve('timer'), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

function serve(handler: Parameters<typeof createServer>[1]) {
  const server = createServer(handler);
  servers.push(server);
  return server;
}

describe('listen', () => {
  it('binds loopback on a free port and reports the URL', async () => {
    const listener = await listen(serve((_request, response) => response.end('hello')));
    expect(listener.host).toBe('127.0.0.1');
    expect(listener.port).toBeGreaterThan(0);
    expect(listener.url).toBe(`http://127.0.0.1:${listener.port}`);
    await expect(request(listener.url)).resolves.toMatchObject({ body: 'hello' });
    await listener.close();
  });

  it('rejects when the port is taken', async () => {
    const first = await listen(serve((_request, response) => response.end()));
    await expect(
      listen(
        serve(() => undefined),
        { port: first.port },
      ),
    ).rejects.toMatchObject({
      code: 'EADDRINUSE',
    });
    await first.close();
  });

  it('closes an idle server with an idle keep-alive client at once, not after the keep-alive timeout', async () => {
    const listener = await listen(serve((_request, response) => response.end('ok')));
    const agent = keepAliveAgent();
    const { response, socket } = await request(listener.url, agent);
    expect(response.headers.connection).toBe('keep-alive');
    expect(socket.destroyed).toBe(false);
    const clientSocketClosed = new Promise(resolve => socket.once('close', resolve));
    await expect(before(listener.close({ drainTimeoutMs: 60_000 }), 5000)).resolves.toBe('closed');
    await clientSocketClosed;
  });

  it('lets an in-flight request finish, refuses new connections, then closes before the deadline', async () => {
    let release = () => {};
    let started = () => {};
    const running = new Promise<void>(resolve => {
      started = resolve;
    });
    const listener = await listen(
      serve((_request, response) => {
        release = () => response.end('finished');
        started();
      }),
    );
    const agent = keepAliveAgent();
    const inFlight = request(listener.url, agent);
    await running;
    let closed = false;
    const closing = listener.close({ drainTimeoutMs: 60_000 }).then(() => {
      closed = true;
    });
    await expect(request(listener.url)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(closed).toBe(false);
    release();
    const { response, body } = await inFlight;
    expect(response.statusCode).toBe(200);
    expect(body).toBe('finished');
    // The keep-alive connection is closed as soon as it falls idle, long before Node's own
    // keep-alive timeout (5 s) would have done it.
    await expect(before(closing, 5000)).resolves.toBe('closed');
  });

  it('serves a request that arrives on an open connection during the drain, with connection: close', async () => {
    let release = () => {};
    let first = true;
    const listener = await listen(
      serve((_request, response) => {
        if (first) {
          first = false;
          release = () => response.end('one');
        } else {
          response.end('two');
        }
      }),
    );
    // A second request on the same connection, sent while the first is still being answered
    // and the listener is already draining.
    const socket = connect(listener.port, '127.0.0.1');
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', chunk => {
      received += chunk;
    });
    const ended = new Promise(resolve => socket.once('close', resolve));
    socket.write('GET /1 HTTP/1.1\r\nHost: x\r\n\r\n');
    await new Promise<void>(resolve => listener.server.once('request', () => resolve()));
    const closing = listener.close({ drainTimeoutMs: 60_000 });
    const second = new Promise<void>(resolve => listener.server.once('request', () => resolve()));
    socket.write('GET /2 HTTP/1.1\r\nHost: x\r\n\r\n');
    await second;
    release();
    await ended;
    await expect(before(closing, 5000)).resolves.toBe('closed');
    const answers = received.split('HTTP/1.1 200 OK').slice(1);
    expect(answers).toHaveLength(2);
    expect(answers[1]?.toLowerCase()).toContain('connection: close');
    expect(answers[1]).toContain('two');
  });

  it('destroys connections still busy at the deadline', async () => {
    const listener = await listen(serve(() => undefined));
    const hanging = request(listener.url).catch((error: NodeJS.ErrnoException) => error);
    await new Promise<void>(resolve => listener.server.once('request', () => resolve()));
    await listener.close({ drainTimeoutMs: 10 });
    expect(await hanging).toMatchObject({ code: 'ECONNRESET' });
  });

  it('returns the same promise when closed twice', async () => {
    const listener = await listen(serve((_request, response) => response.end()));
    const first = listener.close();
    expect(listener.close()).toBe(first);
    await first;
    expect(listener.server.listening).toBe(false);
  });
});
