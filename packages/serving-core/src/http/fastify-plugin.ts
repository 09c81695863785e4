import { loadOptionalPeer } from '@ballast/kit';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { InferenceServer } from './inference-server';
import { defaultBodyLimit } from './node-listener';

/**
 * Options of {@link fastifyInferencePlugin}.
 */
export interface FastifyInferencePluginOptions {
  server: InferenceServer;
  /** Largest accepted body in bytes (default 64 MiB; fastify's own default is 1 MiB). */
  bodyLimit?: number;
}

/**
 * Mounts the Open Inference Protocol routes inside an existing fastify app (register it with a
 * `prefix` to serve under a sub-path). Bodies are read as raw buffers so the binary tensor
 * extension works; a client disconnect cancels queued work.
 *
 * @example
 * ```ts
 * await app.register(fastifyInferencePlugin, { server, prefix: '/inference' });
 * ```
 */
export const fastifyInferencePlugin: FastifyPluginAsync<FastifyInferencePluginOptions> = async (
  instance,
  options,
) => {
  const bodyLimit = options.bodyLimit ?? defaultBodyLimit;
  instance.removeAllContentTypeParsers();
  instance.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, body, done) => {
    done(null, body);
  });
  const prefix = instance.prefix;
  instance.route({
    method: ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD'],
    url: '/*',
    bodyLimit,
    handler: async (request, reply) => {
      const cancellation = { aborted: false };
      reply.raw.on('close', () => {
        if (!reply.raw.writableFinished) cancellation.aborted = true;
      });
      const result = await options.server.handle({
        method: request.method,
        path: request.url.slice(prefix.length) || '/',
        headers: request.headers,
        body: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
        signal: cancellation,
      });
      return reply.code(result.status).headers(result.headers).send(result.body);
    },
  });
};

/**
 * Creates a fastify app (fastify is an optional peer, imported only here) with the inference
 * routes at the root.
 *
 * @example
 * ```ts
 * const app = await createFastifyInferenceApp({ server });
 * await app.listen({ port: 8080 });
 * ```
 */
export async function createFastifyInferenceApp(
  options: FastifyInferencePluginOptions & {
    /** The fastify factory (`import fastify from 'fastify'`); default: import it lazily. */
    fastify?: (options?: Record<string, unknown>) => FastifyInstance;
  },
): Promise<FastifyInstance> {
  const fastify = await loadOptionalPeer(
    'fastify',
    // Wrapped: fastify is itself a function, which loadOptionalPeer would take for a loader.
    options.fastify === undefined
      ? undefined
      : () => options.fastify as NonNullable<typeof options.fastify>,
    async () =>
      (await import('fastify')).default as unknown as (
        options?: Record<string, unknown>,
      ) => FastifyInstance,
  );
  const app = fastify({ bodyLimit: options.bodyLimit ?? defaultBodyLimit });
  await app.register(fastifyInferencePlugin, {
    server: options.server,
    ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}),
  });
  return app;
}
