import { describe, expect, it } from 'vitest';
import { call, identityModel, identityRequest } from '../__fixtures__/models';
import { createInferenceServer } from './inference-server';

const quiet = { onError: () => undefined };
const loadPath = '/v2/repository/models/extra/load';
const unloadPath = '/v2/repository/models/identity/unload';

function serverWith(options: Parameters<typeof createInferenceServer>[0] = {}) {
  return createInferenceServer({
    models: [identityModel()],
    repository: { extra: () => identityModel({ name: 'extra' }) },
    ...quiet,
    ...options,
  });
}

describe('repository endpoints are off by default', () => {
  it('answers 403 to load and unload without options.repositoryApi, and keeps serving', async () => {
    const server = serverWith();
    await server.waitUntilLoaded();
    const load = await call(server, 'POST', loadPath);
    expect(load.status).toBe(403);
    expect(load.json.error).toContain('repositoryApi');
    expect((await call(server, 'POST', unloadPath)).status).toBe(403);
    expect(
      (await call(server, 'POST', '/v2/models/identity/infer', identityRequest(1))).status,
    ).toBe(200);
    // The read-only index still answers.
    expect((await call(server, 'POST', '/v2/repository/index')).status).toBe(200);
    await server.shutdown({ graceMs: 0 });
  });

  it('admits only the bearer token it was given (401 otherwise)', async () => {
    const server = serverWith({ repositoryApi: { bearerToken: 's3cret' } });
    await server.waitUntilLoaded();
    const missing = await call(server, 'POST', loadPath);
    expect(missing.status).toBe(401);
    expect(missing.headers['www-authenticate']).toMatch(/^Bearer/);
    const wrong = await call(server, 'POST', loadPath, Buffer.alloc(0), {
      authorization: 'Bearer s3creT',
    });
    expect(wrong.status).toBe(401);
    const right = await call(server, 'POST', loadPath, Buffer.alloc(0), {
      authorization: 'Bearer s3cret',
    });
    expect(right.status).toBe(200);
    expect(server.isReady()).toBe(true);
    await server.shutdown({ graceMs: 0 });
  });

  it('asks an authorisation function, 403 when it refuses', async () => {
    const seen: string[] = [];
    const server = serverWith({
      repositoryApi: {
        authorize: request => {
          seen.push(request.path);
          return request.headers['x-role'] === 'admin';
        },
      },
    });
    await server.waitUntilLoaded();
    expect((await call(server, 'POST', unloadPath)).status).toBe(403);
    expect(
      (await call(server, 'POST', unloadPath, Buffer.alloc(0), { 'x-role': 'admin' })).status,
    ).toBe(200);
    expect(seen).toEqual([unloadPath, unloadPath]);
    await server.shutdown({ graceMs: 0 });
  });

  it('refuses an empty bearer token at construction', () => {
    expect(() => serverWith({ repositoryApi: { bearerToken: '' } })).toThrow(
      expect.objectContaining({ code: 'INVALID_REPOSITORY_API' }),
    );
  });
});

describe('model names are plain names', () => {
  const admin = { repositoryApi: { authorize: () => true } };

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    'answers 404 to loading an unregistered "%s" and leaves no nameless entry',
    async name => {
      const server = serverWith(admin);
      await server.waitUntilLoaded();
      const response = await call(server, 'POST', `/v2/repository/models/${name}/load`);
      expect(response.status).toBe(404);
      expect(response.json.error).toContain(name);
      const index = (await call(server, 'POST', '/v2/repository/index')).json as Array<{
        name?: string;
      }>;
      expect(index.every(entry => typeof entry.name === 'string' && entry.name !== '')).toBe(true);
      expect(index.map(entry => entry.name).sort()).toEqual(['extra', 'identity']);
      await server.shutdown({ graceMs: 0 });
    },
  );

  it('loads models registered under such names', async () => {
    const server = serverWith({
      ...admin,
      repository: Object.fromEntries(
        ['constructor', '__proto__'].map(name => [name, () => identityModel({ name })]),
      ),
    });
    await server.waitUntilLoaded();
    for (const name of ['constructor', '__proto__']) {
      expect((await call(server, 'POST', `/v2/repository/models/${name}/load`)).status).toBe(200);
      expect(
        (await call(server, 'POST', `/v2/models/${name}/infer`, identityRequest(1))).status,
      ).toBe(200);
    }
    await server.shutdown({ graceMs: 0 });
  });
});

describe('amplification', () => {
  it('creates metric series only for loaded versions, whatever versions are requested', async () => {
    const server = serverWith();
    await server.waitUntilLoaded();
    for (let index = 0; index < 20; index++) {
      const random = `v${Math.random().toString(36).slice(2)}`;
      const response = await call(
        server,
        'POST',
        `/v2/models/identity/versions/${random}/infer`,
        identityRequest(1),
      );
      expect(response.status).toBe(404);
      await call(server, 'POST', `/v2/models/${random}/infer`, identityRequest(1));
      await call(
        server,
        'POST',
        `/v2/models/${random}/versions/${random}/infer`,
        identityRequest(1),
      );
    }
    const metrics = await server.registry.metrics();
    const versions = new Set([...metrics.matchAll(/version="([^"]*)"/g)].map(match => match[1]));
    expect([...versions].sort()).toEqual(['', '(unknown)', '1']);
    const models = new Set([...metrics.matchAll(/model="([^"]*)"/g)].map(match => match[1]));
    expect([...models].sort()).toEqual(['(unknown)', 'identity']);
    await server.shutdown({ graceMs: 0 });
  });

  it('answers an 8 MB INT64 digit string with a short 400', async () => {
    const server = createInferenceServer({
      models: [
        (await import('../models/function-model')).functionModel({
          name: 'ints',
          inputs: [{ name: 'x', datatype: 'INT64', shape: [1] }],
          outputs: [{ name: 'y', datatype: 'INT64', shape: [1] }],
          predict: ({ x }) => ({ y: { shape: [1], data: x.data } }),
        }),
      ],
      ...quiet,
    });
    await server.waitUntilLoaded();
    const digits = '7'.repeat(8 * 1024 * 1024);
    const response = await call(server, 'POST', '/v2/models/ints/infer', {
      inputs: [{ name: 'x', shape: [1], datatype: 'INT64', data: [digits] }],
    });
    expect(response.status).toBe(400);
    expect(response.body.byteLength).toBeLessThan(500);
    expect(response.json.error).toContain('not a valid INT64 value');
    await server.shutdown({ graceMs: 0 });
  });

  it('quotes at most an excerpt of a long model name or version from the path', async () => {
    const server = serverWith();
    await server.waitUntilLoaded();
    const long = 'n'.repeat(100_000);
    for (const path of [`/v2/models/${long}/infer`, `/v2/models/identity/versions/${long}/infer`]) {
      const response = await call(server, 'POST', path, identityRequest(1));
      expect(response.status).toBe(404);
      expect(response.body.byteLength).toBeLessThan(500);
    }
    await server.shutdown({ graceMs: 0 });
  });
});
