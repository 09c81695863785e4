import { createReadStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { InvalidInputError, type ModelVersion, NotFoundError } from '@ballast/contracts';
import { fsyncDirectory, listen, uniqueTempPath } from '@ballast/kit';
import { BALLAST_TAGS } from '../ballast-tags';
import { invalidParameter, resourceDoesNotExist } from '../errors/registry-errors';
import { streamToFile } from '../file-store/artifact-files';
import type { Registry, SearchOptions } from '../registry';
import { validateRelativePath } from '../validation/registry-rules';
import { mlflowErrorFor } from './mlflow-error-codes';
import {
  fromWireTags,
  splitBallastTags,
  toWireModelVersion,
  toWireRegisteredModel,
  type WireTag,
} from './mlflow-wire';

/**
 * Options of {@link serveMlflowApi}.
 */
export interface ServeMlflowApiOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind; default `127.0.0.1`. */
  host?: string;
  /**
   * Where the mlflow-artifacts proxy keeps uploaded files. Defaults to
   * `<root>/mlflow-artifacts` for a file registry; required otherwise.
   */
  artifactsDirectory?: string;
  /** Largest JSON body accepted, in bytes (default 16 MiB); larger ones get 413. */
  maxBodyBytes?: number;
  /** Largest artifact upload accepted, in bytes (default 2 GiB); larger ones get 413. */
  maxArtifactBytes?: number;
  /** Called with every error answered as 5xx (their messages are not sent to clients). */
  onError?: (error: unknown) => void;
}

/**
 * A running MLflow-compatible server.
 */
export interface MlflowApiServer {
  /** Base URL, e.g. `http://127.0.0.1:5000`; use it as `trackingUri`. */
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  /**
   * Stops accepting connections, lets requests in flight finish and closes idle keep-alive
   * connections at once; what is left after `drainTimeoutMs` (default 10 000) is cut off.
   */
  close(options?: { drainTimeoutMs?: number }): Promise<void>;
}

type Fields = Record<string, unknown>;
type Handler = (fields: Fields, request: IncomingMessage) => Promise<unknown>;

const ARTIFACTS_PREFIX = '/api/2.0/mlflow-artifacts/artifacts';
const ARTIFACT_SCHEME = 'mlflow-artifacts:';

function requireString(fields: Fields, name: string): string {
  const value = fields[name];
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string' || value === '') {
    throw invalidParameter(name, `Missing value for required parameter '${name}'.`);
  }
  return value;
}

function optionalString(fields: Fields, name: string): string | undefined {
  const value = fields[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string')
    throw invalidParameter(name, `Parameter '${name}' must be a string.`);
  return value;
}

function readTags(fields: Fields): Record<string, string> {
  const tags = fields.tags;
  if (tags === undefined || tags === null) return {};
  if (!Array.isArray(tags))
    throw invalidParameter('tags', "Parameter 'tags' must be a list of {key, value}.");
  tags.forEach((tag: unknown, index) => {
    const entry = tag as Partial<Record<keyof WireTag, unknown>> | null;
    const valid =
      typeof entry === 'object' &&
      entry !== null &&
      !Array.isArray(entry) &&
      typeof entry.key === 'string' &&
      entry.key !== '' &&
      (entry.value === undefined || entry.value === null || typeof entry.value === 'string');
    if (!valid) {
      throw invalidParameter(
        'tags',
        `Parameter 'tags[${index}]' must be an object with a non-empty string 'key' and a string 'value'.`,
        { index },
      );
    }
  });
  return fromWireTags(tags as WireTag[]);
}

/** 413 for a body over its cap; the message names the cap. */
function payloadTooLarge(what: string, limit: number): InvalidInputError {
  return new InvalidInputError({
    message: `${what} exceeds ${limit} bytes.`,
    code: 'PAYLOAD_TOO_LARGE',
    details: { field: 'body', limit },
  });
}

/** Decodes a percent-encoded path, answering malformed encodings with 400 instead of 500. */
function decodePath(encoded: string, field: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch (cause) {
    throw new InvalidInputError({
      message: `Parameter '${field}' has a malformed percent-encoding.`,
      code: 'INVALID_PARAMETER_VALUE',
      details: { field },
      cause,
    });
  }
}

function readSearchOptions(fields: Fields): SearchOptions {
  const maxResults = fields.max_results;
  const orderBy = fields.order_by;
  const parsedMax = maxResults === undefined ? undefined : Number(maxResults);
  if (parsedMax !== undefined && !Number.isInteger(parsedMax)) {
    throw invalidParameter('max_results', "Parameter 'max_results' must be an integer.");
  }
  return {
    ...(optionalString(fields, 'filter') ? { filter: fields.filter as string } : {}),
    ...(parsedMax !== undefined ? { maxResults: parsedMax } : {}),
    ...(orderBy !== undefined
      ? { orderBy: Array.isArray(orderBy) ? orderBy.map(String) : [String(orderBy)] }
      : {}),
    ...(optionalString(fields, 'page_token') ? { pageToken: fields.page_token as string } : {}),
  };
}

/**
 * Serves a registry over MLflow's REST 2.0 model-registry surface
 * (`/api/2.0/mlflow/registered-models/*`, `/api/2.0/mlflow/model-versions/*`, aliases, tags,
 * searches with GET query parameters) and the `mlflow-artifacts` proxy
 * (`/api/2.0/mlflow-artifacts/artifacts/<path>` PUT/GET/DELETE and listing), following the
 * protos: snake_case fields, versions as strings, timestamps in ms, defaults omitted, errors
 * as `{ error_code, message }` with MLflow's statuses. Also answers under `/ajax-api/2.0`.
 *
 * @example
 * ```ts
 * const server = await serveMlflowApi(createFileRegistry({ root: '.ballast/registry' }), { port: 5000 });
 * const client = createMlflowRegistry({ trackingUri: server.url });
 * ```
 */
export async function serveMlflowApi(
  registry: Registry & { root?: string },
  options: ServeMlflowApiOptions = {},
): Promise<MlflowApiServer> {
  const configuredDirectory =
    options.artifactsDirectory ??
    (registry.root ? join(registry.root, 'mlflow-artifacts') : undefined);
  if (configuredDirectory === undefined) {
    throw new InvalidInputError({
      message:
        'serveMlflowApi needs options.artifactsDirectory when the registry has no root directory.',
      code: 'INVALID_PARAMETER_VALUE',
      details: { field: 'artifactsDirectory' },
    });
  }
  const artifactsDirectory: string = configuredDirectory;
  const maxBodyBytes = options.maxBodyBytes ?? 16 * 2 ** 20;
  const maxArtifactBytes = options.maxArtifactBytes ?? 2 * 2 ** 30;

  const artifactFile = (path: string) =>
    join(artifactsDirectory, ...validateRelativePath(path, 'artifact_path').split('/'));

  /** Where the server finds a version's files: proxied sources map into the artifacts directory. */
  const artifactUri = (source: string, path: string) => {
    if (source.startsWith(ARTIFACT_SCHEME)) {
      const prefix = source
        .slice(ARTIFACT_SCHEME.length)
        .replace(/^\/\/[^/]*/, '')
        .replace(/^\/+|\/+$/g, '');
      return pathToFileURL(artifactFile(prefix === '' ? path : `${prefix}/${path}`)).href;
    }
    return `${source.replace(/\/+$/, '')}/${path}`;
  };

  const versionBody = (version: ModelVersion) => ({ model_version: toWireModelVersion(version) });

  const routes: Record<string, Handler> = {
    'POST registered-models/create': async fields => ({
      registered_model: toWireRegisteredModel(
        await registry.createRegisteredModel({
          name: requireString(fields, 'name'),
          tags: readTags(fields),
          ...(optionalString(fields, 'description')
            ? { description: fields.description as string }
            : {}),
        }),
      ),
    }),
    'GET registered-models/get': async fields => ({
      registered_model: toWireRegisteredModel(
        await registry.getRegisteredModel(requireString(fields, 'name')),
      ),
    }),
    'POST registered-models/rename': async fields => ({
      registered_model: toWireRegisteredModel(
        await registry.renameRegisteredModel(
          requireString(fields, 'name'),
          requireString(fields, 'new_name'),
        ),
      ),
    }),
    'PATCH registered-models/update': async fields => ({
      registered_model: toWireRegisteredModel(
        await registry.updateRegisteredModel(requireString(fields, 'name'), {
          description: optionalString(fields, 'description') ?? '',
        }),
      ),
    }),
    'DELETE registered-models/delete': async fields => {
      await registry.deleteRegisteredModel(requireString(fields, 'name'));
      return {};
    },
    'GET registered-models/search': async fields => {
      const page = await registry.searchRegisteredModels(readSearchOptions(fields)).firstPage();
      return {
        ...(page.items.length > 0
          ? { registered_models: page.items.map(toWireRegisteredModel) }
          : {}),
        ...(page.nextPageToken ? { next_page_token: page.nextPageToken } : {}),
      };
    },
    'POST registered-models/set-tag': async fields => {
      await registry.setRegisteredModelTag(
        requireString(fields, 'name'),
        requireString(fields, 'key'),
        typeof fields.value === 'string' ? fields.value : requireString(fields, 'value'),
      );
      return {};
    },
    'DELETE registered-models/delete-tag': async fields => {
      await registry.deleteRegisteredModelTag(
        requireString(fields, 'name'),
        requireString(fields, 'key'),
      );
      return {};
    },
    'POST registered-models/alias': async fields => {
      await registry.setAlias(
        requireString(fields, 'name'),
        requireString(fields, 'alias'),
        requireString(fields, 'version'),
      );
      return {};
    },
    'DELETE registered-models/alias': async fields => {
      await registry.deleteAlias(requireString(fields, 'name'), requireString(fields, 'alias'));
      return {};
    },
    'GET registered-models/alias': async fields => {
      const name = requireString(fields, 'name');
      const alias = requireString(fields, 'alias');
      try {
        return versionBody(await registry.getModelVersionByAlias(name, alias));
      } catch (error) {
        // MLflow's stores answer an unset alias with INVALID_PARAMETER_VALUE (400), not 404.
        if (NotFoundError.isInstance(error) && error.details?.alias !== undefined) {
          throw invalidParameter('alias', `Registered model alias ${alias} not found.`, { alias });
        }
        throw error;
      }
    },
    'POST model-versions/create': async fields => {
      const source = requireString(fields, 'source');
      const split = splitBallastTags(readTags(fields));
      const version = await registry.createModelVersion({
        name: requireString(fields, 'name'),
        source,
        artifacts: split.manifest.map(entry => ({
          ...entry,
          uri: artifactUri(source, entry.path),
        })),
        tags: split.tags,
        approval: split.approval,
        ...(split.datasets ? { datasets: split.datasets } : {}),
        ...(optionalString(fields, 'run_id') ? { runId: fields.run_id as string } : {}),
        ...(optionalString(fields, 'description')
          ? { description: fields.description as string }
          : {}),
      });
      return versionBody(version);
    },
    'GET model-versions/get': async fields =>
      versionBody(
        await registry.getModelVersion(
          requireString(fields, 'name'),
          requireString(fields, 'version'),
        ),
      ),
    'PATCH model-versions/update': async fields =>
      versionBody(
        await registry.updateModelVersion(
          requireString(fields, 'name'),
          requireString(fields, 'version'),
          {
            description: optionalString(fields, 'description') ?? '',
          },
        ),
      ),
    'DELETE model-versions/delete': async fields => {
      await registry.deleteModelVersion(
        requireString(fields, 'name'),
        requireString(fields, 'version'),
      );
      return {};
    },
    'GET model-versions/search': async fields => {
      const page = await registry.searchModelVersions(readSearchOptions(fields)).firstPage();
      return {
        ...(page.items.length > 0 ? { model_versions: page.items.map(toWireModelVersion) } : {}),
        ...(page.nextPageToken ? { next_page_token: page.nextPageToken } : {}),
      };
    },
    'GET model-versions/get-download-uri': async fields => {
      const version = await registry.getModelVersion(
        requireString(fields, 'name'),
        requireString(fields, 'version'),
      );
      return { artifact_uri: version.source };
    },
    'POST model-versions/set-tag': async fields => {
      const name = requireString(fields, 'name');
      const version = requireString(fields, 'version');
      const key = requireString(fields, 'key');
      const value =
        typeof fields.value === 'string' ? fields.value : requireString(fields, 'value');
      // Approval is a field of the store; MLflow clients set it as a tag.
      if (key === BALLAST_TAGS.approval) {
        await registry.updateModelVersion(name, version, {
          approval: splitBallastTags({ [key]: value }).approval,
        });
      } else {
        await registry.setModelVersionTag(name, version, key, value);
      }
      return {};
    },
    'DELETE model-versions/delete-tag': async fields => {
      await registry.deleteModelVersionTag(
        requireString(fields, 'name'),
        requireString(fields, 'version'),
        requireString(fields, 'key'),
      );
      return {};
    },
  };

  /** Passes `source` through, failing with 413 once more than `limit` bytes arrived. */
  async function* capped(
    source: AsyncIterable<Uint8Array>,
    limit: number,
  ): AsyncGenerator<Uint8Array> {
    let size = 0;
    for await (const chunk of source) {
      size += chunk.byteLength;
      if (size > limit) throw payloadTooLarge('Artifact upload', limit);
      yield chunk;
    }
  }

  async function readJsonBody(request: IncomingMessage): Promise<Fields> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of request as AsyncIterable<Buffer>) {
      size += chunk.byteLength;
      if (size > maxBodyBytes) throw payloadTooLarge('Request body', maxBodyBytes);
      chunks.push(chunk);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    if (text.trim() === '') return {};
    try {
      const parsed = JSON.parse(text) as unknown;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Fields;
    } catch {
      // reported below
    }
    throw new InvalidInputError({
      message: 'Request body must be a JSON object.',
      code: 'BAD_REQUEST',
      details: { field: 'body' },
    });
  }

  function queryFields(url: URL): Fields {
    const fields: Fields = {};
    for (const key of new Set(url.searchParams.keys())) {
      const values = url.searchParams.getAll(key);
      const name = key.replace(/\[\d*\]$/, '');
      fields[name] = key !== name || name === 'order_by' ? values : values[0];
    }
    return fields;
  }

  function send(response: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    response.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
    });
    response.end(text);
  }

  async function handleArtifacts(
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
  ): Promise<void> {
    const rest = decodePath(url.pathname.slice(ARTIFACTS_PREFIX.length), 'artifact_path').replace(
      /^\/+/,
      '',
    );
    if (rest === '' && request.method === 'GET') {
      const relative = url.searchParams.get('path') ?? '';
      const directory = relative === '' ? artifactsDirectory : artifactFile(relative);
      const entries = await readdir(directory, { withFileTypes: true }).catch(() => []);
      const files = await Promise.all(
        entries
          .filter(entry => !entry.name.startsWith('.'))
          .map(async entry => {
            const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
            if (entry.isDirectory()) return { path, is_dir: true };
            return {
              path,
              is_dir: false,
              file_size: (await stat(join(directory, entry.name))).size,
            };
          }),
      );
      return send(response, 200, files.length > 0 ? { files } : {});
    }
    const file = artifactFile(rest);
    if (request.method === 'PUT') {
      const declared = Number(request.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxArtifactBytes) {
        throw payloadTooLarge('Artifact upload', maxArtifactBytes);
      }
      await mkdir(dirname(file), { recursive: true });
      const temporary = uniqueTempPath(file);
      try {
        await streamToFile(capped(request, maxArtifactBytes), temporary);
        await rename(temporary, file);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
      await fsyncDirectory(dirname(file));
      return send(response, 200, {});
    }
    if (request.method === 'GET') {
      const info = await stat(file).catch(() => undefined);
      if (!info?.isFile())
        throw resourceDoesNotExist(`Artifact '${rest}' not found.`, { path: rest });
      response.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': info.size,
        'content-disposition': 'attachment',
      });
      await pipeline(createReadStream(file), response);
      return;
    }
    if (request.method === 'DELETE') {
      await rm(file, { force: true, recursive: true });
      return send(response, 200, {});
    }
    send(response, 405, {
      error_code: 'BAD_REQUEST',
      message: `Method ${request.method} is not allowed here.`,
    });
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const path = url.pathname.replace(/^\/ajax-api\//, '/api/');
    if (path === ARTIFACTS_PREFIX || path.startsWith(`${ARTIFACTS_PREFIX}/`)) {
      return handleArtifacts(request, response, new URL(path + url.search, url));
    }
    const match = /^\/api\/2\.0(?:\/preview)?\/mlflow\/(.+)$/.exec(path);
    const method = request.method ?? 'GET';
    const handler = match ? routes[`${method} ${match[1]}`] : undefined;
    if (!handler) {
      const known = match && Object.keys(routes).some(route => route.endsWith(` ${match[1]}`));
      return known
        ? send(response, 405, {
            error_code: 'BAD_REQUEST',
            message: `Method ${method} is not allowed on ${path}.`,
          })
        : send(response, 404, {
            error_code: 'ENDPOINT_NOT_FOUND',
            message: `No endpoint ${method} ${path}.`,
          });
    }
    let fields: Fields;
    if (method === 'GET') {
      fields = queryFields(url);
    } else {
      const contentType = request.headers['content-type'] ?? '';
      if ((method === 'POST' || method === 'PATCH') && !/^application\/json\b/i.test(contentType)) {
        throw invalidParameter(
          'Content-Type',
          contentType === ''
            ? "Bad Request. Content-Type header is missing; send 'application/json'."
            : `Bad Request. Content-Type must be 'application/json', got '${contentType}'.`,
        );
      }
      fields = await readJsonBody(request);
    }
    send(response, 200, await handler(fields, request));
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(error => {
      if (response.headersSent) {
        response.destroy(error as Error);
        return;
      }
      if (InvalidInputError.isInstance(error) && error.code === 'PAYLOAD_TOO_LARGE') {
        // The rest of the upload is not read: close the connection after answering.
        response.setHeader('connection', 'close');
        send(response, 413, { error_code: 'INVALID_PARAMETER_VALUE', message: error.message });
        return;
      }
      const { status, body } = mlflowErrorFor(error);
      if (status >= 500) options.onError?.(error);
      send(response, status, body);
    });
  });
  const listener = await listen(server, {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
  });
  return {
    url: listener.url,
    port: listener.port,
    server,
    close: closeOptions => listener.close(closeOptions),
  };
}
