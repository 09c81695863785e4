import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerProcess, startServerProcess } from '../__fixtures__/server-process';

// Many concurrent large requests against a slow model, well beyond the in-flight body cap:
// every answer is a 200 or a 503, the server's memory stays bounded, and it serves normally
// afterwards. The server runs in a child process so that its memory is measured alone.
const bodyLimit = 4 * 1024 * 1024;
const maxInFlightBodyBytes = 8 * 1024 * 1024;
const clients = 40;
const elements = 80_000;

let server: ServerProcess;
beforeAll(async () => {
  server = await startServerProcess({ listen: { bodyLimit, maxInFlightBodyBytes }, slowMs: 100 });
}, 60_000);
afterAll(() => server?.stop());

function tensorBody(count: number): Buffer {
  const data = Array.from({ length: count }, (_, index) => Math.fround(Math.cos(index) * 1000));
  return Buffer.from(
    JSON.stringify({ inputs: [{ name: 'x', datatype: 'FP32', shape: [count], data }] }),
  );
}

/** POSTs on a fresh connection; resolves with the status, or 'reset' if the socket was cut. */
function post(url: string, body: Buffer): Promise<number | string> {
  return new Promise(resolve => {
    const request = httpRequest(
      url,
      { method: 'POST', agent: false, headers: { 'content-length': String(body.byteLength) } },
      response => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', () => resolve('reset'));
      },
    );
    request.on('error', error => resolve(`reset: ${(error as NodeJS.ErrnoException).code}`));
    request.end(body);
  });
}

describe('overload (server in a child process)', () => {
  it('answers only 200 or 503 to many large concurrent requests, stays bounded and recovers', async () => {
    const body = tensorBody(elements);
    expect(body.byteLength).toBeGreaterThan(maxInFlightBodyBytes / 8);
    const url = `${server.url}/v2/models/slow/infer`;
    const before = await server.memory();
    const statuses = await Promise.all(Array.from({ length: clients }, () => post(url, body)));
    const counts = new Map<number | string, number>();
    for (const status of statuses) counts.set(status, (counts.get(status) ?? 0) + 1);
    expect([...counts.keys()].filter(status => status !== 200 && status !== 503)).toEqual([]);
    expect(counts.get(503) ?? 0).toBeGreaterThan(0);
    expect(counts.get(200) ?? 0).toBeGreaterThan(0);
    const after = await server.memory();
    // Peak growth stays within a small multiple of the cap, whatever the number of clients.
    expect(after.maxRss - before.rss).toBeLessThan(8 * maxInFlightBodyBytes);
    expect(server.child.exitCode).toBeNull();
    // Recovered: sequential requests all succeed.
    for (let round = 0; round < 3; round++) expect(await post(url, body)).toBe(200);
  }, 120_000);
});
