import type { ModelRef, ModelVersion, ModelVersionSource } from '@ballast/contracts';
import { describe, expect, it, vi } from 'vitest';
import { call, identityModel, identityRequest } from '../__fixtures__/models';
import { functionModel } from './function-model';
import { createInferenceServer } from '../http/inference-server';
import type { ModelDefinition } from './model';

const quiet = { onError: () => undefined };

/** A model that answers its own version in `y`, optionally slowly or by throwing. */
function versionModel(
  version: string,
  options: { delayMs?: number; fail?: boolean; unloads?: string[] } = {},
): ModelDefinition {
  return functionModel({
    name: 'scorer',
    version,
    inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 4] }],
    outputs: [{ name: 'y', datatype: 'FP32', shape: [-1] }],
    batching: { maxBatchSize: 16 },
    predict: async ({ x }) => {
      if (options.delayMs) await new Promise(resolve => setTimeout(resolve, options.delayMs));
      // Fails on real data only: the zero-filled warm-up passes, as a subtly broken model would.
      const isWarmup = (x?.data as Float32Array | undefined)?.every(value => value === 0);
      if (options.fail && !isWarmup) throw new Error(`version ${version} is broken`);
      const rows = x?.shape[0] ?? 0;
      return { y: { shape: [rows], data: new Float32Array(rows).fill(Number(version)) } };
    },
    teardown: () => void options.unloads?.push(version),
  });
}

async function servedVersion(
  server: Parameters<typeof call>[0],
  headers: Record<string, string> = {},
) {
  const response = await call(
    server,
    'POST',
    '/v2/models/scorer/infer',
    identityRequest(1),
    headers,
  );
  return response.status === 200
    ? (response.json.model_version as string)
    : `status ${response.status}`;
}

describe('hot swap', () => {
  it('swaps versions under load without failing a single request, then unloads the old one', async () => {
    const unloads: string[] = [];
    const server = createInferenceServer({
      models: [versionModel('1', { delayMs: 2, unloads })],
      ...quiet,
    });
    await server.waitUntilLoaded();
    const statuses: number[] = [];
    const versions = new Set<string>();
    let stop = false;
    const clients = Array.from({ length: 16 }, async () => {
      while (!stop) {
        const response = await call(server, 'POST', '/v2/models/scorer/infer', identityRequest(1));
        statuses.push(response.status);
        if (response.status === 200)
          versions.add(`${response.json.model_version}:${response.json.outputs[0].data[0]}`);
      }
    });
    await new Promise(resolve => setTimeout(resolve, 30));
    await server.loadModel(versionModel('2', { delayMs: 2, unloads }));
    await new Promise(resolve => setTimeout(resolve, 30));
    await server.loadModel(versionModel('3', { delayMs: 2, unloads }));
    await new Promise(resolve => setTimeout(resolve, 30));
    stop = true;
    await Promise.all(clients);
    expect(statuses.length).toBeGreaterThan(50);
    expect(statuses.filter(status => status !== 200)).toEqual([]);
    // Every response came from a coherent version, and all three served traffic.
    expect([...versions].sort()).toEqual(['1:1', '2:2', '3:3']);
    expect(unloads).toEqual(['1', '2']);
    expect((await call(server, 'POST', '/v2/repository/index')).json).toEqual([
      { name: 'scorer', version: '3', state: 'READY' },
    ]);
    await server.shutdown({ graceMs: 0 });
  });

  it('keeps the serving version when the new one fails to load', async () => {
    const server = createInferenceServer({ models: [versionModel('1')], ...quiet });
    await server.waitUntilLoaded();
    const failing = { ...versionModel('2'), load: () => Promise.reject(new Error('corrupt file')) };
    await expect(server.loadModel(failing)).rejects.toMatchObject({ code: 'MODEL_LOAD_FAILED' });
    expect(await servedVersion(server)).toBe('1');
    expect((await call(server, 'GET', '/v2/health/ready')).status).toBe(200);
    await server.shutdown({ graceMs: 0 });
  });
});

describe('traffic', () => {
  it('splits unversioned traffic by canary weights', async () => {
    const server = createInferenceServer({ models: [versionModel('1')], ...quiet });
    await server.waitUntilLoaded();
    await server.loadModel(versionModel('2'), { makeDefault: false });
    server.setTraffic('scorer', { weights: { '1': 3, '2': 1 } });
    const counts: Record<string, number> = {};
    for (let index = 0; index < 400; index++) {
      const version = await servedVersion(server);
      counts[version] = (counts[version] ?? 0) + 1;
    }
    // 25% expected; bounds are 5 standard deviations wide so the test is not flaky.
    expect(counts['2']).toBeGreaterThan(100 - 5 * Math.sqrt(400 * 0.25 * 0.75));
    expect(counts['2']).toBeLessThan(100 + 5 * Math.sqrt(400 * 0.25 * 0.75));
    expect((counts['1'] ?? 0) + (counts['2'] ?? 0)).toBe(400);
    expect(
      await call(server, 'POST', '/v2/models/scorer/versions/2/infer', identityRequest(1)),
    ).toMatchObject({
      status: 200,
    });
    await server.shutdown({ graceMs: 0 });
  });

  it('keeps a client on one version with a sticky header', async () => {
    const server = createInferenceServer({ models: [versionModel('1')], ...quiet });
    await server.waitUntilLoaded();
    await server.loadModel(versionModel('2'), { makeDefault: false });
    server.setTraffic('scorer', { weights: { '1': 1, '2': 1 }, stickyHeader: 'X-User' });
    const seen = new Set<string>();
    for (let user = 0; user < 40; user++) {
      const headers = { 'x-user': `user-${user}` };
      const first = await servedVersion(server, headers);
      for (let repeat = 0; repeat < 5; repeat++)
        expect(await servedVersion(server, headers)).toBe(first);
      seen.add(first);
    }
    expect([...seen].sort()).toEqual(['1', '2']);
    await server.shutdown({ graceMs: 0 });
  });

  it('mirrors to a shadow version, discards its answers and isolates its failures', async () => {
    const server = createInferenceServer({ models: [versionModel('1')], ...quiet });
    await server.waitUntilLoaded();
    await server.loadModel(versionModel('2', { fail: true }), { makeDefault: false });
    server.setTraffic('scorer', { shadow: { version: '2', percent: 100 } });
    for (let index = 0; index < 10; index++) expect(await servedVersion(server)).toBe('1');
    await expect
      .poll(() => server.registry.metrics())
      .toContain(
        'ballast_shadow_requests_total{model="scorer",version="2",outcome="model_error"} 10',
      );
    expect(() => server.setTraffic('scorer', { shadow: { version: '2', percent: 120 } })).toThrow(
      /between 0 and 100/,
    );
    expect(() => server.setTraffic('scorer', { weights: { '1': -1 } })).toThrow(/>= 0/);
    await server.shutdown({ graceMs: 0 });
  });
});

describe('shadow traffic to another model', () => {
  /** A candidate model under its own name that counts the rows it sees and may fail. */
  function candidate(
    name: string,
    options: { fail?: boolean; rows?: number[]; width?: number } = {},
  ) {
    return functionModel({
      name,
      inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, options.width ?? 4] }],
      outputs: [{ name: 'y', datatype: 'FP32', shape: [-1] }],
      warmup: false,
      predict: ({ x }) => {
        const rows = x?.shape[0] ?? 0;
        options.rows?.push(rows);
        if (options.fail) throw new Error(`${name} is broken`);
        return { y: { shape: [rows], data: new Float32Array(rows).fill(99) } };
      },
    });
  }

  const shadowCount = async (
    server: { registry: { metrics(): Promise<string> } },
    labels: string,
  ) =>
    Number(
      (await server.registry.metrics()).match(
        new RegExp(`ballast_shadow_requests_total\\{${labels}\\} (\\d+)`),
      )?.[1] ?? 0,
    );

  it('mirrors to another model name, discards its answers and counts its outcomes', async () => {
    const rows: number[] = [];
    const server = createInferenceServer({
      models: [versionModel('1'), candidate('scorer-v2-candidate', { rows })],
      traffic: { scorer: { shadow: { model: 'scorer-v2-candidate', percent: 100 } } },
      ...quiet,
    });
    await server.waitUntilLoaded();
    for (let index = 0; index < 6; index++) expect(await servedVersion(server)).toBe('1');
    const labels = 'model="scorer-v2-candidate",version="1",outcome="success"';
    await expect.poll(() => shadowCount(server, labels)).toBe(6);
    expect(rows).toEqual([1, 1, 1, 1, 1, 1]);
    // Calling the candidate directly is unaffected by its role as a shadow.
    const direct = await call(
      server,
      'POST',
      '/v2/models/scorer-v2-candidate/infer',
      identityRequest(1),
    );
    expect(direct.json.outputs[0].data).toEqual([99]);
    await server.shutdown({ graceMs: 0 });
  });

  it('mirrors the configured share, isolates failures and skips a target that is not loaded', async () => {
    const server = createInferenceServer({
      models: [versionModel('1'), candidate('broken', { fail: true })],
      ...quiet,
    });
    await server.waitUntilLoaded();
    server.setTraffic('scorer', { shadow: { model: 'broken', percent: 30 } });
    const draws = [0.1, 0.5, 0.2, 0.9, 0.29, 0.3];
    const random = vi.spyOn(Math, 'random').mockImplementation(() => draws.shift() ?? 0.99);
    try {
      for (let index = 0; index < 6; index++) expect(await servedVersion(server)).toBe('1');
    } finally {
      random.mockRestore();
    }
    // 0.1, 0.2 and 0.29 fall under 30 %: three mirrored, all failing, none seen by the client.
    await expect
      .poll(() => shadowCount(server, 'model="broken",version="1",outcome="model_error"'))
      .toBe(3);
    server.setTraffic('scorer', { shadow: { model: 'not-loaded-yet', percent: 100 } });
    expect(await servedVersion(server)).toBe('1');
    expect(() => server.setTraffic('scorer', { shadow: { percent: 100 } })).toThrow(
      expect.objectContaining({ code: 'INVALID_SHADOW_TARGET' }),
    );
    await server.shutdown({ graceMs: 0 });
  });

  it('counts a target with other inputs as invalid_input instead of calling it', async () => {
    const rows: number[] = [];
    const server = createInferenceServer({
      models: [versionModel('1'), candidate('wider', { rows, width: 8 })],
      traffic: { scorer: { shadow: { model: 'wider', percent: 100 } } },
      ...quiet,
    });
    await server.waitUntilLoaded();
    expect(await servedVersion(server)).toBe('1');
    await expect
      .poll(() => shadowCount(server, 'model="wider",version="1",outcome="invalid_input"'))
      .toBe(1);
    expect(rows).toEqual([]);
    await server.shutdown({ graceMs: 0 });
  });
});

describe('following a ModelVersionSource', () => {
  it('loads the aliased version, then swaps whenever the alias moves', async () => {
    let onChange: ((version: ModelVersion) => void) | undefined;
    const versionOf = (version: string): ModelVersion => ({
      kind: 'ModelVersion',
      specVersion: 'ballast.dev/v1',
      name: 'scorer',
      version,
      aliases: ['champion'],
      tags: {},
      source: `memory://scorer/${version}`,
      status: 'READY',
      approval: 'approved',
      artifacts: [],
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z',
    });
    let closed = false;
    const source: ModelVersionSource = {
      specificationVersion: 'v1',
      resolve: async (ref: ModelRef) => versionOf(ref.alias === 'champion' ? '4' : '1'),
      fetchArtifacts: async () => ({ directory: '/tmp', artifacts: [] }),
      watch: (_ref, callback) => {
        onChange = callback;
        return { close: () => void (closed = true) };
      },
    };
    const server = createInferenceServer({ requiredModels: ['scorer'], ...quiet });
    const handle = await server.followModelVersionSource({
      source,
      ref: { name: 'scorer', alias: 'champion' },
      createModel: version => versionModel(version.version),
    });
    expect(await servedVersion(server)).toBe('4');
    expect((await call(server, 'GET', '/v2/health/ready')).status).toBe(200);
    onChange?.(versionOf('5'));
    await expect.poll(() => servedVersion(server)).toBe('5');
    handle.close();
    expect(closed).toBe(true);
    await server.shutdown({ graceMs: 0 });
  });
});

describe('unloading', () => {
  it('unloads one version and leaves the others serving', async () => {
    const server = createInferenceServer({ models: [versionModel('1')], ...quiet });
    await server.waitUntilLoaded();
    await server.loadModel(versionModel('2'), { makeDefault: false });
    await server.unloadModel('scorer', '2');
    expect(
      (await call(server, 'POST', '/v2/models/scorer/versions/2/infer', identityRequest(1))).status,
    ).toBe(404);
    expect(await servedVersion(server)).toBe('1');
    await expect(server.unloadModel('scorer', '9')).rejects.toMatchObject({
      code: 'MODEL_VERSION_NOT_FOUND',
    });
    await server.shutdown({ graceMs: 0 });
  });

  it('runs an identity model registered by name alongside', async () => {
    const server = createInferenceServer({ models: [identityModel()], ...quiet });
    await server.waitUntilLoaded();
    expect(
      (await call(server, 'POST', '/v2/models/identity/infer', identityRequest(3))).json.outputs[0]
        .shape,
    ).toEqual([3, 4]);
    await server.shutdown({ graceMs: 0 });
  });
});
