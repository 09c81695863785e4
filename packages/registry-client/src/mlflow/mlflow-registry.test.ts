import {
  ConflictError,
  InvalidInputError,
  NotFoundError,
  TimeoutError,
  UnavailableDependencyError,
} from '@ballast/contracts';
import { describe, expect, it } from 'vitest';
import { AccessDeniedError } from '../errors/access-denied-error';
import { createMlflowRegistry } from './mlflow-registry';
import type { MlflowRequestEvent } from './mlflow-transport';

interface Recorded {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: unknown;
}

type Reply =
  | { status: number; body?: unknown; headers?: Record<string, string> }
  | 'network-error'
  | 'hang';

/** A fetch that records requests and answers from a script, one reply per call. */
function scriptedFetch(replies: Reply[]) {
  const calls: Recorded[] = [];
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    const text = typeof init?.body === 'string' ? init.body : undefined;
    calls.push({
      method: init?.method ?? 'GET',
      url: new URL(String(input)),
      headers,
      body: text === undefined ? undefined : JSON.parse(text),
    });
    const reply = replies.length > 1 ? replies.shift()! : replies[0]!;
    if (reply === 'network-error') throw new TypeError('fetch failed');
    if (reply === 'hang') {
      return new Promise<Response>((_, reject) => {
        init?.signal?.addEventListener('abort', () =>
          reject(new DOMException('aborted', 'AbortError')),
        );
      });
    }
    return new Response(reply.body === undefined ? '' : JSON.stringify(reply.body), {
      status: reply.status,
      headers: { 'content-type': 'application/json', ...reply.headers },
    });
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

const wireVersion = {
  name: 'fraud',
  version: '3',
  creation_timestamp: 1_700_000_000_000,
  last_updated_timestamp: '1700000000500',
  current_stage: 'None',
  source: 'mlflow-artifacts:/ballast/models/fraud/abc',
  run_id: 'run-1',
  status: 'READY',
  aliases: ['champion'],
  tags: [
    { key: 'team', value: 'risk' },
    { key: 'ballast.approval', value: 'approved' },
    { key: 'ballast.artifacts.0', value: `[["model.onnx","${'a'.repeat(64)}",12]]` },
  ],
};

describe('createMlflowRegistry wire semantics', () => {
  it('sends GET fields as query parameters with repeated keys and excludes prompts', async () => {
    const { fetch, calls } = scriptedFetch([
      { status: 200, body: { model_versions: [wireVersion] } },
    ]);
    const registry = createMlflowRegistry({ trackingUri: 'http://mlflow.test:5000/', fetch });
    const page = await registry
      .searchModelVersions({
        filter: "name = 'fraud'",
        maxResults: 10,
        orderBy: ['version_number DESC', 'creation_timestamp'],
      })
      .firstPage();
    const call = calls[0]!;
    expect(call.method).toBe('GET');
    expect(call.url.pathname).toBe('/api/2.0/mlflow/model-versions/search');
    expect(call.url.searchParams.getAll('order_by')).toEqual([
      'version_number DESC',
      'creation_timestamp',
    ]);
    expect(call.url.searchParams.get('max_results')).toBe('10');
    expect(call.url.searchParams.get('filter')).toBe(
      "name = 'fraud' AND tags.`mlflow.prompt.is_prompt` != 'true'",
    );
    expect(call.body).toBeUndefined();
    expect(page.nextPageToken).toBeUndefined();
    expect(page.items[0]).toMatchObject({
      name: 'fraud',
      version: '3',
      runId: 'run-1',
      approval: 'approved',
      tags: { team: 'risk' },
      aliases: ['champion'],
      createdAt: '2023-11-14T22:13:20.000Z',
      updatedAt: '2023-11-14T22:13:20.500Z',
      artifacts: [
        {
          path: 'model.onnx',
          sha256: 'a'.repeat(64),
          size: 12,
          uri: 'mlflow-artifacts:/ballast/models/fraud/abc/model.onnx',
        },
      ],
    });
  });

  it('can include prompts, and follows page tokens until none is returned', async () => {
    const { fetch, calls } = scriptedFetch([
      { status: 200, body: { registered_models: [{ name: 'a' }], next_page_token: 'p2' } },
      { status: 200, body: { registered_models: [{ name: 'b' }] } },
    ]);
    const registry = createMlflowRegistry({
      trackingUri: 'http://mlflow.test',
      fetch,
      includePrompts: true,
    });
    const names = (await registry.searchRegisteredModels().toArray()).map(model => model.name);
    expect(names).toEqual(['a', 'b']);
    expect(calls[0]!.url.searchParams.has('filter')).toBe(false);
    expect(calls[1]!.url.searchParams.get('page_token')).toBe('p2');
  });

  it('sends JSON bodies for POST, PATCH and DELETE, with snake_case and string versions', async () => {
    const { fetch, calls } = scriptedFetch([{ status: 200, body: {} }]);
    const registry = createMlflowRegistry({ trackingUri: 'http://mlflow.test', fetch });
    await registry.setAlias('fraud', 'champion', '3');
    await registry.deleteAlias('fraud', 'champion');
    await registry.renameRegisteredModel('fraud', 'fraud-v2').catch(() => undefined);
    await registry.deleteModelVersionTag('fraud', '3', 'team');
    expect(
      calls.map(call => [call.method, call.url.pathname, call.body, call.headers['content-type']]),
    ).toEqual([
      [
        'POST',
        '/api/2.0/mlflow/registered-models/alias',
        { name: 'fraud', alias: 'champion', version: '3' },
        'application/json',
      ],
      [
        'DELETE',
        '/api/2.0/mlflow/registered-models/alias',
        { name: 'fraud', alias: 'champion' },
        'application/json',
      ],
      [
        'POST',
        '/api/2.0/mlflow/registered-models/rename',
        { name: 'fraud', new_name: 'fraud-v2' },
        'application/json',
      ],
      [
        'DELETE',
        '/api/2.0/mlflow/model-versions/delete-tag',
        { name: 'fraud', version: '3', key: 'team' },
        'application/json',
      ],
    ]);
    expect(calls.every(call => call.url.search === '')).toBe(true);
  });

  it.each([
    [404, 'RESOURCE_DOES_NOT_EXIST', NotFoundError],
    [400, 'RESOURCE_ALREADY_EXISTS', ConflictError],
    [400, 'INVALID_PARAMETER_VALUE', InvalidInputError],
    [403, 'PERMISSION_DENIED', AccessDeniedError],
    [401, 'UNAUTHENTICATED', AccessDeniedError],
    [429, 'REQUEST_LIMIT_EXCEEDED', UnavailableDependencyError],
    [504, 'DEADLINE_EXCEEDED', TimeoutError],
  ] as const)('maps %i %s to a typed error', async (status, errorCode, family) => {
    const { fetch } = scriptedFetch([
      { status, body: { error_code: errorCode, message: 'from server' } },
    ]);
    const registry = createMlflowRegistry({ trackingUri: 'http://mlflow.test', fetch, retries: 0 });
    const error = await registry
      .createRegisteredModel({ name: 'fraud' })
      .catch((caught: unknown) => caught);
    expect(family.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: errorCode, details: { errorCode, httpStatus: status } });
    expect((error as Error).message).toContain('from server');
  });

  it("reads MLflow's INVALID_PARAMETER_VALUE for an unset alias as a NotFoundError", async () => {
    const { fetch } = scriptedFetch([
      {
        status: 400,
        body: {
          error_code: 'INVALID_PARAMETER_VALUE',
          message: 'Registered model alias ghost not found.',
        },
      },
    ]);
    const registry = createMlflowRegistry({ trackingUri: 'http://mlflow.test', fetch, retries: 0 });
    const error = await registry
      .getModelVersionByAlias('fraud', 'ghost')
      .catch((caught: unknown) => caught);
    expect(NotFoundError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'RESOURCE_DOES_NOT_EXIST',
      details: { name: 'fraud', alias: 'ghost' },
    });
  });

  it('falls back on the HTTP status for bodies without an error_code', async () => {
    const { fetch } = scriptedFetch([{ status: 401, body: 'Unauthorized' }]);
    const registry = createMlflowRegistry({ trackingUri: 'http://mlflow.test', fetch, retries: 0 });
    const error = await registry.getRegisteredModel('fraud').catch((caught: unknown) => caught);
    expect(AccessDeniedError.isInstance(error)).toBe(true);
    expect((error as AccessDeniedError).code).toBe('UNAUTHENTICATED');
  });

  it('retries idempotent calls on 429, 5xx and network errors, then succeeds', async () => {
    const { fetch, calls } = scriptedFetch([
      { status: 429, body: { error_code: 'REQUEST_LIMIT_EXCEEDED' } },
      { status: 503, body: 'busy' },
      'network-error',
      { status: 200, body: { registered_model: { name: 'fraud' } } },
    ]);
    const registry = createMlflowRegistry({
      trackingUri: 'http://mlflow.test',
      fetch,
      retries: 5,
      retryDelayMs: 1,
    });
    expect((await registry.getRegisteredModel('fraud')).name).toBe('fraud');
    expect(calls).toHaveLength(4);
  });

  it('gives up after the configured retries with the last typed error', async () => {
    const { fetch, calls } = scriptedFetch([
      { status: 500, body: { error_code: 'INTERNAL_ERROR' } },
    ]);
    const registry = createMlflowRegistry({
      trackingUri: 'http://mlflow.test',
      fetch,
      retries: 2,
      retryDelayMs: 1,
    });
    const error = await registry.getRegisteredModel('fraud').catch((caught: unknown) => caught);
    expect(UnavailableDependencyError.isInstance(error)).toBe(true);
    expect(calls).toHaveLength(3);
  });

  it('never retries a non-idempotent create', async () => {
    const { fetch, calls } = scriptedFetch([
      { status: 503, body: { error_code: 'TEMPORARILY_UNAVAILABLE' } },
    ]);
    const registry = createMlflowRegistry({
      trackingUri: 'http://mlflow.test',
      fetch,
      retries: 5,
      retryDelayMs: 1,
    });
    await expect(registry.createRegisteredModel({ name: 'fraud' })).rejects.toMatchObject({
      code: 'TEMPORARILY_UNAVAILABLE',
    });
    expect(calls).toHaveLength(1);
  });

  it('times out a hanging request with a TimeoutError', async () => {
    const { fetch } = scriptedFetch(['hang']);
    const registry = createMlflowRegistry({
      trackingUri: 'http://mlflow.test',
      fetch,
      timeoutMs: 20,
      retries: 0,
    });
    const error = await registry.getRegisteredModel('fraud').catch((caught: unknown) => caught);
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect((error as TimeoutError).code).toBe('REQUEST_TIMEOUT');
  });

  it('sends bearer auth and the workspace header', async () => {
    const { fetch, calls } = scriptedFetch([
      { status: 200, body: { registered_model: { name: 'fraud' } } },
    ]);
    const registry = createMlflowRegistry({
      trackingUri: 'http://mlflow.test',
      fetch,
      token: 't0k',
      workspace: 'team-a',
    });
    await registry.getRegisteredModel('fraud');
    expect(calls[0]!.headers.authorization).toBe('Bearer t0k');
    expect(calls[0]!.headers['x-mlflow-workspace']).toBe('team-a');
  });

  it('sends basic auth, taking credentials out of the tracking URI', async () => {
    const { fetch, calls } = scriptedFetch([
      { status: 200, body: { registered_model: { name: 'fraud' } } },
    ]);
    const registry = createMlflowRegistry({ trackingUri: 'http://ana:s3cret@mlflow.test', fetch });
    await registry.getRegisteredModel('fraud');
    expect(calls[0]!.headers.authorization).toBe(
      `Basic ${Buffer.from('ana:s3cret').toString('base64')}`,
    );
    expect(calls[0]!.url.username).toBe('');
  });

  it('keeps the token and password out of errors and request logs', async () => {
    const secrets = ['super-secret-token-123', 'pa55word-xyz'];
    const events: MlflowRequestEvent[] = [];
    const { fetch } = scriptedFetch([
      { status: 401, body: { error_code: 'UNAUTHENTICATED', message: 'bad credentials' } },
      'network-error',
      'hang',
    ]);
    const failures: unknown[] = [];
    for (const options of [
      { token: secrets[0] },
      { username: 'ana', password: secrets[1] },
      { trackingUri: `http://ana:${secrets[1]}@mlflow.test`, timeoutMs: 10 },
    ]) {
      const registry = createMlflowRegistry({
        trackingUri: 'http://mlflow.test',
        fetch,
        retries: 0,
        onRequest: event => events.push(event),
        ...options,
      });
      failures.push(await registry.getRegisteredModel('fraud').catch((caught: unknown) => caught));
    }
    expect(failures.every(failure => failure instanceof Error)).toBe(true);
    const dump = JSON.stringify([
      events,
      failures.map(failure => {
        const error = failure as Error & { toJSON?: () => unknown };
        return [error.message, error.stack, error.toJSON?.(), String(error.cause)];
      }),
    ]);
    for (const secret of secrets) expect(dump).not.toContain(secret);
    expect(dump).not.toContain(Buffer.from(`ana:${secrets[1]}`).toString('base64'));
    expect(events).toHaveLength(3);
  });

  it('validates parameters locally before any request', async () => {
    const { fetch, calls } = scriptedFetch([{ status: 200, body: {} }]);
    const registry = createMlflowRegistry({ trackingUri: 'http://mlflow.test', fetch });
    await expect(registry.setAlias('fraud', 'latest', '1')).rejects.toMatchObject({
      code: 'INVALID_PARAMETER_VALUE',
    });
    await expect(
      registry.searchModelVersions({ filter: 'name = ' }).firstPage(),
    ).rejects.toMatchObject({
      details: { field: 'filter', position: 7 },
    });
    expect(calls).toHaveLength(0);
    expect(() => createMlflowRegistry({ trackingUri: 'ftp://mlflow.test' })).toThrow(
      /http or https/,
    );
  });
});
