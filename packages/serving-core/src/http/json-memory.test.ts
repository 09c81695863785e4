import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerProcess, startServerProcess } from '../__fixtures__/server-process';

// One FP32 tensor of a million elements as JSON: about 19 MB of body. JSON.parse of the whole
// request and one JSON.stringify of the reply used to raise the server's peak memory by about
// 8.6 times the body; reading numbers straight from the bytes and writing the reply in slices
// keep it near 2.7 times. The bound leaves room for the garbage collector's timing.
const elements = 1_000_000;
const maxPeakOverBody = 6;

let server: ServerProcess;
beforeAll(async () => {
  server = await startServerProcess();
}, 60_000);
afterAll(() => server?.stop());

function tensorBody(count: number): Buffer {
  const data = Array.from({ length: count }, (_, index) => Math.fround(Math.sin(index) * 255));
  return Buffer.from(
    JSON.stringify({ id: 'big', inputs: [{ name: 'x', datatype: 'FP32', shape: [count], data }] }),
  );
}

describe('JSON request memory (server in a child process)', () => {
  it('raises peak memory by at most about 6x the body of a large FP32 JSON request', async () => {
    const body = tensorBody(elements);
    const small = tensorBody(4);
    // Warm up the code paths, then take the baseline after a full GC.
    for (let round = 0; round < 3; round++) {
      const response = await fetch(`${server.url}/v2/models/echo/infer`, {
        method: 'POST',
        body: small,
      });
      await response.arrayBuffer();
    }
    const before = await server.memory();
    const response = await fetch(`${server.url}/v2/models/echo/infer`, { method: 'POST', body });
    const reply = (await response.json()) as { outputs: Array<{ data: number[] }> };
    expect(response.status).toBe(200);
    expect(reply.outputs[0]?.data).toHaveLength(elements);
    expect(reply.outputs[0]?.data[12_345]).toBe(Math.fround(Math.sin(12_345) * 255));
    const after = await server.memory();
    const ratio = (after.maxRss - before.rss) / body.byteLength;
    expect(ratio).toBeLessThan(maxPeakOverBody);
  }, 60_000);
});
