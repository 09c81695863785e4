import type { MonitorAlert } from '../alerts/monitor-alert';
import { createInferenceServer, functionModel, listen } from '@ballast/serving-core';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { analysisWorkerBundle } from '../__fixtures__/analysis-worker-bundle';
import { Traffic } from '../__fixtures__/traffic';
import { createMonitor } from './create-monitor';
import type { WindowResult } from './window-result';

// A real serving-core server on 127.0.0.1 whose payload logging feeds the monitor, and one
// registry serving the server's and the monitor's metrics.
const analysisWorkerUrl = await analysisWorkerBundle();
const modes = [
  { mode: 'inline', analysis: { analysis: 'inline' } },
  { mode: 'worker', analysis: { analysis: 'worker', analysisWorkerUrl } },
] as const;

describe.each(modes)(
  'monitor behind a serving-core server on loopback, analysis $mode',
  ({ analysis }) => {
    it('receives sampled payloads, detects drift, and shares the /metrics registry', async () => {
      const registry = new Registry();
      const windows: WindowResult[] = [];
      const alerts: MonitorAlert[] = [];
      const monitor = createMonitor({
        model: { name: 'weather', version: '1' },
        reference: new Traffic(21).reference(3000),
        features: { x: ['temp_max', 'precipitation', 'wind'], proba: ['proba'] },
        window: { rows: 250 },
        directory: false,
        ...analysis,
        registry,
        onWindow: window => void windows.push(window),
        onAlert: alert => void alerts.push(alert),
      });
      const server = createInferenceServer({
        models: [
          functionModel({
            name: 'weather',
            version: '1',
            inputs: [{ name: 'x', datatype: 'FP64', shape: [-1, 3] }],
            outputs: [{ name: 'proba', datatype: 'FP64', shape: [-1, 1] }],
            predict: async ({ x }) => {
              const input = x as NonNullable<typeof x>;
              const rows = input.shape[0] as number;
              const data = input.data as Float64Array;
              const proba = new Float64Array(rows);
              for (let row = 0; row < rows; row += 1)
                proba[row] = 1 / (1 + Math.exp(-((data[row * 3] as number) - 20) / 5));
              return { proba: { shape: [rows, 1], data: proba } };
            },
          }),
        ],
        metrics: { registry },
        payloadLogging: { sink: monitor, flushIntervalMs: 1, maxBufferedRecords: 10_000 },
        onError: () => undefined,
      });
      await server.waitUntilLoaded();
      const listener = await listen(server);
      const traffic = new Traffic(22);
      // 8 windows of 250 rows (25 requests of 10 rows); the last 4 windows drift by one sd.
      for (let request = 0; request < 200; request += 1) {
        const shift = request >= 100 ? 1 : 0;
        const data = Array.from({ length: 10 }, () => traffic.row(shift).slice(0, 3));
        const response = await fetch(`${listener.url}/v2/models/weather/infer`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            id: `r${request}`,
            inputs: [{ name: 'x', shape: [10, 3], datatype: 'FP64', data }],
          }),
        });
        expect(response.status).toBe(200);
      }
      // No load balancer to drain: shut down at once (the payload logger still flushes).
      await listener.close({ graceMs: 0 });
      await monitor.close();
      expect(windows.map(window => window.rows)).toEqual(Array(8).fill(250));
      expect(windows.slice(0, 4).every(window => !window.drift.dataset.drifted)).toBe(true);
      expect(alerts.filter(alert => alert.status === 'open').map(alert => alert.feature)).toContain(
        'temp_max',
      );
      const text = await registry.metrics();
      expect(text).toContain('ballast_monitor_rows_total{model="weather",version="1"} 2000');
      expect(text).toContain('ballast_inference_requests_total');
    });
  },
);
