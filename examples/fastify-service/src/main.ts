import { createService } from './app';

// Starts the service on 127.0.0.1 (PORT, default a free port), calls each kind of route once,
// then serves until Ctrl-C; `--once` exits after the calls.
const once = process.argv.includes('--once');
const service = await createService();
const url = await service.app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
console.log(
  `fastify service on ${url}: own routes /healthz, /orders; Open Inference Protocol under /ml/v2`,
);

async function show(method: string, path: string, body?: unknown) {
  const response = await fetch(`${url}${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const shown =
    path === '/ml/metrics'
      ? text.split('\n').find(line => line.startsWith('ballast_inference_requests_total'))
      : text;
  console.log(`${method} ${path} -> ${response.status} ${shown}`);
}

await show('GET', '/healthz');
await show('POST', '/orders', { id: 'o-1', distanceKm: 4.2, items: 3 });
await show('GET', '/orders/o-1');
await show('GET', '/ml/v2/health/ready');
await show('POST', '/ml/v2/models/eta/infer', {
  id: 'batch-1',
  inputs: [{ name: 'features', datatype: 'FP32', shape: [2, 2], data: [1, 1, 10, 5] }],
});
await show('GET', '/ml/metrics');

if (once) {
  await service.close();
} else {
  console.log('Ctrl-C stops it');
  const stop = async () => {
    await service.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
