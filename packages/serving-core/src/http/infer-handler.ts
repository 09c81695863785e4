import { randomUUID } from 'node:crypto';
import { type InferencePayload, UnavailableDependencyError } from '@ballast/contracts';
import type { Tensor, TensorMap } from '../codec/datatypes';
import {
  binaryResponseBody,
  type DecodedInferenceRequest,
  decodeInferenceRequest,
  encodeInferenceResponseParts,
  inferenceHeaderContentLength,
} from '../codec/inference-codec';
import type { PayloadLogger } from '../metrics/payload-logger';
import { payloadRecord, typedPayloadRecord } from '../metrics/payload-record';
import type { ServerMetrics } from '../metrics/server-metrics';
import type { ModelRepository, ServedVersion } from '../models/model-repository';
import { mirrorRequest } from '../routing/shadow-traffic';
import { dispositionOf, errorMessage } from './errors';
import { headerValue } from './responses';
import type { InferenceHttpRequest } from './server-types';
import { type ServerAnswer, TextResponse } from './text-response';

/** What an inference request needs from the server around it. */
export interface InferContext {
  readonly repository: ModelRepository;
  readonly metrics: ServerMetrics;
  readonly payloadLogger: PayloadLogger | undefined;
  readonly requestTimeoutMs: number | undefined;
  onError(error: unknown, context: string): void;
  /** True once shutdown refuses new inference. */
  isStopped(): boolean;
}

/**
 * `POST /v2/models/{name}[/versions/{version}]/infer`: route to a version, decode, queue on
 * its batcher (with deadline and cancellation), mirror to a shadow, encode, count and log.
 */
export async function infer(
  context: InferContext,
  name: string,
  version: string | undefined,
  request: InferenceHttpRequest,
): Promise<ServerAnswer> {
  const started = performance.now();
  const { repository, metrics: serverMetrics, payloadLogger } = context;
  // Wall-clock time only feeds payload records.
  const receivedAt = payloadLogger === undefined ? 0 : Date.now();
  if (context.isStopped()) {
    throw new UnavailableDependencyError({
      code: 'SERVER_SHUTTING_DOWN',
      message: 'The server is shutting down and accepts no new inference requests.',
      details: { retryAfterSeconds: 1 },
    });
  }
  let served: ServedVersion;
  try {
    served = repository.route(name, version, request.headers as Record<string, string>);
  } catch (error) {
    const { outcome } = dispositionOf(error);
    // Names and versions come from clients: only loaded ones become labels, so the series
    // count stays bounded whatever paths are requested.
    const known = repository.has(name);
    const model = known ? name : '(unknown)';
    const versionLabel =
      version === undefined ? '' : known && outcome !== 'not_found' ? version : '(unknown)';
    serverMetrics.requests.inc({ model, version: versionLabel, outcome });
    throw error;
  }
  served.metrics ??= serverMetrics.forVersion(name, served.version);
  const metrics = served.metrics;
  metrics.inFlight.inc();
  let decoded: DecodedInferenceRequest | undefined;
  try {
    const loaded = served.loaded as NonNullable<ServedVersion['loaded']>;
    served.signature ??= { name, inputs: loaded.inputs, outputs: loaded.outputs };
    decoded = decodeInferenceRequest(
      served.signature,
      request.body,
      headerValue(request.headers, inferenceHeaderContentLength),
    );
    const deadline = deadlineOf(context.requestTimeoutMs, decoded.parameters);
    const batcher = served.batcher as NonNullable<ServedVersion['batcher']>;
    const pending =
      deadline === undefined && request.signal === undefined
        ? batcher.submit(decoded.inputs)
        : batcher.submit(decoded.inputs, { deadline, signal: request.signal });
    const shadow = repository.shadowFor(name, served);
    if (shadow) mirror(serverMetrics, shadow, decoded.inputs);
    const outputs = await pending;
    const encoded = encodeInferenceResponseParts({
      modelName: name,
      modelVersion: served.version,
      id: decoded.id ?? randomUUID(),
      outputs,
      requested: decoded.outputs,
      allowPieces: true,
    });
    metrics.requests('success').inc();
    if (payloadLogger !== undefined) {
      logPayload(context, served, decoded, receivedAt, started, {
        document: encoded.document,
        outputs: decoded.outputs.map(({ name: outputName }) => outputs[outputName] as Tensor),
      });
    }
    if (encoded.binaryParts.length === 0) {
      return new TextResponse(
        200,
        { 'content-type': 'application/json' },
        encoded.pieces ?? encoded.json,
      );
    }
    return { status: 200, ...binaryResponseBody(encoded) };
  } catch (error) {
    const disposition = dispositionOf(error);
    metrics.requests(disposition.outcome).inc();
    if (decoded) {
      logPayload(context, served, decoded, receivedAt, started, undefined, {
        status: disposition.status,
        message: errorMessage(error),
      });
    }
    throw error;
  } finally {
    metrics.inFlight.dec();
    metrics.requestDuration.observe((performance.now() - started) / 1000);
  }
}

/**
 * Triton's schedule policy: `parameters.timeout` in microseconds, which may only shorten the
 * server's own request timeout. Returns an absolute `performance.now()` deadline.
 */
function deadlineOf(
  serverMs: number | undefined,
  parameters: Record<string, unknown> | undefined,
): number | undefined {
  const requested = parameters?.timeout;
  const requestedMs = typeof requested === 'number' && requested > 0 ? requested / 1000 : undefined;
  const limit =
    requestedMs === undefined
      ? serverMs
      : serverMs === undefined
        ? requestedMs
        : Math.min(requestedMs, serverMs);
  return limit === undefined ? undefined : performance.now() + limit;
}

function mirror(metrics: ServerMetrics, shadow: ServedVersion, inputs: TensorMap): void {
  const labels = { model: shadow.name, version: shadow.version };
  const loaded = shadow.loaded as NonNullable<ServedVersion['loaded']>;
  const batcher = shadow.batcher as NonNullable<ServedVersion['batcher']>;
  mirrorRequest(
    { inputs: loaded.inputs, submit: tensors => batcher.submit(tensors) },
    inputs,
    (outcome, error) =>
      metrics.shadowRequests.inc({
        ...labels,
        outcome: outcome === 'failed' ? dispositionOf(error).outcome : outcome,
      }),
  );
}

function logPayload(
  context: InferContext,
  served: ServedVersion,
  decoded: DecodedInferenceRequest,
  receivedAt: number,
  started: number,
  answer: { document: NonNullable<InferencePayload['response']>; outputs: Tensor[] } | undefined,
  error?: InferencePayload['error'],
): void {
  const logger = context.payloadLogger;
  // Records are built only for sampled requests: encoding tensors as JSON is not free.
  if (!logger?.shouldSample()) return;
  try {
    const build = logger.typedTensors ? typedPayloadRecord : payloadRecord;
    logger.record(
      build({
        model: { name: served.name, version: served.version },
        requestId: answer?.document.id ?? decoded.id ?? randomUUID(),
        receivedAt,
        latencySeconds: (performance.now() - started) / 1000,
        id: decoded.id,
        parameters: decoded.parameters,
        outputNames: decoded.outputs,
        inputs: Object.values(decoded.inputs),
        ...(answer === undefined ? {} : { response: answer.document, outputs: answer.outputs }),
        ...(error === undefined ? {} : { error }),
      }),
    );
  } catch (failure) {
    context.onError(failure, 'building a payload record');
  }
}
