import { createInferenceServer, functionModel, listen } from '@ballast/serving-core';
import { describe, expect, it } from 'vitest';
import { Traffic } from './__fixtures__/traffic';
import { createMonitor } from './index';

// The quick start of docs/packages/monitor.md, run against a real server on 127.0.0.1.
describe('documentation quick start', () => {
  it('runs as written', async () => {
    const {
      temp_max,
      precipitation,
      wind,
      proba: rain_probability,
    } = new Traffic(31).reference(3000);
    const weatherModel = functionModel({
      name: 'weather',
      version: '3',
      inputs: [{ name: 'x', datatype: 'FP64', shape: [-1, 3] }],
      outputs: [{ name: 'y', datatype: 'FP64', shape: [-1, 1] }],
      predict: ({ x }) => {
        const input = x as NonNullable<typeof x>;
        const rows = input.shape[0] as number;
        const data = input.data as Float64Array;
        const y = Float64Array.from(
          { length: rows },
          (_, row) => 1 / (1 + Math.exp(-((data[row * 3] as number) - 20) / 5)),
        );
        return { y: { shape: [rows, 1], data: y } };
      },
    });
    const retraining: string[][] = [];
    const startRetraining = (opened: { feature: string }[]) =>
      void retraining.push(opened.map(alert => alert.feature));

    const monitor = createMonitor({
      model: { name: 'weather', version: '3' },
      reference: { temp_max, precipitation, wind, rain_probability },
      features: { x: ['temp_max', 'precipitation', 'wind'], y: ['rain_probability'] },
      window: { rows: 2000 },
      directory: false,
      onAlert: () => undefined,
      onDrift: ({ opened }) => startRetraining(opened),
    });
    const server = createInferenceServer({
      models: [weatherModel],
      metrics: { registry: monitor.registry },
      payloadLogging: { sink: monitor, flushIntervalMs: 1 },
      onError: () => undefined,
    });
    const listener = await listen(server);

    const traffic = new Traffic(32);
    for (let request = 0; request < 40; request += 1) {
      const shift = request >= 20 ? 1.5 : 0;
      const data = Array.from({ length: 200 }, () => traffic.row(shift).slice(0, 3));
      await fetch(`${listener.url}/v2/models/weather/infer`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ inputs: [{ name: 'x', shape: [200, 3], datatype: 'FP64', data }] }),
      });
    }
    await listener.close({ graceMs: 0 });
    await monitor.close();
    expect(retraining[0]).toContain('temp_max');
    const metrics = await monitor.registry.metrics();
    expect(metrics).toContain(
      'ballast_monitor_feature_drift_score{model="weather",version="3",feature="rain_probability"}',
    );
    expect(metrics).toContain('ballast_inference_requests_total');
  });
});
