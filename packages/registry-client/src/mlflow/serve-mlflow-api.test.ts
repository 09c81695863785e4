import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileRegistry } from '../file-registry';
import { createMlflowRegistry } from './mlflow-registry';
import { type MlflowApiServer, serveMlflowApi } from './serve-mlflow-api';

describe('serveMlflowApi', () => {
  let root: string;
  let server: MlflowApiServer;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'serve-mlflow-'));
    server = await serveMlflowApi(createFileRegistry({ root }), { port: 0 });
  });

  afterAll(async () => {
    await server.close();
    await rm(root, { recursive: true, force: true });
  });

  const request = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };

  it('follows the protos: snake_case, versions as strings, ms timestamps, omitted defaults', async () => {
    const created = await request('POST', '/api/2.0/mlflow/registered-models/create', {
      name: 'fraud',
    });
    expect(created.status).toBe(200);
    expect(Object.keys(created.body.registered_model).sort()).toEqual([
      'creation_timestamp',
      'last_updated_timestamp',
      'name',
    ]);
    expect(typeof created.body.registered_model.creation_timestamp).toBe('number');

    const version = await request('POST', '/api/2.0/mlflow/model-versions/create', {
      name: 'fraud',
      source: 's3://bucket/model',
      run_id: 'run-9',
      tags: [{ key: 'team', value: 'risk' }],
    });
    expect(version.body.model_version).toMatchObject({
      name: 'fraud',
      version: '1',
      source: 's3://bucket/model',
      run_id: 'run-9',
      status: 'READY',
      current_stage: 'None',
    });
    expect(version.body.model_version.tags).toContainEqual({ key: 'team', value: 'risk' });
    expect(version.body.model_version.tags).toContainEqual({
      key: 'ballast.approval',
      value: 'pending',
    });

    await request('POST', '/api/2.0/mlflow/registered-models/alias', {
      name: 'fraud',
      alias: 'champion',
      version: '1',
    });
    const byAlias = await request(
      'GET',
      '/api/2.0/mlflow/registered-models/alias?name=fraud&alias=champion',
    );
    expect(byAlias.body.model_version).toMatchObject({ version: '1', aliases: ['champion'] });
    const model = await request('GET', '/ajax-api/2.0/mlflow/registered-models/get?name=fraud');
    expect(model.body.registered_model.aliases).toEqual([{ alias: 'champion', version: '1' }]);
    // As MLflow's stores: an unset alias is INVALID_PARAMETER_VALUE (400), not a 404.
    expect(
      await request('GET', '/api/2.0/mlflow/registered-models/alias?name=fraud&alias=ghost'),
    ).toEqual({
      status: 400,
      body: {
        error_code: 'INVALID_PARAMETER_VALUE',
        message: 'Registered model alias ghost not found.',
      },
    });
    const uri = await request(
      'GET',
      '/api/2.0/mlflow/model-versions/get-download-uri?name=fraud&version=1',
    );
    expect(uri.body).toEqual({ artifact_uri: 's3://bucket/model' });
  });

  it('reads repeated order_by keys and pages with next_page_token', async () => {
    for (const name of ['m1', 'm2', 'm3'])
      await request('POST', '/api/2.0/mlflow/registered-models/create', { name });
    const first = await request(
      'GET',
      "/api/2.0/mlflow/registered-models/search?filter=name+LIKE+'m%25'&max_results=2&order_by=name+DESC&order_by=creation_timestamp",
    );
    expect(first.body.registered_models.map((entry: { name: string }) => entry.name)).toEqual([
      'm3',
      'm2',
    ]);
    const second = await request(
      'GET',
      `/api/2.0/mlflow/registered-models/search?filter=name+LIKE+'m%25'&max_results=2&order_by=name+DESC&page_token=${first.body.next_page_token}`,
    );
    expect(second.body).toEqual({ registered_models: [expect.objectContaining({ name: 'm1' })] });
    const empty = await request(
      'GET',
      "/api/2.0/mlflow/registered-models/search?filter=name+%3D+'none'",
    );
    expect(empty.body).toEqual({});
  });

  it('answers errors as { error_code, message } with MLflow statuses', async () => {
    expect(await request('GET', '/api/2.0/mlflow/registered-models/get?name=nope')).toMatchObject({
      status: 404,
      body: { error_code: 'RESOURCE_DOES_NOT_EXIST' },
    });
    await request('POST', '/api/2.0/mlflow/registered-models/create', { name: 'dup' });
    expect(
      await request('POST', '/api/2.0/mlflow/registered-models/create', { name: 'dup' }),
    ).toMatchObject({
      status: 400,
      body: {
        error_code: 'RESOURCE_ALREADY_EXISTS',
        message: 'Registered Model (name=dup) already exists.',
      },
    });
    expect(await request('POST', '/api/2.0/mlflow/registered-models/create', {})).toMatchObject({
      status: 400,
      body: { error_code: 'INVALID_PARAMETER_VALUE' },
    });
    expect(
      await request('GET', '/api/2.0/mlflow/model-versions/search?filter=name+%3D%3D+1'),
    ).toMatchObject({
      status: 400,
      body: { error_code: 'INVALID_PARAMETER_VALUE' },
    });
    expect(await request('GET', '/api/2.0/mlflow/unknown/thing')).toMatchObject({
      status: 404,
      body: { error_code: 'ENDPOINT_NOT_FOUND' },
    });
    const noContentType = await fetch(`${server.url}/api/2.0/mlflow/registered-models/create`, {
      method: 'POST',
      body: JSON.stringify({ name: 'x' }),
      headers: { 'content-type': 'text/plain' },
    });
    expect(noContentType.status).toBe(400);
    // A DELETE reads its fields from the JSON body, not the query string.
    expect(
      await request('DELETE', '/api/2.0/mlflow/registered-models/delete?name=dup'),
    ).toMatchObject({
      status: 400,
      body: { error_code: 'INVALID_PARAMETER_VALUE' },
    });
    expect(
      await request('DELETE', '/api/2.0/mlflow/registered-models/delete', { name: 'dup' }),
    ).toEqual({
      status: 200,
      body: {},
    });
  });

  it('stores versions created over HTTP so the file store itself can verify and download them', async () => {
    const store = createFileRegistry({ root });
    await store.createRegisteredModel({ name: 'shared' });
    const file = join(root, '..', `${Date.now()}-weights.bin`);
    await writeFile(file, 'shared weights');
    const client = createMlflowRegistry({ trackingUri: server.url });
    const created = await client.createModelVersion({
      name: 'shared',
      artifactPath: file,
      approval: 'approved',
    });
    expect(created.source).toMatch(/^mlflow-artifacts:\/ballast\/models\/shared\//);
    const direct = await store.getModelVersion('shared', created.version);
    expect(direct).toMatchObject({ approval: 'approved', source: created.source });
    expect(direct.artifacts[0]?.uri.startsWith('file://')).toBe(true);
    const target = join(root, '..', `${Date.now()}-download`);
    await store.downloadArtifacts(direct, target);
    expect(await readFile(join(target, file.split('/').pop() as string), 'utf8')).toBe(
      'shared weights',
    );
    await rm(target, { recursive: true, force: true });
    await rm(file, { force: true });
  });

  it('proxies artifacts with PUT, GET and listing, and refuses paths outside its directory', async () => {
    const bytes = Buffer.from('weights');
    const put = await fetch(`${server.url}/api/2.0/mlflow-artifacts/artifacts/runs/1/model.bin`, {
      method: 'PUT',
      body: bytes,
    });
    expect(put.status).toBe(200);
    const get = await fetch(`${server.url}/api/2.0/mlflow-artifacts/artifacts/runs/1/model.bin`);
    const downloaded = Buffer.from(await get.arrayBuffer());
    expect(createHash('sha256').update(downloaded).digest('hex')).toBe(
      createHash('sha256').update(bytes).digest('hex'),
    );
    const listing = await request('GET', '/api/2.0/mlflow-artifacts/artifacts?path=runs/1');
    expect(listing.body).toEqual({
      files: [{ path: 'runs/1/model.bin', is_dir: false, file_size: 7 }],
    });
    const escaping = await fetch(
      `${server.url}/api/2.0/mlflow-artifacts/artifacts/runs%2F..%2F..%2F..%2Fx`,
      {
        method: 'PUT',
        body: 'x',
      },
    );
    expect(escaping.status).toBe(400);
    expect(await request('GET', '/api/2.0/mlflow-artifacts/artifacts/missing.bin')).toMatchObject({
      status: 404,
      body: { error_code: 'RESOURCE_DOES_NOT_EXIST' },
    });
  });

  it('answers unexpected failures with a bare 500 INTERNAL_ERROR and reports them to onError', async () => {
    const errors: unknown[] = [];
    const failing = {
      ...createFileRegistry({ root }),
      getRegisteredModel: async () => {
        throw new Error('disk on fire at /srv/secret');
      },
    };
    const broken = await serveMlflowApi(failing, { onError: error => errors.push(error) });
    try {
      const response = await fetch(`${broken.url}/api/2.0/mlflow/registered-models/get?name=x`);
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({
        error_code: 'INTERNAL_ERROR',
        message: 'Internal error.',
      });
      expect((errors[0] as Error).message).toContain('disk on fire');
    } finally {
      await broken.close();
    }
  });
});

describe('serveMlflowApi on malformed or oversized requests', () => {
  let root: string;
  let server: MlflowApiServer;
  const errors: unknown[] = [];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'serve-mlflow-limits-'));
    server = await serveMlflowApi(createFileRegistry({ root }), {
      maxBodyBytes: 1024,
      maxArtifactBytes: 64,
      onError: error => errors.push(error),
    });
    await fetch(`${server.url}/api/2.0/mlflow/registered-models/create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'fraud' }),
    });
  });

  afterAll(async () => {
    await server.close();
    await rm(root, { recursive: true, force: true });
  });

  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };

  it('answers malformed tags with 400 INVALID_PARAMETER_VALUE, never 500', async () => {
    for (const tags of [
      [null],
      [{ value: 'no key' }],
      [{ key: '', value: 'empty key' }],
      [{ key: 'k', value: { nested: true } }],
      ['flat'],
      [[1, 2]],
    ]) {
      for (const [path, fields] of [
        ['/api/2.0/mlflow/registered-models/create', { name: 'tagged' }],
        ['/api/2.0/mlflow/model-versions/create', { name: 'fraud', source: 's3://b/m' }],
      ] as const) {
        const answer = await post(path, { ...fields, tags });
        expect(answer.status, JSON.stringify(tags)).toBe(400);
        expect(answer.body.error_code).toBe('INVALID_PARAMETER_VALUE');
      }
    }
    expect(errors).toEqual([]);
  });

  it('answers malformed percent-encodings in artifact paths with 400, never 500', async () => {
    for (const [method, path] of [
      ['GET', '/api/2.0/mlflow-artifacts/artifacts/a%E0%A4%A'],
      ['PUT', '/api/2.0/mlflow-artifacts/artifacts/a%ZZ/b.bin'],
      ['DELETE', '/api/2.0/mlflow-artifacts/artifacts/%'],
    ] as const) {
      const response = await fetch(`${server.url}${path}`, {
        method,
        ...(method === 'PUT' ? { body: 'bytes' } : {}),
      });
      expect(response.status, `${method} ${path}`).toBe(400);
      expect(((await response.json()) as { error_code: string }).error_code).toBe(
        'INVALID_PARAMETER_VALUE',
      );
    }
    expect(errors).toEqual([]);
  });

  it('refuses an upload over maxArtifactBytes with 413 and keeps no file', async () => {
    const declared = await fetch(`${server.url}/api/2.0/mlflow-artifacts/artifacts/big/a.bin`, {
      method: 'PUT',
      body: Buffer.alloc(65),
    });
    expect(declared.status).toBe(413);
    // Without a content-length the cap applies while streaming.
    const streamed = await new Promise<number>((resolve, reject) => {
      const url = new URL(`${server.url}/api/2.0/mlflow-artifacts/artifacts/big/b.bin`);
      const outgoing = httpRequest(url, { method: 'PUT' }, response => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      outgoing.on('error', reject);
      outgoing.write(Buffer.alloc(40));
      outgoing.end(Buffer.alloc(40));
    });
    expect(streamed).toBe(413);
    const listing = await fetch(`${server.url}/api/2.0/mlflow-artifacts/artifacts?path=big`);
    expect(await listing.json()).toEqual({});
    const fits = await fetch(`${server.url}/api/2.0/mlflow-artifacts/artifacts/big/c.bin`, {
      method: 'PUT',
      body: Buffer.alloc(64),
    });
    expect(fits.status).toBe(200);
  });

  it('refuses a JSON body over maxBodyBytes with 413', async () => {
    const answer = await post('/api/2.0/mlflow/registered-models/create', {
      name: 'large',
      description: 'x'.repeat(2000),
    });
    expect(answer.status).toBe(413);
    expect(answer.body.error_code).toBe('INVALID_PARAMETER_VALUE');
  });
});
