import { createInferenceServer, functionModel, type InferenceServer } from '@ballast/serving-core';
import { fastifyInferencePlugin } from '@ballast/serving-core/fastify';
import Fastify, { type FastifyInstance } from 'fastify';

/**
 * The model: a delivery-time estimate in minutes from distance (km) and items per order.
 * A plain function here; an ONNX file is served the same way with `onnxModel` from
 * `@ballast/serving-core/onnx`.
 */
export const etaModel = functionModel({
  name: 'eta',
  inputs: [{ name: 'features', datatype: 'FP32', shape: [-1, 2] }],
  outputs: [{ name: 'minutes', datatype: 'FP32', shape: [-1] }],
  batching: { maxBatchSize: 32, maxQueueDelayMs: 2 },
  predict: ({ features }) => {
    const rows = features.shape[0] ?? 0;
    const minutes = new Float32Array(rows);
    for (let row = 0; row < rows; row++) {
      const km = features.data[row * 2] ?? 0;
      const items = features.data[row * 2 + 1] ?? 0;
      minutes[row] = 10 + 3 * km + 0.5 * items;
    }
    return { minutes: { shape: [rows], data: minutes } };
  },
});

/** The service: its own routes, with the inference server mounted under `/ml`. */
export interface Service {
  app: FastifyInstance;
  inference: InferenceServer;
  /** Stops taking new work, drains the models, then closes fastify. */
  close(): Promise<void>;
}

interface Order {
  id: string;
  distanceKm: number;
  items: number;
}

/** Builds the existing app and mounts serving-core in it. */
export async function createService(): Promise<Service> {
  const inference = createInferenceServer({ models: [etaModel], requestTimeoutMs: 2000 });
  await inference.waitUntilLoaded();

  const app = Fastify({ logger: false });
  const orders = new Map<string, Order & { etaMinutes: number }>();

  // The app's own routes keep fastify's JSON parsing: the plugin's raw-body parser is
  // encapsulated in its prefix.
  app.get('/healthz', async () => ({ ok: true }));

  app.post<{ Body: Order }>(
    '/orders',
    {
      schema: {
        body: {
          type: 'object',
          required: ['id', 'distanceKm', 'items'],
          properties: {
            id: { type: 'string' },
            distanceKm: { type: 'number', minimum: 0 },
            items: { type: 'integer', minimum: 1 },
          },
        },
      },
    },
    async (request, reply) => {
      const { id, distanceKm, items } = request.body;
      // In-process call through the same server: the request joins the model's batches and
      // metrics like one from /ml/v2/models/eta/infer would.
      const response = await inference.handle({
        method: 'POST',
        path: '/v2/models/eta/infer',
        headers: { 'content-type': 'application/json' },
        body: Buffer.from(
          JSON.stringify({
            inputs: [
              { name: 'features', datatype: 'FP32', shape: [1, 2], data: [distanceKm, items] },
            ],
          }),
        ),
      });
      if (response.status !== 200) {
        return reply.code(502).send({ error: 'eta model unavailable', status: response.status });
      }
      const [minutes] = (
        JSON.parse(response.body.toString('utf8')) as { outputs: { data: number[] }[] }
      ).outputs[0]?.data ?? [Number.NaN];
      const order = { id, distanceKm, items, etaMinutes: Math.round(minutes ?? Number.NaN) };
      orders.set(id, order);
      return reply.code(201).send(order);
    },
  );

  app.get<{ Params: { id: string } }>('/orders/:id', async (request, reply) => {
    const order = orders.get(request.params.id);
    return order ?? reply.code(404).send({ error: 'no such order' });
  });

  // The Open Inference Protocol (and /metrics) under /ml, beside the routes above.
  await app.register(fastifyInferencePlugin, { server: inference, prefix: '/ml' });

  return {
    app,
    inference,
    async close() {
      await inference.shutdown({ graceMs: 0, drainTimeoutMs: 10_000 });
      await app.close();
    },
  };
}
